"""Questions answered in processes of their own, each stopped at a time limit and a memory bound.

Why processes: neither engine can be interrupted inside a query (a sorted cross product of a 4,800-triple
graph took a server past 4 GB in 20 s and ran on after its client left), and rdflib's SPARQL parser is not
thread-safe. A process can be killed at any moment and gives all its memory back; it runs one question at a
time, so nothing in it is shared between requests. `kg serve` keeps a few of them warm (`Pool`), each with
the source open, and replaces one that was stopped.

The processes start from a fork server (`multiprocessing`'s "forkserver"): a clean single-threaded process,
never a copy of the threaded HTTP server, so no lock held by another thread is copied into a child.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError, QueryError, QueryLimit

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
POLL = 0.05  # seconds between looks at a running question's clock, memory and client


@dataclass(frozen=True, slots=True)
class Limits:
    """What one question may take: wall time (s), memory above its process's resting size (MiB), and the
    size of its answer (MiB)."""

    seconds: float = 30.0
    memory_mib: int = 384
    answer_mib: int = 64


@dataclass(frozen=True, slots=True)
class Request:
    """One question as `kg serve` received it: text or a library question's text with its parameters, the
    page wanted, and the client's Accept header (the answer's format is chosen once its kind is known)."""

    text: str
    params: dict[str, str] | None
    limit: int
    offset: int
    accept: str
    allow_service: bool = False


@dataclass(frozen=True, slots=True)
class Reply:
    media: str
    body: bytes


def rss_mib(pid: int) -> float | None:
    """Resident memory of a process, from /proc (Linux); None where it cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE / 2**20
    except (OSError, ValueError, IndexError):
        return None


def _serve(conn, source: str, answer_name: str) -> None:
    """The loop of one query process: open the source, say how big it is at rest, then answer requests."""
    import importlib
    import pickle

    module, _, name = answer_name.rpartition(".")
    answer: Callable = getattr(importlib.import_module(module), name)
    try:
        opened = answer(source, None)  # called with no request: open the source and return it
    except KGError as exc:
        conn.send_bytes(pickle.dumps(("error", exc)))
        return
    conn.send_bytes(pickle.dumps(("ready", None)))
    while True:
        try:
            request = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return  # the server has gone
        try:
            outcome = ("ok", answer(opened, request))
        except KGError as exc:
            outcome = ("error", exc)
        except MemoryError:
            outcome = ("error", QueryLimit("the question needed more memory than a question may take here"))
        except RecursionError:
            outcome = ("error", QueryError("the query nests too deeply to be answered"))
        except Exception as exc:  # a bug of ours or an engine error: one line, never the process
            outcome = (
                "error",
                QueryError(f"the query failed: {type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"),
            )
        try:
            conn.send_bytes(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, ValueError):
            return


class QueryProcess:
    """One process with the source open, answering one request at a time."""

    def __init__(self, context, source: str, answer_name: str, start_seconds: float):
        import pickle

        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, source, answer_name), daemon=True)
        self.process.start()
        child.close()
        try:
            if not self.conn.poll(start_seconds):
                raise QueryLimit(f"the query process did not open {source} within {start_seconds:g} s")
            kind, value = pickle.loads(self.conn.recv_bytes())
        except (EOFError, OSError):
            self.stop()
            raise QueryError(f"the query process could not open {source}") from None
        except QueryLimit:
            self.stop()
            raise
        if kind == "error":
            self.stop()
            raise value
        self.resting = rss_mib(self.process.pid or 0) or 0.0

    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def ask(self, request: Request, limits: Limits, gone: Callable[[], bool]) -> Reply:
        """Send the request and wait for its reply; stop the process at the time limit, past the memory
        bound, when the answer outgrows its bound, or when `gone()` says the client has left."""
        import pickle

        self.conn.send_bytes(pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
        deadline = time.monotonic() + limits.seconds
        pid = self.process.pid or 0
        while not self.conn.poll(POLL):
            why = None
            if time.monotonic() > deadline:
                why = (
                    f"the question ran past its time limit of {limits.seconds:g} s and was stopped; narrow it (a LIMIT, a scope)"
                )
            elif (rss_mib(pid) or 0.0) - self.resting > limits.memory_mib:
                why = f"the question needed more than {limits.memory_mib} MiB of memory and was stopped; narrow it (a LIMIT, a scope)"
            elif gone():
                why = "the client left before the answer was ready"
            elif not self.process.is_alive():
                why = "the query process ended without an answer"
            if why:
                self.stop()
                raise QueryLimit(why)
        try:
            kind, value = pickle.loads(self.conn.recv_bytes(maxlength=(limits.answer_mib + 1) * 2**20))
        except OSError:  # longer than maxlength, or the pipe broke
            self.stop()
            raise QueryLimit(
                f"the answer is larger than {limits.answer_mib} MiB; ask for pages (limit, offset) or narrow it"
            ) from None
        except EOFError:
            self.stop()
            raise QueryLimit("the query process ended without an answer (out of memory?)") from None
        if kind == "error":
            raise value
        return value


class Pool:
    """A fixed number of query processes for one source; a request waits at most its time limit for one.

    `answer(opened, request)` runs in the processes: called once with `request=None` to open `source`, then
    once per request with what that returned. It is named by its dotted path, so the fork server imports it.
    """

    def __init__(self, source: str | Path, answer_name: str, size: int = 2, limits: Limits | None = None):
        self.source = str(source)
        self.answer_name = answer_name
        self.limits = limits or Limits()
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload([answer_name.rpartition(".")[0]])
        self.idle: queue.Queue[QueryProcess | None] = queue.Queue()
        self.lock = threading.Lock()
        self.everyone: list[QueryProcess] = []
        for _ in range(size):
            self.idle.put(self._start())

    def _start(self) -> QueryProcess:
        process = QueryProcess(self.context, self.source, self.answer_name, max(60.0, self.limits.seconds))
        with self.lock:
            self.everyone = [p for p in self.everyone if p.alive()] + [process]
        return process

    def ask(self, request: Request, gone: Callable[[], bool] = lambda: False) -> Reply:
        try:
            process = self.idle.get(timeout=self.limits.seconds)
        except queue.Empty:
            raise QueryLimit("every query process is busy; try again in a moment") from None
        try:
            if process is None or not process.alive():
                process = self._start()
            return process.ask(request, self.limits, gone)
        finally:
            self.idle.put(process if process is not None and process.alive() else None)

    def close(self) -> None:
        with self.lock:
            for process in self.everyone:
                process.stop()
            self.everyone = []
