"""Scopes: one actor, one place, one country, one event type, a date range, on any question that says which
of its variables is the event (`# scope: ?event`) or the incident (`# scope: ?incident incident`).

A scope is answered in two steps. First a small query finds the events (or incidents) it names, from keys
the build writes for this purpose, each a point lookup in the store's indexes:

- `conf:nameKey`: every name and alias of an entity, case-folded (`--param actor=baku` finds Azerbaijan's
  government by its alias, in any case);
- `conf:period`: an event's month (`2023-09`), or its year for a date known only to the year, so a date
  range is a handful of `VALUES` lookups; the exact day bounds are then checked on those events only;
- `conf:countryCode` on places, and the events' own roles and classes.

Then the question runs with those IRIs bound in a `VALUES` block at the start of its WHERE block and of
every sub-select that projects the variable, so the engine starts from them. Measured at 10,000 articles
(bench/questions.py), for an actor with 344 events: the scope as a sub-select joined to the question took
5 to 11 s on the listings (Oxigraph computed the whole question, then joined), the two steps 10 to 20 ms.
For a wide scope the measurement turns round (a month of 7,580 events: `aid` 1.9 s with `VALUES`, 0.12 s as
a sub-select; `displacement` 8.0 s and 0.2 s): past `MAX_VALUES` events the scope joins as a sub-select.

Values enter the scope query as escaped literals in `VALUES` blocks (pyoxigraph serialises them), a type is
checked against the ontology's event classes before it becomes an IRI, and the IRIs found are serialised
by pyoxigraph too: a value is data, never code.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date

from kg.errors import QueryError
from kg.graph.keys import name_key
from kg.query.text import words

SCOPES = ("actor", "place", "country", "type", "from", "to")
PLACE_ROLES = ("conf:location", "conf:destination", "conf:origin")
ACTOR_ROLES = ("conf:agent", "conf:target")
MAX_PERIODS = 1200  # a wider range is checked with a filter on the dates instead of point lookups
MAX_VALUES = 1000  # more events than this: the scope joins as a sub-select instead (see `restrict`)


def parse(text: str) -> tuple[str, str, bool] | None:
    """The question's scope header: (variable, kind, last), kind `event` or `incident`; None when it has none.
    `last` (`# scope: ?event last`) binds the scope's events at the end of the question instead of the
    start, for a question that starts better from a selective parameter of its own (`actor`: 1.1 s -> 19 ms
    at 10,000 articles for an actor and a month)."""
    for line in text.splitlines():
        m = re.match(r"#\s*scope:\s*\?(\w+)(?:\s+(event|incident))?(\s+last)?\s*$", line.strip())
        if m:
            return m.group(1), m.group(2) or "event", bool(m.group(3))
    return None


def split(params: dict[str, str], declared: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(scope values, the other parameters): a question's own parameter of the same name wins."""
    scope = {k: v for k, v in params.items() if k in SCOPES and k not in declared and v}
    return scope, {k: v for k, v in params.items() if k not in scope and not (k in SCOPES and k not in declared)}


def periods(start: str, end: str) -> list[str] | None:
    """Every period key a date between `start` and `end` (YYYY, YYYY-MM or YYYY-MM-DD) can have, or None
    when there would be more than MAX_PERIODS."""
    y0, m0 = int(start[:4]), int(start[5:7] or 1) if len(start) >= 7 else 1
    y1, m1 = int(end[:4]), int(end[5:7]) if len(end) >= 7 else 12
    if (y1 - y0) * 13 > MAX_PERIODS:
        return None
    keys = [f"{y:04d}" for y in range(y0, y1 + 1)]
    keys += [f"{y:04d}-{m:02d}" for y in range(y0, y1 + 1) for m in range(1, 13) if (y0, m0) <= (y, m) <= (y1, m1)]
    return keys


def _values(var: str, values: list[str]) -> str:
    import pyoxigraph as ox

    return f"VALUES ?{var} {{ {' '.join(str(ox.Literal(v)) for v in values)} }}"


def _roles(subject: str, roles: tuple[str, ...], obj: str) -> str:
    return " UNION ".join(f"{{ {subject} {role} {obj} }}" for role in roles)


