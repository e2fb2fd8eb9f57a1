"""A real Oxigraph server (the `oxigraph` package's binary) on 127.0.0.1: push the seed graph, ask the question
library over HTTP, and get the local answers back."""

import json
import shutil
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg import pipeline, query
from kg.exports import interop

ROOT = Path(__file__).resolve().parent.parent
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
PARAMS = {"actor": {"actor": "Baku"}, "date-range": {"from": "2023-09-01", "to": "2023-09-30"}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(real_server, tmp_path_factory):
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen(
        [
            OXIGRAPH,
            "serve",
            "--location",
            str(tmp_path_factory.mktemp("oxstore")),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    line = proc.stdout.readline()  # blocks until the server says it listens: no sleeping
    assert "Listening" in line, line
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def seed_out(spacy_model, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed")
    pipeline.build([str(ROOT / "seeds")], out, html=False)
    return out


def http_select(base: str, text: str) -> list[tuple[str, ...]]:
    body = urllib.parse.urlencode({"query": text}).encode()
    req = urllib.request.Request(f"{base}/query", data=body, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        data = json.load(resp)
    names = data["head"]["vars"]
    return sorted(tuple(b.get(n, {}).get("value", "") for n in names) for b in data["results"]["bindings"])


def test_push_then_every_question_answers_the_same_over_http(server, seed_out):
    sent = interop.push(seed_out, f"{server}/store")
    # every article graph, the entities and incidents graphs, and the ontology in a graph of its own
    assert sent and all("/graph/" in g or g == "https://w3id.org/conflict-kg/ontology" for g in sent)
    assert "https://w3id.org/conflict-kg/ontology" in sent
    for name, q in sorted(query.library().items()):
        params = query.bind(q, PARAMS.get(name, {}))
        local = query.ask(seed_out, q.text, params, engine="oxigraph")
        expected = sorted(tuple("" if t is None else str(t) for t in row) for row in local.rows)
        # a scope's two steps over HTTP: its events first, then the question bound to them
        full, rest = query.prepare(q.text, params, False, lambda text: [row[0] for row in http_select(server, text)])
        remote = http_select(server, query.inline_values(full, rest))
        assert remote == expected, name


def test_push_is_idempotent(server, seed_out):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    interop.push(seed_out, f"{server}/store")
    first = http_select(server, count)
    interop.push(seed_out, f"{server}/store")
    assert http_select(server, count) == first


def test_an_unreachable_endpoint_is_one_clear_error(seed_out):
    with pytest.raises(Exception, match="cannot reach the endpoint"):
        interop.push(seed_out, f"http://127.0.0.1:{free_port()}/store")


@pytest.fixture(scope="module")
def plain_server(real_server, tmp_path_factory):
    """`oxigraph serve` started as a new user would: no union default graph, no ontology."""
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(tmp_path_factory.mktemp("plain")), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    line = proc.stdout.readline()
    assert "Listening" in line, line
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


def test_kg_query_url_asks_a_plain_server_every_question_and_gets_the_local_answers(plain_server, seed_out):
    interop.push(seed_out, f"{plain_server}/store")
    for name, q in sorted(query.library().items()):
        params = query.bind(q, PARAMS.get(name, {}))
        local = query.ask(seed_out, q.text, params, engine="oxigraph")
        remote = query.ask(f"{plain_server}/query", q.text, params)
        assert remote.vars == local.vars, name
        expected = sorted(tuple("" if t is None else str(t) for t in row) for row in local.rows)
        assert sorted(tuple("" if t is None else str(t) for t in row) for row in remote.rows) == expected, name
    done = subprocess.run(
        [sys.executable, "-m", "kg", "query", f"{plain_server}/query", "--name", "timeline", "--format", "csv"],
        capture_output=True,
        text=True,
    )
    assert (
        done.returncode == 0
        and len(done.stdout.splitlines())
        == len(query.ask(seed_out, query.question("timeline").text, query.bind(query.question("timeline"), {})).rows) + 1
    )


def test_an_unreachable_query_endpoint_is_one_clear_error():
    with pytest.raises(Exception, match="cannot reach the endpoint"):
        query.ask(f"http://127.0.0.1:{free_port()}/query", "SELECT * WHERE { ?s ?p ?o }")
