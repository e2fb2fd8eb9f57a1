"""Geocoding stage: every place an article names gets the coordinates GeoNames gives it, chosen by the
article's own context, and a precision that says how far the point is the place's own.

A name is ambiguous more often than not (Goma is a city in Congo and a town in the Philippines; Palma is in
Spain, Brazil and Mozambique), so a candidate must lie in the country the text puts the place in (its
`part_of` chain), else in a country the article names; a place elsewhere is taken only when it is a capital
or a city of a million (`New York` in a story about Bangui). A place the data does not hold (a village
under 500 people, a site) gets the point of the region or country it lies in, with a coarser precision,
never another place's point. The stage reads the index of `kg.knowledge.places` and never calls spaCy.

Example: an article naming Mozambique and `Palma` -> Palma is not put in Spain; `Mocimboa da Praia` ->
(-11.35, 40.35), precision 1, admin1 Cabo Delgado; `Cabo Delgado province` -> its places' centre, 3.

Why one module: every rule here chooses one point per place from the same evidence (the article's
countries, the chain written after a name, the places named beside it), and each fallback reads what the
choices before it found; cut apart, the order they run in would be split across files.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

from kg.analysis.entities.lexicon import entity_words
from kg.knowledge import gazetteer
from kg.knowledge.place_names import alias_keys, norm, place_words, region_keys, spelt_out
from kg.knowledge.places import Place, PlaceIndex, index, km
from kg.records import Entity, Event, Location, Mention

PLACE_TYPES = {"City", "Place", "Region"}
CHAIN_KM = 100  # a place this far from the region its chain names is a homonym, not the place meant
KIND_RANK = {
    "Region": {"admin1": 0, "admin2": 1, "town": 2},
    "City": {"town": 0, "admin2": 1, "admin1": 2},
    "Place": {"town": 0, "admin2": 1, "admin1": 2},
}


def country_key(key: str | None) -> str | None:
    return key.split(":", 1)[1] if key and key.startswith("country:") else None


def home_country(entity: Entity, by_key: dict[str, Entity]) -> str | None:
    """The country the text puts a place in: `country:MOZ` at the end of its `part_of` chain."""
    seen: set[str] = set()
    key: str | None = entity.key
    while key and key not in seen:
        seen.add(key)
        code = country_key(key)
        if code:
            return code
        e = by_key.get(key)
        key = (e.part_of or e.governs) if e else None
    return None


def context_countries(entities: Iterable[Entity]) -> set[str]:
    """Every country the article names, directly or through its government, forces or regions, and those
    its missions work in (`the OSCE SMM observed shelling near X`: X is in Ukraine)."""
    entries = gazetteer.load().entries
    out: set[str] = set()
    for e in entities:
        out |= {c for c in (country_key(e.key), country_key(e.governs), country_key(e.part_of)) if c}
        entry = entries.get(e.key)
        if entry is not None and entry.operates_in:
            out.add(entry.operates_in)
    return out


@dataclass(frozen=True)
class Theatre:
    """The regions an article's story is in, finer than its countries: the theatres of the actors and
    regions it names (`the OSCE SMM`, `Donbas`, `Donetsk`), as the gazetteer gives them. A region is no
    theatre of itself unless the gazetteer says so: Darfur and Nagorno-Karabakh span admin units of other
    names, and a town in East Darfur state is in Darfur.
    `points`: country -> the mean point of its theatre regions, where a village the data lack is put."""

    names: frozenset[str] = frozenset()
    points: tuple[tuple[str, float, float], ...] = ()

    def point(self, country: str | None) -> tuple[float, float] | None:
        return next(((lat, lon) for c, lat, lon in self.points if c == country), None)


def theatre_of(entities: Iterable[Entity]) -> Theatre:
    entries = gazetteer.load().entries
    keys: set[str] = set()
    for e in entities:
        entry = entries.get(e.key)
        if entry is None:
            continue
        keys.update(entry.theatre)
    regions = [entries[k] for k in sorted(keys) if k in entries and entries[k].coordinates]
    by_country: dict[str, list[tuple[float, float]]] = {}
    for r in regions:
        code = country_key(r.part_of) or r.country
        if code and r.coordinates:
            by_country.setdefault(code, []).append(r.coordinates)
    points = tuple(
        (c, round(sum(p[0] for p in ps) / len(ps), 5), round(sum(p[1] for p in ps) / len(ps), 5)) for c, ps in by_country.items()
    )
    return Theatre(frozenset(norm(r.label) for r in regions), points)


def name_variants(entity: Entity) -> list[tuple[str, bool]]:
    """Names to look up, each with whether a facility noun was cut (`Lalibela airport` -> `Lalibela`, near)."""
    generic, facilities, compass = _variant_words()
    out: list[tuple[str, bool]] = []
    names = (entity.label, *entity.aliases)
    # a name that took in the region written after it (`Saraqab in Idleb`): the name before it, looked up after the whole
    firsts = (inner[0] for inner in map(_inner_chain, names) if inner)
    for name in dict.fromkeys((*names, *(f for f in firsts if f))):
        words = norm(name).split()
        if words[:1] == ["the"]:
            words = words[1:]
        if set(words) - generic <= compass:
            continue  # `the South Zone (of X)`, `North`: a part of a place, no place named South
        if len(words) > 1 and words[-1] in generic and words[-1] not in facilities:
            out.append((" ".join(words), False))  # `Cape Town`, `Mexico City`, `Kuwait City`: the whole name first
        while len(words) > 1 and words[-1] in generic:
            words = words[:-1]
        while len(words) > 2 and words[0] in generic and words[1] == "of":
            words = words[2:]
        near = False
        while len(words) > 1 and words[-1] in facilities:
            words, near = words[:-1], True
        if words:
            out.append((" ".join(words), near))
    return out


def named_places(entity: Entity, idx: PlaceIndex) -> list[Place]:
    """Every place of the data any of the entity's names (`name_variants`) names, wherever it is."""
    return [p for name, _near in name_variants(entity) for p in idx.lookup(name)]


