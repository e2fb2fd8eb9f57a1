"""Incidents: reports of one real occurrence in different articles become one `conf:Incident`, with the
evidence that joined them in words a user can check.

Real news is many outlets reporting a few incidents, each with its own toll and spelling (`Kismayo`,
`Kismaayo`, `Chisimaio`). Two reports from different articles are one incident when nothing rules it out
(a class that cannot be the same occurrence, dates that cannot overlap, two precisely placed towns far
apart) and enough agrees: the same place (the same GeoNames point, whatever the spelling) or one nearby,
dates within the precision each report gives, and a participant both name (after matching spellings,
transliterations and acronyms: `Hay'at Tahrir al-Sham` = `HTS`; people only by their full name). Each
report's event stays, with its own tolls and claims; the incident links them and carries the merged view.

The stage reads the events back from the store (`kg.query.event_rows.events_of`), so adding an article to a store
re-reads only what the store holds, never the articles' text: incidents are recomputed in seconds.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path

from kg.knowledge.ontology import ONTOLOGY_DIR, classes
from kg.knowledge.place_names import loose, norm
from kg.knowledge.places import km
from kg.query.event_rows import Actor, EventRecord

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "decade": 4, "": 5}


@cache
def rules(ontology_dir: str | None = None) -> dict:
    base = Path(ontology_dir) if ontology_dir else ONTOLOGY_DIR
    return json.loads((base / "incidents.json").read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why two reports are (or cannot be) one incident."""

    score: float
    reasons: tuple[str, ...] = ()
    veto: str | None = None


@dataclass(slots=True)
class Incident:
    reports: list[EventRecord]
    reasons: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Stable while reports join: minted from the first report published (then the smallest IRI)."""
        first = min(self.reports, key=lambda e: (e.published or "9999", e.iri))
        return hashlib.sha1(first.iri.encode()).hexdigest()[:16]


# -- who is who across articles --------------------------------------------------------------------


# The keys below are asked for the same few thousand names in every one of a corpus's comparisons (a
# thousand articles: half a million comparisons, 850,000 normalisations of 5,000 names): they are kept.


@lru_cache(maxsize=1 << 16)
def name_key(label: str) -> str:
    return loose(norm(label))


@lru_cache(maxsize=1 << 16)
def initials(label: str) -> str:
    stop = set(rules()["name_stopwords"])
    return "".join(w[0] for w in norm(label).split() if w not in stop)


@lru_cache(maxsize=1 << 16)
def _generic(label: str) -> bool:
    return norm(label) in set(rules()["generic_labels"])


def same_actor(a: Actor, b: Actor) -> bool:
    """One actor under two spellings: the same entity, the same name up to accents, apostrophes, articles
    and doubled letters, or an acronym and its expansion. A person only by the whole name: two people who
    share a surname stay two."""
    if a.iri == b.iri:
        return True
    if a.cls == "Person" or b.cls == "Person":
        return a.cls == b.cls and name_key(a.label) == name_key(b.label) and " " in norm(a.label)
    if name_key(a.label) == name_key(b.label):
        return True
    short, full = sorted((a.label, b.label), key=len)
    return short.isupper() and 2 <= len(short) <= 6 and short.lower() == initials(full)


def same_side(a: Actor, b: Actor) -> bool:
    """One party for an incident's purposes: the same actor, a state and the forces it fields (`Russia` in
    one report, `Russian armed forces` in another), or two names of one state's forces (`Israeli warplanes`
    in one report, `the IDF` in the army's own statement)."""
    if same_actor(a, b) or bool(a.part_of and a.part_of == b.iri) or bool(b.part_of and b.part_of == a.iri):
        return True
    return a.cls == b.cls == "ArmedForce" and bool(a.part_of) and a.part_of == b.part_of


def named(actors: tuple[Actor, ...]) -> list[Actor]:
    """Participants that say who: not `gunmen`, `civilians` or `soldiers`."""
    return [a for a in actors if a.cls != "PopulationGroup" and not _generic(a.label)]


# -- one occurrence or two ---------------------------------------------------------------------------


