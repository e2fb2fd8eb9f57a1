"""The command line: outputs, exit codes, and one-line errors instead of tracebacks."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main

DATA = Path(__file__).resolve().parent / "data"
ROOT = DATA.parent.parent


def run(*args):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True)


@pytest.mark.model
def test_build_writes_the_contract_files(tmp_path):
    assert main(["build", str(DATA / "small-article.txt"), "-o", str(tmp_path), "--quiet"]) == 0
    for name in ("graph.ttl", "graph.trig", "graph.nq", "graph.html"):
        assert (tmp_path / name).stat().st_size > 0
    assert "@prefix conf:" in (tmp_path / "graph.ttl").read_text()


@pytest.mark.model
def test_html_loads_nothing_from_the_network(tmp_path):
    main(["build", str(DATA / "small-article.txt"), "-o", str(tmp_path), "--quiet"])
    page = (tmp_path / "graph.html").read_text()
    assert not re.search(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', page)
    assert "vis.Network" in page or "new vis" in page


def test_a_missing_input_is_a_usage_error_in_one_line(tmp_path):
    r = run("build", "/no/such/article.txt", "-o", str(tmp_path))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_only_bad_inputs_fail_without_writing(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    out = tmp_path / "out"
    r = run("build", str(bad), "-o", str(out))
    assert r.returncode == 1 and "empty" in r.stderr and "Traceback" not in r.stderr
    assert not (out / "graph.ttl").exists()


@pytest.mark.model
def test_some_bad_inputs_are_reported_and_the_rest_built(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text((DATA / "small-article.txt").read_text())
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\x01\x02")
    r = run("build", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--quiet")
    assert r.returncode == 3 and "binary" in r.stderr
    assert (tmp_path / "out" / "graph.ttl").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_output_folder_is_one_line(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    r = run("build", str(DATA / "small-article.txt"), "-o", str(ro))
    assert r.returncode == 1 and "not writable" in r.stderr


def test_an_unknown_model_says_how_to_install_one(tmp_path):
    r = run("build", str(DATA / "small-article.txt"), "-o", str(tmp_path), "--model", "no_such_model")
    assert r.returncode == 1 and "pip install" in r.stderr and r.stderr.count("\n") == 1


@pytest.mark.model
def test_stdin_is_an_input(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "kg", "build", "-", "-o", str(tmp_path), "--quiet"],
        input=(DATA / "small-article.txt").read_text(),
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0 and "article/stdin" in (tmp_path / "graph.ttl").read_text()


@pytest.mark.model
def test_output_piped_into_a_reader_that_stops_is_not_an_error(tmp_path):
    main(["build", str(DATA / "small-article.txt"), "-o", str(tmp_path), "--quiet"])
    r = subprocess.run(
        f'"{sys.executable}" -m kg export "{tmp_path}" --format nq | head -1', shell=True, capture_output=True, text=True
    )
    assert r.stdout.startswith("<") and "error" not in r.stderr


@pytest.mark.parametrize(
    "command", [["query", "{path}", "--name", "timeline"], ["validate", "{path}"], ["stats", "{path}"], ["export", "{path}"]]
)
def test_a_missing_source_is_a_usage_error_for_every_command(tmp_path, command):
    missing = str(tmp_path / "nowhere")
    done = run(*[part.format(path=missing) for part in command])
    assert done.returncode == 2 and done.stderr.strip().endswith("no such file or folder")


@pytest.fixture(scope="module")
def seed_build(spacy_model, tmp_path_factory):
    out = tmp_path_factory.mktemp("seedcli")
    assert run("build", str(ROOT / "seeds"), "-o", str(out), "-q").returncode == 0
    return out


@pytest.mark.model
def test_a_select_asked_for_turtle_says_which_formats_it_takes(seed_build):
    done = run("query", str(seed_build), "--name", "timeline", "--format", "turtle")
    assert done.returncode != 0 and "a SELECT answers as table, csv, tsv, json or xml" in done.stderr


@pytest.mark.model
def test_a_question_name_given_as_query_text_says_to_use_name(seed_build):
    done = run("query", str(seed_build), "claims")
    assert done.returncode != 0 and "--name claims" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.model
def test_a_date_scope_that_is_no_date_is_an_error_not_zero_rows(seed_build):
    done = run("query", str(seed_build), "--name", "date-range", "--param", "from=yesterday", "--param", "to=2024")
    assert done.returncode != 0 and "YYYY-MM-DD" in done.stderr


@pytest.mark.model
def test_a_turtle_file_exported_as_trig_keeps_its_triples_in_the_default_graph(seed_build):
    trig = run("export", str(seed_build / "graph.ttl"), "--format", "trig").stdout
    nq = run("export", str(seed_build / "graph.ttl"), "--format", "nq").stdout
    assert "file://" not in trig and "file://" not in nq
    assert all(line.count(" <") + line.count(' "') <= 3 for line in nq.splitlines()[:50])  # no fourth term


@pytest.mark.model
def test_the_build_count_is_the_data_and_says_what_questions_see_beside_it(seed_build, tmp_path):
    store = tmp_path / "store"
    first = run("build", str(ROOT / "seeds"), "-o", str(tmp_path / "o"), "--store", str(store))
    again = run("build", str(ROOT / "seeds"), "-o", str(tmp_path / "o"), "--store", str(store))
    quads = len((tmp_path / "o" / "graph.nq").read_text(encoding="utf-8").splitlines())
    assert f"holds {quads} triples" in first.stdout and f"holds {quads} triples" in again.stdout
    assert "nothing new to build (1 article(s) already in the store)" in again.stdout
    count = run("query", str(store), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv").stdout.split()[1]
    from kg import store as stores

    assert int(count) == quads + stores.ontology_size()


@pytest.mark.model
@pytest.mark.parametrize(
    "order",
    [
        ("{src}", "SELECT ?e WHERE {{ ?e a conf:Attack }}", "--format", "csv"),
        ("{src}", "--format", "csv", "SELECT ?e WHERE {{ ?e a conf:Attack }}"),
        ("--format", "csv", "{src}", "SELECT ?e WHERE {{ ?e a conf:Attack }}"),
    ],
)
def test_query_options_may_stand_before_between_or_after_the_words(seed_build, order):
    done = run("query", *[part.format(src=seed_build) for part in order], "--limit", "0")
    assert done.returncode == 0 and done.stdout.startswith("e\n") and len(done.stdout.splitlines()) > 1, done.stderr


@pytest.mark.model
def test_an_actor_is_found_in_any_case(seed_build):
    rows = {
        n: run("query", str(seed_build), "--name", "actor", "--param", f"actor={n}", "--format", "csv", "--limit", "0").stdout
        for n in ("Azerbaijan", "azerbaijan", "AZERBAIJAN")
    }
    assert len(set(rows.values())) == 1 and len(rows["Azerbaijan"].splitlines()) > 1


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("query", "{src}"), "give exactly one of"),
        (("query",), "give a source"),
        (("query", "{src}", "--name", "timeline", "--param", "novalue"), "NAME=VALUE"),
    ],
)
def test_a_query_missing_its_words_is_a_usage_error(tmp_path, args, says):
    (tmp_path / "g.ttl").write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    done = run(*[a.format(src=tmp_path / "g.ttl") for a in args])
    assert done.returncode == 2 and says in done.stderr


def test_an_unknown_parameter_names_the_ones_a_question_takes(tmp_path):
    (tmp_path / "g.ttl").write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    done = run("query", str(tmp_path / "g.ttl"), "--name", "timeline", "--param", "foo=bar")
    assert done.returncode == 1 and "takes actor, country, from, place, to, type, not foo" in done.stderr


def test_a_query_file_that_never_ends_is_refused_not_read_forever(tmp_path):
    (tmp_path / "g.ttl").write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    done = subprocess.run(
        ["prlimit", "--as=2000000000", sys.executable, "-m", "kg", "query", str(tmp_path / "g.ttl"), "--file", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "more than a question needs" in done.stderr