def _inner_chain(name: str) -> tuple[str, list[str]] | None:
    """A name that took in the region written after it (`Saraqab in Idleb`, `Santa Fe, Ocotepeque`): the place's
    own name and the chain's names, as keys; None for a name with no comma or `in`."""
    head, *tail = re.split(r",| in ", name, maxsplit=1)
    if not tail:
        return None
    return head.strip(), [n for n in (spelt_out(norm(part)) for part in tail[0].split(",")) if n]


@cache
def _quarter_after() -> re.Pattern[str]:
    """The words after a quarter's name (places.json `quarter_after`: `Bom Jardim neighborhood`)."""
    return re.compile(rf"\s+(?:{'|'.join(map(re.escape, place_words()['quarter_after']))})\b", re.IGNORECASE)


@cache
def _variant_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The generic place words, facility nouns and compass words, normalised: read once, not per place."""
    generic = frozenset(norm(w) for w in place_words()["generic_words"])
    facilities = frozenset(norm(w) for w in entity_words().facility_nouns)
    compass = frozenset(norm(w) for w in entity_words().compass_parts)
    return generic, facilities, compass


@cache
def _region_keys(name: str) -> frozenset[str]:
    """A region's keys with those of its other names (`Far North` -> ..., `extreme nord`): a chain written
    with either vouches for the places inside."""
    if not name:
        return frozenset()
    keys = region_keys(name, place_words())
    aliases = alias_keys()
    return frozenset(keys.union(*(aliases.get(k, ()) for k in keys)))


def vouched(names: Iterable[str], place: Place | Location) -> bool:
    """Whether a place lies in one of the regions named (`Pisky, Donetsk`: the Pisky of Donetsk Oblast;
    `Buruku (Chikun LGA, Kaduna)`: the Buruku of Kaduna State), region words aside."""
    own = _region_keys(place.admin1 or "") | _region_keys(place.admin2 or "")
    return any(_region_keys(n) & own for n in names)


def choose(
    entity: Entity,
    places: list[Place],
    home: str | None,
    context: set[str],
    support: frozenset[str] = frozenset(),
    theatre: Theatre = Theatre(),
) -> Place | None:
    """The candidate the article means, or None when none is credible. A candidate whose region is named
    beside it (`support`: `San Antonio (Valparaiso)`, `Sehwan city (Jamshoro, Sindh)`) is the one meant,
    wherever the article's other places are; of the rest, one in a region the story is in (`theatre`:
    Ukraine has many a Serhiivka, the OSCE reports fire at the one in Donetsk), and a village elsewhere in
    the theatre's country only if it is a city of its own standing: the data lack most front-line villages,
    and their homonyms far from the front are not where the fire was."""
    places = [p for p in places if p.kind != "country"]
    backed = [p for p in places if vouched(support, p)]
    if backed:
        places = backed
    if home:
        places = [p for p in places if p.country == home]
    elif context:
        inside = [p for p in places if p.country in context]
        major = place_words()["major_population"]
        # a region only one country has is that country's, whoever else the story names (`Al-Hasakeh` beside
        # `Turkish forces`); a town abroad only if it is a city of its own standing
        regions = [p for p in places if p.kind in {"admin1", "admin2"}] if len({p.country for p in places}) == 1 else []
        places = inside or [p for p in places if p.kind == "town" and (p.capital or p.population >= major)] or regions
    if theatre.names and not backed:
        major = place_words()["major_population"]
        inside = [p for p in places if vouched(theatre.names, p)]
        places = inside or [p for p in places if theatre.point(p.country) is None or p.capital or p.population >= major]
    if not places:
        return None
    rank = KIND_RANK.get(entity.type, KIND_RANK["City"])
    return min(places, key=lambda p: (rank.get(p.kind, 9), -p.population, p.name))


def own_location(
    entity: Entity,
    idx: PlaceIndex,
    home: str | None,
    context: set[str],
    support: frozenset[str] = frozenset(),
    theatre: Theatre = Theatre(),
) -> Location | None:
    """The place's own point: a gazetteer region's coordinates (`Nagorno-Karabakh`), else the GeoNames match.
    A region is precision 3 even when its best match is its chief town (`Donetsk`)."""
    entry = gazetteer.load().entries.get(entity.key)
    if entry is not None and entry.coordinates:
        lat, lon = entry.coordinates
        return Location(lat, lon, 3, home or entry.country, matched="region")
    precision = place_words()["precision"]
    variants = name_variants(entity)
    tries = [(n, near, False) for n, near in variants] + [(n, near, True) for n, near in variants]
    for name, near, tolerant in tries:
        place = choose(entity, idx.lookup(name, tolerant), home, context, support, theatre)
        if place is not None:
            level = precision["near"] if near and place.kind == "town" else precision[place.kind]
            own_id = place.geonames
            if entity.type == "Region":
                level = max(level, 3)
                own_id = place.geonames if place.kind != "town" else None  # a region is not its chief town
            return Location(
                round(place.lat, 5), round(place.lon, 5), level, place.country, place.admin1, place.admin2, own_id, place.kind
            )
    return _district_of_city(entity, idx, home, context, support, theatre)


def _district_of_city(
    entity: Entity, idx: PlaceIndex, home: str | None, context: set[str], support: frozenset[str], theatre: Theatre
) -> Location | None:
    """`Mogadishu-Hodan`, a name the index lacks: a district of the city before the hyphen, at the city's point
    (precision 2), where that city is large enough to have districts (places.json `district_city_population`)
    and the part after it names no place away from that city (`Belgrade-Vracar` is in Belgrade)."""
    city, _, district = entity.label.partition("-")
    if not city or not district[:1].isupper() or " " in district:
        return None
    large = place_words()["district_city_population"]
    towns = [p for p in idx.lookup(city) if p.kind == "town" and p.population >= large]
    place = choose(entity, towns, home, context, support, theatre)
    if place is None:
        return None
    named = idx.lookup(district)
    within = place_words()["quarter_km"]
    if named and all(p.kind == "country" or km((p.lat, p.lon), (place.lat, place.lon)) > within for p in named):
        return None  # `Khulna-Jessore highway`, `the Iran-Iraq war`: two places, no district of one
    near = place_words()["precision"]["near"]
    return Location(round(place.lat, 5), round(place.lon, 5), near, place.country, place.admin1, place.admin2, None, place.kind)


_WORD = r"[A-Z][\w'&\u00c0-\u024f-]*"
# a region's name: up to three capitalised words, Romance connectives between them (`Mato Grosso do Sul`)
_REGION = rf"{_WORD}(?:\s(?:(?:de|do|da|dos|das|del|di)\s)?{_WORD}){{0,2}}"
AFTER_PLACE = re.compile(
    r"(?:\s+(?:city|town|village|district|province|county|municipality|area|region|state|governorate|camp))?\s*"
    rf"(?:[(\[]([^()\[\]\n]{{1,80}})[)\]]|,\s*({_REGION}(?:,\s*{_REGION})?))"
)


def region_names_after(text: str, mentions: Iterable[Mention]) -> dict[str, list[str]]:
    """Entity -> the region names written right after one of its mentions, finest first, as coders and
    reporters write a place's chain: `San Antonio (Valparaiso)`, `Sehwan city (Jamshoro, Sindh)`, `Juliaca, Puno`."""
    out: dict[str, list[str]] = {}
    for m in mentions:
        found = AFTER_PLACE.match(text, m.end) if text else None
        if found:
            chain = found.group(1) or found.group(2) or ""
            names = out.setdefault(m.entity, [])
            parts = (spelt_out(norm(part)) for part in chain.split(","))
            names.extend(n for n in parts if n and n not in names)
    return out


