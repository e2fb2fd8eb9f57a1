"""Every request conflict-kg sends over the network (`kg query URL`, `kg push`): one path, bounded.

Why not `urllib.request.urlopen`: it follows a redirect with the `Authorization` header still on, so a 302
from the endpoint sent the user's credentials to whatever host it named; its timeout bounds each read of the
socket, not the request, so an endpoint trickling a byte a second held `kg query --timeout 3` for 44 s; and
it reads an answer whole, however large. Here a request follows no redirect (it says where it was sent), a
timer closes the socket when the whole request's time is up, and an answer stops at a size bound.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import os
import re
import socket
import threading
import urllib.parse
from dataclasses import dataclass

MAX_ANSWER = 256 * 2**20  # bytes of an answer read at most


class Failure(Exception):
    """Why a request failed, in words a user can act on (credentials never included)."""


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    content_type: str
    body: bytes


def redact(text: str) -> str:
    """Any `scheme://user:password@` in a text, with the credentials hidden."""
    return re.sub(r"(?i)([a-z][a-z0-9+.-]*://)[^/\s@]*@", r"\1***@", text)


def _auth_header() -> dict[str, str]:
    user, password = os.environ.get("KG_ENDPOINT_USER"), os.environ.get("KG_ENDPOINT_PASSWORD")
    if user is None:
        return {}
    token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def with_credentials(endpoint: str, what: str) -> tuple[str, dict[str, str]]:
    """The endpoint URL without its userinfo, and the Basic auth header from it (`http://user:pw@host/store`:
    never in the request line) or from $KG_ENDPOINT_USER/PASSWORD, which win. A URL that is not http(s) is
    a `Failure` that never prints the credentials."""
    try:
        parsed = urllib.parse.urlparse(endpoint)
        parsed.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise Failure(f"{redact(endpoint)}: not a valid URL of a {what}") from None
    if parsed.scheme not in {"http", "https"} or not parsed.hostname:
        raise Failure(f"{redact(endpoint)}: not an http(s) URL of a {what}")
    credentials = {}
    if parsed.username is not None:
        token = base64.b64encode(
            f"{urllib.parse.unquote(parsed.username)}:{urllib.parse.unquote(parsed.password or '')}".encode()
        )
        credentials = {"Authorization": f"Basic {token.decode()}"}
        host = parsed.hostname if ":" not in (parsed.hostname or "") else f"[{parsed.hostname}]"
        endpoint = parsed._replace(netloc=host + (f":{parsed.port}" if parsed.port else "")).geturl()
    return endpoint, {**credentials, **_auth_header()}


def send(
    method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float, max_bytes: int | None = None
) -> Response:
    """One HTTP request, done within `timeout` seconds in all (connect, headers, body), its answer at most
    `max_bytes`; a redirect is a `Failure` naming its target. `url` carries no credentials (see
    `with_credentials`); `headers` may."""
    max_bytes = max_bytes or MAX_ANSWER
    parsed = urllib.parse.urlsplit(url)
    connection_type = http.client.HTTPSConnection if parsed.scheme == "https" else http.client.HTTPConnection
    conn = connection_type(parsed.hostname or "", parsed.port, timeout=timeout)
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        sock = conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    timer.start()
    target = urllib.parse.urlunsplit(("", "", parsed.path or "/", parsed.query, ""))
    try:
        conn.request(method, target, body=body, headers=headers)
        resp = conn.getresponse()
        if 300 <= resp.status < 400:
            where = redact(resp.getheader("Location") or "elsewhere")
            raise Failure(
                f"{redact(url)} redirected ({resp.status}) to {where}: give that URL itself (credentials never follow a redirect)"
            )
        chunks, size = [], 0
        while chunk := resp.read(65536):
            size += len(chunk)
            if size > max_bytes:
                raise Failure(f"{redact(url)}: the answer is larger than {max_bytes // 2**20} MiB; narrow the question (a LIMIT)")
            chunks.append(chunk)
        if expired.is_set():  # the timer shut the socket: what was read is a part of the answer
            raise OSError("expired")
        return Response(resp.status, resp.getheader("Content-Type") or "", b"".join(chunks))
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if expired.is_set():
            raise Failure(f"{redact(url)}: no complete answer within {timeout:g} s") from None
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise Failure(f"{redact(url)}: cannot reach the endpoint ({redact(reason)})") from None
    finally:
        timer.cancel()
        conn.close()
