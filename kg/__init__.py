"""conflict-kg: knowledge graphs of who did what to whom in conflict news.

The library the `kg` command is a thin layer over (each imported when first called, so `import kg` loads
neither spaCy nor a triple store):

    >>> import kg
    >>> report = kg.build(["seeds/"], "output")                              # doctest: +SKIP
    >>> kg.ask("output/", "SELECT ?e WHERE { ?e a conf:Attack }").rows       # doctest: +SKIP
    >>> kg.ask("output/", kg.question("timeline").text, {"actor": "Baku"})   # doctest: +SKIP
    >>> kg.export("output/", "acled")                                         # doctest: +SKIP
    >>> kg.validate("output/").conforms                                       # doctest: +SKIP
"""

__version__ = "0.1.0"


def build(*args, **kwargs):
    """Build the graph of articles: see `kg.pipeline.build`."""
    from kg.pipeline import build as _build

    return _build(*args, **kwargs)


def ask(*args, **kwargs):
    """Ask a SPARQL question of a built graph, a store or an endpoint: see `kg.query.ask`."""
    from kg.query import ask as _ask

    return _ask(*args, **kwargs)


def question(name: str):
    """A question of the library by name (its `.text`, `.params`): see `kg.query.library`."""
    from kg.query import question as _question

    return _question(name)


def export(*args, **kwargs) -> str:
    """A graph as Turtle, TriG, N-Quads, N-Triples or JSON-LD, or its events as ACLED, UCDP or GeoJSON: see
    `kg.exports.export`."""
    from kg.exports import export as _export

    return _export(*args, **kwargs)


def match(*args, **kwargs):
    """Our events linked to the rows of the analyst's own ACLED or UCDP GED CSV: see `kg.exports.matching.match`."""
    from kg.exports.matching import match as _match

    return _match(*args, **kwargs)


def validate(source):
    """Check a graph against the ontology's SHACL shapes: see `kg.exports.interop.validate`."""
    from kg.exports.interop import validate as _validate

    return _validate(source)


__all__ = ["__version__", "ask", "build", "export", "match", "question", "validate"]
