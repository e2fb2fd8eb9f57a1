"""Kept answers: every library question's full answer, in its order, written by the build beside its store.

Why: over 10,000 articles an unscoped question takes seconds before its first row (Oxigraph sorts every row
first; no index is in the answer's order) and a full listing is evaluated at about 10,000 rows a second,
while an analyst pages through the same timeline again and again. So a build into a store evaluates each
library question once, after its last write, and keeps the rows in `answers.sqlite3` in the store folder:
a page is then a read of its rows by number, a full listing one scan.

An answer is found by the exact text the engine would run (prefixes and bound defaults included), so a
scope, a parameter, an edited question or a question of one's own is asked of the store as before, and a
question typed by hand that is the same text is answered from here too. The build removes the file before
its first write into the store and writes it (to a temporary name, then renamed) after its last: a store
changed by a build that did not finish has no kept answers, never stale ones.
"""

from __future__ import annotations

import hashlib
import json
import queue
import sqlite3
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.files import atomic_path
from kg.knowledge.ontology import ONTOLOGY_DIR
from kg.query.answer import Answer, Terms
from kg.query.library import library, prepare
from kg.query.text import inline_values, narrowed

FILE = "answers.sqlite3"


def key(text: str, values: dict[str, str]) -> str:
    """What identifies an answer: the prepared text, the values bound into it, and the ontology the store
    was built with (its class tree is part of every answer)."""
    return hashlib.sha256(json.dumps([text, sorted(values.items()), _ontology()]).encode("utf-8")).hexdigest()


@cache
def _ontology() -> str:
    return hashlib.sha256((ONTOLOGY_DIR / "conflict.ttl").read_bytes()).hexdigest()


def kept(store_dir: str | Path) -> bool:
    return (Path(store_dir) / FILE).is_file()


def forget(store_dir: str | Path) -> None:
    """Before a build writes into the store: its kept answers would no longer be true."""
    (Path(store_dir) / FILE).unlink(missing_ok=True)


