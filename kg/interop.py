"""Validation and interoperability: SHACL checks, exports other triple stores load, and Graph Store pushes.

`push` speaks the SPARQL 1.1 Graph Store HTTP Protocol (Oxigraph `/store`, Fuseki `/ds/data`, GraphDB
`/repositories/R/rdf-graphs/service`): one `PUT ?graph=IRI` per article graph, which replaces that graph, so
a re-run is idempotent. Credentials come from `KG_ENDPOINT_USER` / `KG_ENDPOINT_PASSWORD` and are never
printed.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

import rdflib
from rdflib.namespace import SH

from . import store
from .errors import InputError, OutputError
from .formats import EXPORT
from .ontology import ONTOLOGY_DIR
from .rdf import PREFIXES, merged_graph, sorted_nquads


@dataclass(slots=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str


@dataclass(slots=True)
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)


def validate(source) -> ValidationReport:
    """Check a graph against `ontology/shapes.ttl`, with the ontology for subclass reasoning."""
    import pyshacl

    data = merged_graph(store.load_rdflib(source, with_ontology=False))
    shapes = rdflib.Graph().parse(ONTOLOGY_DIR / "shapes.ttl")
    onto = rdflib.Graph().parse(ONTOLOGY_DIR / "conflict.ttl")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=onto, inference="rdfs")
    violations = []
    for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        violations.append(
            Violation(
                str(results.value(r, SH.focusNode)),
                str(results.value(r, SH.resultPath) or ""),
                str(results.value(r, SH.resultMessage) or ""),
                str(results.value(r, SH.resultSeverity) or "").rsplit("#", 1)[-1],
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(bool(conforms), violations)


def export(source, fmt: str, with_ontology: bool = False) -> str:
    """The dataset in another syntax. Turtle and N-Triples merge the article graphs (they cannot name graphs)."""
    if fmt not in EXPORT:
        raise InputError(f"unknown format {fmt!r}; use one of ttl, trig, nq, nt, jsonld")
    rdf_fmt = EXPORT[fmt]
    ds = store.load_rdflib(source, with_ontology=with_ontology)
    for p, ns in PREFIXES.items():
        ds.bind(p, ns, override=True)
    if rdf_fmt in {"turtle", "nt"}:
        return merged_graph(ds).serialize(format=rdf_fmt)
    if store.triples_only(source):  # a .ttl has no graph names: its triples are the default graph, not <file:...>
        merged = merged_graph(ds)
        if rdf_fmt == "nquads":  # N-Triples lines are N-Quads lines of the default graph
            return "".join(sorted(line + "\n" for line in merged.serialize(format="nt").split("\n") if line.strip()))
        if rdf_fmt == "trig":  # triples outside braces are TriG's default graph
            return merged.serialize(format="turtle")
    if rdf_fmt == "nquads":
        return sorted_nquads(ds)
    return ds.serialize(format=rdf_fmt)


def _auth_header() -> dict[str, str]:
    user, password = os.environ.get("KG_ENDPOINT_USER"), os.environ.get("KG_ENDPOINT_PASSWORD")
    if user is None:
        return {}
    token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def with_credentials(endpoint: str, what: str = "Graph Store endpoint") -> tuple[str, dict[str, str]]:
    """The endpoint URL without its userinfo, and the Basic auth header from it (`http://user:pw@host/store`:
    never in the request line) or from $KG_ENDPOINT_USER/PASSWORD, which win. A URL that is not http(s) is
    an error that never prints the credentials."""
    try:
        parsed = urllib.parse.urlparse(endpoint)
        parsed.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise InputError(f"{redact_text(endpoint)}: not a valid URL of a {what}") from None
    if parsed.scheme not in {"http", "https"} or not parsed.hostname:
        raise InputError(f"{redact_text(endpoint)}: not an http(s) URL of a {what}")
    credentials = {}
    if parsed.username is not None:
        token = base64.b64encode(
            f"{urllib.parse.unquote(parsed.username)}:{urllib.parse.unquote(parsed.password or '')}".encode()
        )
        credentials = {"Authorization": f"Basic {token.decode()}"}
        host = parsed.hostname if ":" not in (parsed.hostname or "") else f"[{parsed.hostname}]"
        endpoint = parsed._replace(netloc=host + (f":{parsed.port}" if parsed.port else "")).geturl()
    return endpoint, {**credentials, **_auth_header()}


def push(source, endpoint: str, timeout: float = 60.0) -> list[str]:
    """PUT every named graph of the source to a Graph Store Protocol endpoint; returns the graph IRIs sent."""
    endpoint, credentials = with_credentials(endpoint)
    parsed = urllib.parse.urlparse(endpoint)
    ds = store.load_rdflib(source, with_ontology=False)
    sent = []
    for ctx in sorted(ds.graphs(), key=lambda c: str(c.identifier)):
        if not len(ctx) or not isinstance(ctx.identifier, rdflib.URIRef):
            continue
        body = ctx.serialize(format="nt", encoding="utf-8")
        sep = "&" if parsed.query else "?"
        url = f"{endpoint}{sep}graph={urllib.parse.quote(str(ctx.identifier), safe='')}"
        req = urllib.request.Request(
            url, data=body, method="PUT", headers={"Content-Type": "application/n-triples", **credentials}
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                resp.read()
        except urllib.error.HTTPError as exc:
            raise OutputError(
                f"{redact_text(endpoint)}: the endpoint answered {exc.code} {exc.reason} for graph {ctx.identifier}"
            ) from None
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            raise OutputError(f"{redact_text(endpoint)}: cannot reach the endpoint ({redact_text(str(reason))})") from None
        sent.append(str(ctx.identifier))
    return sent


def redact_text(text: str) -> str:
    """Any `scheme://user:password@` in a text, with the credentials hidden."""
    return re.sub(r"(?i)([a-z][a-z0-9+.-]*://)[^/\s@]*@", r"\1***@", text)
