"""`kg serve`: a local, read-only SPARQL 1.1 Protocol endpoint over an output folder or a store.

It answers the Protocol (`GET /sparql?query=…`, `POST` form-encoded or `application/sparql-query`) in the
standard result formats by content negotiation, each library question at `/questions/NAME?param=…`, the
list of questions at `/questions`, and the build's `graph.html` at `/`. Updates are refused with 403: the
server never changes what it serves. It binds to 127.0.0.1 unless told otherwise.

How it holds up under load and attack (issue #33):
- HTTP is waitress's, a WSGI server kept by the Pylons project: a fixed pool of request threads, sockets
  read by one event loop (an idle connection holds no thread and is closed after `channel_timeout`), a cap
  on connections, request bodies and headers, and Content-Length parsed strictly. Chosen over more
  hand-written `http.server` code (one thread per connection, no timeouts, no caps) and over an ASGI stack
  (Starlette + uvicorn: two packages and an event loop for what is a blocking question to a process).
- Each question runs in one of a few query processes (`kg.query.sandbox`), killed at the time limit, past the
  memory bound, or when the client leaves, and then replaced; a request waits for a free one at most the
  time limit, so the server's memory is bounded by its parts, not by what it is asked.
- A request whose `Host` is not the address it was sent to is refused (403): a web page on another site
  cannot reach the server through DNS rebinding.
- Errors are HTTP statuses chosen by exception type (`QueryRefused` 403, `UnknownQuestion` 404,
  `QueryLimit` 503, any other user error 400).
"""

from __future__ import annotations

import json
import logging
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

from kg import query
from kg.errors import KGError, QueryError, QueryLimit, QueryRefused, UnknownQuestion
from kg.query import Source
from kg.query.sandbox import Limits, Pool, Reply, Request

SELECT_TYPES = {  # media type -> kg.query.results format
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "sparql-tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdfxml",
    "application/ld+json": "jsonld",
}
MAX_BODY = 1_000_000  # a query is text, not a payload


class NotAcceptable(QueryError):
    """The client accepts no format this kind of answer is written in: 406."""


STATUS = {
    NotAcceptable: HTTPStatus.NOT_ACCEPTABLE,
    QueryRefused: HTTPStatus.FORBIDDEN,
    UnknownQuestion: HTTPStatus.NOT_FOUND,
    QueryLimit: HTTPStatus.SERVICE_UNAVAILABLE,
}


