"""The shared entities graph, merged from what each article says about its entities (`rdf.ArticleTriples`):
one label and class per entity from the first article that names it, every other name an alias, and a
place's location whole from the article that places it most precisely."""

from __future__ import annotations

from collections.abc import Iterable

from .rdf import ALT, AS_WKT, GEOMETRY, GEONAMES, HAS_GEOMETRY, LABEL, SAME_AS, A, C

GEO_PREDICATES = {HAS_GEOMETRY, AS_WKT, C["geoPrecisionOf"], C["countryCode"], C["admin1"], C["admin2"]}


def _geo_owner(s: str, p: str, o: str) -> str | None:
    """The place a line of location data belongs to, or None for other lines."""
    if p == AS_WKT or (p == A and o == GEOMETRY):
        return s[: -len("/geometry>")] + ">"
    if p in GEO_PREDICATES or (p == SAME_AS and o.startswith(f"<{GEONAMES}")):
        return s
    return None


def merge_entities(contributions: Iterable[str]) -> str:
    """The shared entities graph from what each article says about its entities, given in a fixed order
    (the articles' graph IRIs, sorted): the first article that names an entity gives its label and class,
    every other name becomes a `skos:altLabel`. A function of the set of articles alone, so a store that
    re-built one article holds what a clean build of the same articles holds.

    Example: article a1 calls an entity `Goma`, a2 `Goma city`: label `Goma`, altLabel `Goma city`.
    A place's location comes whole from the article that places it most precisely (the first of equals),
    so a point, its precision and its GeoNames id never come from two different readings.
    """
    labels: dict[str, str] = {}
    types: dict[str, str] = {}
    alts: dict[str, set[str]] = {}
    lines: set[str] = set()
    places: dict[str, tuple[str, list[str]]] = {}  # place -> (precision, its location lines) of the best reading
    for text in contributions:
        located: dict[str, list[str]] = {}
        for line in text.split("\n"):
            if not line:
                continue
            s, p, o = line[:-2].split(" ", 2)
            owner = _geo_owner(s, p, o)
            if owner:
                located.setdefault(owner, []).append(line)
            elif p == A:
                types.setdefault(s, o)
            elif p == LABEL:
                if labels.setdefault(s, o) != o:
                    alts.setdefault(s, set()).add(o)
            elif p == ALT:
                alts.setdefault(s, set()).add(o)
            else:
                lines.add(line)
        for owner, geo in located.items():
            precision = next((ln.rsplit(" ", 2)[-2] for ln in geo if f" {C['geoPrecisionOf']} " in ln), "9")
            if owner not in places or precision < places[owner][0]:
                places[owner] = (precision, geo)
    lines.update(line for _precision, geo in places.values() for line in geo)
    for s, o in types.items():
        lines.add(f"{s} {A} {o} .")
    for s, o in labels.items():
        lines.add(f"{s} {LABEL} {o} .")
        lines.update(f"{s} {ALT} {alt} ." for alt in alts.get(s, ()) if alt != o)
    return "".join(line + "\n" for line in sorted(lines))
