"""Validation and interoperability: SHACL checks, exports other triple stores load, and Graph Store pushes.

`push` speaks the SPARQL 1.1 Graph Store HTTP Protocol (Oxigraph `/store`, Fuseki `/ds/data`, GraphDB
`/repositories/R/rdf-graphs/service`): one `PUT ?graph=IRI` per article graph, which replaces that graph, so
a re-run is idempotent. Credentials come from `KG_ENDPOINT_USER` / `KG_ENDPOINT_PASSWORD` and are never
printed.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field

import rdflib
from rdflib.namespace import SH

from kg import store, web
from kg.errors import InputError, OutputError
from kg.formats import EXPORT
from kg.graph.rdf import PREFIXES, merged_graph, sorted_nquads
from kg.knowledge.ontology import ONTOLOGY_DIR


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


def push(source, endpoint: str, timeout: float = 60.0) -> list[str]:
    """PUT every named graph of the source to a Graph Store Protocol endpoint; returns the graph IRIs sent."""
    try:
        endpoint, credentials = web.with_credentials(endpoint, "Graph Store endpoint")
    except web.Failure as exc:
        raise InputError(str(exc)) from None
    parsed = urllib.parse.urlparse(endpoint)
    ds = store.load_rdflib(source)  # the ontology too, in its own graph: questions there read the class tree
    sent = []
    for ctx in sorted(ds.graphs(), key=lambda c: str(c.identifier)):
        if not len(ctx) or not isinstance(ctx.identifier, rdflib.URIRef):
            continue
        body = ctx.serialize(format="nt", encoding="utf-8")
        sep = "&" if parsed.query else "?"
        url = f"{endpoint}{sep}graph={urllib.parse.quote(str(ctx.identifier), safe='')}"
        headers = {"Content-Type": "application/n-triples", **credentials}
        try:
            resp = web.send("PUT", url, body, headers, timeout, max_bytes=2**20)
        except web.Failure as exc:
            raise OutputError(str(exc)) from None
        if resp.status >= 400:
            hint = ""
            if resp.status in {404, 405} and parsed.path.rstrip("/").endswith(("/query", "/sparql")):
                hint = "; that is a query URL: push to the Graph Store URL (Oxigraph: /store, Fuseki: /DATASET/data)"
            raise OutputError(f"{web.redact(endpoint)}: the endpoint answered {resp.status} for graph {ctx.identifier}{hint}")
        sent.append(str(ctx.identifier))
    return sent
