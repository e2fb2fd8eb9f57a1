"""`kg serve` under hostile and concurrent clients: a real server process on 127.0.0.1, real sockets, real
threads. Each test is a case of the attack trial (issue #33); none sleeps to wait for the server."""

from __future__ import annotations

import concurrent.futures
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg import pipeline, query

pytestmark = pytest.mark.server
ROOT = Path(__file__).resolve().parent.parent


def start(source: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(source), "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()  # printed once the socket listens and the query processes are ready
    assert "serving" in line, line + proc.stderr.read()
    return proc, line.split(" at ", 1)[1].split("/ ", 1)[0]


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def built(spacy_model, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("attacks")
    pipeline.build([str(ROOT / "tests" / "data-incidents")], out)
    return out


@pytest.fixture()
def fresh(real_server, built):
    """A server started for this test alone: the concurrency cases need one nobody has warmed."""
    proc, url = start(built, "--timeout", "5", "--memory", "600")
    yield url, proc.pid
    stop(proc)


def fetch(url: str, data: bytes | None = None, headers: dict | None = None, timeout: float = 60) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants (the query processes), in MiB."""
    total = 0.0
    for p in [pid, *descendants(pid)]:
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * 4096 / 2**20
        except (OSError, ValueError):
            continue
    return total


DISTINCT = [f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a conf:Event . FILTER(STRLEN(STR(?s)) > {k}) }}" for k in range(20)]


def test_two_hundred_concurrent_requests_of_twenty_texts_are_all_answered_right(fresh, built):
    url, _pid = fresh
    expected = {text: int(str(query.ask(built, text).rows[0][0])) for text in DISTINCT}
    jobs = [DISTINCT[i % len(DISTINCT)] for i in range(200)]

    def ask(text: str) -> tuple[str, int, str]:
        status, body = fetch(f"{url}/sparql?" + urllib.parse.urlencode({"query": text}))
        return text, status, body

    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(ask, jobs))
    wrong = [
        (t, s, b[:200])
        for t, s, b in answers
        if s != 200 or int(json.loads(b)["results"]["bindings"][0]["n"]["value"]) != expected[t]
    ]
    assert not wrong, f"{len(wrong)} of 200 wrong, e.g. {wrong[0]}"
    # and the library still answers afterwards (a broken parser would refuse it for the server's life)
    assert fetch(f"{url}/questions/most-reported")[0] == 200


def test_a_sorted_cross_product_is_stopped_at_a_limit_with_the_server_under_1_gb(fresh):
    url, pid = fresh
    monster = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
    peak = 0.0
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pending = pool.submit(fetch, f"{url}/sparql?" + urllib.parse.urlencode({"query": monster}))
        while not pending.done():
            peak = max(peak, rss_mib(pid))
            time.sleep(0.05)
        status, body = pending.result()
    assert status == 503 and ("time limit" in body or "memory" in body), (status, body[:300])
    assert peak < 1024, peak
    assert fetch(f"{url}/sparql?" + urllib.parse.urlencode({"query": DISTINCT[0]}))[0] == 200


def test_a_cross_product_stops_when_its_client_leaves(fresh):
    url, pid = fresh
    port = urllib.parse.urlsplit(url).port
    monster = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c"
    request = f"GET /sparql?{urllib.parse.urlencode({'query': monster})} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(request.encode())
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and not _busy(pid):
            time.sleep(0.02)
        assert _busy(pid), "the query never started"
    # the client has gone: the query process working for it is stopped well before the time limit (5 s)
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and _busy(pid):
        time.sleep(0.05)
    assert not _busy(pid)


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (the fork server and the query processes it started), from /proc."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            children = [int(c) for t in Path(f"/proc/{p}/task").iterdir() for c in (t / "children").read_text().split()]
        except OSError:
            continue
        found += children
        todo += children
    return found


def _busy(pid: int) -> int:
    """Descendant processes using CPU right now (state R), read from /proc."""
    n = 0
    for child in descendants(pid):
        try:
            n += Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0] == "R"
        except OSError:
            continue
    return n


@pytest.fixture(scope="module")
def served(real_server, built):
    """One server for the cases that do not need a fresh one."""
    proc, url = start(built, "--timeout", "5")
    yield url, proc
    stop(proc)


class Listener:
    """A plain HTTP server on 127.0.0.1 that records every request made to it: the attacker's endpoint."""

    def __init__(self):
        import http.server
        import threading

        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                body = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"leaked"}}]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args):
                return

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture()
def listener():
    ear = Listener()
    yield ear
    ear.close()