def window(e: EventRecord) -> tuple[date, date, bool] | None:
    """The days a report allows; an undated report (one dated by its reporting window alone) the days
    before its publication. The flag: dated by the text itself."""
    if e.begin and e.until and e.date_text:
        return date.fromisoformat(e.begin), date.fromisoformat(e.until), True
    if e.published:
        published = date.fromisoformat(e.published[:10])
        return _minus(published, timedelta(days=rules()["undated_window_days"])), published, False
    return None


def overlap(wa: tuple[date, date, bool], wb: tuple[date, date, bool]) -> bool:
    """Windows that meet, once a day of slack is allowed (`on Tuesday` in a piece filed after midnight):
    Tuesday and Wednesday can be one day's event, Tuesday and Thursday cannot."""
    slack = timedelta(days=rules()["date_slack_days"])
    return _minus(wa[0], slack) <= wb[1] and _minus(wb[0], slack) <= wa[1]


def _minus(day: date, span: timedelta) -> date:
    """`day - span`, or the first day there is (an article dated 0001-01-01 is an input like any other)."""
    try:
        return day - span
    except OverflowError:
        return date.min


def compare(a: EventRecord, b: EventRecord) -> Evidence:
    """The evidence for and against two reports being one incident."""
    r = rules()
    ra, rb = classes().root(a.cls), classes().root(b.cls)  # an AirStrike and an Attack may be one occurrence
    if ra in r["own_incident_classes"] or rb in r["own_incident_classes"]:
        return Evidence(0, veto=f"a {a.cls.lower()} is its own incident")
    if ra != rb and not any({ra, rb} <= set(pair) for pair in r["compatible_classes"]):
        return Evidence(0, veto=f"{a.cls} and {b.cls} are not one occurrence")
    score, reasons = 0.0, [f"{a.cls}" if a.cls == b.cls else f"{a.cls} and {b.cls}"]
    when = _dates(a, b)
    if when.veto:
        return when
    where = _places(a, b)
    if where.veto:
        return where
    who = _participants(a, b, ra in r["same_agent_classes"] and rb in r["same_agent_classes"])
    if who.veto:
        return who
    tolls = _tolls(a, b)
    score = when.score + where.score + who.score + tolls.score
    reasons += [*when.reasons, *where.reasons, *who.reasons, *tolls.reasons]
    if a.cls == b.cls and a.cls != ra:  # both an abduction, both an air strike: more than both an attack
        score += r["same_kind_score"]
        reasons.append(f"both {a.cls}")
    if a.article == b.article and ra == rb:  # a headline and its lead the article's own merge kept apart
        if _other_attackers(a, b):
            return Evidence(0, veto=f"{a.article} tells of different attackers")
        score += 1.0
        reasons.append(f"told twice in {a.article}")
    return Evidence(score, tuple(reasons))


def _other_attackers(a: EventRecord, b: EventRecord) -> bool:
    """Two events of one article whose agents are no party in common: one writer names one attacker the
    same way twice, so `gunmen killed villagers` and `soldiers later killed five of the attackers` (or
    `Russian artillery shelled` and `Ukrainian forces repelled`) are two occurrences however near. Unnamed
    agents count as one party when of one kind (`gunmen`, `attackers`)."""
    if not a.agents or not b.agents:
        return False
    return not any(_one_party(x, y) for x in a.agents for y in b.agents)


def _one_party(x: Actor, y: Actor) -> bool:
    """Two agents one writer means as one: the same side, two unnamed ones of one kind, or one name the
    other holds whole (`Communist rebels` and `communist`)."""
    if same_side(x, y) or (x.cls == y.cls and _generic(x.label) and _generic(y.label)):
        return True
    wx, wy = set(name_key(x.label).split()), set(name_key(y.label).split())
    return bool(wx and wy) and (wx <= wy or wy <= wx)


def _tolls(a: EventRecord, b: EventRecord) -> Evidence:
    """Death tolls of the same order (within a factor of two) are evidence; tolls far apart are none (early
    and late counts, or two sources, differ: that is kept, never a reason to split)."""
    ka, kb = a.killed(), b.killed()
    if not ka or not kb or min(ka[0], kb[0]) == 0 or max(ka[0], kb[0]) > 2 * min(ka[0], kb[0]):
        return Evidence(0)
    return Evidence(0.5, (f"tolls of the same order ({ka[0]} / {kb[0]} dead)",))


