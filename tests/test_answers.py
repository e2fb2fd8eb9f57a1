"""Kept answers (`kg/query/kept.py`): a build into a store keeps each library question's full answer, and a page
or a listing read from there is exactly what the store would answer; never a stale answer, never one for a
different text."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import pipeline, query
from kg import store as stores
from kg.cli import main
from kg.incidents import triples
from kg.query import kept, results

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.model

KEPT = sorted(n for n, q in query.library().items() if all(d is not None for d in q.params.values()))


@pytest.fixture(scope="module")
def store_dir(spacy_model, tmp_path_factory):
    base = tmp_path_factory.mktemp("kept")
    src = [str(ROOT / "seeds"), str(ROOT / "tests" / "data"), str(ROOT / "tests" / "data-incidents")]
    pipeline.build(src, base / "out", html=False, store_dir=str(base / "store"))
    return base / "store"


def live(source, text: str, params, limit: int, offset: int):
    """The store's own answer, its kept answers set aside."""
    opened = query.open_source(source)
    opened.kept = None
    return query.ask(opened, text, params, limit=limit, offset=offset)


def test_the_build_keeps_every_question_that_needs_no_value(store_dir):
    assert kept.kept(store_dir)
    for name in KEPT:
        q = query.question(name)
        assert kept.find(store_dir, q.text, query.bind(q, {})) is not None, name
    actor = query.question("actor")
    assert kept.find(store_dir, actor.text, query.bind(actor, {"actor": "Azerbaijan"})) is None


@pytest.mark.parametrize("name", KEPT)
def test_a_kept_page_is_what_the_store_answers_in_every_format(store_dir, name):
    q = query.question(name)
    params = query.bind(q, {})
    for limit, offset in ((0, 0), (3, 0), (3, 2), (5, 1000)):
        read = query.ask(store_dir, q.text, params, limit=limit, offset=offset)
        asked = live(store_dir, q.text, params, limit, offset)
        assert read.more == asked.more, (name, limit, offset)
        for fmt in ("table", "csv", "tsv", "json", "xml"):
            assert results.render(read, fmt) == results.render(asked, fmt), (name, fmt, limit, offset)


def test_a_scope_a_parameter_or_another_text_is_asked_of_the_store(store_dir):
    timeline = query.question("timeline")
    assert kept.find(store_dir, timeline.text, {"actor": "Azerbaijan"}) is None
    assert kept.find(store_dir, timeline.text + "\n# my copy\n", {}) is None
    evidence = query.question("evidence")
    other = next(v for v in ("weak", "reported", "claimed") if v != evidence.defaults.get("kind"))
    assert kept.find(store_dir, evidence.text, query.bind(evidence, {"kind": other})) is None
    scoped = query.ask(store_dir, timeline.text, {"actor": "Azerbaijan"})
    assert scoped.rows == live(store_dir, timeline.text, {"actor": "Azerbaijan"}, 0, 0).rows


def test_the_same_text_typed_by_hand_is_read_from_the_kept_answers(store_dir):
    text = query.question("timeline").text
    assert kept.find(store_dir, text) is not None


def test_a_damaged_answers_file_leaves_the_store_to_answer(tmp_path):
    store = tmp_path / "store"
    pipeline.build([str(ROOT / "seeds")], tmp_path / "out", html=False, store_dir=str(store))
    (store / kept.FILE).write_bytes(b"not a database")
    q = query.question("timeline")
    answer = query.ask(store, q.text, query.bind(q, {}))
    assert answer.rows and answer.rows == live(store, q.text, query.bind(q, {}), 0, 0).rows


