"""Questions asked of a remote SPARQL 1.1 endpoint: `kg query http://host:7878/query --name timeline`.

A server started plainly (Oxigraph, Fuseki, GraphDB) keeps `kg push`'s articles in named graphs and an
empty default graph, so a question asked as written would answer nothing. The SPARQL 1.1 Protocol lets a
request name its dataset: the question goes out with one `default-graph-uri` for each named graph the
server holds (the ontology's aside), so its default graph is their merge, exactly what it is locally.
The caller binds parameters (as `VALUES` data, as for the local engines); the answer comes back as SPARQL
JSON results (or Turtle for a graph), returned as a `Reply` that `kg.query` turns into its `Answer`.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field

import rdflib

from kg import web
from kg.errors import InputError, QueryError
from kg.store import ONTOLOGY_GRAPH

GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(slots=True)
class Reply:
    kind: str  # SELECT, ASK or GRAPH
    vars: list[str] = field(default_factory=list)
    rows: list[list[rdflib.term.Node | None]] = field(default_factory=list)
    boolean: bool | None = None
    graph: rdflib.Graph | None = None


def _request(url: str, fields: list[tuple[str, str]], timeout: float | None) -> tuple[str, bytes]:
    """POST a form to the endpoint, with Basic auth as `kg push` sends it, bounded as `kg.web` bounds it."""
    try:
        url, credentials = web.with_credentials(url, "SPARQL endpoint")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json, text/turtle;q=0.9, application/n-triples;q=0.8",
            **credentials,
        }
        resp = web.send("POST", url, urllib.parse.urlencode(fields).encode(), headers, timeout or 120)
    except web.Failure as exc:
        raise InputError(str(exc)) from None
    if resp.status >= 400:
        detail = resp.body[:300].decode("utf-8", errors="replace").strip().splitlines()
        raise QueryError(f"{web.redact(url)} answered {resp.status}: {detail[0] if detail else 'an error'}")
    return resp.content_type, resp.body


def graphs(url: str, timeout: float | None = None) -> list[str]:
    """The endpoint's named graphs, the ontology's aside (questions need only the data)."""
    kind, body = _request(url, [("query", GRAPHS)], timeout)
    answer = _parse(kind, body)
    return sorted(str(r[0]) for r in answer.rows if r[0] is not None and str(r[0]) != ONTOLOGY_GRAPH)


def ask(url: str, text: str, timeout: float | None = None) -> Reply:
    """`text` (prefixes declared, parameters bound) over the merge of the endpoint's named graphs."""
    fields = [("query", text)] + [("default-graph-uri", g) for g in graphs(url, timeout)]
    kind, body = _request(url, fields, timeout)
    return _parse(kind, body)


def _parse(kind: str, body: bytes) -> Reply:
    """An endpoint's answer, read as SPARQL JSON results or Turtle/N-Triples; anything else, or JSON not
    shaped as results (`{"results": 1}`), is a QueryError, never a KeyError."""
    kind = kind.split(";")[0].strip().lower()
    try:
        if kind in {"application/sparql-results+json", "application/json"}:
            data = json.loads(body)
            if isinstance(data, dict) and isinstance(data.get("boolean"), bool):
                return Reply("ASK", boolean=data["boolean"])
            names = data["head"].get("vars", [])
            bindings = data["results"]["bindings"]
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names) or not isinstance(bindings, list):
                raise TypeError
            return Reply("SELECT", names, [[_term(b.get(n)) for n in names] for b in bindings])
        if kind in {"text/turtle", "application/n-triples"}:
            g = rdflib.Graph()
            g.parse(data=body.decode("utf-8"), format="turtle" if kind == "text/turtle" else "nt")
            return Reply("GRAPH", graph=g)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        raise QueryError(f"the endpoint's answer is not valid {kind}: not SPARQL results") from None
    except Exception as exc:  # rdflib's Turtle parser raises its own exception types
        raise QueryError(f"the endpoint's answer is not valid {kind} ({str(exc).splitlines()[0][:200]})") from None
    raise QueryError(f"the endpoint answered {kind or 'without a type'}, not SPARQL results or Turtle")


def _term(b: dict | None) -> rdflib.term.Node | None:
    if b is None:
        return None
    if not isinstance(b, dict) or not isinstance(b.get("value"), str):
        raise TypeError
    if b["type"] == "uri":
        return rdflib.URIRef(b["value"])
    if b["type"] == "bnode":
        return rdflib.BNode(b["value"])
    datatype = b.get("datatype")
    return rdflib.Literal(b["value"], lang=b.get("xml:lang"), datatype=rdflib.URIRef(datatype) if datatype else None)