@dataclass(frozen=True, slots=True)
class Settings:
    """How `kg serve` runs: where it listens, how many query processes and request threads, and the limits
    of one question (`kg.query.sandbox.Limits`)."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    threads: int = 8
    limits: Limits = field(default_factory=Limits)
    connection_limit: int = 500
    idle_seconds: int = 15
    allowed_hosts: tuple[str, ...] = ()


def negotiate(accept: str, offered: dict[str, str], default: str) -> str | None:
    """The offered media type the client prefers (q-values honoured), `default` for `*/*` or none given."""
    if not accept.strip():
        return default
    ranked = []
    for n, item in enumerate(accept.split(",")):
        kind, *params = (p.strip() for p in item.split(";"))
        q = next((float(p[2:]) for p in params if p.startswith("q=") and p[2:].replace(".", "", 1).isdecimal()), 1.0)
        ranked.append((-q, n, kind.lower()))
    for _q, _n, kind in sorted(ranked):
        if kind in offered:
            return kind
        if kind in {"*/*", "application/*", "text/*"} and _q < 0:
            return default
    return None


# -- in the query processes ------------------------------------------------------------------------------
def answer(opened: Source | str, request: Request | None) -> Source | Reply:
    """Run in a query process (`kg.query.sandbox`): open the source (no request), or answer one request
    through the one ask path, written in the format the client accepts."""
    from kg.query import results

    if request is None:
        return query.open_source(str(opened))
    assert isinstance(opened, Source)
    found = query.ask(
        opened,
        request.text,
        request.params,
        limit=request.limit,
        offset=request.offset,
        allow_service=request.allow_service,
        raw=request.params is None,
    )
    offered = GRAPH_TYPES if found.kind == "GRAPH" else SELECT_TYPES
    media = negotiate(request.accept, offered, "text/turtle" if found.kind == "GRAPH" else "application/sparql-results+json")
    if media is None:
        raise NotAcceptable(("a graph" if found.kind == "GRAPH" else "a SELECT or ASK") + " answers as " + ", ".join(offered))
    return Reply(media, results.render(found, offered[media]).encode("utf-8"))


# -- in the server ----------------------------------------------------------------------------------------
class App:
    """The WSGI application: routes, parameters and statuses; the questions go to the pool."""

    def __init__(self, source: str | Path, pool: Pool, allowed_hosts: Iterable[str]):
        self.page = Path(source) / "graph.html" if Path(source).is_dir() else None
        self.pool = pool
        self.allowed_hosts = {h.lower() for h in allowed_hosts}

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        status, media, body = self.respond(environ)
        headers = [("Content-Type", media), ("Content-Length", str(len(body))), ("Vary", "Accept")]
        headers.append(("X-Content-Type-Options", "nosniff"))
        start_response(f"{status.value} {status.phrase}", headers)
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    def respond(self, environ: dict) -> tuple[HTTPStatus, str, bytes]:
        host = (environ.get("HTTP_HOST") or "").lower()
        if host not in self.allowed_hosts:
            return _text(HTTPStatus.FORBIDDEN, "this server answers requests sent to its own address only (Host header)")
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in {"GET", "HEAD", "POST"}:
            return _text(HTTPStatus.METHOD_NOT_ALLOWED, "use GET or POST")
        try:
            fields = _form(environ)
        except ValueError as exc:
            return _text(HTTPStatus.BAD_REQUEST, str(exc))
        path = (environ.get("PATH_INFO") or "/").rstrip("/") or "/"
        if "update" in fields:
            return _text(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
        accept = environ.get("HTTP_ACCEPT", "")
        try:
            if path in {"/sparql", "/query"}:
                if not fields.get("query"):
                    return _text(HTTPStatus.BAD_REQUEST, "give the query as ?query=... or a POST body")
                return self.ask(Request(fields["query"][0], None, 0, 0, accept), environ)
            if path == "/questions":
                listing = [
                    {"name": q.name, "description": q.description, "params": q.params, "url": f"/questions/{q.name}"}
                    for q in query.library().values()
                ]
                return HTTPStatus.OK, "application/json", json.dumps(listing, indent=1).encode()
            if path.startswith("/questions/"):
                return self.ask(_question(path.split("/", 2)[2], fields, accept), environ)
        except KGError as exc:
            return _error(exc)
        if path in {"/", "/graph.html"} and self.page is not None and self.page.is_file():
            return HTTPStatus.OK, "text/html; charset=utf-8", self.page.read_bytes()
        return _text(HTTPStatus.NOT_FOUND, "try /sparql?query=..., /questions or /")

    def ask(self, request: Request, environ: dict) -> tuple[HTTPStatus, str, bytes]:
        gone = environ.get("waitress.client_disconnected", lambda: False)
        try:
            reply = self.pool.ask(request, gone)
        except KGError as exc:
            return _error(exc)
        return HTTPStatus.OK, f"{reply.media}; charset=utf-8", reply.body


def _question(name: str, fields: dict[str, list[str]], accept: str) -> Request:
    q = query.question(urllib.parse.unquote(name))
    paging = {k: fields.pop(k)[0] for k in ("limit", "offset") if k in fields}
    if not all(v.isascii() and v.isdecimal() and len(v) <= 9 for v in paging.values()):
        raise QueryError("limit and offset are whole numbers (digits 0-9)")
    params = query.bind(q, {k: v[0] for k, v in fields.items()})
    return Request(q.text, params, int(paging.get("limit", 0)), int(paging.get("offset", 0)), accept)


def _form(environ: dict) -> dict[str, list[str]]:
    fields = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    if environ.get("REQUEST_METHOD") == "POST":
        length = int(environ.get("CONTENT_LENGTH") or 0)  # waitress has checked it: digits, at most MAX_BODY
        body = environ["wsgi.input"].read(min(length, MAX_BODY)).decode("utf-8", errors="replace")
        kind = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        if kind == "application/sparql-query":
            fields.setdefault("query", []).append(body)
        elif kind == "application/sparql-update":
            fields.setdefault("update", []).append(body)
        else:
            for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items():
                fields.setdefault(k, []).extend(v)
    return fields


def _text(status: HTTPStatus, message: str) -> tuple[HTTPStatus, str, bytes]:
    return status, "text/plain; charset=utf-8", (message.strip() + "\n").encode("utf-8")


def _error(exc: KGError) -> tuple[HTTPStatus, str, bytes]:
    status = next((s for kind, s in STATUS.items() if isinstance(exc, kind)), HTTPStatus.BAD_REQUEST)
    return _text(status, str(exc))


def allowed_hosts(host: str, port: int, extra: Iterable[str] = ()) -> set[str]:
    """The Host headers a request may carry: the bound address, and the loopback names when it is one."""
    names = {host, *extra}
    if host in {"127.0.0.1", "localhost", "::1", "0.0.0.0", "::"}:
        names |= {"127.0.0.1", "localhost", "[::1]"}
    if host in {"0.0.0.0", "::"}:
        import socket

        names.add(socket.gethostname())
    out = set()
    for name in names:
        name = f"[{name}]" if ":" in name and not name.startswith("[") else name
        out |= {f"{name}:{port}".lower()} | ({name.lower()} if port == 80 else set())
    return out


def _connection_limit(wanted: int) -> int:
    """How many connections to hold open: `wanted`, with the soft limit on open files raised to fit it where
    the hard limit allows, else what the descriptors left allow. Past the descriptors, accepting fails on
    every turn of the loop and the server spins (seen at 256: new clients timed out, 93 % CPU); at the
    connection limit waitress stops accepting and new clients wait in the listen queue instead."""
    spare = 64  # the query processes' pipes, the page, the fork server, log files
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != resource.RLIM_INFINITY and soft < wanted + spare:
            soft = wanted + spare if hard == resource.RLIM_INFINITY else min(wanted + spare, hard)
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    except (ImportError, ValueError, OSError):
        return wanted
    return wanted if soft == resource.RLIM_INFINITY else max(8, min(wanted, soft - spare))


def serve(source: str | Path, settings: Settings | None = None, ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted; `ready(url)` is called once the socket listens and the query processes are
    ready."""
    import waitress.server

    settings = settings or Settings()
    if not Path(source).exists():
        raise QueryError(f"{source}: no such file or folder")
    logging.getLogger("waitress").setLevel(logging.ERROR)  # its queue-depth notes are not the user's business
    pool = Pool(source, f"{__name__}.answer", settings.workers, settings.limits)
    try:
        app = App(source, pool, ())
        server = waitress.server.create_server(
            app,
            host=settings.host,
            port=settings.port,
            threads=settings.threads,
            connection_limit=_connection_limit(settings.connection_limit),
            channel_timeout=settings.idle_seconds,
            max_request_body_size=MAX_BODY,
            max_request_header_size=MAX_BODY + 16_384,  # a GET carries its query in the URL
            channel_request_lookahead=1,  # lets a request see that its client has gone
            ident="conflict-kg",
            expose_tracebacks=False,
            clear_untrusted_proxy_headers=True,
        )
        port = server.effective_port
        app.allowed_hosts = allowed_hosts(settings.host, int(port), settings.allowed_hosts)
        if ready:
            ready(f"http://{settings.host}:{port}")
        try:
            server.run()
        finally:
            server.close()
    finally:
        pool.close()
