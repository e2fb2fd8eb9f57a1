"""The ontology's class tree for Python: which classes are events, actors and places.

Read from `ontology/conflict.ttl` (`rdfs:subClassOf`, transitively), so adding an event class or an actor
kind is a change to the ontology and the lexicon, never to a copy of the class names in code.

>>> "Attack" in classes().events and "Country" in classes().places and "Country" in classes().actors
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path


def _ontology_dir() -> Path:
    """The ontology folder: inside the package when it was installed from a wheel (`kg/knowledge/data`,
    mapped from the project's `ontology/` at build time, see pyproject.toml), else the project's own
    `ontology/` (a checkout, an editable install). Every loader reads its files through `ONTOLOGY_DIR`."""
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    return packaged if (packaged / "conflict.ttl").is_file() else here.parent.parent / "ontology"


ONTOLOGY_DIR = _ontology_dir()
NAMESPACE = "https://w3id.org/conflict-kg/ontology#"


@dataclass(frozen=True, slots=True)
class Classes:
    """Local names of the classes under `conf:Event`, `conf:Actor` and `conf:Place`. `places` holds `Place`
    itself, a type entities take; the other two roots are never an entity's or event's type."""

    events: frozenset[str]
    actors: frozenset[str]
    places: frozenset[str]
    broader: dict[str, str] = field(default_factory=dict)  # an event class -> the class it specialises

    def root(self, event_class: str) -> str:
        """The class directly under `conf:Event` that an event class specialises (`AirStrike` -> `Attack`),
        or the class itself: what extraction rules, lexicon flags and incidents compare."""
        seen = set()
        while event_class in self.broader and event_class not in seen:
            seen.add(event_class)
            event_class = self.broader[event_class]
        return event_class

    def under(self, event_class: str) -> frozenset[str]:
        """An event class and every class that specialises it (`Attack` -> Attack, AirStrike, Shelling...)."""
        return frozenset(c for c in self.events | {event_class} if c == event_class or self._is_under(c, event_class))

    def _is_under(self, event_class: str, ancestor: str) -> bool:
        seen = set()
        while event_class in self.broader and event_class not in seen:
            seen.add(event_class)
            event_class = self.broader[event_class]
            if event_class == ancestor:
                return True
        return False


@cache
def classes(ontology_dir: str | None = None) -> Classes:
    import pyoxigraph as ox

    path = (Path(ontology_dir) if ontology_dir else ONTOLOGY_DIR) / "conflict.ttl"
    parents: dict[str, set[str]] = {}
    sub_class_of = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    with open(path, "rb") as f:
        for quad in ox.parse(f, format=ox.RdfFormat.TURTLE):
            s, p, o = quad.subject, quad.predicate, quad.object
            local = isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode) and s.value.startswith(NAMESPACE)
            if p.value == sub_class_of and local and o.value.startswith(NAMESPACE):
                parents.setdefault(s.value[len(NAMESPACE) :], set()).add(o.value[len(NAMESPACE) :])

    def under(root: str) -> frozenset[str]:
        found: set[str] = set()
        frontier = {root}
        while frontier:
            frontier = {c for c, ps in parents.items() if ps & frontier and c not in found}
            found |= frontier
        return frozenset(found)

    events = under("Event")
    broader = {c: p for c in events for p in sorted(parents.get(c, ())) if p in events}
    return Classes(events, under("Actor"), under("Place") | {"Place"}, broader)
