"""Typed records that pass between pipeline stages.

Every record carries character offsets into the article's original text, so provenance written to RDF
points at the exact characters a fact came from. No spaCy object crosses a stage boundary in these
records: the RDF, query and viewer stages can be used without loading a model.
"""

from __future__ import annotations

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
