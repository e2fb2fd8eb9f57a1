"""Every serialisation the tool reads or writes, in one table: file suffixes, the names users type, and
what rdflib and Oxigraph call each. The CLI's choices, the readers and the writers all look here.
"""

from __future__ import annotations

import csv
import io
import re
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

# Events as the tables conflict analysts load (kg/exports/crosswalk.py): ACLED CSV, UCDP GED CSV, GeoJSON.
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
    "rdfxml": "xml",
}
QUERY_CHOICES = ("table", "csv", "tsv", "json", "xml", "turtle", "nt", "jsonld")


# CSV cells a spreadsheet would take for formulas (OWASP "CSV injection"): what CSV writers neutralise.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(cell: str) -> str:
    """A CSV cell a spreadsheet would run as a formula, with a leading apostrophe, as OWASP advises ("CSV
    injection"): a title `=cmd|' /C calc'!A0` must stay text when an analyst opens the file. A number keeps
    its sign (`-3.5` is a longitude, not a formula).

    Example: `neutralise("=1+1")` -> `"'=1+1"`; `neutralise("-12.5")` -> `"-12.5"`.
    """
    if cell.startswith(FORMULA_START) and not NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def neutralise_csv(text: str, lineterminator: str = "\r\n") -> str:
    """Every cell of a CSV text through `neutralise`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow([neutralise(c) for c in row])
    return out.getvalue()


# Control characters in a message for a terminal (file names, article names, query text): an ESC would run
# as an escape sequence, a newline would forge a line such as `kg: error: ...`.
TERMINAL_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    r"""A message as a terminal shows it harmlessly: each control character as its `\x..` escape.

    Example: `printable("a\x1b[2Jb\nkg: error: x")` -> `'a\\x1b[2Jb\\nkg: error: x'`.
    """
    return TERMINAL_CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
