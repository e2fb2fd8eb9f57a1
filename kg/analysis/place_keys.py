"""One node per real place: a town's key says which country and region it was resolved in.

Entity keys are names (`city:tripoli`) so that the same place told by many articles is one node. A name
is not a place, though: Tripoli in Libya and Tripoli in Lebanon, or Vesele in Donetsk and Vesele in
Kherson, would be one node with two points (and two GeoNames ids), and every event at either would sit
at both. Once an article's places are resolved, a town, site or region of a name-made key takes its
country and first-level region into the key (`city:lby:tripoli`, `city:ukr:donetsk-oblast:vesele`);
a place left unresolved keeps its name key. Keys from the gazetteer (countries, curated regions) are
already one place each and are left alone.

Example: `city:foah` resolved in Idlib, Syria -> `city:syr:idlib:foah`.
"""

from __future__ import annotations

from dataclasses import replace

from kg.ingest import slugify
from kg.records import Casualties, Entity, Event, Mention, Role

REKEYED_TYPES = {"City", "Place", "Region"}


def place_key(entity: Entity) -> str:
    """The key of a resolved place: its name key with its country and first-level region inserted."""
    loc = entity.location
    kind, sep, name = entity.key.partition(":")
    if loc is None or not loc.country or entity.type not in REKEYED_TYPES or not sep or ":" in name:
        return entity.key
    region = slugify(loc.admin1) if loc.admin1 and loc.matched != "admin1" else ""
    return ":".join(p for p in (kind, loc.country.lower(), region, name) if p)


def by_place(
    entities: tuple[Entity, ...], mentions: list[Mention], events: tuple[Event, ...]
) -> tuple[tuple[Entity, ...], list[Mention], tuple[Event, ...]]:
    """The article's records with each resolved place under its place key, everywhere it is referred to."""
    keys = {e.key: place_key(e) for e in entities}
    keys = {old: new for old, new in keys.items() if old != new}
    if not keys:
        return entities, mentions, events

    def k(key: str | None) -> str | None:
        return keys.get(key, key) if key else key

    def toll(c: Casualties) -> Casualties:
        return replace(c, party=k(c.party), attributed_to=k(c.attributed_to))

    entities = tuple(replace(e, key=k(e.key) or e.key, part_of=k(e.part_of), governs=k(e.governs)) for e in entities)
    mentions = [replace(m, entity=keys.get(m.entity, m.entity)) for m in mentions]
    events = tuple(
        replace(
            ev,
            roles=tuple(Role(r.name, keys.get(r.entity, r.entity)) for r in ev.roles),
            attributed_to=k(ev.attributed_to),
            source=k(ev.source),
            casualties=tuple(toll(c) for c in ev.casualties),
        )
        for ev in events
    )
    return entities, mentions, events
