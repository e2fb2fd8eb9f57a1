"""Asking questions of built graphs: one path, `ask`, for `kg query`, `kg serve` and the library.

    >>> from kg.query import ask
    >>> answer = ask("output/", "SELECT ?e WHERE { ?e a conf:Attack }", limit=10)   # doctest: +SKIP
    >>> answer.vars, len(answer.rows), answer.more                                   # doctest: +SKIP

A question goes one way: its text is checked (`text.check_read_only`: read-only, no SERVICE unless allowed,
escapes expanded once), the source is opened (`engines.open_source`: an output folder's own store when its
link holds, a store, graph files, an endpoint), a kept answer is read if the build kept one (`kept`), else
its parameters and scopes are bound (`library.prepare`), one page is asked for (`text.page`), and the engine
answers (`engines.run`) in the one `Answer` type (`answer`). With a time limit the whole of it runs in a
child process stopped at the limit. The library of ready questions is in `library`, the result formats in
`results`, `kg serve`'s bounded query processes in `sandbox`.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import QueryError
from kg.query import kept
from kg.query.answer import Answer
from kg.query.engines import ENGINES, Source, in_child, is_url, open_source, run
from kg.query.library import Question, bind, check_dates, library, parse_question, prepare, question
from kg.query.text import MAX_QUERY_CHARS, check_read_only, inline_values, page, with_prefixes

__all__ = [
    "ENGINES",
    "MAX_QUERY_CHARS",
    "Answer",
    "Question",
    "Source",
    "ask",
    "bind",
    "check_dates",
    "check_read_only",
    "inline_values",
    "library",
    "open_source",
    "page",
    "parse_question",
    "prepare",
    "question",
    "with_prefixes",
]


def ask(
    source: str | Path | Source,
    text: str,
    params: dict[str, str] | None = None,
    *,
    limit: int = 0,
    offset: int = 0,
    engine: str = "oxigraph",
    timeout: float | None = None,
    allow_service: bool = False,
    raw: bool = False,
) -> Answer:
    """One page of the answer to `text` (every row with `limit` 0), its string `params` bound as values.

    `source` is an output folder, a graph file, a store folder, an endpoint's URL, or a `Source` already
    open (`kg serve`'s query processes keep theirs). `raw` asks the text as written, without binding the
    defaults its header declares. With a `timeout` (seconds) a local question runs in a child process
    stopped when the time is up: neither engine can be interrupted inside a query.
    """
    text = check_read_only(text, allow_service)
    if limit < 0 or offset < 0:
        raise QueryError("limit and offset are numbers of rows, 0 or more")
    if isinstance(source, Source):
        return _ask(source, text, params, limit, offset, raw, timeout)
    if timeout and not is_url(source):
        return in_child(_open_and_ask, (source, engine, text, params, limit, offset, raw), timeout)
    return _ask(open_source(source, engine), text, params, limit, offset, raw, timeout)


def _open_and_ask(source, engine: str, text: str, params, limit: int, offset: int, raw: bool) -> Answer:
    return _ask(open_source(source, engine), text, params, limit, offset, raw, None)


def _ask(src: Source, text: str, params: dict[str, str] | None, limit: int, offset: int, raw: bool, timeout) -> Answer:
    if src.kept is not None:
        found = kept.find(src.kept, text, params, raw)
        if found is not None:  # kept by the build: a read of its rows by number
            try:
                return found.page(limit, offset)
            finally:
                found.db.close()
    full, values = prepare(text, params, raw, lambda q: run(src, q, {}, timeout).column(), inner=src.engine != "rdflib")
    paged, probed = page(full, limit, offset)
    answer = run(src, paged, values, timeout)
    if answer.kind == "SELECT" and (limit > 0 or offset > 0):
        rows = answer.rows if probed else answer.rows[offset:]
        answer.more = limit > 0 and len(rows) > limit
        answer.rows = rows[:limit] if limit > 0 else rows
    return answer
