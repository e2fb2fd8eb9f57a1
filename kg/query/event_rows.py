"""Events as flat records, read back from a built graph: the input of the ACLED, UCDP and GeoJSON exports.

Reading the graph (not the pipeline's records) means any output folder, graph file or store exports the
same way, including graphs built by an older version or loaded from elsewhere. Five small queries
(`kg/query/questions/export/*.rq`) are joined here in Python: one wide query with a dozen OPTIONALs is what both
engines plan worst.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.graph.vocab import CONF
from kg.query.text import with_prefixes
from kg.records import deaths

EXPORT_QUERIES = Path(__file__).resolve().parent / "questions" / "export"
NS = str(CONF._NS)
WKT_POINT = re.compile(r"POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)")


@dataclass(frozen=True, slots=True)
class Actor:
    iri: str
    label: str
    cls: str
    part_of: str | None = None


@dataclass(frozen=True, slots=True)
class Where:
    iri: str
    label: str
    cls: str
    lat: float | None = None
    lon: float | None = None
    precision: int | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    part_of: str | None = None


@dataclass(frozen=True, slots=True)
class Toll:
    kind: str
    amount: int
    low: int | None
    high: int | None
    party: Actor | None
    by: str | None
    text: str
    sentence: str = ""


@dataclass(frozen=True, slots=True)
class EventRecord:
    iri: str
    cls: str
    trigger: str
    modality: str
    confidence: float
    article: str
    title: str
    published: str
    publisher: str
    date: str
    precision: str
    begin: str
    until: str
    geo_precision: int | None
    source: str
    sentence: str
    agents: tuple[Actor, ...] = ()
    targets: tuple[Actor, ...] = ()
    location: Where | None = None
    tolls: tuple[Toll, ...] = ()
    date_text: str = ""  # the words the date came from; none when the event is dated by its reporting window
    outlets: int = 1  # how many outlets report it: more than one for an incident's record (`occurrences`)
    reports: int = 1  # how many reports (events) the record stands for
    incident: str = ""  # the incident the record is (or is a report of), when read by `occurrences`

    def killed(self) -> tuple[int, int, int] | None:
        return killed(self.tolls)


def killed(tolls: Iterable[Toll]) -> tuple[int, int, int] | None:
    """Best, low and high deaths over an event's (or an incident's) tolls, by the one rule (`records.deaths`)."""
    return deaths((t.kind, t.amount, t.low, t.high, t.party.iri if t.party else None, t.sentence) for t in tolls)


@cache
def _query(name: str) -> str:
    return with_prefixes((EXPORT_QUERIES / f"{name}.rq").read_text(encoding="utf-8"))


def _select(store, name: str) -> Iterator[dict[str, str]]:
    """The rows of an export query as they come (a store of millions of events is never listed whole)."""
    result = store.query(_query(name), use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    for solution in result:
        yield {n: solution[n].value for n in names if solution[n] is not None}


def _local(iri: str) -> str:
    return iri[len(NS) :] if iri.startswith(NS) else iri


def _int(text: str | None) -> int | None:
    return int(float(text)) if text not in (None, "") else None


def read_events(source) -> list[EventRecord]:
    """Every event of an output folder, graph file or store, in date order (undated last), then by IRI."""
    from kg import store as stores

    return events_of(stores.load_oxigraph(source, with_ontology=False))


def incidents_of(st) -> dict[str, str]:
    """Event IRI -> the IRI of the incident it reports, of an open Oxigraph store."""
    return {r["event"]: r["incident"] for r in _select(st, "incidents")}


def events_of(st, sentences_too: bool = True) -> list[EventRecord]:
    """Every event of an open Oxigraph store, in date order (undated last), then by IRI; without the
    sentence texts when they are not needed (the incidents stage: a big corpus's text stays in the store)."""
    _ACTORS.clear()
    # the entities the events name, and only those: a 50 MB input names 1.2 million entities, 690 MiB as
    # records, where its events' roles and tolls name a fraction of them
    named: dict[str, str] = {}  # each named entity's IRI, one string for all its mentions
    by_event: dict[str, list[tuple[str, str]]] = {}
    # an event's IRI is interned: one string for its rows in every query and its record, not one per row
    # (three copies of 322,773 IRIs at once, for a 50 MB input)
    for r in _select(st, "roles"):
        by_event.setdefault(sys.intern(r["event"]), []).append(
            (sys.intern(_local(r["role"])), named.setdefault(r["entity"], r["entity"]))
        )
    casualties = sorted(_select(st, "casualties"), key=lambda r: r["node"])
    named.update((r[k], r[k]) for r in casualties for k in ("party", "by") if r.get(k))
    entities = _entities(r for r in _select(st, "entities") if r["entity"] in named)
    roles: dict[str, list[tuple[str, Where]]] = {}  # the entities' own records, shared: no string per row
    for event, said in by_event.items():
        roles[event] = [(role, entities[iri]) for role, iri in said if iri in entities]
    del by_event, named
    sentences: dict[str, tuple[int, str]] = {}
    for r in _select(st, "sentences") if sentences_too else ():
        start = int(r["start"])
        if r["event"] not in sentences or start < sentences[r["event"]][0]:
            sentences[r["event"]] = (start, r["text"])
    tolls: dict[str, list[Toll]] = {}
    for r in casualties:
        party = _actor(entities.get(r.get("party", "")))
        by = entities.get(r.get("by", ""))
        tolls.setdefault(sys.intern(r["event"]), []).append(
            Toll(
                _local(r["kind"]),
                int(r["amount"]),
                _int(r.get("low")),
                _int(r.get("high")),
                party,
                by.label if by else None,
                r["text"],
                sys.intern(r["sentence"]),  # party-less tolls are one claim per sentence: the deaths rule needs it
            )
        )
    records = [_record(r, roles.get(r["event"], []), sentences, tolls) for r in _select(st, "events")]
    return sorted((r for r in records if r is not None), key=lambda e: (e.begin or e.date or "~", e.iri))


def _entities(rows: Iterable[dict[str, str]]) -> dict[str, Where]:
    """Each entity's record, of its first class in IRI order (the first row of equals), read as the rows come."""
    out: dict[str, Where] = {}
    for r in rows:
        seen = out.get(r["entity"])
        cls = _local(r["class"])
        if seen is not None and seen.cls <= cls:
            continue
        point = WKT_POINT.search(r.get("wkt", ""))
        lon, lat = (float(point[1]), float(point[2])) if point else (None, None)
        out[r["entity"]] = Where(
            r["entity"], r["label"], cls, lat, lon, _int(r.get("precision")),
            r.get("country"), r.get("admin1"), r.get("admin2"), r.get("partOf"),
        )  # fmt: skip
    return out


_ACTORS: dict[str, Actor] = {}


def _actor(where: Where | None) -> Actor | None:
    """One `Actor` per entity, shared by every event that names it (a big store names each many times)."""
    if where is None:
        return None
    actor = _ACTORS.get(where.iri)
    if actor is None or actor.label != where.label:
        actor = _ACTORS[where.iri] = Actor(where.iri, where.label, where.cls, where.part_of)
    return actor


def _record(r: dict[str, str], roles: list[tuple[str, Where]], sentences, tolls) -> EventRecord | None:
    cls = _local(r["class"])
    if cls.startswith("http"):
        return None

    def of(role: str) -> list[Where]:
        return sorted((w for name, w in roles if name == role), key=lambda w: w.iri)

    agents = tuple(a for a in map(_actor, of("agent")) if a)
    targets = tuple(a for a in map(_actor, of("target")) if a)
    places = of("location")
    located = sorted((p for p in places if p.lat is not None), key=lambda p: (p.precision or 9, p.iri))
    same = sys.intern  # article, title, dates and outlets repeat across an article's events: one copy each
    return EventRecord(
        same(r["event"]), same(cls), r["trigger"], same(_local(r["modality"])), float(r["confidence"]), same(r["article"]),
        same(r.get("title", "")), same(r.get("published", "")), same(r.get("publisher", "")), same(r.get("date", "")),
        same(_local(r.get("precision", ""))), same(r.get("begin", "")), same(r.get("until", "")), _int(r.get("geo")),
        same(r.get("source", "")),
        sentences.get(r["event"], (0, ""))[1], agents, targets, next(iter(located or places), None),
        tuple(tolls.get(r["event"], ())), r.get("dateText", ""),
    )  # fmt: skip