def test_answers_follow_every_change_of_the_store_and_none_survive_a_build_that_stopped(tmp_path, monkeypatch):
    store, out = tmp_path / "store", tmp_path / "out"
    pipeline.build([str(ROOT / "seeds")], out, html=False, store_dir=str(store))
    q = query.question("timeline")
    before = query.ask(store, q.text, query.bind(q, {})).rows
    stamp = (store / kept.FILE).stat().st_mtime_ns
    pipeline.build([str(ROOT / "seeds")], out, html=False, store_dir=str(store))
    assert (store / kept.FILE).stat().st_mtime_ns == stamp  # nothing changed: nothing evaluated again

    def stop(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(triples, "refresh", stop)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build([str(ROOT / "tests" / "data")], out, html=False, store_dir=str(store))
    assert not kept.kept(store)  # the store changed and its answers were not made again
    monkeypatch.undo()
    (store / f".{kept.FILE}.99999.tmp").write_bytes(b"left by a build killed while keeping")
    pipeline.build([str(ROOT / "tests" / "data")], out, html=False, store_dir=str(store))
    assert not list(store.glob(f".{kept.FILE}.*.tmp"))
    after = query.ask(store, q.text, query.bind(q, {})).rows
    assert kept.kept(store) and len(after) > len(before)
    assert after == live(store, q.text, query.bind(q, {}), 0, 0).rows


def test_kg_query_pages_a_kept_answer_and_says_more_rows_exist(store_dir, capsys):
    assert main(["query", str(store_dir), "--name", "timeline", "--limit", "2", "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 3
    assert "--offset 2" in captured.err


@pytest.fixture
def two_sources(store_dir):
    """The store as `kg serve`'s query processes hold it, with its kept answers and without them."""
    import dataclasses

    from kg import serve

    opened = serve.answer(str(store_dir), None)
    assert opened.kept is not None
    yield opened, dataclasses.replace(opened, kept=None)


@pytest.mark.parametrize(
    "kind", ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"]
)
def test_kg_serve_answers_a_kept_question_as_the_store_would(two_sources, kind):
    from kg import query, serve
    from kg.query.sandbox import Request

    timeline = query.question("timeline")
    request = Request(timeline.text, query.bind(timeline, {}), 4, 1, kind)
    bodies = [serve.answer(source, request).body for source in two_sources]
    assert bodies[0] == bodies[1] and len(bodies[0]) > 300


def test_an_output_folder_is_answered_by_its_own_store_while_it_holds_the_same_graph(tmp_path, capsys):
    """A large build writes its graph as files and into a store: `kg query OUT` asks the store (its kept
    answers ready) instead of reading the files into memory, as long as the store holds exactly what the
    files hold; a later build of the folder without it, or of the store into another folder, ends that."""
    src = str(ROOT / "tests" / "data")
    out, st = tmp_path / "out", tmp_path / "store"
    pipeline.build([src], out, html=False, store_dir=str(st))
    assert Path(stores.backing(out)) == st.resolve()
    assert main(["query", str(out), "--name", "timeline", "--limit", "0", "--format", "csv"]) == 0
    via_folder = capsys.readouterr().out
    assert main(["query", str(st), "--name", "timeline", "--limit", "0", "--format", "csv"]) == 0
    assert capsys.readouterr().out == via_folder

    pipeline.build([src], tmp_path / "other", html=False, store_dir=str(st))  # the store's last build is another
    assert stores.backing(out) == out and Path(stores.backing(tmp_path / "other")) == st.resolve()
    pipeline.build([str(ROOT / "seeds")], tmp_path / "other", html=False)  # rebuilt without a store
    assert stores.backing(tmp_path / "other") == tmp_path / "other"


def test_a_store_holding_more_than_the_folder_does_not_answer_for_it(tmp_path):
    st = tmp_path / "store"
    pipeline.build([str(ROOT / "tests" / "data")], tmp_path / "first", html=False, store_dir=str(st))
    pipeline.build([str(ROOT / "seeds")], tmp_path / "second", html=False, store_dir=str(st))
    assert stores.backing(tmp_path / "second") == tmp_path / "second"


def test_answers_kept_on_several_threads_are_the_answers_kept_on_one(store_dir, tmp_path):
    import sqlite3

    import pyoxigraph as ox

    st = ox.Store.read_only(str(store_dir))
    dumps = []
    for workers in (1, 3):
        folder = tmp_path / str(workers)
        folder.mkdir()
        assert kept.keep(st, folder, workers=workers) > 0
        db = sqlite3.connect(folder / kept.FILE)
        dumps.append(list(db.iterdump()))
        db.close()
    assert dumps[0] == dumps[1]


class _Failing:
    """A store whose `timeline` question fails (a store damaged under the build, a query the engine rejects)."""

    def __init__(self, store):
        self.store = store

    def query(self, text, **kwargs):
        if "timeline" in text or "?date ?event ?agent" in text:
            raise OSError("the store went away")
        return self.store.query(text, **kwargs)


def test_a_question_that_fails_stops_the_keeping_and_leaves_no_answers(store_dir, tmp_path):
    import pyoxigraph as ox

    st = _Failing(ox.Store.read_only(str(store_dir)))
    with pytest.raises(OSError, match="went away"):
        kept.keep(st, tmp_path, workers=2)
    assert not kept.kept(tmp_path) and not list(tmp_path.iterdir())


def test_a_write_that_fails_stops_the_threads_still_evaluating(store_dir, tmp_path):
    import pyoxigraph as ox

    st = ox.Store.read_only(str(store_dir))

    def progress(name, count):
        raise KeyboardInterrupt  # after the first answer, with the next ones evaluated and waiting

    with pytest.raises(KeyboardInterrupt):
        kept.keep(st, tmp_path, progress=progress, workers=3)
    assert not kept.kept(tmp_path) and not list(tmp_path.iterdir())
