"""Exports: the graph as other triple stores and tools load it (`interop`), and its events as ACLED and UCDP
rows and GeoJSON (`crosswalk`); `export` is the one entry for both."""

from __future__ import annotations

from pathlib import Path

from kg.formats import TABLE_FORMATS


def export(source: str | Path, fmt: str, *, with_ontology: bool = False, safe_csv: bool = True) -> str:
    """The source (an output folder, a graph file or a store) as text: `ttl`, `trig`, `nq`, `nt`, `jsonld`
    (RDF; `with_ontology` adds the ontology's triples), or `acled`, `ucdp`, `geojson` (its events as rows;
    `safe_csv` writes a CSV cell a spreadsheet would run as a formula with a leading apostrophe).

    >>> from kg import export
    >>> export("output/", "acled").splitlines()[0][:40]   # doctest: +SKIP
    """
    if fmt in TABLE_FORMATS:
        from kg.exports import crosswalk

        return crosswalk.export(source, fmt, safe=safe_csv)
    from kg.exports import interop

    return interop.export(source, fmt, with_ontology)
