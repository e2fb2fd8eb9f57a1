"""Where built graphs live and are read back: graph files, output folders, and an embedded Oxigraph store.

rdflib is the API users know; Oxigraph (pyoxigraph) answers SPARQL one to two orders of magnitude faster
on large graphs and persists to disk. Both hold the same dataset: one named graph per article plus the
ontology in its own graph, queried with the default graph as the union of all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import rdflib

from kg.errors import InputError, OutputError, UsageError
from kg.files import write_atomic
from kg.formats import BY_SUFFIX, OXIGRAPH
from kg.knowledge.ontology import ONTOLOGY_DIR

ONTOLOGY_GRAPH = "https://w3id.org/conflict-kg/ontology"
STORE_MARKER = "conflict-kg-store"
LINK = ".kg-store.json"  # in an output folder: the store that holds exactly what its files hold
BUILD_ID = ".kg-build"  # in a store: which build wrote it last


def graph_files(source: str | Path) -> list[tuple[Path, str]]:
    """The files to read for a source: an output folder reads its TriG (named graphs kept), a file itself."""
    p = Path(source)
    if p.is_dir():
        for name in ("graph.trig", "graph.nq", "graph.ttl"):
            if (p / name).is_file():
                return [(p / name, BY_SUFFIX[Path(name).suffix])]
        raise InputError(f"{source}: no graph.trig, graph.nq or graph.ttl in this folder; build one with 'kg build'")
    if not p.is_file():
        raise UsageError(f"{source}: no such file or folder")
    fmt = BY_SUFFIX.get(p.suffix.lower())
    if fmt is None:
        raise InputError(f"{source}: unknown graph format; use .ttl, .trig, .nq, .nt or .jsonld")
    if fmt == "json-ld":
        _no_remote_context(p)
    return [(p, fmt)]


def _no_remote_context(path: Path) -> None:
    """Refuse a JSON-LD file whose `@context` (or a context's `@import`) names a document instead of holding
    it: rdflib's parser would fetch it over the network, or read a `file:` path, while a graph is only read."""
    import json

    def named(node) -> bool:
        if isinstance(node, dict):
            return any(
                (
                    k in {"@context", "@import"}
                    and (isinstance(v, str) or (isinstance(v, list) and any(isinstance(x, str) for x in v)))
                )
                or named(v)
                for k, v in node.items()
            )
        return isinstance(node, list) and any(named(x) for x in node)

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise InputError(f"{path}: not valid JSON-LD ({str(exc).splitlines()[0][:200]})") from None
    try:
        remote = named(data)
    except RecursionError:
        raise InputError(f"{path}: not valid JSON-LD (nested too deeply)") from None
    if remote:
        raise InputError(f"{path}: its @context names a document to fetch; a graph is read with its context inline only")


def is_store(path: str | Path) -> bool:
    return (Path(path) / STORE_MARKER).is_file()


def backing(source: str | Path) -> str | Path:
    """The store behind an output folder when the folder's link says it holds what the files hold, else the
    source itself."""
    import json

    try:
        said = json.loads((Path(source) / LINK).read_text(encoding="utf-8"))
        build = (Path(said["store"]) / BUILD_ID).read_text(encoding="utf-8")
    except (OSError, ValueError, KeyError, TypeError):
        return source
    return said["store"] if build == said["build"] and is_store(said["store"]) else source


def load_rdflib(source: str | Path, with_ontology: bool = True) -> rdflib.Dataset:
    """A dataset whose default graph is the union of every named graph (rdflib #2959)."""
    import pyoxigraph

    ds = rdflib.Dataset(default_union=True)
    if is_store(source):
        store = open_read_only(source)
        onto = pyoxigraph.NamedNode(ONTOLOGY_GRAPH)
        quads = (q for q in store if q.graph_name != onto)  # the ontology is added below only when asked for
        data = pyoxigraph.serialize(quads, format=_ox_format("nquads"))
        ds.parse(data=(data or b"").decode("utf-8"), format="nquads")
    else:
        for path, fmt in graph_files(source):
            try:
                if fmt in {"trig", "nquads"}:
                    ds.parse(path, format=fmt)
                else:
                    ds.graph(rdflib.URIRef(f"file://{path.resolve()}")).parse(path, format=fmt)
            except Exception as exc:  # rdflib raises many parser exception types
                raise InputError(f"{path}: not valid {fmt} ({str(exc).splitlines()[0][:200]})") from None
    if with_ontology:
        ds.graph(rdflib.URIRef(ONTOLOGY_GRAPH)).parse(ONTOLOGY_DIR / "conflict.ttl", format="turtle")
    return ds


def _ox_format(fmt: str):
    import pyoxigraph

    return getattr(pyoxigraph.RdfFormat, OXIGRAPH[fmt])


def open_oxigraph(path: str | Path | None = None):
    """An Oxigraph store: on disk at `path` (created if missing), or in memory."""
    import pyoxigraph

    if path is None:
        return pyoxigraph.Store()
    p = Path(path)
    try:
        p.mkdir(parents=True, exist_ok=True)
        (p / STORE_MARKER).write_text("conflict-kg embedded Oxigraph store\n")
    except OSError as exc:
        raise OutputError(f"{path}: cannot create the store here ({exc.strerror}); choose a writable folder") from None
    try:
        return pyoxigraph.Store(str(p))
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot open the store ({str(exc).splitlines()[0][:200]}); is another build using it?"
        ) from None


