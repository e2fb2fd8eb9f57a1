"""Scale features that change how a build runs but never what it produces."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg import pipeline

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus" / "dev"


def corpus(tmp_path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for p in [
        *list((ROOT / "tests" / "data" / "unseen").glob("*.txt")),
        ROOT / "seeds" / "karabakh-2023-09-24.txt",
        ROOT / "tests" / "data" / "small-article.txt",
    ]:
        for n in range(5):
            (src / f"{n}-{p.name}").write_text(p.read_text())
    return src


@pytest.mark.model
def test_two_processes_write_the_same_bytes_as_one(tmp_path):
    src = corpus(tmp_path)
    one = pipeline.build([str(src)], tmp_path / "one", html=False)
    two = pipeline.build([str(src)], tmp_path / "two", html=False, jobs=2)
    assert one.articles == two.articles
    for name in ("graph.ttl", "graph.trig", "graph.nq"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


@pytest.mark.model
def test_unchanged_articles_are_not_analysed_again_and_output_is_the_same(tmp_path):
    src = corpus(tmp_path)
    store = str(tmp_path / "store")
    first = pipeline.build([str(src)], tmp_path / "a", html=False, store_dir=store)
    assert not first.unchanged
    changed = sorted(src.iterdir())[0]
    changed.write_text(changed.read_text() + "\nRebels shelled the town of Abyei on Monday.\n")
    second = pipeline.build([str(src)], tmp_path / "b", html=False, store_dir=store)
    assert len(second.unchanged) == len(first.articles) - 1 and len(second.articles) == 1
    changed.write_text(changed.read_text().rsplit("\nRebels shelled", 1)[0] + "\n")
    third = pipeline.build([str(src)], tmp_path / "c", html=False, store_dir=store)
    assert len(third.articles) == 1  # the edit is undone: that article is analysed again, the rest copied
    shutil.rmtree(store)
    pipeline.build([str(src)], tmp_path / "d", html=False)
    fresh, incremental = (set((tmp_path / d / "graph.nq").read_text().splitlines()) for d in ("d", "c"))
    article_lines = lambda lines: {line for line in lines if not line.endswith("/graph/_entities> .")}
    assert article_lines(incremental) == article_lines(fresh)
    # entity descriptions accumulate in the store: what the undone edit named is still described there
    assert fresh <= incremental


@pytest.mark.model
def test_stage_timings_are_reported(tmp_path):
    report = pipeline.build([str(ROOT / "seeds")], tmp_path, html=False)
    assert {"read", "parse", "entities", "events", "rdf", "write"} <= set(report.seconds)


@pytest.mark.model
def test_a_build_into_a_store_writes_the_same_bytes_as_one_in_memory(tmp_path):
    src = corpus(tmp_path)
    memory = pipeline.build([str(src)], tmp_path / "memory", html=False)
    stored = pipeline.build([str(src)], tmp_path / "stored", store_dir=str(tmp_path / "store"))
    for name in ("graph.ttl", "graph.trig", "graph.nq"):
        assert (tmp_path / "stored" / name).read_bytes() == (tmp_path / "memory" / name).read_bytes(), name
    import rdflib

    ds = rdflib.Dataset()
    ds.parse(tmp_path / "stored" / "graph.trig", format="trig")
    named = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert len(named) == len(stored.articles) + 2 and all("/graph/" in n for n in named)  # + entities and incidents
    assert memory.triples == stored.triples == len((tmp_path / "stored" / "graph.nq").read_bytes().splitlines())
    assert (tmp_path / "stored" / "graph.html").stat().st_size > 10_000


@pytest.mark.model
def test_a_large_build_keeps_a_store_beside_its_files(tmp_path, monkeypatch):
    src = corpus(tmp_path)
    monkeypatch.setattr(pipeline, "LARGE_BUILD", 5)
    pipeline.build([str(src)], tmp_path / "out", html=False)
    from kg import store

    assert store.is_store(tmp_path / "out" / "store")
    st = store.Store(tmp_path / "out" / "store")
    assert len(st.stored()) == len(list(src.iterdir()))
    st.close()


@pytest.mark.model
def test_a_large_build_analyses_in_a_worker_and_never_loads_the_model_itself(tmp_path):
    """The store's stages of a large build then start from a small process (see `analysis.analyse_parallel`)."""
    src = corpus(tmp_path)
    code = (
        "import sys\n"
        "from kg import pipeline\n"
        "pipeline.LARGE_BUILD = 5\n"
        f"pipeline.build([{str(src)!r}], {str(tmp_path / 'large')!r}, html=False)\n"
        "print(sorted(m for m in ('spacy', 'kg.analysis.nlp', 'kg.analysis.events') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    pipeline.build([str(src)], tmp_path / "small", html=False)
    for name in ("graph.ttl", "graph.trig", "graph.nq"):
        assert (tmp_path / "large" / name).read_bytes() == (tmp_path / "small" / name).read_bytes(), name
