"""The one answer type, and the one way a term of an answer becomes a Python value.

Every engine's answer reaches callers as an `Answer` of rdflib terms. A SELECT's terms arrive as SPARQL 1.1
JSON results, whoever gives them: Oxigraph serialises its own answer so (in Rust, as fast as converting its
terms one by one, measured on 60,000 rows: 0.50 vs 0.52 s), a remote endpoint answers so, and the kept
answers' cells are read as such bindings; `Terms` turns each binding into a term once per answer (a timeline
repeats its labels, types and dates: 19,177 rows hold 2,696 distinct terms on 1,000 articles).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import rdflib

from kg.errors import QueryError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(slots=True)
class Answer:
    """A SELECT or ASK answer as plain values (`vars`, `rows`, `boolean`), or a graph for CONSTRUCT and
    DESCRIBE; `more` says that rows exist beyond the page asked for."""

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[list[rdflib.term.Node | None]] = field(default_factory=list)
    boolean: bool | None = None
    graph: rdflib.Graph | None = None
    more: bool = False

    def column(self, n: int = 0) -> list[str]:
        """One column's values as strings, unbound cells left out (a scope's first step reads its IRIs)."""
        return [str(row[n]) for row in self.rows if len(row) > n and row[n] is not None]


class Terms(dict):
    """SPARQL JSON binding -> rdflib term, each distinct binding converted once (a dict with `__missing__`
    looks hits up in C). The key is the binding's (type, value, datatype or language)."""

    def term(self, binding: dict | None) -> rdflib.term.Node | None:
        if binding is None:
            return None
        try:
            key = (binding["type"], binding["value"], binding.get("datatype") or binding.get("xml:lang"))
        except (KeyError, TypeError):
            raise QueryError("an answer's term is not a SPARQL JSON binding (type, value)") from None
        return self[key] if key in self else self._make(key, binding)

    def _make(self, key: tuple, binding: dict) -> rdflib.term.Node:
        kind, value = binding["type"], binding["value"]
        if not isinstance(value, str):
            raise QueryError("an answer's term value is not text")
        if kind == "uri":
            made: rdflib.term.Node = rdflib.URIRef(value)
        elif kind == "bnode":
            made = rdflib.BNode(value)
        elif kind in {"literal", "typed-literal"}:
            datatype = binding.get("datatype")
            made = rdflib.Literal(
                value, lang=binding.get("xml:lang"), datatype=None if datatype in (None, XSD_STRING) else rdflib.URIRef(datatype)
            )
        else:
            raise QueryError(f"an answer's term has an unknown type {kind!r}")
        self[key] = made
        return made


def from_sparql_json(body: bytes | str | dict) -> Answer:
    """A SELECT or ASK answer from SPARQL 1.1 JSON results; anything of another shape is one QueryError."""
    try:
        data = json.loads(body) if isinstance(body, bytes | str) else body
    except (ValueError, RecursionError):
        raise QueryError("the answer is not valid JSON: not SPARQL results") from None
    if not isinstance(data, dict):
        raise QueryError("the answer is not SPARQL results (a JSON object with head and results)")
    if isinstance(data.get("boolean"), bool):
        return Answer("ASK", boolean=data["boolean"])
    try:
        names = data["head"].get("vars", [])
        bindings = data["results"]["bindings"]
    except (KeyError, TypeError, AttributeError):
        raise QueryError("the answer is not SPARQL results (a JSON object with head and results)") from None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names) or not isinstance(bindings, list):
        raise QueryError("the answer is not SPARQL results (vars and bindings are lists)")
    terms = Terms()
    try:
        rows = [[terms.term(b.get(n)) for n in names] for b in bindings]
    except AttributeError:
        raise QueryError("the answer is not SPARQL results (a binding is not an object)") from None
    return Answer("SELECT", names, rows)


def from_graph_text(body: bytes, fmt: str) -> Answer:
    """A CONSTRUCT or DESCRIBE answer from N-Triples or Turtle text."""
    graph = rdflib.Graph()
    try:
        graph.parse(data=body.decode("utf-8"), format=fmt)
    except Exception as exc:  # rdflib's parsers raise their own exception types
        raise QueryError(
            f"the answer is not valid {fmt} ({str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__})"
        ) from None
    return Answer("GRAPH", graph=graph)
