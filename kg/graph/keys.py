"""Keys the graph stage writes so that questions find things by a point lookup: a name, case-folded, and
an event's period. `kg/query/scope.py` looks up what these write: one definition for both sides.

>>> name_key("  Rapid  Support Forces "), period("2023-09-19")
('rapid support forces', '2023-09')
"""

from __future__ import annotations


def name_key(name: str) -> str:
    """The key a name is found by: case-folded, spaces collapsed."""
    return " ".join(name.casefold().split())


def period(value: str) -> str:
    """The period key of a `conf:date` value: its month, or the year when that is all the date says."""
    return value[:7]