def locate(
    entities: tuple[Entity, ...], mentions: Iterable[Mention] = (), idx: PlaceIndex | None = None, text: str = ""
) -> tuple[Entity, ...]:
    """The article's entities with `location` set on every place and country the data can put on a map.

    A town the data does not hold takes the point of a region named in a sentence with it (`Palma, in
    Cabo Delgado province`: precision 2). A place the text puts in no country falls back to the country
    most of the article's located places lie in (precision 4), and to nothing when two countries tie: a
    story of strikes on both sides of a border must not put a valley in the wrong one."""
    idx = idx or index()
    by_key = {e.key: e for e in entities}
    context = context_countries(entities)
    theatre = theatre_of(entities)
    found: dict[str, Location] = {}
    for e in entities:
        code = country_key(e.key)
        if e.type == "Country" and code:
            place = idx.country(code)
            if place:
                found[e.key] = Location(place.lat, place.lon, 4, code, geonames=place.geonames, matched="country")
    places = sorted((e for e in entities if e.type in PLACE_TYPES), key=lambda e: (e.type != "Region", e.key))
    mentions = list(mentions)
    # where the story is: the countries it names as places; those only a party belongs to (`Turkish forces`
    # in a story of Syria, `Israeli forces` in the West Bank) count only when nothing else says where
    where = named_countries(entities, mentions)
    implied = implied_countries(places, idx) if not where else {}
    parties = context
    context = where or set(implied.values()) or parties
    beside = _named_beside(mentions)
    chains = region_names_after(text, mentions)
    parts = {e.key for e in places if _part_of_a_country(e, idx)}  # `western Yemen`: looked up once
    _pass_chain_back(text, mentions, chains, parts)
    for e in places:
        inner = _inner_chain(e.label)  # `Santa Fe, Ocotepeque`: a chain inside the name
        if inner:
            names = chains.setdefault(e.key, [])
            names.extend(n for n in inner[1] if n not in names)
    for e in places:
        support = frozenset(chains.get(e.key, ())) | frozenset(
            norm(part)
            for k in beside.get(e.key, ())
            if k in by_key and by_key[k].type in PLACE_TYPES
            for part in by_key[k].label.split(",")
        )
        # with no country named, those the article's other places imply (a place never implies its own)
        around = where or {c for k, c in implied.items() if k != e.key} or parties
        loc = own_location(e, idx, home_country(e, by_key), around, support, theatre)
        if loc:
            found[e.key] = loc
    main = _main_country([found[e.key] for e in places if e.key in found], context)
    quarters = {m.entity for m in mentions if text and _quarter_after().match(text, m.end)}
    chained: set[str] = set()  # places named only as the region of another (`Pinetown (eThekwini, ...)`)
    if text:
        pairs, elsewhere = _chain_pairs(text, mentions, {e.key: e.type for e in entities})
        _within_chain(places, found, pairs, chains, main)
        chained = {member for member, _head in pairs} - elsewhere
    unchained = {k: v - chained for k, v in beside.items()}  # the towns a site or quarter may be near
    for e in places:
        # a region the data lack, written with its chain (`near Banarhat (Jalpaiguri district, West Bengal)`,
        # the NER's `Region` for a town it did not know), lies where the chain says, not at the country's centre
        if (e.type in {"City", "Place"} or (e.key not in found and e.key not in parts)) and chains.get(e.key):
            _chain_over_homonym(e, found, chains[e.key], idx, home_country(e, by_key) or main, context)
    for e in places:
        if e.key in found and _stray_quarter(e, unchained, by_key, found, quarters):
            del found[e.key]  # put near its town below
    for e in places:
        if e.key not in found:
            if _is_quarter(e, quarters):  # a quarter lies in the town named with it, whatever region beside
                inherited = _near_town(e, unchained, by_key, found) or _in_region(e, beside, by_key, found)
            else:
                inherited = _in_region(e, beside, by_key, found) or _near_town(e, unchained, by_key, found)
            inherited = inherited or _inherited(e, by_key, found, idx, main, theatre)
            if inherited:
                found[e.key] = inherited
    return tuple(replace(e, location=found[e.key]) if e.key in found else e for e in entities)


