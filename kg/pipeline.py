"""The whole pipeline as one library call: `from kg import build`.

ingest -> nlp -> entities -> events -> rdf -> store and files. Each stage is a function over typed records;
this module only wires them together, reports progress and times the stages. Files are written atomically
by `output` (a temporary name in the output folder, then a rename), so an interrupted build leaves the
previous output intact.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from . import events as events_stage
from . import ingest, nlp, output, rdf
from .entities import link_entities
from .errors import InputError
from .records import ArticleResult, Document, Entity, Sentence

Progress = Callable[[int, int | None, str], None]


class StageTimer(dict):
    """Seconds spent per pipeline stage, summed over articles (and over worker processes)."""

    def add(self, stage: str, seconds: float) -> None:
        self[stage] = self.get(stage, 0.0) + seconds

    def merge(self, other: dict) -> None:
        for stage, seconds in other.items():
            self.add(stage, seconds)


@dataclass(slots=True)
class BuildReport:
    """What a build did: the articles read, the inputs skipped with their reasons, and the files written."""

    articles: list[str] = field(default_factory=list)
    skipped: list[ingest.Skipped] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)
    undated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    stored_graphs: int = 0
    seconds: StageTimer = field(default_factory=lambda: StageTimer())
    triples: int = 0
    entities: int = 0
    events: int = 0


SEGMENT_CHARS = 100_000
LARGE_BUILD = 1_000
# Articles per store load. Each load is a set of files RocksDB must merge into a store that holds every
# quad index, and every merge rewrites the part of the store the new keys overlap, which is nearly all of
# it (ids are hashes): with 32 articles a load, compaction cost grew with the store and took a third of a
# 10,000-article build's CPU (890 -> 773 CPU-s at 256). 256 articles hold ~30 MB of N-Quads text: memory
# stays bounded by a batch, at a price (peak 527 -> 687 MiB on 1,000 articles).
STORE_BATCH = 256


def segments(text: str, start: int, limit: int = SEGMENT_CHARS) -> list[tuple[int, int]]:
    """Split `text[start:]` into pieces of at most `limit` characters, at paragraph breaks where possible, then
    at line breaks, then after a full stop, so a 50 MB article is parsed in bounded memory within spaCy's
    `max_length` and every offset stays true to the original text."""
    out, pos, end = [], start, len(text)
    while end - pos > limit:
        window = text[pos : pos + limit]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(sep, limit // 4)
            if cut > 0:
                cut += len(sep)
                break
        cut = cut if cut > 0 else limit
        out.append((pos, pos + cut))
        pos += cut
    if pos < end or not out:
        out.append((pos, end))
    return out


def analyse(
    documents: Iterable[Document],
    model: str | None = None,
    ontology_dir: str | None = None,
    segment_chars: int = SEGMENT_CHARS,
    batch_size: int = 16,
    timer: StageTimer | None = None,
) -> Iterator[ArticleResult]:
    """Run the NLP, entity and event stages over documents, batching the parser with `nlp.pipe`.

    Long articles are parsed in segments (see `segments`); their results are joined into one article.
    `timer`, when given, receives the seconds spent parsing, linking entities and extracting events.
    """
    timer = StageTimer() if timer is None else timer
    pipeline = nlp.load_pipeline(model)

    def pieces():
        for document in documents:
            spans = segments(document.text, document.title_start, segment_chars)
            for n, (start, end) in enumerate(spans):
                yield document.text[start:end], (document, start, n == len(spans) - 1)

    parts: list[tuple[list[Sentence], object, list]] = []
    parsed_stream = pipeline.pipe(pieces(), as_tuples=True, batch_size=batch_size)
    while True:
        t0 = time.perf_counter()
        item = next(parsed_stream, None)
        timer.add("parse", time.perf_counter() - t0)
        if item is None:
            break
        parsed, (document, start, last) = item
        first_index = sum(len(p[0]) for p in parts)
        parts.append(analyse_segment(document, parsed, start, first_index, ontology_dir, timer))
        if last:
            yield join_segments(document, parts)
            parts = []


def analyse_segment(
    document: Document,
    parsed,
    offset: int,
    first_index: int = 0,
    ontology_dir: str | None = None,
    timer: StageTimer | None = None,
):
    sentences: list[Sentence] = []
    sentence_of: dict[int, int] = {}
    for span in parsed.sents:
        text = span.text.strip()
        if not text:
            continue
        lead = len(span.text) - len(span.text.lstrip())
        start = offset + span.start_char + lead
        index = first_index + len(sentences)
        sentences.append(Sentence(document.id, index, start, start + len(text), text))
        for tok in span:
            sentence_of[tok.i] = index
    last = first_index + max(len(sentences) - 1, 0)
    where = lambda i: sentence_of.get(i, last)
    t0 = time.perf_counter()
    found = link_entities(parsed, document.id, offset, where, ontology_dir)
    t1 = time.perf_counter()
    events = events_stage.extract_events(parsed, document, found, where, ontology_dir, offset=offset)
    if timer is not None:
        timer.add("entities", t1 - t0)
        timer.add("events", time.perf_counter() - t1)
    return sentences, found, events


# -- parallel analysis ------------------------------------------------------------------------------
_WORKER_MODEL: str | None = None


def _init_worker(model: str | None) -> None:
    global _WORKER_MODEL
    _WORKER_MODEL = model
    nlp.load_pipeline(model)


def _analyse_chunk(documents: list[Document]) -> tuple[list[ArticleResult], dict]:
    timer = StageTimer()
    return list(analyse(documents, _WORKER_MODEL, timer=timer)), dict(timer)


def analyse_parallel(
    documents: list[Document], jobs: int, model: str | None = None, chunk: int = 8, timer: StageTimer | None = None
) -> Iterator[ArticleResult]:
    """`analyse` in `jobs` processes. Results come back in input order, so the graph is the same, byte for
    byte, as a one-process build."""
    if jobs <= 1 or len(documents) <= chunk:
        yield from analyse(documents, model, timer=timer)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [documents[i : i + chunk] for i in range(0, len(documents), chunk)]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(model,)) as pool:
        for results, timings in pool.map(_analyse_chunk, chunks):
            if timer is not None:
                timer.merge(timings)
            yield from results


def join_segments(document: Document, parts) -> ArticleResult:
    """One article from its segments: sentences and events in order, entities merged by key."""
    entities: dict[str, Entity] = {}
    for _sentences, found, _events in parts:
        for key, entity in found.entities.items():
            seen = entities.get(key)
            if seen is None:
                entities[key] = entity
            else:
                aliases = tuple(sorted(set(seen.aliases) | set(entity.aliases) | ({entity.label} - {seen.label})))
                entities[key] = replace(seen, aliases=aliases, roles=tuple(dict.fromkeys(seen.roles + entity.roles)))
    return ArticleResult(
        document,
        tuple(s for p in parts for s in p[0]),
        tuple(sorted(entities.values(), key=lambda e: e.key)),
        tuple(m for p in parts for m in p[1].mentions),
        tuple(e for p in parts for e in p[2]),
    )


def build(
    inputs: Iterable[str],
    out_dir: str | os.PathLike | None = "output",
    *,
    model: str | None = None,
    base: str = rdf.DEFAULT_BASE,
    default_date: date | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    html: bool = True,
    store_dir: str | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
) -> BuildReport:
    """Build the knowledge graph of the inputs and write `graph.ttl`, `graph.trig`, `graph.nq`, `graph.html`.

    Unreadable inputs are skipped and reported (or raise with `strict`); at least one article must be read.
    With `store_dir`, each article's graph also goes into an embedded Oxigraph store, committed article by
    article, and an article whose text is unchanged since the store last saw it is not analysed again.
    `jobs` runs the NLP stages in that many processes; `engine="dask"` runs them on a Dask cluster.
    """
    report = BuildReport()
    timer = report.seconds
    t0 = time.perf_counter()
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
    timer.add("read", time.perf_counter() - t0)
    if not documents:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in report.skipped[:3])
        raise InputError(f"no article could be read ({reasons})" if reasons else "no article found in the inputs")
    out = Path(out_dir) if out_dir is not None else None
    if out is not None:
        output.check_writable(out)
    if store_dir is None and out is not None and len(documents) >= LARGE_BUILD:
        store_dir = str(out / "store")  # large builds are queried from a store, not from re-parsed files
    from . import store

    minter, registry = rdf.Minter(base), rdf.EntityRegistry()
    # The RDF stage writes N-Quads text; Oxigraph parses it into a store (in memory unless `store_dir`)
    # that keeps the entities graph and, on disk, the articles for later questions and incremental builds.
    oxstore = store.open_oxigraph(store_dir)
    known = store.article_hashes(oxstore) if store_dir is not None else {}
    if known:  # entities named by articles built before keep their canonical label and class
        registry.seed(*store.entity_descriptions(oxstore, minter.entities_graph()))
    to_analyse = []
    for document in documents:
        if known.get(minter.graph(document.id)) == rdf.content_hash(document.text):
            report.unchanged.append(document.id)
        else:
            to_analyse.append(document)
    if engine == "dask":
        from .distributed import analyse_on_dask

        results = analyse_on_dask(to_analyse, scheduler or "local", model, timer=timer, workers=max(jobs, 2))
    else:
        results = analyse_parallel(to_analyse, jobs, model, timer=timer)
    files = output.GraphFiles(out, html, minter.entities_graph()) if out is not None else None
    with files or nullcontext():
        _build_graphs(
            documents,
            set(report.unchanged),
            results,
            minter,
            registry,
            oxstore,
            files,
            report,
            progress,
            count_stored=store_dir is not None,
        )
        t0 = time.perf_counter()
        if files is not None:
            files.add_from_store(oxstore, minter.entities_graph())
    if files is not None:
        report.files.update(files.files)
        report.triples = files.quads
    else:
        report.triples = len(oxstore)
    timer.add("write", time.perf_counter() - t0)
    return report


def _build_graphs(
    documents,
    unchanged: set[str],
    results,
    minter,
    registry,
    oxstore,
    files,
    report: BuildReport,
    progress: Progress | None,
    count_stored: bool,
) -> None:
    """Articles in input order: the unchanged ones copied from the store, the others turned into N-Quads,
    written to the files and committed to the store a batch at a time.

    Commits run on a thread of their own: Oxigraph releases the GIL while it loads, so the store fills while
    the main thread parses the next articles. At most one batch waits, so memory stays bounded by a batch.
    """
    from concurrent.futures import ThreadPoolExecutor

    from . import store

    timer = report.seconds
    batch: list[rdf.ArticleTriples] = []
    entity_keys: set[str] = set()
    total = len(documents) - len(unchanged)
    committer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-store")
    pending = None

    def load(items: list[rdf.ArticleTriples]) -> None:
        t0 = time.perf_counter()
        store.put_articles(oxstore, items)
        timer.add("store (in background)", time.perf_counter() - t0)

    def commit() -> None:
        nonlocal pending
        if pending is not None:
            t0 = time.perf_counter()
            pending.result()  # an error in the store stops the build here
            timer.add("store", time.perf_counter() - t0)
        pending = committer.submit(load, list(batch)) if batch else None
        report.stored_graphs += len(batch) if count_stored else 0
        batch.clear()

    results = iter(results)
    try:
        for document in documents:
            t0 = time.perf_counter()
            if document.id in unchanged:
                if files is not None:
                    files.add_from_store(oxstore, minter.graph(document.id))
                timer.add("write", time.perf_counter() - t0)
                continue
            result = next(results)
            t0 = time.perf_counter()
            article = rdf.article_triples(result, minter, registry)
            batch.append(article)
            timer.add("rdf", time.perf_counter() - t0)
            t0 = time.perf_counter()
            if files is not None:
                files.add(article.graph, article.article + article.marker)
            timer.add("write", time.perf_counter() - t0)
            if len(batch) >= STORE_BATCH:
                commit()
            report.articles.append(result.document.id)
            entity_keys.update(e.key for e in result.entities)
            report.events += len(result.events)
            if progress:
                progress(len(report.articles), total, result.document.id)
        commit()
        commit()  # waits for the last batch
    finally:
        committer.shutdown(wait=True)  # an interrupted build still finishes the batch in flight
    report.entities = len(entity_keys)


def stderr_progress(quiet: bool = False) -> Progress | None:
    """A one-line progress report on stderr for long runs (only when stderr is a terminal or many articles)."""
    if quiet:
        return None
    import time

    started = time.monotonic()

    def report(done: int, total: int | None, name: str) -> None:
        if total is None or (total < 5 and not sys.stderr.isatty()):
            return
        elapsed = time.monotonic() - started
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate else 0.0
        end = "\n" if done == total else "\r"
        print(f"  {done}/{total} articles  {rate:.1f}/s  ETA {eta:.0f}s  {name[:40]:<40}", end=end, file=sys.stderr, flush=True)

    return report