def _dates(a: EventRecord, b: EventRecord) -> Evidence:
    wa, wb = window(a), window(b)
    if wa is None or wb is None:
        return Evidence(0)
    if not overlap(wa, wb):
        return Evidence(0, veto=f"dates cannot overlap ({a.date or a.published} / {b.date or b.published})")
    if not (wa[2] or wb[2]):
        return Evidence(0.25, (f"published within {rules()['undated_window_days']} days",))
    if not (wa[2] and wb[2]):
        # One report gives no date (a statement, a rewrite), the other a day its publication window holds:
        # as good as two dates that overlap
        undated, dated = (wa, wb) if not wa[2] else (wb, wa)
        inside = undated[0] <= dated[0] and dated[1] <= undated[1]
        days = rules()["undated_window_days"]
        return Evidence(
            0.5 if inside else 0.25, (f"reported within {days} days of it" if inside else f"published within {days} days",)
        )
    if a.precision == b.precision == "day":
        return Evidence(1.0, (f"dated {a.date}" if a.date == b.date else f"dated {a.date} and {b.date}, within a day",))
    return Evidence(0.5, (f"dates overlap ({a.date} / {b.date})",))


def _places(a: EventRecord, b: EventRecord) -> Evidence:
    r = rules()
    pa, pb = a.location, b.location
    if pa is None or pb is None:
        return Evidence(0)
    if _same_name(pa, pb) and any(p.lat is None or p.lon is None or (p.precision or 9) >= 4 for p in (pa, pb)):
        # a village the places index lacks: one report leaves it unplaced or at the country its story is
        # about (`Bunagana`, on a border, at Uganda in a Ugandan statement): its name is the evidence
        return Evidence(1.0, (f"same place ({pa.label})",))
    if pa.lat is None or pb.lat is None or pa.lon is None or pb.lon is None:
        return Evidence(0)
    if pa.country and pb.country and pa.country != pb.country:
        return Evidence(0, veto=f"{pa.label} and {pb.label} are in different countries")
    distance = km((pa.lat, pa.lon), (pb.lat, pb.lon))
    precise = (pa.precision or 9) <= 2 and (pb.precision or 9) <= 2
    names = pa.label if pa.label == pb.label else f"{pa.label} = {pb.label}"
    if precise and distance <= r["same_place_km"]:
        return Evidence(1.0, (f"same place ({names}, {distance:.0f} km apart)",))
    if precise and distance > r["other_place_km"]:
        return Evidence(0, veto=f"{pa.label} and {pb.label} are {distance:.0f} km apart")
    if _same_name(pa, pb):  # a village the places index lacks, put at its country or region by both reports
        return Evidence(1.0, (f"same place ({names})",))
    if pa.admin1 and pa.admin1 == pb.admin1:
        return Evidence(0.5, (f"same region ({pa.admin1})",))
    return Evidence(0.25, (f"same country ({pa.country})",))


def _same_name(pa, pb) -> bool:
    """Two reports naming one town under one name, however coarsely each could place it; a country or a
    region named alike says no more than `same country`."""
    coarse = set(rules()["coarse_place_classes"])
    return pa.cls not in coarse and pb.cls not in coarse and (pa.iri == pb.iri or name_key(pa.label) == name_key(pb.label))


def _participants(a: EventRecord, b: EventRecord, same_agent: bool) -> Evidence:
    agents_a, agents_b = named(a.agents), named(b.agents)
    shared = [x for x in agents_a if any(same_side(x, y) for y in agents_b)]
    if same_agent and agents_a and agents_b and not shared:
        return Evidence(0, veto="announced by different parties")  # one side's ceasefire is not the other's
    targets = [x for x in named(a.targets) if any(same_side(x, y) for y in named(b.targets))]
    score = (1.0 if shared else 0) + (0.5 if targets else 0)
    reasons = tuple(f"both name {_pair(x, b.agents + b.targets)}" for x in (*shared, *targets))
    return Evidence(score, reasons)


def _pair(x: Actor, others: tuple[Actor, ...]) -> str:
    other = next((y for y in others if same_side(x, y)), x)
    return x.label if other.label == x.label else f"{x.label} = {other.label}"


# -- grouping ----------------------------------------------------------------------------------------