IN_PART = re.compile(r"(?:\s+(?:area|district|village|town|city|region|governorate|province|county))?\s+in\s+$", re.IGNORECASE)


def _pass_chain_back(text: str, mentions: list[Mention], chains: dict[str, list[str]], parts: set[str]) -> None:
    """`Al Jabaliyah area in western Yemen (At Tuhayat, Al Hudaydah)`: the chain after a country's part is the
    place's named before it (`X area in`), as coders write it."""
    for before, part in pairwise(sorted(mentions, key=lambda m: m.start)):
        if (
            part.entity in parts
            and part.entity in chains
            and before.entity not in parts
            and IN_PART.fullmatch(text, before.end, part.start)
        ):
            names = chains.setdefault(before.entity, [])
            names.extend(n for n in chains[part.entity] if n not in names)


def _part_of_a_country(e: Entity, idx: PlaceIndex) -> bool:
    """`western Yemen`, `northern Mali`: a country's part, named after the place an event is in (`Hays district
    in western Yemen (Al Hudaydah)`): the chain after it is that place's, not the part's."""
    _generic, _facilities, compass = _variant_words()
    words = norm(e.label).split()
    return len(words) > 1 and words[0] in compass and any(p.kind == "country" for p in idx.lookup(" ".join(words[1:])))


