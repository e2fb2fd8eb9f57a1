"""The analysis stages of one article: parse (nlp), link entities, extract events -> `ArticleResult`.

In one process (`analyse`), in several (`analyse_parallel`) or on a Dask cluster (`kg.analysis.distributed`), always
giving the same results in input order, so the graph built from them is the same, byte for byte. Long
articles are parsed in segments and joined again.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from typing import TYPE_CHECKING

from kg.records import ArticleResult, Document, Entity, Event, Sentence

if TYPE_CHECKING:
    from kg.analysis.entities import ArticleEntities

# The stages (spaCy and the model's code with them, ~70 MiB) are imported by the functions that run them, not
# here: a large build analyses in a worker process, and its own process, which goes on to the store's
# stages, then never loads them.

# An article longer than SEGMENT_CHARS is parsed in pieces of LONG_PIECE_CHARS, cut at paragraph breaks:
# the parser's memory grows with the text in flight in a batch of 16 pieces. Measured on a 1 MB article
# (peak of the analysis alone): pieces of 100,000 characters 3.0 GB, of 10,000 807 MB, of 3,000 435 MB.
# Articles up to SEGMENT_CHARS (nearly all news) stay whole, so their pronouns and merges see the whole text.
SEGMENT_CHARS = 10_000
LONG_PIECE_CHARS = 3_000
ZONE_PIECES = 64  # pieces parsed in one spaCy memory zone (4 batches of the parser)


class StageTimer(dict):
    """Seconds spent per pipeline stage, summed over articles (and over worker processes)."""

    def add(self, stage: str, seconds: float) -> None:
        self[stage] = self.get(stage, 0.0) + seconds

    def merge(self, other: dict) -> None:
        for stage, seconds in other.items():
            self.add(stage, seconds)


@dataclass(frozen=True, slots=True)
class SegmentResult:
    """What one segment of an article yields; `join_segments` makes one `ArticleResult` of an article's."""

    sentences: list[Sentence]
    found: ArticleEntities
    events: list[Event]


def segments(text: str, start: int, limit: int = SEGMENT_CHARS) -> list[tuple[int, int]]:
    """Split `text[start:]` into pieces of at most `limit` characters, at paragraph breaks where possible, then
    at line breaks, then after a full stop, so a 50 MB article is parsed in bounded memory within spaCy's
    `max_length` and every offset stays true to the original text."""
    out, pos, end = [], start, len(text)
    if end - pos > limit:
        limit = LONG_PIECE_CHARS  # a long article goes through the parser a few short pieces at a time
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
    from kg.analysis import nlp

    timer = StageTimer() if timer is None else timer
    pipeline = nlp.load_pipeline(model, ontology_dir)

    def pieces():
        for document in documents:
            spans = segments(document.text, document.title_start, segment_chars)
            for n, (start, end) in enumerate(spans):
                yield parser_text(document, start, end), (document, start, n == len(spans) - 1)

    parts: list[SegmentResult] = []
    stream = pieces()
    while zone := list(islice(stream, ZONE_PIECES)):
        # every word spaCy first meets (names, numbers: most of a long input's words are new ones) joins its
        # vocabulary and the tokenizer's cache for good, unless a memory zone frees it at the zone's end; what
        # leaves a zone (the records) holds Python strings only, never a spaCy object
        with pipeline.memory_zone():
            parsed_stream = pipeline.pipe(zone, as_tuples=True, batch_size=batch_size)
            while True:
                t0 = time.perf_counter()
                item = next(parsed_stream, None)
                timer.add("parse", time.perf_counter() - t0)
                if item is None:
                    break
                parsed, (document, start, last) = item
                first_index = sum(len(p.sentences) for p in parts)
                parts.append(analyse_segment(document, parsed, start, first_index, ontology_dir, timer))
                if last:
                    yield join_segments(document, parts, ontology_dir)
                    parts = []


def parser_text(document: Document, start: int, end: int) -> str:
    """The text the parser reads for `document.text[start:end]`: the same, but a Title Case headline in it is
    put in sentence case (`nlp.headline_for_parser`). Records quote the article's own text, never this."""
    from kg.analysis import nlp

    text = document.text[start:end]
    t0 = document.title_start - start
    if document.title and 0 <= t0 < len(text) and text.startswith(document.title, t0):
        body = document.text[document.body_start : document.body_start + nlp.HEADLINE_BODY_CHARS]  # not all 50 MB
        cased = nlp.headline_for_parser(document.title, body)
        text = text[:t0] + cased + text[t0 + len(document.title) :]
    return text


