"""What the page's map, timeline and summary show, read from the graph's triples.

A mark is one real occurrence: an incident (however many reports and outlets it groups), or an event that no
incident holds (a graph built before incidents, or a synthetic one). Each keeps its reports, so the map draws
one circle per occurrence while the details list every source's own toll. Everything is plain JSON data,
sorted, so the page is byte-identical for the same graph.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from functools import cache

from rdflib.namespace import DCTERMS, RDF, RDFS

from kg.graph.vocab import CONF, GEO, SEM
from kg.knowledge import schemas
from kg.knowledge.ontology import classes
from kg.query.event_rows import WKT_POINT, Actor, Toll, killed

EVENT_CLASSES = classes().events
ROLE_PROPS = tuple(str(CONF[r]) for r in ("agent", "target"))
LOCATION_PROPS = tuple(str(CONF[r]) for r in ("location", "destination", "origin"))
_TYPE, _LABEL = str(RDF.type), str(RDFS.label)
C = str(CONF._NS)
SUMMARY_FROM = 20  # articles: from this many the page opens on the summary, not on a graph


def _local(iri: str | None) -> str:
    return str(iri or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class Mark:
    """One occurrence on the map and the timeline."""

    id: str
    label: str
    type: str
    date: str
    precision: str
    begin: str
    end: str
    lat: float | None
    lon: float | None
    geo: int | None  # conf:geoPrecision: 1 town, 2 district, 3 region, 4 country
    place: str
    country: str
    killed: int | None
    reports: tuple[str, ...]
    actors: tuple[str, ...]
    articles: int
    tolls: tuple[str, ...]


def _int(text: str | None) -> int | None:
    try:
        return int(str(text)) if text is not None else None
    except ValueError:
        return None


def _span(date: str) -> tuple[str, str]:
    """First and last day a date string covers, when no begin/end stamps say it (graphs from elsewhere)."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return date, date
    if re.fullmatch(r"\d{4}-\d{2}", date):
        last = {2: 28}.get(int(date[5:]), 30 if int(date[5:]) in (4, 6, 9, 11) else 31)
        return f"{date}-01", f"{date}-{last:02}"
    if re.fullmatch(r"\d{4}", date):
        return f"{date}-01-01", f"{date}-12-31"
    return "", ""


class _Reader:
    def __init__(self, g) -> None:
        self.g = g
        self.labels: dict[str, str] = {}

    def value(self, node: str | None, prop: str) -> str | None:
        return self.g.value(node, prop) if node else None

    def label(self, node: str) -> str:
        return str(self.g.value(node, _LABEL) or _local(node))

    def where(self, place: str | None) -> tuple[float | None, float | None, str, str]:
        wkt = self.value(self.value(place, str(GEO.hasGeometry)), str(GEO.asWKT))
        found = WKT_POINT.search(str(wkt or ""))
        lon, lat = (float(found.group(1)), float(found.group(2))) if found else (None, None)
        return lat, lon, self.label(place) if place else "", str(self.value(place, C + "countryCode") or "")

    def tolls(self, event: str) -> list[tuple[Toll, str]]:
        found = []
        for node in self.g.objects(event, C + "casualties"):
            party = self.value(node, C + "party")
            by = self.value(node, str(CONF.attributedTo)) or self.value(event, str(CONF.source))
            toll = Toll(
                _local(self.value(node, C + "kind")),
                _int(self.value(node, C + "amount")) or 0,
                _int(self.value(node, C + "low")),
                _int(self.value(node, C + "high")),
                Actor(party, self.label(party), "") if party else None,
                self.label(by) if by else None,
                str(self.value(node, C + "amountText") or ""),
                event + "|" + str(self.value(node, str(CONF.start)) or ""),
            )
            found.append((toll, _local(self.value(event, str(CONF.inArticle)))))
        return found


def _toll_words(toll: Toll) -> str:
    """The toll as the text put it, with its kind added only when the words do not already say it."""
    words = toll.text or str(toll.amount)
    said = set(re.findall(r"[a-z]+", words.lower()))
    return words if said & _said_words() or toll.kind in said else f"{words} {toll.kind}"


@cache
def _said_words() -> frozenset[str]:
    return frozenset(schemas.load("lexicon/casualties.json")["said_words"])


def _first_location(r: _Reader, node: str) -> str | None:
    for prop in LOCATION_PROPS:
        places = sorted(r.g.objects(node, prop))
        located = [p for p in places if r.where(p)[0] is not None]
        if located or places:
            return (located or places)[0]
    return None