def _chain_over_homonym(
    e: Entity, found: dict[str, Location], chain: list[str], idx: PlaceIndex, country: str | None, context: set[str]
) -> None:
    """A homonym the chain written after a town does not back, and that lies far from it, gives way to the
    chain: `Bamba (Koro, Mopti)` is no town in Congo, `Pisky, Donetsk` not the Pisky of Poltava (the data
    lack Donetsk's: its region stands for it); a town spelt otherwise than its region (`Idleb`, `Idlib`) stays."""
    own = found.get(e.key)
    if own is not None and vouched(chain, own):
        return  # the chain backs the place's own point
    homonyms = {p.country for p in named_places(e, idx)}
    near = _chain_point(chain, idx, country, context, homonyms)
    if near and (own is None or km((own.lat, own.lon), (near.lat, near.lon)) > CHAIN_KM):
        found[e.key] = near


def named_countries(entities: Iterable[Entity], mentions: Iterable[Mention]) -> set[str]:
    """The countries an article names as places: a country it mentions by name, the country a government it
    names governs, the country of a region or town the gazetteer puts in one, and the country a mission it
    names works in. Not the country whose forces are a party (`Turkish forces` in Syria)."""
    entries = gazetteer.load().entries
    entities = list(entities)
    # without the mentions (an entity list alone), every country listed counts as named
    spoken = {m.entity for m in mentions} or {e.key for e in entities}
    out: set[str] = set()
    for e in entities:
        code = country_key(e.key)
        if e.type == "Country" and code and e.key in spoken:
            out.add(code)
        if e.type == "Government" and country_key(e.governs) and e.key in spoken:
            out.add(country_key(e.governs) or "")  # `the Kazakh government`: a state acts at home
        if e.type in PLACE_TYPES and country_key(e.part_of):
            out.add(country_key(e.part_of) or "")
        entry = entries.get(e.key)
        if entry is not None and entry.operates_in and e.key in spoken:
            out.add(entry.operates_in)
    return out - {""}


IMPLYING_POPULATION = 100_000  # a city whose name implies its country


def implied_countries(places: Iterable[Entity], idx: PlaceIndex) -> dict[str, str]:
    """Place -> the country it implies, for an article that names none: a region or city only one country
    has (`the countryside of Idleb`: Syria), so that its villages' homonyms abroad (a Bara in Ukraine, a Foah
    in France) are not taken for them. Coders' notes and local reports seldom name the country."""
    out: dict[str, str] = {}
    for e in places:
        candidates = [p for p in named_places(e, idx) if p.kind != "country"]
        # a region's name or a city's, not a village's: a village one country's data hold may be another's too
        known = any(p.kind in {"admin1", "admin2"} or p.capital or p.population >= IMPLYING_POPULATION for p in candidates)
        if known and len({p.country for p in candidates}) == 1:
            out[e.key] = candidates[0].country
    return out