def analyse_segment(
    document: Document,
    parsed,
    offset: int,
    first_index: int = 0,
    ontology_dir: str | None = None,
    timer: StageTimer | None = None,
) -> SegmentResult:
    """Sentences, entities and events of one parsed segment starting at `offset` in the article's text;
    sentence numbers continue from `first_index`."""
    from kg.analysis import events as events_stage
    from kg.analysis.entities import link_entities

    sentences: list[Sentence] = []
    sentence_of: dict[int, int] = {}
    for span in parsed.sents:
        text = span.text.strip()
        if not text:
            continue
        lead = len(span.text) - len(span.text.lstrip())
        start = offset + span.start_char + lead
        text = document.text[start : start + len(text)]  # as written, not as parsed (a headline is recased)
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
    return SegmentResult(sentences, found, events)


# -- parallel analysis ------------------------------------------------------------------------------
_WORKER: tuple[str | None, str | None] = (None, None)  # the model and ontology folder of this worker process


def _init_worker(model: str | None, ontology_dir: str | None) -> None:
    from kg.analysis import nlp

    global _WORKER
    _WORKER = (model, ontology_dir)
    nlp.load_pipeline(model, ontology_dir)


def analyse_chunk(
    documents: list[Document], model: str | None = None, ontology_dir: str | None = None
) -> tuple[list[ArticleResult], dict]:
    """The task a worker process (or a Dask worker) runs: its results, and the seconds each stage took."""
    timer = StageTimer()
    return list(analyse(documents, model, ontology_dir, timer=timer)), dict(timer)


def _analyse_chunk_here(documents: list[Document]) -> tuple[list[ArticleResult], dict]:
    return analyse_chunk(documents, *_WORKER)


def analyse_parallel(
    documents: list[Document],
    jobs: int,
    model: str | None = None,
    ontology_dir: str | None = None,
    chunk: int = 8,
    timer: StageTimer | None = None,
    isolated: bool = False,
) -> Generator[ArticleResult, None, None]:
    """`analyse` in `jobs` processes. Results come back in input order, so the graph is the same, byte for
    byte, as a one-process build.

    `isolated` runs even one job in a process of its own: the model, its parses and the heap they leave
    never enter the caller's process, which goes on to the store's stages of a large build from a small
    heap (glibc cannot give back pages that a few live objects pin among the parser's freed ones).
    At most one chunk more than there are workers is in flight, and a chunk holds at most CHUNK_CHARS of
    text, so results never pile up in the caller faster than it turns them into RDF."""
    if not isolated and (jobs <= 1 or len(documents) <= chunk):
        yield from analyse(documents, model, ontology_dir, timer=timer)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    jobs = max(jobs, 1)
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(model, ontology_dir)
    ) as pool:
        in_flight: deque[Future] = deque()
        for part in chunks(documents, chunk):
            in_flight.append(pool.submit(_analyse_chunk_here, part))
            if len(in_flight) > jobs:
                yield from _collected(in_flight.popleft(), timer)
        while in_flight:
            yield from _collected(in_flight.popleft(), timer)


CHUNK_CHARS = 300_000  # text a worker analyses in one task (its results are pickled back whole): 3 parts of a huge input


def chunks(documents: list[Document], size: int, chars: int = CHUNK_CHARS) -> Iterator[list[Document]]:
    """Consecutive runs of at most `size` documents and (unless one document is longer) `chars` characters."""
    run: list[Document] = []
    length = 0
    for document in documents:
        if run and (len(run) >= size or length + len(document.text) > chars):
            yield run
            run, length = [], 0
        run.append(document)
        length += len(document.text)
    if run:
        yield run


def _collected(future, timer: StageTimer | None) -> list[ArticleResult]:
    results, timings = future.result()
    if timer is not None:
        timer.merge(timings)
    return results


def join_segments(document: Document, parts: list[SegmentResult], ontology_dir: str | None = None) -> ArticleResult:
    """One article from its segments: sentences and events in order, entities merged by key, and what
    needs the whole article (an event's finest place, the claims a denial answers) decided."""
    from kg.analysis import events as events_stage
    from kg.analysis import geocode, place_keys

    entities: dict[str, Entity] = {}
    for part in parts:
        for key, entity in part.found.entities.items():
            seen = entities.get(key)
            if seen is None:
                entities[key] = entity
            else:
                aliases = tuple(sorted(set(seen.aliases) | set(entity.aliases) | ({entity.label} - {seen.label})))
                entities[key] = replace(seen, aliases=aliases, roles=tuple(dict.fromkeys(seen.roles + entity.roles)))
    mentions = [m for p in parts for m in p.found.mentions]
    located = geocode.locate(tuple(sorted(entities.values(), key=lambda e: e.key)), mentions, text=document.text)
    located, mentions, events = place_keys.by_place(located, mentions, tuple(e for p in parts for e in p.events))
    heads = geocode.chain_heads(document.text, mentions, located)
    events = geocode.finest_locations(events, located, heads)
    return ArticleResult(
        document,
        tuple(s for p in parts for s in p.sentences),
        tuple(sorted(located, key=lambda e: e.key)),
        tuple(mentions),
        events_stage.link_denials(events_stage.load_lexicon(ontology_dir), events, located),
    )
