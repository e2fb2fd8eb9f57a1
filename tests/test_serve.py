"""`kg serve`: a real server process on 127.0.0.1 speaking the SPARQL 1.1 Protocol, serving the questions and
the page, and refusing Update."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg import pipeline, query
from kg.knowledge.ontology import classes

pytestmark = pytest.mark.server
ROOT = Path(__file__).resolve().parent.parent
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a conf:Event }"


@pytest.fixture(scope="module")
def served(real_server, spacy_model, tmp_path_factory):
    out = tmp_path_factory.mktemp("serve")
    pipeline.build([str(ROOT / "tests" / "data-incidents")], out)
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(out), "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    line = proc.stdout.readline()  # printed once the socket listens
    assert "serving" in line, line + proc.stderr.read()
    url = line.split(" at ", 1)[1].split("/ ", 1)[0]
    yield url, out
    proc.terminate()
    proc.wait(timeout=10)


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode("utf-8")


def local_count(out: Path) -> int:
    answer = query.ask(out, COUNT)
    return int(str(answer.rows[0][0]))


def test_the_protocol_by_get_and_both_kinds_of_post(served):
    url, out = served
    expected = local_count(out)
    status, kind, body = fetch(f"{url}/sparql?" + urllib.parse.urlencode({"query": COUNT}))
    assert status == 200 and kind.startswith("application/sparql-results+json")
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == expected
    form = urllib.parse.urlencode({"query": COUNT}).encode()
    assert fetch(f"{url}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})[2] == body
    assert fetch(f"{url}/sparql", COUNT.encode(), {"Content-Type": "application/sparql-query"})[2] == body


@pytest.mark.parametrize(
    ("accept", "kind", "starts"),
    [
        ("text/csv", "text/csv", "n\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", "?n\n"),
        ("application/sparql-results+xml", "application/sparql-results+xml", "<?xml"),
        ("text/html;q=0.9, text/csv;q=0.5", "text/csv", "n\r\n"),
        # a q-value that is no number (a superscript one is a digit to Python) is ignored, not a server error
        ("text/csv;q=\u00b9, application/sparql-results+xml;q=0.5", "text/csv", "n\r\n"),
    ],
)
def test_content_negotiation(served, accept, kind, starts):
    url, _ = served
    status, got, body = fetch(f"{url}/sparql?" + urllib.parse.urlencode({"query": COUNT}), headers={"Accept": accept})
    assert status == 200 and got.startswith(kind) and body.startswith(starts)


def test_a_graph_answers_as_turtle_and_an_impossible_accept_is_406(served):
    url, _ = served
    construct = urllib.parse.urlencode({"query": "CONSTRUCT { ?i a conf:Incident } WHERE { ?i a conf:Incident } LIMIT 3"})
    status, kind, body = fetch(f"{url}/sparql?{construct}")
    assert status == 200 and kind.startswith("text/turtle") and "Incident" in body
    assert fetch(f"{url}/sparql?{construct}", headers={"Accept": "image/png"})[0] == 406


def test_a_library_question_by_url_answers_as_locally(served):
    url, out = served
    status, _, body = fetch(f"{url}/questions/most-reported", headers={"Accept": "text/csv"})
    local = query.ask(out, query.question("most-reported").text)
    assert status == 200 and len(body.strip().splitlines()) == len(local.rows) + 1
    listing = json.loads(fetch(f"{url}/questions")[2])
    assert {q["name"] for q in listing} == set(query.library())
    assert fetch(f"{url}/questions/date-range?from=yesterday&to=2024")[0] == 400
    assert fetch(f"{url}/questions/no-such-question")[0] == 404


@pytest.mark.parametrize(
    ("data", "headers"),
    [
        (b"DROP ALL", {"Content-Type": "application/sparql-update"}),
        (urllib.parse.urlencode({"update": "DROP ALL"}).encode(), {"Content-Type": "application/x-www-form-urlencoded"}),
        (urllib.parse.urlencode({"query": "DROP ALL"}).encode(), {"Content-Type": "application/x-www-form-urlencoded"}),
    ],
)
def test_update_is_refused_with_403_and_changes_nothing(served, data, headers):
    url, out = served
    before = local_count(out)
    assert fetch(f"{url}/sparql", data, headers)[0] == 403
    answer = json.loads(fetch(f"{url}/sparql?" + urllib.parse.urlencode({"query": COUNT}))[2])
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == before


def test_the_page_is_served_at_the_root(served):
    url, out = served
    status, kind, body = fetch(f"{url}/")
    assert status == 200 and kind.startswith("text/html") and body == (out / "graph.html").read_text(encoding="utf-8")


def test_a_question_url_takes_scopes_and_pages(served):
    base, out = served
    everything = json.loads(fetch(f"{base}/questions/timeline")[2])["results"]["bindings"]
    scoped = json.loads(fetch(f"{base}/questions/timeline?type=Attack")[2])["results"]["bindings"]
    assert 0 < len(scoped) < len(everything) and {classes().root(b["event"]["value"]) for b in scoped} == {"Attack"}
    local = query.ask(out, query.question("timeline").text, {"type": "Attack"})
    assert len(local.rows) == len(scoped)
    page = json.loads(fetch(f"{base}/questions/timeline?limit=3&offset=2")[2])["results"]["bindings"]
    assert page == everything[2:5]
    assert fetch(f"{base}/questions/timeline?limit=lots")[0] == 400