def triples_only(source: str | Path) -> bool:
    """A source whose files hold triples without graph names (Turtle, N-Triples, RDF/XML)."""
    return not is_store(source) and all(fmt not in {"trig", "nquads", "json-ld"} for _path, fmt in graph_files(source))


def open_read_only(source: str | Path):
    """A store opened for reading only: asking a question never writes into what it asks."""
    import pyoxigraph

    try:
        return pyoxigraph.Store.read_only(str(source))
    except OSError as exc:
        raise InputError(f"{source}: cannot open the store ({str(exc).splitlines()[0][:200]})") from None


def load_oxigraph(source: str | Path, with_ontology: bool = True):
    """An Oxigraph store holding the source: a store itself, opened read-only (asking never writes into
    it; `kg build` keeps the ontology in it), else an in-memory copy of the files with the ontology."""
    import pyoxigraph

    if is_store(source):
        return open_read_only(source)
    store = pyoxigraph.Store()
    for path, fmt in graph_files(source):
        graph = None if fmt in {"trig", "nquads"} else pyoxigraph.NamedNode(f"file://{path.resolve()}")
        try:
            store.bulk_load(path=str(path), format=_ox_format(fmt), to_graph=graph) if graph else store.bulk_load(
                path=str(path), format=_ox_format(fmt)
            )
        except (SyntaxError, ValueError, OSError) as exc:
            raise InputError(f"{path}: not valid {fmt} ({str(exc).splitlines()[0][:200]})") from None
    if with_ontology:
        put_ontology(store)
    return store


def put_ontology(store) -> None:
    """The ontology in its own named graph, replacing what was there (the questions' subclass reasoning)."""
    import pyoxigraph

    onto = pyoxigraph.NamedNode(ONTOLOGY_GRAPH)
    store.remove_graph(onto) if store.contains_named_graph(onto) else None
    store.bulk_load(path=str(ONTOLOGY_DIR / "conflict.ttl"), format=_ox_format("turtle"), to_graph=onto)


@cache
def ontology_size() -> int:
    """Triples in the ontology: questions see them beside the data; counts and exports of the data do not."""
    import pyoxigraph

    return sum(1 for _ in pyoxigraph.parse(path=str(ONTOLOGY_DIR / "conflict.ttl"), format=_ox_format("turtle")))


class Contributions:
    """What each stored article says about its entities, kept beside the store (`entities.sqlite3`), so
    the shared entities graph can be made again from the articles the store holds now: when an article is
    re-built, what its old text said about its entities goes with it. In memory for a build without a store.

    An article's contribution is committed before its content hash, and the entities graph is marked
    stale in the same transaction, so a build killed at any point is finished by the next run.
    """

    def __init__(self, store_dir: str | Path | None):
        path = ":memory:" if store_dir is None else str(Path(store_dir) / "entities.sqlite3")
        try:
            self.db = sqlite3.connect(path, check_same_thread=False)  # written by the build's store thread
            self.db.execute("CREATE TABLE IF NOT EXISTS contribution (graph TEXT PRIMARY KEY, triples TEXT NOT NULL)")
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self.db.commit()
        except sqlite3.Error as exc:
            raise OutputError(f"{path}: cannot keep the store's entity table ({exc}); choose a writable folder") from None

    def graphs(self) -> set[str]:
        return {g for (g,) in self.db.execute("SELECT graph FROM contribution")}

    def put(self, items: list[tuple[str, str]]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO contribution VALUES (?, ?)", items)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('entities_stale', '1')")

    def stale(self) -> bool:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'entities_stale'").fetchone()
        return bool(row and row[0] == "1")

    def texts(self) -> Iterator[str]:
        """Every article's contribution, in the order of their graph IRIs."""
        for (text,) in self.db.execute("SELECT triples FROM contribution ORDER BY graph"):
            yield text

    def merged(self, store, graph: str) -> None:
        """Replace the store's entities graph with the merge of every contribution, and mark it fresh."""
        import pyoxigraph as ox

        from kg.graph.entities import merged_lines

        name = ox.NamedNode(graph)
        store.remove_graph(name) if store.contains_named_graph(name) else None
        for chunk in merged_lines(self.texts()):  # loaded a chunk at a time: never the whole graph's text
            store.bulk_load(f"<{graph}> {{\n{chunk}}}\n", format=ox.RdfFormat.TRIG)
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('entities_stale', '0')")

    def close(self) -> None:
        self.db.close()


