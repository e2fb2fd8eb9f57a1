"""Where a question is answered: a source opened once (Oxigraph, rdflib, or an endpoint elsewhere), a prepared
text run on it, and the whole of it in a child process when it must stop at a time limit.

Oxigraph is the default: it answers one to two orders of magnitude faster than rdflib on large graphs and
opens a store on disk without reading it. rdflib (`--engine rdflib`) gives the same answers, for checking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rdflib

from kg.errors import KGError, QueryError
from kg.query.answer import Answer, from_graph_text, from_sparql_json
from kg.query.text import inline_values, parse_rdflib

ENGINES = ("oxigraph", "rdflib")


@dataclass
class Source:
    """A source opened for questions: an Oxigraph store (on disk, read-only, or the files in memory), an
    rdflib dataset, or an endpoint's URL; `kept` is the store folder whose kept answers may answer."""

    engine: str
    store: Any = None  # pyoxigraph.Store
    dataset: rdflib.Dataset | None = None
    url: str | None = None
    kept: Path | None = None


def is_url(source) -> bool:
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def open_source(source: str | Path, engine: str = "oxigraph", timeout: float | None = None) -> Source:
    """Open an output folder (its own store when the folder's link says the store holds what its files
    hold), a graph file, a store folder, or take an endpoint's URL."""
    from kg import store
    from kg.query import kept

    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if is_url(source):
        return Source("remote", url=str(source), kept=None)
    path = Path(store.backing(source))
    if engine == "rdflib":
        return Source("rdflib", dataset=store.load_rdflib(path))
    with_kept = path if store.is_store(path) and kept.kept(path) else None
    return Source("oxigraph", store=store.load_oxigraph(path), kept=with_kept)


def run(source: Source, text: str, values: dict[str, str], timeout: float | None = None) -> Answer:
    """A prepared text (prefixes declared, scopes bound) with its parameter values, asked of the source."""
    if source.engine == "rdflib":
        assert source.dataset is not None
        return _run_rdflib(source.dataset, text, values)
    if source.engine == "remote":
        from kg.query import remote

        assert source.url is not None
        return remote.ask(source.url, inline_values(text, values), timeout)
    return _run_oxigraph(source.store, text, values)


def _run_oxigraph(st, text: str, values: dict[str, str]) -> Answer:
    import pyoxigraph as ox

    try:
        result = st.query(inline_values(text, values), use_default_graph_as_union=True)
        if isinstance(result, ox.QueryBoolean):
            return Answer("ASK", boolean=bool(result))
        if isinstance(result, ox.QueryTriples):
            return from_graph_text(result.serialize(format=ox.RdfFormat.N_TRIPLES) or b"", "nt")
        return from_sparql_json(result.serialize(format=ox.QueryResultsFormat.JSON) or b"{}")
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"the query failed: {str(exc).splitlines()[0][:200]}") from None


def _run_rdflib(ds: rdflib.Dataset, text: str, values: dict[str, str]) -> Answer:
    """Ask rdflib the text as checked: parsed by `text.parse_rdflib`, not by `ds.query`, which would expand
    its escapes a second time (`check_read_only` ran the first)."""
    import rdflib.plugins.sparql
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # else `FROM <http://...>` fetches that graph from the network
    try:
        result = ds.query(translateQuery(parse_rdflib(text)), initBindings={k: rdflib.Literal(v) for k, v in values.items()})
    except (ParseException, RecursionError):
        raise QueryError("malformed SPARQL (rdflib could not read the prepared query)") from None
    except Exception as exc:
        raise QueryError(f"the query failed: {str(exc).splitlines()[0][:200]}") from None
    if result.type == "ASK":
        return Answer("ASK", boolean=bool(result.askAnswer))
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        g = rdflib.Graph()
        for t in result.graph or ():
            g.add(t)
        return Answer("GRAPH", graph=g)
    names = [str(v) for v in result.vars or ()]
    rows: list[list[rdflib.term.Node | None]] = [
        [row[i] for i in range(len(names))] for row in result if isinstance(row, rdflib.query.ResultRow)
    ]
    return Answer("SELECT", names, rows)


def in_child(work: Callable[..., Answer], args: tuple, timeout: float) -> Answer:
    """`work(*args)` in a forked process, its answer (or its one-line error) sent back; stopped at `timeout`.
    Neither engine can be interrupted inside a query, and a cross product can run for hours."""
    import multiprocessing
    import pickle

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        try:
            outcome: tuple[str, object] = ("ok", work(*args))
        except KGError as exc:
            outcome = ("error", exc)
        except Exception as exc:  # reported in the parent as the internal error it is
            outcome = ("error", QueryError(f"the query failed: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"))
        sender.send_bytes(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryError(
                f"the query ran past its time limit of {timeout:g} s and was stopped; "
                "narrow it (a LIMIT, a scope parameter) or give more time with --timeout"
            )
        kind, value = pickle.loads(receiver.recv_bytes())
    except EOFError:
        raise QueryError("the query process ended without an answer (out of memory?)") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
    if kind == "error":
        raise value
    return value