def _cell(term) -> list | None:
    """A pyoxigraph term as JSON: `[value]` an IRI, `[value, datatype]` or `[value, "@lang"]` a literal,
    `[value, null, 1]` a blank node."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return [term.value]
    if isinstance(term, ox.Literal):
        return [term.value, f"@{term.language}" if term.language else term.datatype.value]
    return [term.value, None, 1]


def keep(store, store_dir: str | Path, progress=None, between=None, workers: int = 2) -> int:
    """Evaluate every library question that needs no parameter of its own and keep its answer; how many
    rows were kept. Written to a temporary file renamed at the end: readers see all the answers or none.

    `workers` questions are evaluated at once, each on a thread of its own: Oxigraph sorts a question's
    every row inside `query`, with Python's lock released, while this thread writes an earlier answer's rows
    (1,000 articles: 7.6 of the stage's 10.5 s were spent inside `query`). A question's rows come to the
    writer a batch at a time, at most `_WAITING` batches ahead: memory holds a few batches, never an answer."""
    with atomic_path(Path(store_dir) / FILE) as temporary:
        return _keep(store, sqlite3.connect(temporary), progress, between, max(1, workers))


_BATCH, _WAITING = 5_000, 4
_DONE = object()


def _keep(store, db: sqlite3.Connection, progress, between, workers: int) -> int:
    total = 0
    # a question that needs a value has no single answer to keep
    questions = [q for q in library().values() if all(default is not None for default in q.params.values())]
    stop = threading.Event()
    try:
        db.execute("CREATE TABLE answer (key TEXT PRIMARY KEY, name TEXT, vars TEXT NOT NULL, count INTEGER NOT NULL)")
        db.execute("CREATE TABLE row (key TEXT, n INTEGER, cells TEXT NOT NULL, PRIMARY KEY (key, n)) WITHOUT ROWID")
        with ThreadPoolExecutor(workers) as pool:
            try:
                waiting: deque[queue.Queue] = deque()
                for q in questions[:workers]:
                    waiting.append(_start(pool, store, q, stop))
                for i, q in enumerate(questions):
                    rows = waiting.popleft()
                    if i + workers < len(questions):
                        waiting.append(_start(pool, store, questions[i + workers], stop))
                    head = _take(rows)
                    if head is None:
                        continue  # not a SELECT: nothing to page through
                    full, values, names = head
                    k, count = key(full, values), 0
                    while (batch := _take(rows)) is not _DONE:
                        db.executemany("INSERT INTO row VALUES (?, ?, ?)", ((k, count + j, c) for j, c in enumerate(batch)))
                        count += len(batch)
                    db.execute("INSERT INTO answer VALUES (?, ?, ?, ?)", (k, q.name, json.dumps(names), count))
                    total += count
                    if progress:
                        progress(q.name, count)
                    if between:
                        between()  # e.g. memory given back: each answer's evaluation is freed once written
            finally:
                stop.set()  # a failed write: the threads still evaluating give up instead of waiting for it
        db.commit()
    finally:
        db.close()
    return total


def _start(pool: ThreadPoolExecutor, store, q, stop: threading.Event) -> queue.Queue:
    out: queue.Queue = queue.Queue(maxsize=_WAITING)
    pool.submit(_evaluate, store, q, out, stop)
    return out


def _evaluate(store, q, out: queue.Queue, stop: threading.Event) -> None:
    """One question's answer into `out`: (prepared text, values, variables) or None, then its rows' cells
    as JSON a batch at a time, then `_DONE`; or the exception that stopped it. The engine's solutions are
    read on the thread that asked for them (pyoxigraph's iterators stay on their thread)."""

    def put(item) -> None:
        while not stop.is_set():
            try:
                return out.put(item, timeout=0.1)
            except queue.Full:
                continue

    try:
        full, values = prepare(q.text)
        inlined = inline_values(full, values)
        result = store.query(narrowed(inlined) or inlined, use_default_graph_as_union=True)
        if not hasattr(result, "variables"):
            return put(None)
        names = [v.value for v in result.variables]
        put((full, values, names))
        rows = (json.dumps([_cell(s[v]) for v in names], ensure_ascii=False) for s in result)
        for batch in _batches(rows, _BATCH):
            put(batch)
        put(_DONE)
    except BaseException as error:  # handed to the writer, which raises it
        put(error)


def _take(rows: queue.Queue):
    item = rows.get()
    if isinstance(item, BaseException):
        raise item
    return item


def _batches(rows: Iterator, size: int) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class Kept:
    """One kept answer: its variables, how many rows, and where to read them."""

    db: sqlite3.Connection
    key: str
    vars: list[str]
    count: int

    def page(self, limit: int = 0, offset: int = 0) -> Answer:
        """Rows `offset` to `offset + limit` (all from `offset` with limit 0), as the engine gave them."""
        sql = "SELECT cells FROM row WHERE key = ? AND n >= ? ORDER BY n"
        args: tuple = (self.key, offset)
        if limit > 0:
            sql, args = sql + " LIMIT ?", (*args, limit)
        terms = Terms()  # listings repeat their values: one term each
        rows = [[terms.term(_binding(c)) for c in json.loads(cells)] for (cells,) in self.db.execute(sql, args)]
        return Answer("SELECT", list(self.vars), rows, more=limit > 0 and offset + limit < self.count)


def _binding(cell: list | None) -> dict | None:
    """A kept cell as the SPARQL JSON binding it stands for (`_cell`'s inverse), for `answer.Terms`."""
    if cell is None:
        return None
    if len(cell) == 1:
        return {"type": "uri", "value": cell[0]}
    if len(cell) == 3:
        return {"type": "bnode", "value": cell[0]}
    if cell[1].startswith("@"):
        return {"type": "literal", "value": cell[0], "xml:lang": cell[1][1:]}
    return {"type": "literal", "value": cell[0], "datatype": cell[1]}


class _Scoped(Exception):
    """Raised by `prepare` when it would take a scope's first step: a scoped question is never kept."""


def _scoped(_query: str) -> list[str]:
    raise _Scoped


def find(store_dir: str | Path, text: str, params: dict[str, str] | None = None, raw: bool = False) -> Kept | None:
    """The kept answer of `text` with `params` in the store at `store_dir`, if the build kept one."""
    path = Path(store_dir) / FILE
    if not path.is_file():
        return None
    try:
        full, values = prepare(text, params, raw, _scoped)
    except _Scoped:
        return None  # a scope: the store answers it, starting from the scope's events
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        found = db.execute("SELECT vars, count FROM answer WHERE key = ?", (key(full, values),)).fetchone()
    except sqlite3.Error:
        return None  # not ours or damaged: the store answers
    if found is None:
        db.close()
        return None
    return Kept(db, key(full, values), json.loads(found[0]), found[1])