class Store:
    """A build's store and everything it keeps on disk, owned in one place: Oxigraph's dataset (in a folder
    marked as a store, or in memory), the entities table beside it (`Contributions`), and the build id an
    output folder's link must match (`.kg-build`). Kept answers (`answers.sqlite3`) are the query stage's,
    keyed by this store's folder (`kg.query.kept`).

    Why an object: a build changes the store in an order that keeps it readable at every instant (links
    ended first, the ontology in, articles a batch at a time with their hashes last, the entities merged,
    the folder linked last), and lets go of Oxigraph between stages to free RocksDB's caches; each step
    is a method, so the order lives in one function (`kg.pipeline`) and the parts in this one class.
    """

    def __init__(self, path: str | Path | None = None):
        self.path = None if path is None else Path(path)
        self.ox = open_oxigraph(self.path)
        self.contributions = Contributions(self.path)

    def begin(self) -> None:
        """Before a build's first change: no folder linked by an earlier build trusts this store any more
        (its build id is gone; without this, a second build into the same store left the first folder's
        link valid, and `kg query` of that folder answered with both builds' events), and the ontology is
        in, so a question never has to write into the store it asks. Nothing to do in memory."""
        if self.path is not None:
            (self.path / BUILD_ID).unlink(missing_ok=True)
            put_ontology(self.ox)

    def stored(self) -> dict[str, str]:
        """Named graph -> content hash of each article the store holds whole: its hash and what it says
        about its entities both there (a store from before the entity table is analysed again, once)."""
        query = (
            "SELECT ?g ?h WHERE { GRAPH ?g { ?a a <https://w3id.org/conflict-kg/ontology#Article> ; "
            "<https://w3id.org/conflict-kg/ontology#contentHash> ?h } }"
        )
        kept = self.contributions.graphs()
        return {sol["g"].value: sol["h"].value for sol in self.ox.query(query) if sol["g"].value in kept}

    def has_graph(self, name: str) -> bool:
        import pyoxigraph as ox

        return bool(self.ox.contains_named_graph(ox.NamedNode(name)))

    def put_articles(self, batch) -> None:
        """Articles (`rdf.ArticleTriples`) in, each replacing what a previous build left in its graph, so
        re-runs never duplicate; what they say about their entities goes to the entities table.

        Oxigraph's bulk loader is several times faster than its transactional `load` but not atomic, so each
        article's content hash, which tells a later build that the article is stored, goes in last, in a
        transaction of its own: a build interrupted mid-batch leaves those articles to be analysed again.
        """
        import pyoxigraph as ox

        if not batch:
            return
        for item in batch:
            name = ox.NamedNode(item.graph)
            if self.ox.contains_named_graph(name):
                self.ox.remove_graph(name)
        # N-Triples lines are TriG statements: each graph's text goes inside `<graph> { }` untouched, and one
        # bulk load takes the batch (each bulk load writes files of its own, so one per article is slow)
        self.ox.bulk_load("".join(f"<{item.graph}> {{\n{item.article}}}\n" for item in batch), format=ox.RdfFormat.TRIG)
        self.contributions.put([(item.graph, item.entities) for item in batch])
        self.ox.load("".join(f"{item.marker[:-3]} <{item.graph}> .\n" for item in batch), format=ox.RdfFormat.N_QUADS)

    def merge_entities(self, graph: str) -> None:
        """The shared entities graph made again from every stored article's contribution."""
        self.contributions.merged(self.ox, graph)

    def entities_stale(self) -> bool:
        return self.contributions.stale()

    def holds_exactly(self, graphs: set[str]) -> bool:
        """Whether the store holds these articles and no others (then it can answer for a folder)."""
        return self.contributions.graphs() == graphs

    def reopen(self, give_back) -> None:
        """On disk: let go of Oxigraph and open it again, `give_back` (freed memory to the system) between.
        Between the stages of a build: RocksDB keeps in memory what a stage read (blocks, the index blocks of
        every file it touched), a few hundred MiB after one pass over a 50 MB input's store; closed, it is
        freed. The caller holds no other handle to `ox`, or the folder stays locked."""
        if self.path is None:
            return
        self.ox = None
        give_back()
        self.ox = open_oxigraph(self.path)

    def size(self) -> int:
        """Quads of the data: everything but the ontology's graph."""
        import pyoxigraph

        onto = pyoxigraph.NamedNode(ONTOLOGY_GRAPH)
        return len(self.ox) - sum(1 for _ in self.ox.quads_for_pattern(None, None, None, onto))

    def close(self) -> None:
        self.contributions.close()


def link(out: str | Path, store_dir: str | Path | None) -> None:
    """Say in an output folder which store holds what its files hold (`store_dir`), or nothing (None).

    Why: a large build writes its graph twice, as files and into `OUT/store`; a question of the folder then
    opens the store (read-only, its kept answers ready) instead of parsing gigabytes of TriG into memory.
    The link names a build id the store also keeps, so a store changed since by another build is no longer
    taken for the folder's files; the build removes the link before it changes anything and writes it after
    its files are in place, so a build that stopped leaves none.
    """
    import json
    import uuid

    target = Path(out) / LINK
    if store_dir is None:
        target.unlink(missing_ok=True)
        return
    build = uuid.uuid4().hex
    write_atomic(Path(store_dir) / BUILD_ID, build)
    write_atomic(target, json.dumps({"store": str(Path(store_dir).resolve()), "build": build}))
