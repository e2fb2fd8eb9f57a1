"""The whole pipeline as one library call: `from kg import build`.

ingest -> analysis (nlp, entities, events) -> rdf -> store and files. Each stage is a function over typed
records; this module only wires them together, reports progress and times the stages. Files are written
atomically by `output` (a temporary name in the output folder, then a rename), so an interrupted build leaves
the previous output intact.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path

from kg import ingest, store
from kg.analysis import StageTimer, analyse_parallel
from kg.errors import InputError, UsageError
from kg.formats import printable
from kg.graph import rdf
from kg.incidents import triples
from kg.pipeline import output
from kg.query import kept
from kg.records import ArticleResult, Document

Progress = Callable[[int, int | None, str], None]


@dataclass(frozen=True, slots=True)
class BuildConfig:
    """How to build, as one object passed down the stack instead of a dozen parameters.

    `model` names an installed spaCy pipeline; `ontology_dir` the folder whose gazetteer, lexicon and class
    tree every stage reads; `store_dir` an Oxigraph store to keep (builds of `LARGE_BUILD` articles or more
    keep one in the output folder); `jobs` processes for the analysis, or `engine="dask"` with `scheduler`.
    """

    model: str | None = None
    ontology_dir: str | None = None
    base: str = rdf.DEFAULT_BASE
    default_date: date | None = None
    strict: bool = False
    html: bool = True
    store_dir: str | None = None
    jobs: int = 1
    engine: str = "local"
    scheduler: str | None = None

    def __post_init__(self) -> None:
        rdf.check_base(self.base)
        if self.jobs < 0:
            raise UsageError(f"--jobs {self.jobs}: give 1 or more processes, or 0 for one per core")

    @property
    def workers(self) -> int:
        """Processes for the analysis: `jobs`, where 0 means one per core."""
        return self.jobs or os.cpu_count() or 1


@dataclass(slots=True)
class BuildReport:
    """What a build did: the articles read, the inputs skipped with their reasons, and the files written."""

    articles: list[str] = field(default_factory=list)
    skipped: list[ingest.Skipped] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)
    undated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_articles: int = 0
    seconds: StageTimer = field(default_factory=lambda: StageTimer())
    triples: int = 0
    entities: int = 0
    events: int = 0
    incidents: int = 0  # incidents that join reports of more than one article


LARGE_BUILD = 1_000
LARGE_BUILD_CHARS = 2_000_000  # or this much text (a few very long inputs)
# Articles per store load. Each load is a set of files RocksDB must merge into a store that holds every
# quad index, and every merge rewrites the part of the store the new keys overlap, which is nearly all of
# it (ids are hashes): with 32 articles a load, compaction cost grew with the store and took a third of a
# 10,000-article build's CPU (890 -> 773 CPU-s at 256). 256 articles hold ~30 MB of N-Quads text: memory
# stays bounded by a batch, at a price (peak 527 -> 687 MiB on 1,000 articles).
STORE_BATCH = 256
STORE_BATCH_CHARS = 32_000_000  # and at most this much N-Quads text a batch: the parts of a huge input are big
# ... and half that for the parts of a huge input, whose analysis runs beside the loads in a worker process:
# each load holds its text, the next batch's and Oxigraph's buffers at once (the 50 MB input's loads rose
# 150-250 MiB above the build's own memory at 32 MB)
STORE_BATCH_PART_CHARS = 16_000_000


def build(
    inputs: Iterable[str],
    out_dir: str | os.PathLike | None = "output",
    config: BuildConfig | None = None,
    *,
    progress: Progress | None = None,
    **options,
) -> BuildReport:
    """Build the knowledge graph of the inputs and write `graph.ttl`, `graph.trig`, `graph.nq`, `graph.html`.

    Options are `BuildConfig`'s fields, given as a config or as keywords (`build(paths, "out", html=False)`).
    Unreadable inputs are skipped and reported (or raise with `strict`); at least one article must be read.
    With a store, each article's graph also goes into an embedded Oxigraph store, committed a batch at a
    time, and an article whose text is unchanged since the store last saw it is not analysed again.
    """
    known_options = {f.name for f in fields(BuildConfig)}
    unknown = set(options) - known_options
    if unknown:
        raise TypeError(f"build() got unknown options: {sorted(unknown)}")
    config = BuildConfig(**{**_as_dict(config), **options})
    report = BuildReport()
    documents = _read(inputs, config, report, exclude=[p for p in (out_dir, config.store_dir) if p is not None])
    out = Path(out_dir) if out_dir is not None else None
    created = out is not None and not out.exists()
    if out is not None:
        output.check_writable(out)
    try:
        _build_into(out, documents, config, report, progress)
    except BaseException:
        if created and out is not None and out.is_dir() and not any(out.iterdir()):
            out.rmdir()  # a failed build leaves no empty folder it made
        raise
    return report


def _build_into(
    out: Path | None, documents: list[Document], config: BuildConfig, report: BuildReport, progress: Progress | None
) -> None:
    """The graphs of the read articles into the store and the output folder."""
    store_dir = config.store_dir
    large = len(documents) >= LARGE_BUILD or sum(len(d.text) for d in documents) >= LARGE_BUILD_CHARS
    if store_dir is None and out is not None and large:
        # large builds are queried from a store, not from re-parsed files, and an in-memory store would hold
        # the whole graph: on disk, memory stays bounded whatever the input's size
        store_dir = str(out / "store")

    if out is not None and out.is_dir():
        store.link(out, None)  # before anything changes: the folder's files and its store may now differ
    timer = report.seconds
    minter = rdf.Minter(config.base)
    # The RDF stage writes N-Quads text; Oxigraph parses it into a store (in memory unless `store_dir`)
    # that keeps the entities graph and, on disk, the articles for later questions and incremental builds.
    st = store.Store(store_dir)
    st.begin()  # with the store's lock held, before anything in it changes
    to_analyse = _to_analyse(documents, st, minter, report) if store_dir is not None else documents
    if store_dir is not None and (to_analyse or st.entities_stale() or not st.has_graph(minter.incidents_graph())):
        kept.forget(store_dir)  # before the store's first change: kept answers are never stale ones
    results = _analyse(to_analyse, config, timer, isolated=large)
    files = output.GraphFiles(out, config.html, minter.entities_graph()) if out is not None else None
    try:
        with files or nullcontext():
            cap = STORE_BATCH_PART_CHARS if any(d.part_of for d in to_analyse) else STORE_BATCH_CHARS
            _build_graphs(documents, set(report.unchanged), results, _Sink(minter, st, files, report, cap), progress)
            results.close()  # the analysis, suspended after its last article, lets go of the model
            for analysed in (documents, to_analyse):  # this build's own lists: their texts are not read again
                analysed[:] = [replace(d, text="") for d in analysed]  # (a 50 MB input: 50 MB for later stages)
            give_back = _give_back if large else lambda: None
            if large and "kg.analysis.nlp" in sys.modules:  # analysed here, not in a worker (an engine of its own)
                sys.modules["kg.analysis.nlp"].load_pipeline.cache_clear()  # not needed again (a later build loads it anew)
            give_back()
            t0 = time.perf_counter()
            changed = bool(to_analyse) or st.entities_stale()
            if changed:
                st.merge_entities(minter.entities_graph())
            timer.add("entities graph", time.perf_counter() - t0)
            st.reopen(give_back)
            t0 = time.perf_counter()
            if changed or not st.has_graph(minter.incidents_graph()):
                report.incidents = triples.refresh(st.ox, minter)
            timer.add("incidents", time.perf_counter() - t0)
            t0 = time.perf_counter()
            if store_dir is not None and not kept.kept(store_dir):
                st.reopen(give_back)
                # read-write, not read-only: RocksDB goes on compacting what the bulk loads left while the
                # questions run (read-only over a 50 MB input's just-built store, `claims` took over 20 min;
                # 66 s once that store had been compacted)
                kept.keep(st.ox, store_dir, between=give_back)
            timer.add("answers", time.perf_counter() - t0)
            t0 = time.perf_counter()
            if files is not None:
                files.add_from_store(st.ox, minter.entities_graph())
                files.add_from_store(st.ox, minter.incidents_graph())
        # the store holds these articles and no others: it can answer for the folder
        linked = files is not None and store_dir is not None and st.holds_exactly({minter.graph(d.id) for d in documents})
    finally:
        st.close()
    if files is not None:
        report.files.update(files.files)
        report.triples = files.quads
        if linked and out is not None and store_dir is not None:
            store.link(out, store_dir)  # now that the folder's files are in place
    else:
        report.triples = st.size()
    timer.add("write", time.perf_counter() - t0)


def _to_analyse(documents: list[Document], st: store.Store, minter: rdf.Minter, report: BuildReport) -> list[Document]:
    """The documents a store has not seen with this text; the others are reported unchanged."""
    known = st.stored()
    to_analyse = []
    for document in documents:
        if known.get(minter.graph(document.id)) == rdf.content_hash(document.text):
            report.unchanged.append(document.id)
        else:
            to_analyse.append(document)
    return to_analyse


def _give_back() -> None:
    """Return freed memory to the system between the stages of a large build: glibc keeps the pages a
    stage's transient peak freed in the process's heap, so every later stage would start from that peak
    (a 10 MB input: 557 MiB resident before the incidents stage, 775 after, with that stage's data gone)."""
    import contextlib
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: its allocator keeps its own policy
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _as_dict(config: BuildConfig | None) -> dict:
    return {f.name: getattr(config, f.name) for f in fields(BuildConfig)} if config is not None else {}


def _read(inputs: Iterable[str], config: BuildConfig, report: BuildReport, exclude: list) -> list[Document]:
    """The readable articles of the inputs; the others are reported as skipped (or raise with `strict`).
    The build's own output and store folders are never read, even inside an input folder."""
    t0 = time.perf_counter()
    documents: list[Document] = []
    found = ingest.scan(inputs, exclude)
    report.not_articles = found.not_articles
    for item in ingest.read_documents(found, config.default_date):
        if isinstance(item, ingest.Skipped):
            if config.strict:
                raise InputError(f"{item.path}: {item.reason}")
            report.skipped.append(item)
        else:
            documents.append(item)
            if item.date is None:
                report.undated.append(item.path or item.id)
    report.seconds.add("read", time.perf_counter() - t0)
    if not documents:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in report.skipped[:3])
        raise InputError(f"no article could be read ({reasons})" if reasons else "no article found in the inputs")
    return documents


