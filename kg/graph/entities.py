"""The shared entities graph, merged from what each article says about its entities (`rdf.ArticleTriples`):
one label and class per entity from the first article that names it, every other name an alias, and a
place's location whole from one article: in the country most articles put it in, the most precise reading."""

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


def _geo_value(geo: list[str], predicate: str, default: str) -> str:
    """The object a place's location lines give for a predicate, as written (a precision is compared as
    text, a country code grouped as text), or `default` when none."""
    return next((ln.rsplit(" ", 2)[-2] for ln in geo if f" {C[predicate]} " in ln), default)


def merge_entities(contributions: Iterable[str]) -> str:
    """The merged entities graph as one N-Triples text (`merged_lines` joined): for small graphs and tests."""
    return "".join(merged_lines(contributions))


def merged_lines(contributions: Iterable[str], chunk: int = CHUNK_LINES) -> Iterator[str]:
    """The shared entities graph from what each article says about its entities, given in a fixed order
    (the articles' graph IRIs, sorted): the first article that names an entity gives its label and class,
    every other name becomes a `skos:altLabel`. A function of the set of articles alone, so a store that
    re-built one article holds what a clean build of the same articles holds.

    Example: article a1 calls an entity `Goma`, a2 `Goma city`: label `Goma`, altLabel `Goma city`.
    A place's location comes whole from one article, so a point, its precision and its GeoNames id never
    come from two different readings: of the countries the articles put it in, the one most of them give
    (`Sidon` read as the Mississippi town by one article whose only country was the `US dollar` is still
    Lebanon's Sidon of the twenty that say Lebanon), and there the most precise reading (the first of equals).

    Yields sorted N-Triples text, `chunk` lines at a time. Each distinct line is kept once in a temporary
    SQLite table (in memory while small, on disk past its cache), which also sorts them, and the names and
    classes wait in another, in the order they were said: a 10 MB input's 462,000 entity lines held as a
    Python set and joined into one text cost 510 MB at once, a 50 MB input's names and classes in Python
    dictionaries another 300 MB.
    """
    db = sqlite3.connect("")  # a private temporary database, removed when closed
    try:
        db.execute("CREATE TABLE line (text TEXT PRIMARY KEY) WITHOUT ROWID")
        # each place's best reading so far in each country, and how many articles put it there: a 50 MB input
        # places 288,000 towns, whose readings cost 480 MiB as a Python dictionary
        db.execute(
            "CREATE TABLE place (s TEXT NOT NULL, country TEXT NOT NULL, votes INTEGER NOT NULL, first INTEGER NOT NULL, "
            "precision TEXT NOT NULL, lines TEXT NOT NULL, PRIMARY KEY (s, country)) WITHOUT ROWID"
        )
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
            db.executemany(  # a vote for the country; a more precise reading there replaces the one kept
                "INSERT INTO place VALUES (?, ?, 1, ?, ?, ?) ON CONFLICT (s, country) DO UPDATE SET votes = votes + 1, "
                "precision = iif(excluded.precision < place.precision, excluded.precision, place.precision), "
                "lines = iif(excluded.precision < place.precision, excluded.lines, place.lines)",
                (
                    (owner, _geo_value(geo, "countryCode", ""), seq, _geo_value(geo, "geoPrecisionOf", "9"), "\n".join(geo))
                    for owner, geo in located.items()
                ),
            )
            seq += 1
        chosen = (  # per place: the country most articles give, then the most precise reading, then the first
            "SELECT lines FROM (SELECT lines, ROW_NUMBER() OVER (PARTITION BY s ORDER BY votes DESC, precision, first) AS n "
            "FROM place) WHERE n = 1"
        )
        add(line for (lines,) in db.execute(chosen) for line in lines.split("\n"))
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