def group(events: list[EventRecord]) -> list[Incident]:
    """Reports joined, strongest evidence first, into incidents no two of whose reports rule each other out;
    every event is in exactly one incident. Pairs are judged as they are found and only those that pass are
    kept, so memory follows the joins, not the comparisons."""
    threshold = rules()["merge_score"]
    by_iri = {e.iri: e for e in events}
    pairs = []
    for x, y in candidate_pairs(events):
        evidence = compare(by_iri[x], by_iri[y])
        if evidence.veto is None and evidence.score >= threshold:
            pairs.append((-evidence.score, x, y, evidence))
    incident = {e.iri: Incident([e]) for e in events}
    for _score, x, y, evidence in sorted(pairs, key=lambda p: p[:3]):
        one, two = incident[x], incident[y]
        if one is two or not _joinable(one, two):
            continue
        one.reports += two.reports
        one.reasons += [*two.reasons, "; ".join(evidence.reasons)]
        for e in two.reports:
            incident[e.iri] = one
    unique = {id(i): i for i in incident.values()}
    return sorted(unique.values(), key=lambda i: i.key)


def blocking_keys(e: EventRecord) -> set[tuple[str, ...]]:
    """What a report must share with another to be compared with it: its region, its point, or a named
    participant. A pair sharing none cannot reach the merge score across articles (date and toll alone give
    1.5), so it is never compared: a corpus of thousands of reports of one war compares each report with its
    neighbours, not with everything dated the same week."""
    keys: set[tuple[str, ...]] = set()
    loc = e.location
    if loc is not None and loc.cls not in rules()["coarse_place_classes"]:
        keys.add(("place", name_key(loc.label)))  # a village one report could not place: its name
    if loc is not None and loc.lat is not None and loc.lon is not None:
        keys.add(("point", f"{loc.lat:.1f}", f"{loc.lon:.1f}"))
        if loc.admin1:
            keys.add(("region", loc.country or "", loc.admin1))
    keys.update(("actor", name_key(a.label)) for a in named(e.agents + e.targets))
    keys.update(("side", a.part_of) for a in named(e.agents + e.targets) if a.part_of)
    keys.update(("side", a.iri) for a in named(e.agents + e.targets) if a.cls in {"Country", "Government"})
    return keys


def candidate_pairs(events: list[EventRecord]) -> Iterator[tuple[str, str]]:
    """Pairs (by IRI, each once) that share a blocking key and whose date windows meet, found by a sweep over
    each key's windows; at most `max_neighbours` earlier reports per key are kept in the sweep, so a
    pathological corpus (one story repeated thousands of times) costs linear time. Reports of one article
    are paired among themselves only when the article is short (a headline and its lead told twice)."""
    r = rules()
    slack, limit = timedelta(days=r["date_slack_days"]), r["max_neighbours"]
    blocks: dict[tuple[str, ...], list[tuple[date, date, EventRecord]]] = {}
    by_article: dict[str, list[EventRecord]] = {}
    for e in events:
        w = window(e)
        by_article.setdefault(e.article, []).append(e)
        if w is None:
            continue
        for key in blocking_keys(e):
            blocks.setdefault(key, []).append((w[0], w[1], e))
    seen: set[tuple[str, str]] = set()
    for block in blocks.values():
        block.sort(key=lambda t: (t[0], t[2].iri))
        active: list[tuple[date, EventRecord]] = []
        for start, end, e in block:
            active = [(until, o) for until, o in active if until >= _minus(start, slack)][-limit:]
            for _until, o in active:
                pair = (min(o.iri, e.iri), max(o.iri, e.iri))
                if o.article != e.article and pair not in seen:
                    seen.add(pair)
                    yield pair
            active.append((end, e))
    for reports in by_article.values():
        if len(reports) <= r["short_article_events"]:
            yield from ((min(a.iri, b.iri), max(a.iri, b.iri)) for a, b in itertools.combinations(reports, 2))


def _joinable(one: Incident, two: Incident) -> bool:
    """No report of one group rules out a report of the other (checked against at most `max_neighbours`
    reports of each: beyond that an incident is a story told hundreds of times, all of it consistent)."""
    limit = rules()["max_neighbours"]
    return all(compare(a, b).veto is None for a in one.reports[:limit] for b in two.reports[:limit])
