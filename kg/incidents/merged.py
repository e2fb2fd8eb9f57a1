"""An incident as one record: its class, the report that tells it best, its participants once.

What the incidents graph states of each incident (`kg/incidents/triples.py`) and what the exports write as
one row per real occurrence (`kg/exports/crosswalk.py`) are read from its reports by the same rules here, so
the page, `deadliest` and the exports count one occurrence alike.
"""

from __future__ import annotations

from dataclasses import replace

from kg.incidents import PRECISION_RANK, Incident, same_actor
from kg.query.event_rows import Actor, EventRecord


def best_report(incident: Incident) -> EventRecord:
    """The report whose date and place are most precise: it gives the incident's date and place."""
    return min(
        incident.reports,
        key=lambda e: (
            PRECISION_RANK.get(e.precision, 5),
            (e.location.precision if e.location else None) or 9,
            e.published or "9999",  # among equals the first report, usually the wire's
            e.iri,
        ),
    )


def best_placed(reports: list[EventRecord]) -> EventRecord:
    """The report whose place is most precise (then the first published): it gives the incident's place,
    which may come from another report than its date (a headline dated to the day names no town; its lead,
    dated by its week, does)."""
    return min(
        reports,
        key=lambda e: (
            (e.location.precision if e.location and e.location.lat is not None else None) or 9,
            0 if e.location else 1,
            e.published or "9999",
            e.iri,
        ),
    )


def outlets(reports: list[EventRecord]) -> set[str]:
    """The outlets that report an incident (an article with no outlet named counts as its own)."""
    return {e.source or e.publisher or e.article for e in reports}


def majority_class(reports: list[EventRecord]) -> str:
    """The class most reports give: an incident's class. Ties go to the class of the deadliest report, as a
    coder codes an attack that killed twelve and abducted twenty as the attack; then the first by name."""
    counts: dict[str, int] = {}
    dead: dict[str, int] = {}
    for e in reports:
        counts[e.cls] = counts.get(e.cls, 0) + 1
        dead[e.cls] = max(dead.get(e.cls, 0), (e.killed() or (0,))[0])
    return min(counts, key=lambda c: (-counts[c], -dead[c], c))


def participants(groups) -> list[Actor]:
    """Each participant once, in the order the groups name them: the first spelling of an actor several
    reports name."""
    out: list[Actor] = []
    for actors in groups:
        for a in actors:
            if not any(same_actor(a, b) for b in out):
                out.append(a)
    return out


def one_record(reports: list[EventRecord]) -> EventRecord:
    """An incident as one flat record, the way a coder writes one row for an occurrence many sources report
    (ACLED's `source` lists them all): the class most reports give, told by the most precise report of that
    class (its words, trigger, article and IRI, so a row still points at a sentence); the date and place of
    the incident (`best_report`); every report's participants once, its own first; every report's tolls,
    which the one deaths rule (`records.deaths`) counts once per party."""
    if len(reports) == 1:
        return reports[0]
    cls = majority_class(reports)
    lead = best_report(Incident([e for e in reports if e.cls == cls]))
    when, where = best_report(Incident(reports)), best_placed(reports)
    ordered = [lead, *(e for e in reports if e is not lead)]
    agents = participants(e.agents for e in ordered)
    targets = [t for t in participants(e.targets for e in ordered) if not any(same_actor(t, a) for a in agents)]
    named = dict.fromkeys(e.source or e.publisher for e in ordered)  # as ACLED's `source` lists them, in order
    return replace(
        lead,
        date=when.date, precision=when.precision, begin=when.begin, until=when.until, date_text=when.date_text,
        location=where.location, geo_precision=where.geo_precision, source="; ".join(o for o in named if o),
        agents=tuple(agents), targets=tuple(targets), tolls=tuple(t for e in ordered for t in e.tolls),
        outlets=len(outlets(reports)), reports=len(reports),
    )  # fmt: skip
