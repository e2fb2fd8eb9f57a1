"""Typed records that pass between pipeline stages.

Every record carries character offsets into the article's original text, so provenance written to RDF
points at the exact characters a fact came from. No spaCy object crosses a stage boundary in these
records: the RDF, query and viewer stages can be used without loading a model.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Document:
    """One article. `text` is the whole original file content; `body_start` is where the body begins."""

    id: str
    text: str
    title: str
    date: date | None
    body_start: int
    title_start: int = 0
    url: str | None = None
    source: str | None = None
    path: str | None = None
    offset: int = 0  # where `text` starts in the file it came from (a part of a very long article)
    part_of: str | None = None  # the id of the article a part was cut from

    @property
    def title_end(self) -> int:
        return self.title_start + len(self.title)


@dataclass(frozen=True, slots=True)
class Sentence:
    doc_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Location:
    """Where a place is on the map, as the gazetteer knows it, and how far the point is the place's own.

    `precision` is ACLED's geo_precision for an event there: 1 the town's own point, 2 the point of the
    region a town lies in (the town itself is not in the data), 3 a region's, 4 the country's.
    `geonames` is set only when the point is the place's own.
    """

    lat: float
    lon: float
    precision: int
    country: str | None = None  # ISO 3166-1 alpha-3
    admin1: str | None = None
    admin2: str | None = None
    geonames: int | None = None
    matched: str = ""  # what the point is: town, admin1, admin2, region (a gazetteer region), country, or "" inherited


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical thing in the world: one node per real actor or place, across articles.

    `key` is stable across articles and builds (a gazetteer id, or type + slug of the canonical name).
    """

    key: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    governs: str | None = None
    part_of: str | None = None
    roles: tuple[str, ...] = ()
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the article that names an entity (`Baku`, `the breakaway region`)."""

    doc_id: str
    start: int
    end: int
    text: str
    entity: str
    sentence: int
    token_start: int
    token_end: int


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression resolved against the article date.

    `value` is ISO text at the precision the text supports: `2023-09-19`, `2023-09` or `2023`;
    `precision` is `day`, `week` (value: the week's month), `month`, `year` or `decade` (value: its first
    year, `1990`). `begin`/`until` are the first and last day the words allow (`xsd:date` text); a stretch
    (`since late February`) runs from its start to the article's date.
    """

    text: str
    value: str
    precision: str
    start: int
    end: int
    begin: str | None = None
    until: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """`311 civilians`: amount 311, item `civilians`. `amount` is None for vague amounts (`thousands`)."""

    text: str
    amount: float | None
    unit: str | None
    item: str | None
    start: int
    end: int
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class Casualties:
    """A toll as one source gives it: `at least 14 villagers were killed, police said`.

    `amount` is the best estimate as ACLED codes it (`dozens` -> 12, `more than 20` -> 21), `low`/`high`
    the bounds the words give; `text` keeps the words. Two sources' tolls are two records, never averaged.
    """

    kind: str  # killed, injured, missing, abducted
    amount: int
    text: str
    start: int
    end: int
    sentence: int
    low: int | None = None
    high: int | None = None
    party: str | None = None
    attributed_to: str | None = None


@dataclass(frozen=True, slots=True)
class Role:
    name: str
    entity: str


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, where and when, as the text holds it, with the sentences it came from."""

    key: str
    doc_id: str
    type: str
    trigger: str
    roles: tuple[Role, ...]
    sentences: tuple[int, ...]
    start: int
    end: int
    time: TimeExpr | None = None
    quantities: tuple[Quantity, ...] = ()
    modality: str = "asserted"
    attributed_to: str | None = None
    source: str | None = None
    confidence: float = 0.5
    casualties: tuple[Casualties, ...] = ()
    denies: tuple[str, ...] = ()  # a denial: the keys of the claims of its article it answers

    def role(self, name: str) -> list[str]:
        return [r.entity for r in self.roles if r.name == name]


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything one article yields: the input of the RDF stage."""

    document: Document
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...] = field(default=())


# (kind, amount, low, high, party, sentence): a toll as the deaths rule reads it, from the analysis's records
# (party: an entity key, sentence: an index) or from the graph (party and sentence: IRIs)
TollFacts = tuple[str, int, int | None, int | None, Hashable | None, Hashable]


def deaths(tolls: Iterable[TollFacts]) -> tuple[int, int, int] | None:
    """Best, low and high deaths over an event's (or an incident's) tolls: the one rule the graph (`conf:deaths`),
    the page, `deadliest` and every export share. Per named party, the lowest figure any source gives
    (conservative, as ACLED codes) for best and low, the highest for high, summed over parties; tolls that
    name no party (`kill 15` in a headline) are one claim per sentence, the lowest taken, and stand for the
    total only when they exceed what the named parties add up to.

    >>> deaths([("killed", 32, None, None, "civilians", 1), ("killed", 23, None, None, "civilians", 2)])
    (23, 23, 32)
    >>> deaths([("killed", 5, None, None, "police", 1), ("killed", 15, None, None, None, 0)])
    (15, 15, 15)
    """
    by_party: dict[Hashable, list[TollFacts]] = {}
    unnamed: dict[Hashable, list[TollFacts]] = {}
    for t in tolls:
        if t[0] == "killed":
            (by_party.setdefault(t[4], []) if t[4] is not None else unnamed.setdefault(t[5], [])).append(t)
    if not by_party and not unnamed:
        return None

    def low(t: TollFacts) -> int:
        return t[2] if t[2] is not None else t[1]

    def high(t: TollFacts) -> int:
        return t[3] if t[3] is not None else t[1]

    named = (
        sum(min(t[1] for t in ts) for ts in by_party.values()),
        sum(min(low(t) for t in ts) for ts in by_party.values()),
        sum(max(high(t) for t in ts) for ts in by_party.values()),
    )
    claims = [(sum(t[1] for t in ts), sum(low(t) for t in ts), sum(high(t) for t in ts)) for ts in unnamed.values()]
    best = max(named[0], min((c[0] for c in claims), default=0))
    return (
        best,
        min(max(named[1], min((c[1] for c in claims), default=0)), best),
        max(named[2], *(c[2] for c in claims), best),
    )
