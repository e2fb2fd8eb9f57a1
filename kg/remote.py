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
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

import rdflib

from .errors import InputError, QueryError
from .interop import redact_text, with_credentials
from .store import ONTOLOGY_GRAPH

GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(slots=True)
class Reply:
    kind: str  # SELECT, ASK or GRAPH
    vars: list[str] = field(default_factory=list)
    rows: list[list[rdflib.term.Node | None]] = field(default_factory=list)
    boolean: bool | None = None
    graph: rdflib.Graph | None = None


def _request(url: str, fields: list[tuple[str, str]], timeout: float | None) -> tuple[str, bytes]:
    """POST a form to the endpoint, with Basic auth as `kg push` sends it (`interop.with_credentials`)."""
    url, credentials = with_credentials(url, "SPARQL endpoint")
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9, application/n-triples;q=0.8",
        **credentials,
    }
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout or 120) as resp:
            return resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode("utf-8", errors="replace").strip().splitlines()
        raise QueryError(f"{redact_text(url)} answered {exc.code}: {detail[0] if detail else exc.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"{redact_text(url)}: cannot reach the endpoint ({redact_text(str(reason))})") from None


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
    kind = kind.split(";")[0].strip().lower()
    if kind in {"application/sparql-results+json", "application/json"}:
        data = json.loads(body)
        if "boolean" in data:
            return Reply("ASK", boolean=bool(data["boolean"]))
        names = data["head"].get("vars", [])
        rows = [[_term(b.get(n)) for n in names] for b in data["results"]["bindings"]]
        return Reply("SELECT", names, rows)
    if kind in {"text/turtle", "application/n-triples"}:
        g = rdflib.Graph()
        g.parse(data=body.decode("utf-8"), format="turtle" if kind == "text/turtle" else "nt")
        return Reply("GRAPH", graph=g)
    raise QueryError(f"the endpoint answered {kind or 'without a type'}, not SPARQL results or Turtle")


def _term(b: dict | None) -> rdflib.term.Node | None:
    if b is None:
        return None
    if b["type"] == "uri":
        return rdflib.URIRef(b["value"])
    if b["type"] == "bnode":
        return rdflib.BNode(b["value"])
    datatype = b.get("datatype")
    return rdflib.Literal(b["value"], lang=b.get("xml:lang"), datatype=rdflib.URIRef(datatype) if datatype else None)
