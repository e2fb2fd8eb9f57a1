"""Output stage: graph.nq, graph.trig, graph.ttl and graph.html, written atomically as a build goes.

Every file is written under a temporary name in the output folder and renamed over the old one only when
the build succeeds, so an interrupted build leaves the previous output intact and readers never see half a
file. Graphs are written one at a time, in input order, as they are built: memory is bounded by an article,
not by the corpus. Each graph's quads are sorted as N-Quads lines (diffable, byte-stable), and Oxigraph's
serialisers (Rust) write TriG and Turtle from those lines in that order, several times faster than
rdflib's (rdflib #2135). graph.ttl merges the graphs: Turtle cannot keep graph names (rdflib #1674).
"""

from __future__ import annotations

import os
from collections import deque
from contextlib import ExitStack
from pathlib import Path

from kg.errors import OutputError
from kg.files import atomic_file, write_atomic
from kg.graph import rdf
from kg.graph.vocab import CONF

HTML_ARTICLES = 200  # the page shows the last 200 articles of a build; the store and files hold them all
STORE_CHUNK = 100_000  # triples of a stored graph written at a time
HTML_TRIPLES = 60_000  # ... and at most this many of their triples: the parts of one huge input are many and big
FILES = ("graph.nq", "graph.trig", "graph.ttl")


def check_writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder ({exc.strerror})") from None
    if not os.access(out, os.W_OK):
        raise OutputError(f"{out}: the output folder is not writable")


def _body(data: bytes) -> str:
    """A serialisation without its prefix block (written once at the top of the file)."""
    text = data.decode("utf-8")
    i = 0
    while text.startswith("@prefix ", i):
        i = text.index("\n", i) + 1
    return text[i:]


def _incidents_of(triples: list, events: set[str]) -> list:
    """The incident triples that concern `events`: the incidents reporting any, and the events' own links."""
    report = str(CONF.report)
    wanted = {t.subject.value for t in triples if t.predicate.value == report and t.object.value in events}
    return [t for t in triples if t.subject.value in wanted or t.subject.value in events]


class GraphFiles:
    """`with GraphFiles(out) as files: files.add(name, nquads)` for each graph, in order.

    `add` takes a graph's N-Triples in any order, with repeats; the files get it sorted, once. The page
    (`html=True`) is rendered on success from the last `HTML_ARTICLES` graphs added (at most `HTML_TRIPLES`
    of their triples) and the entities graph.
    """

    def __init__(self, out: Path, html: bool = True, entities_graph: str | None = None):
        self.out, self.html, self.entities_graph = out, html, entities_graph
        self.prefixes = {p: str(ns) for p, ns in rdf.PREFIXES.items()}
        self.quads = 0
        self.files: dict[str, Path] = {}
        self._page: deque = deque(maxlen=HTML_ARTICLES)
        self._entities: list = []
        self._incidents: list = []
        self._page_triples = 0
        self._articles = 0

    def __enter__(self) -> GraphFiles:
        self._stack = ExitStack()
        self.nq, self.trig, self.ttl = (self._stack.enter_context(atomic_file(self.out / n)) for n in FILES)
        head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(self.prefixes.items()))
        self.trig.write(head)
        self.ttl.write(head)
        return self

    def add(self, name: str, ntriples: str) -> None:
        """One named graph, as N-Triples lines in any order, repeats allowed."""
        import pyoxigraph as ox

        lines = sorted({line + "\n" for line in ntriples.split("\n") if line})  # U+0085 and U+2028 are not line ends here
        if not lines:
            return
        self.quads += len(lines)
        graph = f" <{name}> .\n"
        self.nq.write("".join([line[:-3] + graph for line in lines]))
        triples = list(ox.parse("".join(lines), format=ox.RdfFormat.N_TRIPLES))
        if self.html and name.endswith("/graph/_incidents"):  # added last: the incidents of the page's events
            self._incidents.append(_incidents_of(triples, {t.subject.value for g in self._page for t in g}))
        elif self.html:  # the page shows articles and their entities
            if name == self.entities_graph and self._articles > len(self._page):
                # some articles are off the page: only the entities the others name, and what those name
                named = {t.object.value for g in self._page for t in g} | {t.subject.value for g in self._page for t in g}
                named |= {t.object.value for t in triples if t.subject.value in named}
                self._entities.append([t for t in triples if t.subject.value.removesuffix("/geometry") in named])
            elif name == self.entities_graph:
                self._entities.append(triples)
            else:
                self._articles += 1
                self._page.append(triples)
                self._page_triples = sum(len(g) for g in self._page)
                while self._page_triples > HTML_TRIPLES and len(self._page) > 1:  # memory bounded by a page
                    self._page_triples -= len(self._page.popleft())
        turtle = _body(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=self.prefixes) or b"")
        self.ttl.write(turtle)
        # TriG is the graph's Turtle inside `<graph> { }`: one serialisation serves both files
        rows = turtle.split("\n")  # not splitlines: U+0085 or U+2028 inside a literal is not a line end
        rows = rows[:-1] if rows and rows[-1] == "" else rows
        self.trig.write(f"<{name}> {{\n" + "".join(f"\t{row}\n" for row in rows) + "}\n")

    def add_from_store(self, store, name: str) -> None:
        """A graph as the store holds it (an unchanged article, the entities or incidents graph), read and
        written `STORE_CHUNK` triples at a time: a graph of a million triples never sits whole in memory.
        A graph of one chunk is written sorted, as `add` writes any graph; a bigger one chunk by chunk, each
        sorted, in the store's own (deterministic) order."""
        import pyoxigraph as ox

        chunk: list = []
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            chunk.append(quad.triple)
            if len(chunk) >= STORE_CHUNK:
                self.add(name, (ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8"))
                chunk = []
        if chunk:
            self.add(name, (ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8"))

    def __exit__(self, kind, value, tb) -> None:
        page = None
        try:
            if kind is None and self.html:
                from kg.views import network
                from kg.views import page as html_page

                triples = [t for graph in (*self._page, *self._entities, *self._incidents) for t in graph]
                page = html_page.render(network.Triples.from_oxigraph(triples))
        except BaseException as exc:
            self._stack.__exit__(type(exc), exc, exc.__traceback__)
            raise
        self._stack.__exit__(kind, value, tb)
        if kind is None:
            self.files.update({n: self.out / n for n in FILES})
            if page is not None:
                self.files["graph.html"] = write_atomic(self.out / "graph.html", page)
