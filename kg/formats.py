"""Every serialisation the tool reads or writes, in one table: file suffixes, the names users type, and
what rdflib and Oxigraph call each. The CLI's choices, the readers and the writers all look here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RdfFormat:
    name: str  # rdflib's name for it
    oxigraph: str  # the pyoxigraph.RdfFormat attribute
    suffixes: tuple[str, ...]  # read by suffix
    aliases: tuple[str, ...] = ()  # names `kg export --format` takes
    named_graphs: bool = False


RDF_FORMATS = (
    RdfFormat("turtle", "TURTLE", (".ttl",), ("ttl", "turtle")),
    RdfFormat("trig", "TRIG", (".trig",), ("trig",), named_graphs=True),
    RdfFormat("nquads", "N_QUADS", (".nq",), ("nq", "nquads"), named_graphs=True),
    RdfFormat("nt", "N_TRIPLES", (".nt",), ("nt",)),
    RdfFormat("json-ld", "JSON_LD", (".jsonld", ".json"), ("jsonld", "json-ld"), named_graphs=True),
    RdfFormat("xml", "RDF_XML", (".rdf", ".owl")),
)
BY_SUFFIX = {suffix: f.name for f in RDF_FORMATS for suffix in f.suffixes}
OXIGRAPH = {f.name: f.oxigraph for f in RDF_FORMATS}
EXPORT = {alias: f.name for f in RDF_FORMATS for alias in f.aliases}
EXPORT_CHOICES = ("ttl", "trig", "nq", "nt", "jsonld")  # the short names the CLI lists; EXPORT takes the long ones too

# Events as the tables conflict analysts load (kg/crosswalk.py): ACLED CSV, UCDP GED CSV, GeoJSON.
TABLE_FORMATS = ("acled", "ucdp", "geojson")

# Answers of `kg query`: a SELECT or ASK answer and a CONSTRUCT or DESCRIBE graph take different formats.
GRAPH_FORMATS = {
    "table": "turtle",
    "turtle": "turtle",
    "ttl": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "json": "json-ld",
    "jsonld": "json-ld",
}
QUERY_CHOICES = ("table", "csv", "tsv", "json", "xml", "turtle", "nt", "jsonld")