def _named_beside(mentions: Iterable[Mention]) -> dict[str, set[str]]:
    """Entity -> the entities named in a sentence with it."""
    by_sentence: dict[int, set[str]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, set()).add(m.entity)
    beside: dict[str, set[str]] = {}
    for keys in by_sentence.values():
        for key in keys:
            beside.setdefault(key, set()).update(keys - {key})
    return beside


def _beside(
    entity: Entity, kind: str, precision: int, beside: dict, by_key: dict[str, Entity], found: dict[str, Location]
) -> list[Location]:
    """The points of the places of `kind`, located at `precision`, named in a sentence with a town or site
    and lying in its country when the text gives one; none for a region or a country."""
    if entity.type not in {"City", "Place"} and name_variants(entity):
        return []  # a region or country of its own; `the North Zone (of X)` names a part of a town
    home = home_country(entity, by_key)
    return [
        found[k]
        for k in sorted(beside.get(entity.key, ()))
        if k in by_key and by_key[k].type == kind and k in found and found[k].precision == precision
        and (home is None or found[k].country == home)
    ]  # fmt: skip


def _in_region(entity: Entity, beside: dict, by_key: dict[str, Entity], found: dict[str, Location]) -> Location | None:
    """The point of the finest region named beside a town or site (second-level before first-level)."""
    regions = _beside(entity, "Region", 3, beside, by_key, found)
    if not regions:
        return None
    loc = min(regions, key=lambda r: (r.admin2 is None, r.admin1 or ""))
    return Location(loc.lat, loc.lon, 2, loc.country, loc.admin1, loc.admin2)


def _chain_point(names: list[str], idx: PlaceIndex, home: str | None, context: set[str], homonyms: set[str]) -> Location | None:
    """A village the data lack, written with its chain (`Katarpura village (Dhar, Madhya Pradesh)`), takes
    the point of the finest place of the chain the data hold in the country the article is about, as near
    it: precision 2 for a town or district, 3 for a province (ACLED's rule for a village it cannot find).
    Elsewhere, only a chain place whose own region the chain names next, or a name only one country has
    (`Jalalpur, Shamli`: only India has a Shamli) if the place has a homonym in that country (`homonyms`:
    the countries whose data hold its name), or is missing from the data in an article of no known country:
    a chain name abroad is not where the village lies, and `Bafoussam town (Mifi, Ouest)` is Cameroon's,
    not in Haiti's only `Ouest`."""
    countries = {home} if home else context
    # a country the chain names (`Kora, Chad`) is where the village is: no place of its name elsewhere, and
    # the country's name is no place's (`Chad` is also a village in Russia); unless the chain's places before
    # it lie in a region of that name (`Borgu LGA, Niger`: Nigeria's Niger state, not the country)
    named: dict[str, str] = {}
    for n, name in enumerate(names):
        states = {p.country for p in idx.lookup(name) if p.kind == "country"}
        if states and not any(vouched({name}, p) for inner in names[:n] for p in _chain_candidates(idx, inner)):
            named.update((code, name) for code in states)
    if named:
        countries = set(named)
        names = [n for n in names if n not in named.values()]
    for n, name in enumerate(names):
        outer = set(names[n + 1 :])
        candidates = _chain_candidates(idx, name)
        backed = [p for p in candidates if vouched(outer, p)]
        # the chain vouches for itself (`Dhar, Madhya Pradesh`: the Dhar in Madhya Pradesh), and so does a
        # name one country has (`Valparaiso, Zacatecas`)
        if not backed and len(only := {p.country for p in candidates}) == 1 and (only & homonyms or not (homonyms or countries)):
            backed = candidates
        candidates = [p for p in backed or candidates if p.country in countries or p in backed]
        if n == len(names) - 1:
            candidates = _widest(name, candidates)
        if candidates:
            p = min(candidates, key=lambda p: ({"admin2": 0, "town": 1, "admin1": 2}.get(p.kind, 9), -p.population, p.name))
            level = 3 if p.kind == "admin1" else 2
            return Location(round(p.lat, 5), round(p.lon, 5), level, p.country, p.admin1, p.admin2)
    return None


def _chain_candidates(idx: PlaceIndex, name: str) -> list[Place]:
    """The places a chain's name may be: the name as written (`Quezon City`), else without its region word
    (`Borgu LGA`: Borgu); never a country."""
    return [p for p in idx.lookup(name) if p.kind != "country"] or list(
        dict.fromkeys(p for key in sorted(_region_keys(name) - {name}) for p in idx.lookup(key) if p.kind != "country")
    )


