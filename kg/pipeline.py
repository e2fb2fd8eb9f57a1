"""The whole pipeline as one library call: `from kg import build`.

ingest -> nlp -> entities -> events -> rdf -> files. Each stage is a function over typed records; this
module only wires them together, reports progress, and writes outputs atomically (a temporary name in the
output folder, then a rename), so an interrupted build leaves the previous output intact.
"""
from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import events as events_stage
from . import ingest, nlp, rdf
from .entities import link_entities
from .errors import InputError, OutputError
from .records import ArticleResult, Document, Sentence

Progress = Callable[[int, int | None, str], None]


@dataclass(slots=True)
class BuildReport:
    """What a build did: the articles read, the inputs skipped with their reasons, and the files written."""

    articles: list[str] = field(default_factory=list)
    skipped: list[ingest.Skipped] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)
    undated: list[str] = field(default_factory=list)
    stored_graphs: int = 0
    triples: int = 0
    entities: int = 0
    events: int = 0


def analyse(documents: Iterable[Document], model: str | None = None, ontology_dir: str | None = None) -> Iterator[ArticleResult]:
    """Run the NLP, entity and event stages over documents, batching the parser with `nlp.pipe`."""
    pipeline = nlp.load_pipeline(model)
    docs = list(documents) if not isinstance(documents, list) else documents
    texts = (d.text[d.title_start:] for d in docs)
    for document, parsed in zip(docs, pipeline.pipe(texts, batch_size=16)):
        yield analyse_parsed(document, parsed, ontology_dir)


def analyse_parsed(document: Document, parsed, ontology_dir: str | None = None) -> ArticleResult:
    offset = document.title_start
    sentences: list[Sentence] = []
    sentence_of: dict[int, int] = {}
    for span in parsed.sents:
        text = span.text.strip()
        if not text:
            continue
        lead = len(span.text) - len(span.text.lstrip())
        start = offset + span.start_char + lead
        index = len(sentences)
        sentences.append(Sentence(document.id, index, start, start + len(text), text))
        for tok in span:
            sentence_of[tok.i] = index
    last = max(len(sentences) - 1, 0)
    found = link_entities(parsed, document.id, offset, lambda i: sentence_of.get(i, last), ontology_dir)
    events = events_stage.extract_events(parsed, document, found, lambda i: sentence_of.get(i, last), ontology_dir)
    return ArticleResult(document, tuple(sentences), tuple(sorted(found.entities.values(), key=lambda e: e.key)),
                         tuple(found.mentions), tuple(events))


def build(inputs: Iterable[str], out_dir: str | os.PathLike | None = "output", *, model: str | None = None,
          base: str = rdf.DEFAULT_BASE, default_date: date | None = None, strict: bool = False,
          progress: Progress | None = None, html: bool = True, store_dir: str | None = None) -> BuildReport:
    """Build the knowledge graph of the inputs and write `graph.ttl`, `graph.trig`, `graph.nq`, `graph.html`.

    Unreadable inputs are skipped and reported (or raise with `strict`); at least one article must be read.
    """
    report = BuildReport()
    documents: list[Document] = []
    for item in ingest.read_documents(inputs, default_date):
        if isinstance(item, ingest.Skipped):
            if strict:
                raise InputError(f"{item.path}: {item.reason}")
            report.skipped.append(item)
        else:
            documents.append(item)
            if item.date is None:
                report.undated.append(item.path or item.id)
    if not documents:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in report.skipped[:3])
        raise InputError(f"no article could be read ({reasons})" if reasons else "no article found in the inputs")
    out = Path(out_dir) if out_dir is not None else None
    if out is not None:
        _check_writable(out)
    results: list[ArticleResult] = []
    for n, result in enumerate(analyse(documents, model), 1):
        results.append(result)
        report.articles.append(result.document.id)
        if progress:
            progress(n, len(documents), result.document.id)
    dataset = rdf.build_dataset(results, base)
    merged = rdf.merged_graph(dataset)
    report.triples = len(merged)
    report.entities = len({e.key for r in results for e in r.entities})
    report.events = sum(len(r.events) for r in results)
    if store_dir is not None:
        from . import store

        report.stored_graphs = store.replace_article_graphs(store.open_oxigraph(store_dir), dataset)
    if out is not None:
        report.files["graph.ttl"] = write_atomic(out / "graph.ttl", merged.serialize(format="turtle"))
        report.files["graph.trig"] = write_atomic(out / "graph.trig", dataset.serialize(format="trig"))
        report.files["graph.nq"] = write_atomic(out / "graph.nq", sorted_nquads(dataset))
        if html:
            from . import viz

            report.files["graph.html"] = write_atomic(out / "graph.html", viz.render_html(merged))
    return report


def sorted_nquads(dataset) -> str:
    """N-Quads, one quad a line, sorted: diffable and byte-stable."""
    text = dataset.serialize(format="nquads")
    return "".join(sorted(line + "\n" for line in text.splitlines() if line.strip()))


def _check_writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder ({exc.strerror})") from None
    if not os.access(out, os.W_OK):
        raise OutputError(f"{out}: the output folder is not writable")


def write_atomic(path: Path, text: str) -> Path:
    """Write to a temporary file beside `path`, then rename over it: readers never see half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def stderr_progress(quiet: bool = False) -> Progress | None:
    """A one-line progress report on stderr for long runs (only when stderr is a terminal or many articles)."""
    if quiet:
        return None
    import time

    started = time.monotonic()

    def report(done: int, total: int | None, name: str) -> None:
        if total is None or total < 5 and not sys.stderr.isatty():
            return
        elapsed = time.monotonic() - started
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate else 0.0
        end = "\n" if done == total else "\r"
        print(f"  {done}/{total} articles  {rate:.1f}/s  ETA {eta:.0f}s  {name[:40]:<40}", end=end, file=sys.stderr, flush=True)

    return report