def hidden_service(url: str) -> str:
    escaped = "\\u0022"  # a quote for rdflib, which expands escapes first; a character in a string for Oxigraph
    return f'SELECT ?x WHERE {{ BIND("{escaped}" AS ?a) SERVICE <{url}> {{ ?x ?p ?o }} BIND("{escaped}" AS ?b) }}'


def test_a_service_hidden_by_unicode_escapes_never_goes_out(served, built, listener):
    url, _ = served
    plain = f"SELECT ?x WHERE {{ SERVICE <{listener.url}> {{ ?x ?p ?o }} }}"
    for text in (hidden_service(listener.url), plain):
        status, body = fetch(f"{url}/sparql?" + urllib.parse.urlencode({"query": text}))
        assert "leaked" not in body and status in {200, 400, 403}, (status, body)
        for allow in (False,):
            try:
                answer = query.ask(built, text, allow_service=allow)
                assert "leaked" not in str(answer.rows)
            except query.QueryError:
                pass
    assert listener.hits == []
    # the listener does answer a query that is let out: the check above could have failed
    assert "leaked" in str(query.ask(built, plain, allow_service=True).rows)
    assert listener.hits


def raw_request(url: str, request: bytes, timeout: float = 10) -> bytes:
    """Send bytes as they are and read until the server closes (or resets) the connection."""
    port = urllib.parse.urlsplit(url).port
    chunks = []
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(request)
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass
    return b"".join(chunks)


def test_a_negative_content_length_is_refused_without_reading_on(served):
    url, _ = served
    port = urllib.parse.urlsplit(url).port
    reply = raw_request(
        url,
        f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query\r\nContent-Length: -1\r\n\r\n".encode()
        + b"x" * 1000,
    )
    assert reply.startswith(b"HTTP/1.1 400"), reply[:200]


def test_a_body_over_the_bound_is_refused(served):
    url, _ = served
    port = urllib.parse.urlsplit(url).port
    head = f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query\r\nContent-Length: 2000000\r\n\r\n"
    reply = raw_request(url, head.encode() + b"#" * 1000)  # the server answers before the body would end
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]


def test_another_host_header_is_refused(served):
    url, _ = served
    port = urllib.parse.urlsplit(url).port
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1:1"):
        reply = raw_request(url, f"GET /questions HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        assert reply.startswith(b"HTTP/1.1 403"), (host, reply[:100])
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        reply = raw_request(url, f"GET /questions HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        assert reply.startswith(b"HTTP/1.1 200"), (host, reply[:100])


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/sparql?query=" + urllib.parse.quote("SELECT * WHERE { FILTER(" + "(" * 2000 + "1" + ")" * 2000 + ") }"), 400),
        ("/questions/timeline?limit=" + urllib.parse.quote("²"), 400),
        ("/questions/timeline?offset=" + urllib.parse.quote("٣"), 400),
        ("/questions/date-range?from=2024-13-45&to=2024-12-31", 400),
        ("/sparql?query=", 400),
        ("/sparql?query=%20%20", 400),
        ("/questions/timeline?foo=bar", 400),
    ],
)
def test_hostile_parameters_get_a_status_and_the_server_answers_on(served, path, status):
    url, _ = served
    got, body = fetch(url + path)
    assert got == status, body
    assert fetch(f"{url}/questions/most-reported")[0] == 200


def test_idle_sockets_do_not_lock_out_new_clients(served):
    url, proc = served
    port = urllib.parse.urlsplit(url).port
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(400)]
    try:
        t0 = time.monotonic()
        status, _ = fetch(f"{url}/questions", timeout=20)
        assert status == 200 and time.monotonic() - t0 < 10
    finally:
        for s in idle:
            s.close()
    assert proc.poll() is None


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_with_few_descriptors_held_sockets_neither_spin_the_server_nor_lock_it(built):
    proc = subprocess.Popen(
        ["prlimit", "--nofile=256:256", sys.executable, "-m", "kg", "serve", str(built), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert "serving" in line, line + proc.stderr.read()
        url = line.split(" at ", 1)[1].split("/ ", 1)[0]
        port = urllib.parse.urlsplit(url).port
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(400)]
        try:
            before = cpu_seconds(proc.pid)
            time.sleep(2)  # a spinning accept loop would burn most of these two seconds
            assert cpu_seconds(proc.pid) - before < 0.5
        finally:
            for s in idle:
                s.close()
        assert fetch(f"{url}/questions", timeout=20)[0] == 200
    finally:
        stop(proc)