def _analyse(
    documents: list[Document], config: BuildConfig, timer: StageTimer, isolated: bool = False
) -> Generator[ArticleResult, None, None]:
    """The analysis of the documents, in input order. A large build analyses in a worker process even with
    one job (`isolated`): the later stages then run in a process the model never grew, that never imported
    spaCy (a 10 MB input: 298 -> 131 MiB resident before the incidents stage, 510 -> 329 during it)."""
    if config.engine == "dask":
        from kg.analysis.distributed import analyse_on_dask

        return analyse_on_dask(
            documents, config.scheduler or "local", config.model, config.ontology_dir, timer=timer, workers=max(config.workers, 2)
        )
    return analyse_parallel(documents, config.workers, config.model, config.ontology_dir, timer=timer, isolated=isolated)


@dataclass(frozen=True, slots=True)
class _Sink:
    """Where a build's graphs go: IRIs, the store and its entity table, the files, and the report."""

    minter: rdf.Minter
    store: store.Store
    files: output.GraphFiles | None
    report: BuildReport
    batch_chars: int = STORE_BATCH_CHARS


def _build_graphs(
    documents: list[Document], unchanged: set[str], results: Iterator[ArticleResult], sink: _Sink, progress: Progress | None
) -> None:
    """Articles in input order: the unchanged ones copied from the store, the others turned into N-Quads,
    written to the files and committed to the store a batch at a time.

    Commits run on a thread of their own: Oxigraph releases the GIL while it loads, so the store fills while
    the main thread parses the next articles. At most one batch waits, so memory stays bounded by a batch.
    """
    from concurrent.futures import ThreadPoolExecutor

    minter, st, files, report = sink.minter, sink.store, sink.files, sink.report
    timer = report.seconds
    batch: list[rdf.ArticleTriples] = []
    batch_chars = 0
    entity_keys: set[str] = set()
    total = len(documents) - len(unchanged)
    committer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-store")
    pending = None

    def load(items: list[rdf.ArticleTriples]) -> None:
        t0 = time.perf_counter()
        st.put_articles(items)
        timer.add("store (in background)", time.perf_counter() - t0)

    def commit() -> None:
        nonlocal pending
        if pending is not None:
            t0 = time.perf_counter()
            pending.result()  # an error in the store stops the build here
            timer.add("store", time.perf_counter() - t0)
        nonlocal batch_chars
        pending = committer.submit(load, list(batch)) if batch else None
        batch.clear()
        batch_chars = 0

    results = iter(results)
    try:
        for document in documents:
            t0 = time.perf_counter()
            if document.id in unchanged:
                if files is not None:
                    files.add_from_store(st.ox, minter.graph(document.id))
                timer.add("write", time.perf_counter() - t0)
                continue
            result = next(results)
            t0 = time.perf_counter()
            article = rdf.article_triples(result, minter)
            batch.append(article)
            batch_chars += len(article.article)
            timer.add("rdf", time.perf_counter() - t0)
            t0 = time.perf_counter()
            if files is not None:
                files.add(article.graph, article.article + article.marker)
            timer.add("write", time.perf_counter() - t0)
            if len(batch) >= STORE_BATCH or batch_chars >= sink.batch_chars:
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


def stderr_progress(quiet: bool = False, interval: float = 5.0) -> Progress | None:
    """A progress report on stderr for long runs. On a terminal one line rewritten in place; on a log or a
    pipe a whole line at most every `interval` seconds, and the last one, so a log does not fill with
    thousands of carriage-return updates."""
    if quiet:
        return None
    started = time.monotonic()
    last_line = [float("-inf")]

    def report(done: int, total: int | None, name: str) -> None:
        terminal = sys.stderr.isatty()
        if total is None or (total < 5 and not terminal):
            return
        now = time.monotonic()
        finished = done == total
        if not terminal and not finished and now - last_line[0] < interval:
            return
        last_line[0] = now
        elapsed = now - started
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate else 0.0
        end = "\n" if finished or not terminal else "\r"
        line = f"  {done}/{total} articles  {rate:.1f}/s  ETA {eta:.0f}s  {printable(name)[:40]:<40}"
        print(line if terminal else line.rstrip(), end=end, file=sys.stderr, flush=True)

    return report