def _widest(name: str, candidates: list[Place]) -> list[Place]:
    """The last name of a chain is its widest: `Minas Viejas, Guerrero` names the state of Guerrero, not the
    municipality or town of Guerrero in another state, so a place outside the province of its name gives way,
    unless it is a city of its own standing (`Ramos Mejia (Buenos Aires)`: the capital, not the province)."""
    states = {p.country for p in candidates if p.kind == "admin1"}
    keys = _region_keys(name)
    major = place_words()["major_population"]

    def fits(p: Place) -> bool:
        inside = bool(keys & _region_keys(p.admin1 or ""))
        return (
            p.kind == "admin1" or p.country not in states or inside or (p.kind == "town" and (p.capital or p.population >= major))
        )

    return [p for p in candidates if fits(p)]


def _is_quarter(entity: Entity, quarters: set[str]) -> bool:
    name = norm(entity.label)
    return entity.key in quarters or any(name.startswith(f"{w} ") for w in place_words()["quarter_words"])


def _stray_quarter(
    entity: Entity, beside: dict, by_key: dict[str, Entity], found: dict[str, Location], quarters: set[str]
) -> bool:
    """A quarter by its name (`Colonia Libertad`, places.json `quarter_words`) or the word after it (`Bom
    Jardim neighborhood`, `quarter_after`: `quarters`) told in a sentence with one town (`in Zihuatanejo,
    Guerrero, a man was shot in Colonia Libertad`) whose own point lies far from that town: a homonym
    elsewhere (a village of Veracruz), not the quarter meant."""
    words = place_words()
    if entity.type not in {"City", "Place"} or not _is_quarter(entity, quarters):
        return False
    own = found[entity.key]
    towns = {(t.lat, t.lon) for t in _beside(entity, "City", 1, beside, by_key, found)} - {(own.lat, own.lon)}
    return len(towns) == 1 and km((own.lat, own.lon), next(iter(towns))) > words["quarter_km"]


def _near_town(entity: Entity, beside: dict, by_key: dict[str, Entity], found: dict[str, Location]) -> Location | None:
    """A site or quarter the data lack, named in a sentence with one town (`a protest outside the Jang
    Building on a road in Karachi city`), is near that town (precision 2, or the town's own when the data
    put it no finer), not at its country's centre."""
    for precision in (1, 2, 3):  # a town the data put no finer than its district still says where the site is
        towns = {(t.lat, t.lon): t for t in _beside(entity, "City", precision, beside, by_key, found)}
        if towns:
            break
    if len(towns) != 1:
        return None
    town = next(iter(towns.values()))
    return Location(town.lat, town.lon, max(2, town.precision), town.country, town.admin1, town.admin2)


def _main_country(located: list[Location], context: set[str]) -> str | None:
    """The country most located places lie in, if one leads outright; the only country named, if no place is."""
    ranked = Counter(loc.country for loc in located if loc.country).most_common(2)
    if not ranked and len(context) == 1:
        return next(iter(context))
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _inherited(
    entity: Entity, by_key: dict[str, Entity], found: dict[str, Location], idx: PlaceIndex, main: str | None, theatre: Theatre
) -> Location | None:
    """A place missing from the data takes the point of what it lies in: a region's (2 for a town in it,
    3 for a region in a region), the story's theatre in its country (3: a front-line village the data
    lack), or the country's (4)."""
    parent = entity.part_of
    seen = {entity.key}
    while parent and parent not in seen:
        seen.add(parent)
        loc = found.get(parent)
        if loc and loc.precision < 4:
            level = 2 if entity.type in {"City", "Place"} else 3
            return Location(loc.lat, loc.lon, max(level, loc.precision), loc.country, loc.admin1, loc.admin2)
        if loc:
            return Location(loc.lat, loc.lon, 4, loc.country)
        parent = by_key[parent].part_of if parent in by_key else None
    code = home_country(entity, by_key) or main
    near = theatre.point(code) if entity.type in {"City", "Place"} else None
    if near:
        return Location(near[0], near[1], 3, code)
    country = idx.country(code) if code else None
    return Location(country.lat, country.lon, 4, code) if country else None