def _mark(r: _Reader, node: str, reports: list[str], cls: str) -> Mark:
    g = r.g
    date = str(r.value(node, str(CONF.date)) or "")
    begin = str(r.value(node, str(SEM.hasEarliestBeginTimeStamp)) or "")
    end = str(r.value(node, str(SEM.hasLatestEndTimeStamp)) or "")
    if not begin and date:
        begin, end = _span(date)
    place_node = _first_location(r, node) or next(filter(None, (_first_location(r, ev) for ev in reports)), None)
    lat, lon, place, country = r.where(place_node)
    tolls = [t for ev in reports for t in r.tolls(ev)]
    actors = sorted({a for ev in reports for prop in ROLE_PROPS for a in g.objects(ev, prop)})
    articles = {r.value(ev, str(CONF.inArticle)) for ev in reports}
    lines = sorted({f"{t.by or 'unattributed'} ({article}): {_toll_words(t)}" for t, article in tolls})
    deaths = killed(t for t, _a in tolls)
    return Mark(
        id=node,
        label=r.label(node),
        type=cls,
        date=date,
        precision=_local(r.value(node, str(CONF.datePrecision))) or ("day" if len(date) == 10 else ""),
        begin=begin,
        end=end or begin,
        lat=lat,
        lon=lon,
        geo=_int(r.value(node, str(CONF.geoPrecision))) or _int(r.value(place_node, C + "geoPrecisionOf")),
        place=place,
        country=country,
        killed=deaths[0] if deaths else None,
        reports=tuple(sorted(reports)),
        actors=tuple(actors),
        articles=len(articles - {None}),
        tolls=tuple(lines),
    )


def marks(g) -> list[Mark]:
    """Every occurrence in the graph (`g` is a `viz.Triples`), incidents first, then events no incident holds."""
    r = _Reader(g)
    found: list[Mark] = []
    held: set[str] = set()
    for node, props in sorted(g.out.items()):
        types = {_local(t) for t in props.get(_TYPE, ())}
        if "Incident" in types:
            reports = sorted(props.get(C + "report", ()))
            held.update(reports)
            cls = _local(r.value(node, C + "eventClass")) or next(iter(sorted(types - {"Incident"})), "Event")
            found.append(_mark(r, node, reports, cls))
    for node, props in sorted(g.out.items()):
        types = {_local(t) for t in props.get(_TYPE, ())} & EVENT_CLASSES
        if types and node not in held:
            found.append(_mark(r, node, [node], sorted(types)[0]))
    found.sort(key=lambda m: (m.begin or "9999", m.type, m.id))
    return found


def articles(g) -> list[tuple[str, str]]:
    """(title, date) of each article, by date then title."""
    found = []
    for node, props in g.out.items():
        if C + "Article" in props.get(_TYPE, ()) and not props.get(str(DCTERMS.isPartOf)):
            found.append((str(g.value(node, str(DCTERMS.title)) or _local(node)), str(g.value(node, str(DCTERMS.date)) or "")))
    return sorted(found, key=lambda a: (a[1], a[0]))


def title(found: list[tuple[str, str]]) -> str:
    """The page says what it shows: one article's headline, or how many articles over which dates."""
    if not found:
        return "conflict-kg: an empty graph"
    if len(found) == 1:
        return found[0][0]
    dates = sorted(d for _t, d in found if d)
    span = f", {dates[0]} – {dates[-1]}" if dates and dates[0] != dates[-1] else (f", {dates[0]}" if dates else "")
    return f"{len(found)} articles{span}"


def summary(found: list[Mark], entity_labels: dict[str, str], n_articles: int, top: int = 10) -> dict:
    """Top actors, busiest months, totals: what a page of many articles opens on."""
    actors = Counter(a for m in found for a in m.actors if a in entity_labels)
    months = Counter(m.begin[:7] for m in found if m.begin and m.precision in {"day", "week", "month"})
    countries = Counter(m.country for m in found if m.country)
    return {
        "articles": n_articles,
        "marks": len(found),
        "reports": sum(len(m.reports) for m in found),
        "located": sum(1 for m in found if m.lat is not None),
        "dated": sum(1 for m in found if m.begin),
        "killed": sum(m.killed or 0 for m in found),
        "topActors": [
            [entity_labels[a], n, a] for a, n in sorted(actors.items(), key=lambda x: (-x[1], entity_labels[x[0]]))[:top]
        ],
        "months": sorted(months.items()),
        "countries": sorted(countries.items(), key=lambda x: (-x[1], x[0]))[:top],
        "opensOnSummary": n_articles >= SUMMARY_FROM,
    }


def as_json(found: list[Mark]) -> list[dict]:
    return [asdict(m) for m in found]
