"""`kg serve`: a local, read-only SPARQL 1.1 Protocol endpoint over an output folder or a store.

One process keeps the store open and warm, so a question costs what the query costs, not a reload. It
answers the Protocol (`GET /sparql?query=…`, `POST` form-encoded or `application/sparql-query`) in the
standard result formats by content negotiation, each library question at `/questions/NAME?param=…`, the
list of questions at `/questions`, and the build's `graph.html` at `/`. Updates are refused with 403: the
server never changes what it serves. It binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import json
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from . import answers, results
from . import query as questions
from . import store as stores
from .errors import KGError, QueryError

SELECT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
}
MAX_BODY = 1_000_000  # a query is text, not a payload


def negotiate(accept: str, offered: dict[str, str], default: str) -> str | None:
    """The offered media type the client prefers (q-values honoured), `default` for `*/*` or none given."""
    if not accept.strip():
        return default
    ranked = []
    for n, item in enumerate(accept.split(",")):
        kind, *params = (p.strip() for p in item.split(";"))
        q = next((float(p[2:]) for p in params if p.startswith("q=") and p[2:].replace(".", "", 1).isdigit()), 1.0)
        ranked.append((-q, n, kind.lower()))
    for _q, _n, kind in sorted(ranked):
        if kind in offered:
            return kind
        if kind in {"*/*", "application/*", "text/*"} and _q < 0:
            return default
    return None


class Server:
    """The open store and what the handler needs to answer from it."""

    def __init__(self, source: str | Path):
        self.page = Path(source) / "graph.html" if Path(source).is_dir() else None
        self.source = Path(stores.backing(source))  # an output folder's own store, when it holds the same graph
        self.store = stores.load_oxigraph(self.source)  # a store opened read-only; files read into memory once
        self.kept = stores.is_store(self.source)

    def ask(self, text: str, params: dict[str, str] | None = None, limit: int = 0, offset: int = 0):
        questions.check_read_only(text)
        found = answers.find(self.source, text, params, raw=params is None) if self.kept else None
        if found is not None:  # kept by the build: the page is read, in the format the store would give
            try:
                page = results.render(found.page(limit, offset), "json").encode("utf-8")
            finally:
                found.db.close()
            return ox.parse_query_results(page, format=ox.QueryResultsFormat.JSON)
        full, rest = questions.prepare(
            text, params, params is None, lambda q: [s[0].value for s in self.store.query(q, use_default_graph_as_union=True)]
        )
        full = questions.page(full, limit, offset, probe=False)[0] if limit or offset else full
        return self.store.query(questions.inline_values(full, rest), use_default_graph_as_union=True)


class Handler(BaseHTTPRequestHandler):
    """One request: the Protocol, the questions, the page. `app` is the open `Server` (set by `make_handler`)."""

    app: Server
    protocol_version = "HTTP/1.1"
    server_version = "conflict-kg"

    def log_message(self, format: str, *args) -> None:  # quiet: a local tool, not a web server's log
        return

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message.strip() + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _answer(self, text: str, params: dict[str, str] | None = None, limit: int = 0, offset: int = 0) -> None:
        try:
            result = self.app.ask(text, params, limit, offset)
        except KGError as exc:
            status = HTTPStatus.FORBIDDEN if "Update" in str(exc) else HTTPStatus.BAD_REQUEST
            return self._error(status, str(exc))
        except (SyntaxError, ValueError, OSError) as exc:
            return self._error(HTTPStatus.BAD_REQUEST, f"the query failed: {str(exc).splitlines()[0][:300]}")
        try:
            self._send_result(result)
        finally:
            del result  # pyoxigraph's results belong to this thread: never left for another to drop

    def _send_result(self, result) -> None:
        accept = self.headers.get("Accept", "")
        if isinstance(result, ox.QueryTriples):
            kind = negotiate(accept, GRAPH_TYPES, "text/turtle")
            if kind is None:
                return self._error(HTTPStatus.NOT_ACCEPTABLE, "a graph answers as " + ", ".join(GRAPH_TYPES))
            body = result.serialize(format=getattr(ox.RdfFormat, GRAPH_TYPES[kind])) or b""
        else:
            kind = negotiate(accept, SELECT_TYPES, "application/sparql-results+json")
            if kind is None:
                return self._error(HTTPStatus.NOT_ACCEPTABLE, "a SELECT or ASK answers as " + ", ".join(SELECT_TYPES))
            body = result.serialize(format=getattr(ox.QueryResultsFormat, SELECT_TYPES[kind])) or b""
        self._send(HTTPStatus.OK, body, f"{kind}; charset=utf-8")

    def _form(self) -> dict[str, list[str]]:
        parsed = urllib.parse.urlsplit(self.path)
        fields = urllib.parse.parse_qs(parsed.query, keep_blank_values=True)
        if self.command == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                raise ValueError(f"a request body of {length} bytes is more than a query needs")
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if kind == "application/sparql-query":
                fields.setdefault("query", []).append(body)
            elif kind == "application/sparql-update":
                fields.setdefault("update", []).append(body)
            else:
                for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items():
                    fields.setdefault(k, []).extend(v)
        return fields

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_POST(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path.rstrip("/") or "/"
        try:
            fields = self._form()
        except ValueError as exc:
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, str(exc))
        if "update" in fields:
            return self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
        if path in {"/sparql", "/query"}:
            if not fields.get("query"):
                return self._error(HTTPStatus.BAD_REQUEST, "give the query as ?query=... or a POST body")
            return self._answer(fields["query"][0])
        if path == "/questions":
            listing = [
                {"name": q.name, "description": q.description, "params": q.params, "url": f"/questions/{q.name}"}
                for q in questions.library().values()
            ]
            return self._send(HTTPStatus.OK, json.dumps(listing, indent=1).encode(), "application/json")
        if path.startswith("/questions/"):
            return self._question(path.split("/", 2)[2], fields)
        if path in {"/", "/graph.html"} and self.app.page is not None and self.app.page.is_file():
            return self._send(HTTPStatus.OK, self.app.page.read_bytes(), "text/html; charset=utf-8")
        return self._error(HTTPStatus.NOT_FOUND, "try /sparql?query=..., /questions or /")

    def _question(self, name: str, fields: dict[str, list[str]]) -> None:
        try:
            q = questions.question(urllib.parse.unquote(name))
            paging = {k: fields.pop(k)[0] for k in ("limit", "offset") if k in fields}
            if not all(v.isdigit() for v in paging.values()):
                raise QueryError("limit and offset are whole numbers")
            params = questions.bind(q, {k: v[0] for k, v in fields.items()})
        except KGError as exc:
            status = HTTPStatus.NOT_FOUND if "no question" in str(exc) else HTTPStatus.BAD_REQUEST
            return self._error(status, str(exc))
        return self._answer(q.text, params, int(paging.get("limit", 0)), int(paging.get("offset", 0)))


def make_handler(server: Server) -> type[Handler]:
    return type("BoundHandler", (Handler,), {"app": server})


def serve(source: str | Path, host: str = "127.0.0.1", port: int = 8000, ready=None) -> None:
    """Serve until interrupted; `ready(url)` is called once the socket listens."""
    handler = make_handler(Server(source))
    with ThreadingHTTPServer((host, port), handler) as httpd:
        url = f"http://{host}:{httpd.server_address[1]}"
        if ready:
            ready(url)
        httpd.serve_forever()
