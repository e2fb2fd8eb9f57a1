"""Questions asked of a remote SPARQL 1.1 endpoint: `kg query http://host:7878/query --name timeline`.

A server started plainly (Oxigraph, Fuseki, GraphDB) keeps `kg push`'s articles in named graphs and an
empty default graph, so a question asked as written would answer nothing. The SPARQL 1.1 Protocol lets a
request name its dataset: the question goes out with one `default-graph-uri` for each named graph the
server holds (the ontology's among them), so its default graph is their merge, exactly what it is locally.
The caller binds parameters (as `VALUES` data, as for the local engines); the answer comes back as SPARQL
JSON results (or Turtle for a graph), read into the one `Answer` type with the one term converter.
"""

from __future__ import annotations

import urllib.parse

from kg import web
from kg.errors import InputError, QueryError
from kg.query.answer import Answer, from_graph_text, from_sparql_json

GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


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
    """The endpoint's named graphs, the ontology's among them (`kg push` sends it): questions read the class
    tree (an AirStrike is an Attack), as they do locally."""
    kind, body = _request(url, [("query", GRAPHS)], timeout)
    return sorted(_parse(kind, body).column())


def ask(url: str, text: str, timeout: float | None = None) -> Answer:
    """`text` (prefixes declared, parameters bound) over the merge of the endpoint's named graphs."""
    fields = [("query", text)] + [("default-graph-uri", g) for g in graphs(url, timeout)]
    kind, body = _request(url, fields, timeout)
    return _parse(kind, body)


def _parse(kind: str, body: bytes) -> Answer:
    """An endpoint's answer, read as SPARQL JSON results or Turtle/N-Triples; anything else, or JSON not
    shaped as results (`{"results": 1}`), is a QueryError, never a KeyError."""
    kind = kind.split(";")[0].strip().lower()
    if kind in {"application/sparql-results+json", "application/json"}:
        return from_sparql_json(body)
    if kind in {"text/turtle", "application/n-triples"}:
        return from_graph_text(body, "turtle" if kind == "text/turtle" else "nt")
    raise QueryError(f"the endpoint answered {kind or 'without a type'}, not SPARQL results or Turtle")
