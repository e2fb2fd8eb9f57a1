"""How an answer is written: an aligned table for a terminal, CSV, TSV, SPARQL 1.1 JSON and XML results,
and Turtle, N-Triples or JSON-LD for a graph. Every term goes through one escaping path per format."""

from __future__ import annotations

import csv
import io
import json
import re
from xml.sax.saxutils import escape

import rdflib

from kg.errors import QueryError
from kg.formats import GRAPH_FORMATS, neutralise
from kg.graph.rdf import PREFIXES
from kg.query.answer import Answer

# Control characters from article text: a terminal would run them as escape sequences, XML 1.0 cannot hold
# them. Tables and CSV show each as a visible U+FFFD; tabs and line breaks become spaces in a table.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    return CONTROL.sub("\ufffd", text)


def _show(term, ns: rdflib.namespace.NamespaceManager | None = None) -> str:
    if term is None:
        return ""
    if isinstance(term, rdflib.URIRef) and ns is not None:
        try:
            return term.n3(ns)
        except Exception:
            return str(term)
    return str(term)


def render(answer: Answer, fmt: str = "table", safe_csv: bool = True) -> str:
    """`table` (aligned, for a terminal), `csv`, `tsv`, `json` and `xml` (SPARQL 1.1 results), `sparql-tsv`
    (the SPARQL 1.1 TSV results format), and for a graph `turtle`, `nt`, `jsonld` or `rdfxml`.
    CSV cells a spreadsheet would run as formulas get a leading apostrophe unless `safe_csv` is off
    (`formats.neutralise`)."""
    if answer.kind == "GRAPH":
        g = answer.graph if answer.graph is not None else rdflib.Graph()
        for p, ns in PREFIXES.items():
            g.bind(p, ns, override=True)
        if fmt in GRAPH_FORMATS:
            return g.serialize(format=GRAPH_FORMATS[fmt])
        raise QueryError(f"CONSTRUCT/DESCRIBE answers as turtle, nt or jsonld, not {fmt}")
    if fmt in GRAPH_FORMATS and fmt not in {"table", "json"}:
        raise QueryError(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE answers; a {answer.kind} answers as table, csv, tsv, json or xml"
        )
    if answer.kind == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": answer.boolean}) + "\n"
        if fmt == "xml":
            return (
                '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{str(answer.boolean).lower()}</boolean></sparql>\n"
            )
        return ("yes" if answer.boolean else "no") + "\n"
    ns = rdflib.Graph().namespace_manager
    for p, uri in PREFIXES.items():
        ns.bind(p, uri, override=True)
    if fmt == "table":
        cells = [[" ".join(visible(_show(t, ns)).split()) for t in row] for row in answer.rows]
        widths = [min(60, max([len(v)] + [len(r[i]) for r in cells])) for i, v in enumerate(answer.vars)]
        clip = lambda s, w: s if len(s) <= w else s[: w - 1] + "…"
        lines = [
            "  ".join(v.ljust(w) for v, w in zip(answer.vars, widths, strict=False)).rstrip(),
            "  ".join("-" * w for w in widths),
        ]
        lines += ["  ".join(clip(c, w).ljust(w) for c, w in zip(r, widths, strict=False)).rstrip() for r in cells]
        lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
        return "\n".join(lines) + "\n"
    if fmt == "sparql-tsv":  # SPARQL 1.1 TSV results: `?var` heads, each term in its Turtle form
        lines = ["\t".join(f"?{v}" for v in answer.vars)]
        lines += ["\t".join("" if t is None else _tsv_term(t) for t in row) for row in answer.rows]
        return "\n".join(lines) + "\n"
    if fmt in {"csv", "tsv"}:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\r\n" if fmt == "csv" else "\n")
        writer.writerow(answer.vars)
        cell = neutralise if fmt == "csv" and safe_csv else str
        for row in answer.rows:
            writer.writerow([cell(visible(_show(t))) for t in row])
        return buf.getvalue()
    if fmt == "json":
        return (
            json.dumps(
                {
                    "head": {"vars": answer.vars},
                    "results": {
                        "bindings": [
                            {v: _json_term(t) for v, t in zip(answer.vars, row, strict=False) if t is not None}
                            for row in answer.rows
                        ]
                    },
                },
                ensure_ascii=False,
                indent=1,
            )
            + "\n"
        )
    if fmt == "xml":
        out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
        out += [f'<variable name="{escape(v)}"/>' for v in answer.vars] + ["</head>", "<results>"]
        for row in answer.rows:
            out.append("<result>")
            for v, t in zip(answer.vars, row, strict=False):
                if t is not None:
                    out.append(f'<binding name="{escape(v)}">{_xml_term(t)}</binding>')
            out.append("</result>")
        out += ["</results>", "</sparql>"]
        return "\n".join(out) + "\n"
    raise QueryError(f"unknown output format {fmt!r}; use table, csv, tsv, json or xml")


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _tsv_term(t) -> str:
    """A term as SPARQL TSV writes it: N-Triples syntax, tabs and line breaks in literals escaped.

    Example: `_tsv_term(Literal("a\tb", lang="en"))` -> `"a\\tb"@en`.
    """
    if isinstance(t, rdflib.URIRef):
        return f"<{t}>"
    if isinstance(t, rdflib.BNode):
        return f"_:{t}"
    quoted = '"' + str(t).translate(_NT_ESCAPES) + '"'
    return quoted + (f"@{t.language}" if t.language else f"^^<{t.datatype}>" if t.datatype else "")


def _json_term(t) -> dict:
    if isinstance(t, rdflib.URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, rdflib.BNode):
        return {"type": "bnode", "value": str(t)}
    out = {"type": "literal", "value": str(t)}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype:
        out["datatype"] = str(t.datatype)
    return out


def _xml_term(t) -> str:
    if isinstance(t, rdflib.URIRef):
        return f"<uri>{escape(visible(str(t)))}</uri>"
    if isinstance(t, rdflib.BNode):
        return f"<bnode>{escape(str(t))}</bnode>"
    attrs = (
        f' xml:lang="{escape(t.language)}"' if t.language else (f' datatype="{escape(str(t.datatype))}"' if t.datatype else "")
    )
    return f"<literal{attrs}>{escape(visible(str(t)))}</literal>"
