"""The shared entities graph, merged from what each article says about its entities (`rdf.ArticleTriples`):
one label and class per entity from the first article that names it, every other name an alias, and a
place's location whole from the article that places it most precisely."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from kg.graph.rdf import ALT, AS_WKT, GEOMETRY, GEONAMES, HAS_GEOMETRY, LABEL, SAME_AS, A, C

CHUNK_LINES = 50_000
TYPE, NAME, ALIAS = 0, 1, 2  # what a line says of an entity: its class, a name (rdfs:label), an alias
FIRST = (  # what each entity was first said to be, of one kind (its first class, its first name)
    "SELECT s, o FROM said x WHERE kind = ? AND seq = (SELECT MIN(seq) FROM said WHERE s = x.s AND kind = x.kind)"
)
GEO_PREDICATES = {HAS_GEOMETRY, AS_WKT, C["geoPrecisionOf"], C["countryCode"], C["admin1"], C["admin2"]}


def _geo_owner(s: str, p: str, o: str) -> str | None:
    """The place a line of location data belongs to, or None for other lines."""
    if p == AS_WKT or (p == A and o == GEOMETRY):
        return s[: -len("/geometry>")] + ">"
    if p in GEO_PREDICATES or (p == SAME_AS and o.startswith(f"<{GEONAMES}")):
        return s
    return None


def _precision(geo: list[str]) -> str:
    """The precision a place's location lines give (as written: compared as text), or 9 when none."""
    return next((ln.rsplit(" ", 2)[-2] for ln in geo if f" {C['geoPrecisionOf']} " in ln), "9")


def merge_entities(contributions: Iterable[str]) -> str:
    """The merged entities graph as one N-Triples text (`merged_lines` joined): for small graphs and tests."""
    return "".join(merged_lines(contributions))


def merged_lines(contributions: Iterable[str], chunk: int = CHUNK_LINES) -> Iterator[str]:
    """The shared entities graph from what each article says about its entities, given in a fixed order
    (the articles' graph IRIs, sorted): the first article that names an entity gives its label and class,
    every other name becomes a `skos:altLabel`. A function of the set of articles alone, so a store that
    re-built one article holds what a clean build of the same articles holds.

    Example: article a1 calls an entity `Goma`, a2 `Goma city`: label `Goma`, altLabel `Goma city`.
    A place's location comes whole from the article that places it most precisely (the first of equals),
    so a point, its precision and its GeoNames id never come from two different readings.

    Yields sorted N-Triples text, `chunk` lines at a time. Each distinct line is kept once in a temporary
    SQLite table (in memory while small, on disk past its cache), which also sorts them, and the names and
    classes wait in another, in the order they were said: a 10 MB input's 462,000 entity lines held as a
    Python set and joined into one text cost 510 MB at once, a 50 MB input's names and classes in Python
    dictionaries another 300 MB.
    """
    db = sqlite3.connect("")  # a private temporary database, removed when closed
    try:
        db.execute("CREATE TABLE line (text TEXT PRIMARY KEY) WITHOUT ROWID")
        # each place's best reading so far: (precision, its location lines); a 50 MB input places 288,000
        # towns, whose readings cost 480 MiB as a Python dictionary
        db.execute("CREATE TABLE place (s TEXT PRIMARY KEY, precision TEXT NOT NULL, lines TEXT NOT NULL) WITHOUT ROWID")
        # names and classes in the order they were said (`seq`): the first label and class of each entity win
        db.execute("CREATE TABLE said (s TEXT NOT NULL, kind INTEGER NOT NULL, o TEXT NOT NULL, seq INTEGER NOT NULL)")
        add = lambda lines: db.executemany("INSERT OR IGNORE INTO line VALUES (?)", ((ln,) for ln in lines))
        kinds = {A: TYPE, LABEL: NAME, ALT: ALIAS}
        seq = 0
        for text in contributions:
            located: dict[str, list[str]] = {}
            other: list[str] = []
            said: list[tuple[str, int, str, int]] = []
            for line in text.split("\n"):
                if not line:
                    continue
                s, p, o = line[:-2].split(" ", 2)
                owner = _geo_owner(s, p, o)
                if owner:
                    located.setdefault(owner, []).append(line)
                elif p in kinds:
                    said.append((s, kinds[p], o, seq))
                    seq += 1
                else:
                    other.append(line)
            add(other)
            db.executemany("INSERT INTO said VALUES (?, ?, ?, ?)", said)
            db.executemany(  # a more precise reading replaces the one kept; of equals the first stays
                "INSERT INTO place VALUES (?, ?, ?) ON CONFLICT (s) DO UPDATE SET precision = excluded.precision, "
                "lines = excluded.lines WHERE excluded.precision < place.precision",
                ((owner, _precision(geo), "\n".join(geo)) for owner, geo in located.items()),
            )
        add(line for (lines,) in db.execute("SELECT lines FROM place") for line in lines.split("\n"))
        db.execute("CREATE INDEX said_first ON said (s, kind, seq)")
        db.execute(f"INSERT OR IGNORE INTO line SELECT s || ' ' || ? || ' ' || o || ' .' FROM ({FIRST})", (A, TYPE))
        db.execute(f"CREATE TEMP TABLE label AS {FIRST}", (NAME,))
        db.execute("CREATE INDEX label_s ON label (s)")
        db.execute("INSERT OR IGNORE INTO line SELECT s || ' ' || ? || ' ' || o || ' .' FROM label", (LABEL,))
        db.execute(
            "INSERT OR IGNORE INTO line SELECT x.s || ' ' || ? || ' ' || x.o || ' .' FROM said x "
            "JOIN label ON label.s = x.s WHERE x.kind IN (?, ?) AND x.o != label.o",
            (ALT, NAME, ALIAS),
        )
        cursor = db.execute("SELECT text FROM line ORDER BY text")
        while rows := cursor.fetchmany(chunk):
            yield "".join(row[0] + "\n" for row in rows)
    finally:
        db.close()