def patterns(scope: dict[str, str], event: str, event_classes: Collection[str]) -> list[str]:
    """The scope's graph patterns over `event` (a variable name with its `?`), most selective first."""
    found = []
    if scope.get("actor"):
        found += [
            _values("scope_actor", [name_key(scope["actor"])]),
            "?scope_a conf:nameKey ?scope_actor .",
            _roles(event, ACTOR_ROLES, "?scope_a"),
        ]
    if scope.get("place"):
        found += [
            _values("scope_place", [name_key(scope["place"])]),
            "?scope_p conf:nameKey ?scope_place .",
            _roles(event, PLACE_ROLES, "?scope_p"),
        ]
    if scope.get("country"):
        code = scope["country"].strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise QueryError(f"--param country={scope['country']!r}: give an ISO 3166 alpha-3 code such as COD or AZE")
        found += [
            _values("scope_country", [code]),
            "?scope_c conf:countryCode ?scope_country .",
            _roles(event, PLACE_ROLES, "?scope_c"),
        ]
    if scope.get("from") or scope.get("to"):
        found += _dates(scope.get("from", ""), scope.get("to", ""), event)
    if scope.get("type"):
        wanted = {c.lower(): c for c in event_classes}.get(scope["type"].strip().lower())
        if wanted is None:
            raise QueryError(f"--param type={scope['type']!r}: not an event class; one of {', '.join(sorted(event_classes))}")
        found.append(f"{event} a/rdfs:subClassOf* conf:{wanted} .")  # type=Attack holds its kinds (AirStrike ...)
    return found


def _dates(start: str, end: str, event: str) -> list[str]:
    keys = periods(start or "1900", end or str(date.today().year + 1))
    found = [_values("scope_period", keys), f"{event} conf:period ?scope_period ."] if keys is not None else []
    found.append(f"{event} conf:date ?scope_d . BIND(STR(?scope_d) AS ?scope_day)")
    if start:
        found += [_values("scope_from", [start]), "FILTER(SUBSTR(?scope_from, 1, STRLEN(?scope_day)) <= ?scope_day)"]
    if end:
        found += [_values("scope_to", [end]), "FILTER(SUBSTR(?scope_day, 1, STRLEN(?scope_to)) <= ?scope_to)"]
    return found


def select(var: str, kind: str, values: dict[str, str], event_classes: Collection[str]) -> str:
    """The query for the scope's events (or incidents): `SELECT DISTINCT ?var WHERE { ... }`."""
    if kind == "incident":
        body = [*patterns(values, "?scope_e", event_classes), f"?{var} conf:report ?scope_e ."]
    else:
        body = patterns(values, f"?{var}", event_classes)
    return f"SELECT DISTINCT ?{var} WHERE {{\n  " + "\n  ".join(body) + "\n}"


def restrict(text: str, var: str, iris: list[str], inner: bool = True, block: str | None = None) -> str:
    """`text` with `VALUES ?var { <iri> ... }` at the start of its outer WHERE block and of every sub-select
    that projects `?var` (restricting inside is the same answer: the sub-select joins on `?var`). Strings,
    comments and IRIs are skipped as units, so a `WHERE {` inside one is never taken for the real one.

    `inner=False` (for rdflib) puts one block at the end of the outer WHERE block instead: rdflib answers a
    `GROUP BY` over no solutions with one empty row (rdflib #3382), and it evaluates a join by pushing the
    left side's bindings into the right, so an event bound before a grouped sub-select that has nothing for
    it would join that empty row. `block`, when given, goes there instead of the VALUES block: a wide scope's
    own query, as a sub-select."""
    import pyoxigraph as ox

    # nothing found: an IRI that names nothing, not an empty block (rdflib fails on `VALUES ?x { }` after an
    # OPTIONAL with a path: "'list' object has no attribute 'name'")
    if block is None:
        block = f" VALUES ?{var} {{ {' '.join(str(ox.NamedNode(i)) for i in iris or ['urn:conflict-kg:none'])} }} "
    spots: list[int] = []
    select_at: int | None = None
    where_seen = False
    depth, outer_open = 0, None
    for m in words(text):
        unit = m.group()
        if unit.upper() == "SELECT":
            select_at, where_seen = m.end(), False
        elif unit.upper() == "WHERE" and select_at is not None:
            projection = text[select_at : m.start()]
            projected = re.search(rf"\?{var}\b", projection) is not None or projection.strip() == "*"
            where_seen = outer_open is None or (inner and projected)
        elif unit == "{":
            depth += 1
            if select_at is not None:
                if where_seen and (inner or outer_open is None):
                    spots.append(m.end())
                outer_open = depth if outer_open is None else outer_open
                select_at, where_seen = None, False
        elif unit == "}":
            if depth == outer_open and not inner:
                spots = [m.start()]  # the end of the outer block
            depth -= 1
    for at in reversed(spots):
        text = text[:at] + block + text[at:]
    return text