def chain_heads(text: str, mentions: Iterable[Mention], entities: tuple[Entity, ...]) -> dict[str, str]:
    """A place named only inside the region chain written after another place (`Yaounde city (Mfoundi,
    Centre)`: `Mfoundi, Centre`) -> that place: where an event happened is the place, not its chain."""
    pairs, elsewhere = _chain_pairs(text, mentions, {e.key: e.type for e in entities})
    heads: dict[str, str] = {}
    for member, head in pairs:
        heads.setdefault(member, head)
    return {k: v for k, v in heads.items() if k not in elsewhere}


def _chain_pairs(text: str, mentions: Iterable[Mention], kinds: dict[str, str]) -> tuple[list[tuple[str, str]], set[str]]:
    """(member, place it follows) for each place named inside the region chain after another, in the order
    written; and the places also named outside any chain."""
    ordered = sorted((m for m in mentions if kinds.get(m.entity) in PLACE_TYPES), key=lambda m: m.start)
    pairs: list[tuple[str, str]] = []
    elsewhere: set[str] = set()
    for n, m in enumerate(ordered):
        chain = AFTER_PLACE.match(text, ordered[n - 1].end) if n and text else None
        if chain and ordered[n - 1].entity != m.entity and ordered[n - 1].end <= m.start < chain.end():
            pairs.append((m.entity, ordered[n - 1].entity))
        else:
            elsewhere.add(m.entity)
    return pairs, elsewhere


def _within_chain(
    places: list[Entity],
    found: dict[str, Location],
    pairs: list[tuple[str, str]],
    chains: dict[str, list[str]],
    country: str | None,
) -> None:
    """A place whose chain names where it lies (`Badah town (Larkana, Sindh)`) but that the data hold only
    elsewhere (none of its admin units is named in the chain), or not at all, takes the point of the first
    place of its chain it lies in, as near it (precision 2): a homonym abroad is never the place meant, and
    a village the data lack is still put in its district. Only a chain place in the article's country
    (`country`) stands for it: `Bari` after `Bossaso` is not the Italian city."""
    members: dict[str, list[str]] = {}
    for member, head in pairs:
        members.setdefault(head, []).append(member)
    for e in places:
        if e.type not in {"City", "Place"} or e.key not in members:
            continue
        own = found.get(e.key)
        if own is not None and vouched(chains.get(e.key, ()), own):
            continue
        chain = [found[k] for k in members[e.key] if k in found and found[k].precision <= 3 and found[k].country == country]
        if chain and (own is None or own.country != country):
            first = chain[0]
            found[e.key] = Location(first.lat, first.lon, 2, first.country, first.admin1, first.admin2)


def finest_locations(
    events: tuple[Event, ...], entities: tuple[Entity, ...], heads: dict[str, str] | None = None
) -> tuple[Event, ...]:
    """An event's place is where it happened, not every place its sentence names: `attacked Goma in eastern
    Congo` happened in Goma, so a country or region that holds another of the event's places is dropped,
    and a region chain gives way to the place it follows (`heads`, see `chain_heads`)."""
    where = {e.key: e.location for e in entities if e.location}
    kinds = {e.key: e.type for e in entities}
    out = []
    for event in events:
        if heads and any(r.name == "location" and r.entity in heads for r in event.roles):
            roles = tuple(
                replace(r, entity=heads[r.entity]) if r.name == "location" and r.entity in heads else r for r in event.roles
            )
            event = replace(event, roles=tuple(dict.fromkeys(roles)))
        places = [r.entity for r in event.roles if r.name == "location"]
        drop = {p for p in places for q in places if p != q and _holds(p, q, where, kinds)}
        if drop:
            event = replace(event, roles=tuple(r for r in event.roles if not (r.name == "location" and r.entity in drop)))
        out.append(event)
    return tuple(out)


def _holds(outer: str, inner: str, where: dict[str, Location], kinds: dict[str, str]) -> bool:
    a, b = where.get(outer), where.get(inner)
    if a is None or b is None or (b.precision > 2 and kinds.get(inner) != "Region"):
        return False
    if kinds.get(outer) == "Country":
        return a.country == b.country and kinds.get(inner) != "Country"
    if kinds.get(outer) == "Region" and a.precision >= 4:  # `eastern Congo`: a part of a country, placed at its point
        return a.country == b.country and b.precision < a.precision
    region = kinds.get(outer) == "Region" and a.matched in {"admin1", "admin2", "region"}
    return region and b.precision < a.precision and bool(b.admin1) and b.admin1 == a.admin1
