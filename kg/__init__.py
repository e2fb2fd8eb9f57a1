"""conflict-kg: knowledge graphs of who did what to whom in conflict news.

from kg import build
report = build(["seeds/"], "output")
"""

__version__ = "0.1.0"


def build(*args, **kwargs):
    """See `kg.pipeline.build`; imported lazily so `import kg` does not load spaCy."""
    from kg.pipeline import build as _build

    return _build(*args, **kwargs)


__all__ = ["__version__", "build"]
