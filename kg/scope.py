"""Scopes: one actor, one place, one country, one event type, a date range, on any question that says which
of its variables is the event (`# scope: ?event`) or the incident (`# scope: ?incident incident`).

A scope is a sub-select placed first in the question's WHERE block, so the engine starts from the few events
it names and joins the question to them, instead of computing the whole answer and filtering it. It starts
from keys the build writes for this purpose, each a point lookup in the store's indexes:

- `conf:nameKey`: every name and alias of an entity, case-folded (`--param actor=baku` finds Azerbaijan's
  government by its alias, in any case);
- `conf:period`: an event's month (`2023-09`), or its year for a date known only to the year, so a date
  range is a handful of `VALUES` lookups; the exact day bounds are then checked on those events only;
- `conf:countryCode` on places, and the events' own roles and classes.

Values enter the query as escaped literals in `VALUES` blocks (pyoxigraph serialises them), and a type is
checked against the ontology's event classes before it becomes an IRI: a value is data, never code.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date

from .errors import QueryError

SCOPES = ("actor", "place", "country", "type", "from", "to")
PLACE_ROLES = ("conf:location", "conf:destination", "conf:origin")
ACTOR_ROLES = ("conf:agent", "conf:target")
MAX_PERIODS = 1200  # a wider range is checked with a filter on the dates instead of point lookups


def name_key(name: str) -> str:
    """The key a name is found by: case-folded, spaces collapsed."""
    return " ".join(name.casefold().split())


def period(value: str) -> str:
    """The period key of a `conf:date` value: its month, or the year when that is all the date says."""
    return value[:7]


def parse(text: str) -> tuple[str, str] | None:
    """The question's scope header: (variable, kind), kind `event` or `incident`; None when it has none."""
    for line in text.splitlines():
        m = re.match(r"#\s*scope:\s*\?(\w+)(?:\s+(event|incident))?\s*$", line.strip())
        if m:
            return m.group(1), m.group(2) or "event"
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
        found.append(f"{event} a conf:{wanted} .")
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


def apply(text: str, where: int, var: str, kind: str, scope: dict[str, str], event_classes: Collection[str]) -> str:
    """`text` with the scope's sub-select inserted at `where` (the opening of its WHERE block)."""
    if not scope:
        return text
    if kind == "incident":
        body = [*patterns(scope, "?scope_e", event_classes), f"?{var} conf:report ?scope_e ."]
    else:
        body = patterns(scope, f"?{var}", event_classes)
    block = "\n  { SELECT DISTINCT ?" + var + " WHERE {\n    " + "\n    ".join(body) + "\n  } }\n"
    return text[:where] + block + text[where:]
