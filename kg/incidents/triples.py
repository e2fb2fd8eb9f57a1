"""The incidents graph: each incident with its merged view, its links to every report, and the entities its
reports show to be one; recomputed from the store after every build that changed it (`refresh`)."""

from __future__ import annotations

from kg.graph.rdf import BEGIN, DATE_TYPES, LABEL, SAME_AS, UNTIL, A, C, integer, literal, term
from kg.incidents import Incident, group, named, same_actor
from kg.incidents.merged import best_placed, best_report, majority_class, outlets, participants
from kg.query.event_rows import EventRecord, killed

XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"


def incident_chunks(incidents: list[Incident], minter, size: int = 20_000):
    """The incidents graph's N-Triples lines, about `size` lines at a time (a corpus of a million events has a
    million incidents: their triples never sit whole in memory; 20,000 incidents a chunk, the old measure,
    made 60 MB of text that Oxigraph's loader then held several times over)."""
    out: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        out.append(f"{s} {p} {o} .\n")

    for inc in incidents:
        if len(out) >= size:
            yield out
            out = []
        node = term(minter.incident(inc.key))
        _summary(add, node, inc)
        for role, actors in (
            ("agent", sorted(participants(e.agents for e in inc.reports), key=lambda a: a.iri)),
            ("target", sorted(participants(e.targets for e in inc.reports), key=lambda a: a.iri)),
        ):
            for actor in actors:
                add(node, C[role], term(actor.iri))
        for reason in sorted(set(inc.reasons)):
            add(node, C["mergeReason"], literal(reason))
        for e in sorted(inc.reports, key=lambda e: e.iri):
            add(node, C["report"], term(e.iri))
            add(term(e.iri), C["incident"], node)
        for a, b in _same_entities(inc):
            add(term(a), SAME_AS, term(b))
    yield out


def _summary(add, node: str, inc: Incident) -> None:
    """Class, label, counts, and the date and place of the report that gives them most precisely."""
    best: EventRecord = best_report(inc)
    cls = majority_class(inc.reports)
    placed = best_placed(inc.reports)
    where = placed.location
    place = where.label if where else None
    reports = len(inc.reports)
    label = f"{cls}{' in ' + place if place else ''}{', ' + best.date if best.date else ''} ({reports} report{'s' if reports > 1 else ''})"
    add(node, A, C["Incident"])
    add(node, LABEL, literal(label))
    add(node, C["eventClass"], C[cls])
    add(node, C["articleCount"], integer(len({e.article for e in inc.reports})))
    add(node, C["sourceCount"], integer(len(outlets(inc.reports))))
    if best.date:
        add(node, C["date"], literal(best.date, DATE_TYPES.get(best.precision)))
        if best.precision:
            add(node, C["datePrecision"], C[best.precision])
    if best.begin and best.until:
        add(node, BEGIN, literal(best.begin, XSD_DATE))
        add(node, UNTIL, literal(best.until, XSD_DATE))
    if where:
        add(node, C["location"], term(where.iri))
        if placed.geo_precision:
            add(node, C["geoPrecision"], integer(placed.geo_precision))
    dead = killed(t for e in inc.reports for t in e.tolls)  # the one deaths rule over every report's tolls
    if dead:
        add(node, C["deaths"], integer(dead[0]))
        add(node, C["deathsLow"], integer(dead[1]))
        add(node, C["deathsHigh"], integer(dead[2]))


def _same_entities(inc: Incident) -> list[tuple[str, str]]:
    """Entities of different IRIs the incident's reports show to be one: a place spelled two ways (one
    GeoNames point), an actor under two spellings or an acronym."""
    pairs: set[tuple[str, str]] = set()
    places = [e.location for e in inc.reports if e.location and e.location.lat is not None and (e.location.precision or 9) <= 2]
    for i, p in enumerate(places):
        for q in places[i + 1 :]:
            if p.iri != q.iri and p.lat == q.lat and p.lon == q.lon:
                pairs.add((min(p.iri, q.iri), max(p.iri, q.iri)))
    actors = [a for e in inc.reports for a in named(e.agents + e.targets)]
    for i, a in enumerate(actors):
        for b in actors[i + 1 :]:
            if a.iri != b.iri and same_actor(a, b):
                pairs.add((min(a.iri, b.iri), max(a.iri, b.iri)))
    return sorted(pairs)


def refresh(store, minter) -> int:
    """Recompute the incidents of everything the store holds and replace its incidents graph; returns how
    many incidents join more than one report."""
    import pyoxigraph as ox

    from kg.query.event_rows import events_of

    incidents = group(events_of(store, sentences_too=False))
    graph = ox.NamedNode(minter.incidents_graph())
    if store.contains_named_graph(graph):
        store.remove_graph(graph)
    for chunk in incident_chunks(incidents, minter):
        store.bulk_load(f"<{graph.value}> {{\n{''.join(chunk)}}}\n", format=ox.RdfFormat.TRIG)
    return sum(1 for i in incidents if len(i.reports) > 1)
