"""What conflict-kg sends over the network (`kg query URL`, `kg push`) and what it reads as a graph: bounded
in time and size, credentials never forwarded, hostile answers one clear error, no remote JSON-LD context
fetched. Hostile endpoints are small HTTP servers of the test's own on 127.0.0.1."""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
import time
from collections.abc import Callable

import pytest

from kg import query, store
from kg.errors import InputError, KGError, QueryError
from kg.query import text

SELECT = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


class Endpoint:
    """An HTTP server on 127.0.0.1 whose every answer `respond(handler)` writes; it records what it saw."""

    def __init__(self, respond: Callable):
        self.seen: list[tuple[str, dict]] = []
        seen = self.seen

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                seen.append((self.path, dict(self.headers)))
                with contextlib.suppress(OSError):
                    respond(self)

            do_GET = do_PUT = do_POST

            def log_message(self, *args):
                return

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def endpoint():
    made: list[Endpoint] = []

    def make(respond: Callable) -> Endpoint:
        made.append(Endpoint(respond))
        return made[-1]

    yield make
    for e in made:
        e.close()


def answer(body: bytes, kind: str = "application/sparql-results+json", status: int = 200):
    def respond(h):
        h.send_response(status)
        h.send_header("Content-Type", kind)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return respond


GRAPHS = json.dumps({"head": {"vars": ["g"]}, "results": {"bindings": []}}).encode()


def test_a_redirect_never_carries_the_credentials(endpoint):
    target = endpoint(answer(GRAPHS))

    def redirect(h):
        h.send_response(302)
        h.send_header("Location", f"{target.base}/steal")
        h.send_header("Content-Length", "0")
        h.end_headers()

    first = endpoint(redirect)
    url = first.base.replace("http://", "http://analyst:secret@") + "/query"
    with pytest.raises(KGError, match="redirected") as caught:
        query.ask(url, SELECT)
    assert "secret" not in str(caught.value)
    assert target.seen == []  # never followed, so never sent anything there
    assert "Authorization" in first.seen[0][1]  # the endpoint named was asked, with the credentials


def test_a_trickling_endpoint_is_stopped_at_the_timeout(endpoint):
    def trickle(h):
        h.send_response(200)
        h.send_header("Content-Type", "application/sparql-results+json")
        h.send_header("Content-Length", "1000")
        h.end_headers()
        for _ in range(100):
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(0.2)

    slow = endpoint(trickle)
    t0 = time.monotonic()
    with pytest.raises(KGError, match="within 1 s"):
        query.ask(slow.base + "/query", SELECT, timeout=1)
    assert time.monotonic() - t0 < 4


def test_a_huge_answer_is_refused_not_read_whole(endpoint, monkeypatch):
    from kg import web

    monkeypatch.setattr(web, "MAX_ANSWER", 2**20)

    def flood(h):
        h.send_response(200)
        h.send_header("Content-Type", "application/sparql-results+json")
        h.end_headers()  # no length: read until the server closes
        h.close_connection = True
        chunk = b" " * 65536
        for _ in range(200):  # 13 MB offered
            h.wfile.write(chunk)

    big = endpoint(flood)
    with pytest.raises(KGError, match="larger than 1 MiB"):
        query.ask(big.base + "/query", SELECT)


@pytest.mark.parametrize(
    "body",
    [
        b'{"results": 1}',
        b'{"head": {}, "results": {"bindings": 3}}',
        b"[1, 2]",
        b"not json",
        b'{"head": {"vars": [1]}}',
        b"[" * 100_000,
    ],
)
def test_an_answer_that_is_not_sparql_results_is_one_query_error(endpoint, body):
    bad = endpoint(answer(body))
    with pytest.raises(QueryError, match=r"not valid|not SPARQL"):
        query.ask(bad.base + "/query", SELECT)


def test_a_remote_json_ld_context_is_never_fetched(endpoint, tmp_path):
    context = endpoint(answer(b'{"@context": {"name": "http://schema.org/name"}}', "application/ld+json"))
    for ctx in (context.base + "/ctx.jsonld", [context.base + "/ctx.jsonld"], (tmp_path / "ctx.jsonld").as_uri()):
        doc = tmp_path / "graph.jsonld"
        doc.write_text(json.dumps({"@context": ctx, "@id": "http://example.org/a", "name": "A"}))
        with pytest.raises(InputError, match="context"):
            store.load_rdflib(doc)
    assert context.seen == []
    inline = tmp_path / "inline.jsonld"
    inline.write_text(json.dumps({"@context": {"name": "http://schema.org/name"}, "@id": "http://example.org/a", "name": "A"}))
    assert len(store.load_rdflib(inline, with_ontology=False)) == 1


def test_a_push_to_a_query_url_says_where_to_push(endpoint, tmp_path):
    from kg.errors import OutputError
    from kg.exports import interop

    graph = tmp_path / "g.trig"
    graph.write_text("<http://example.org/g> { <http://example.org/a> <http://example.org/b> <http://example.org/c> . }\n")
    server = endpoint(answer(b"not found", "text/plain", status=404))
    with pytest.raises(OutputError, match="Graph Store URL"):
        interop.push(graph, server.base + "/query")


def test_the_verdicts_kept_on_query_texts_are_bounded_and_hold_no_text():
    for n in range(text._VERDICTS_KEPT + 50):
        query.check_read_only(f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {n + 1}  # {'x' * 10_000}")
    assert len(text._VERDICTS) <= text._VERDICTS_KEPT
    assert all(len(text_hash) == 64 for text_hash, _allow in text._VERDICTS)
