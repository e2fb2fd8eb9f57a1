"""Geocoding: places get GeoNames' coordinates chosen by the article's countries, a precision that says how
far the point is their own, and never another country's town of the same name. Runs on the real place index
(built from the data packages on first use), without the language model."""

from __future__ import annotations

import pytest

from kg.analysis.geocode import locate
from kg.incidents import km
from kg.knowledge.place_names import norm, region_keys
from kg.records import Entity, Mention


def country(iso3: str) -> Entity:
    return Entity(f"country:{iso3}", iso3, "Country")


def city(name: str, **kw) -> Entity:
    return Entity(f"city:{norm(name).replace(' ', '-')}", name, "City", **kw)


def located(*entities: Entity, mentions=()) -> dict[str, Entity]:
    return {e.label: e for e in locate(tuple(entities), mentions)}


def test_names_are_keyed_without_accents_apostrophes_or_case():
    assert norm("Mocímboa da Praia") == "mocimboa da praia"
    assert norm("Mek'ele") == norm("Mekele")
    assert region_keys("Cabo Delgado Province", {"region_words": ["province"]}) >= {"cabo delgado"}
    assert "ifugao" in region_keys("Province of Ifugao", {"region_words": ["province"]})


def test_a_transliteration_that_writes_ayn_as_ain_finds_the_town():
    """GeoNames writes `Ra's al 'Ayn`, coders `Ras Al Ain`: a `y` closing a diphthong is an `i` as often."""
    town = located(country("SYR"), city("Ras Al Ain"))["Ras Al Ain"].location
    assert town is not None and town.country == "SYR" and town.precision == 1
    assert km((town.lat, town.lon), (36.85, 40.07)) < 10


@pytest.mark.parametrize(("context", "iso3", "point"), [("COD", "COD", (-1.674, 29.228)), ("PHL", "PHL", (6.792, 125.321))])
def test_an_ambiguous_town_is_the_one_in_the_articles_country(context, iso3, point):
    goma = located(country(context), city("Goma"))["Goma"].location
    assert goma is not None and goma.country == iso3 and goma.precision == 1
    assert km((goma.lat, goma.lon), point) < 25
    assert goma.geonames is not None


def test_a_town_missing_from_the_data_is_never_put_in_another_country():
    """Palma in a story about Mozambique: GeoNames' Palma (Mozambique) has no population, so no package
    holds it; the Spanish and Brazilian Palmas must not stand in for it."""
    palma = located(country("MOZ"), city("Palma"))["Palma"].location
    assert palma is not None and palma.country == "MOZ" and palma.precision == 4 and palma.geonames is None


def test_a_town_missing_from_the_data_takes_the_region_named_beside_it():
    region = Entity("region:cabo-delgado", "Cabo Delgado province", "Region")
    town = city("Palma")
    mentions = [Mention("a", 0, 5, "Palma", town.key, 3, 0, 1), Mention("a", 10, 20, "Cabo Delgado", region.key, 3, 3, 5)]
    found = located(country("MOZ"), town, region, mentions=mentions)
    assert found["Cabo Delgado province"].location.precision == 3
    palma = found["Palma"].location
    assert palma.precision == 2 and palma.admin1 == found["Cabo Delgado province"].location.admin1
    assert km((palma.lat, palma.lon), (-10.78, 40.47)) < 250  # the province's centre, not Spain


def test_a_quarter_named_in_a_sentence_with_one_town_is_near_that_town_not_a_homonym_far_away():
    """`in Zihuatanejo, Guerrero, a man was shot in Colonia Libertad`: the data's Colonia Libertad is a
    village of Veracruz, 400 km away; the quarter meant is Zihuatanejo's."""
    town, quarter = city("Zihuatanejo"), city("Colonia Libertad")
    mentions = [
        Mention("a", 0, 11, "Zihuatanejo", town.key, 1, 0, 1),
        Mention("a", 40, 56, "Colonia Libertad", quarter.key, 1, 9, 11),
    ]
    found = located(country("MEX"), town, quarter, mentions=mentions)
    near, own = found["Colonia Libertad"].location, found["Zihuatanejo"].location
    assert near.precision == 2 and (near.lat, near.lon) == (own.lat, own.lon)
    alone = located(country("MEX"), city("Colonia Libertad"))["Colonia Libertad"].location
    assert alone.precision == 1 and km((alone.lat, alone.lon), (own.lat, own.lon)) > 100  # no town beside it: its own


def test_the_same_name_in_a_spanish_story_is_the_spanish_town():
    palma = located(country("ESP"), city("Palma"))["Palma"].location
    assert palma.country == "ESP" and km((palma.lat, palma.lon), (39.569, 2.650)) < 25


def test_a_world_city_named_in_a_foreign_story_is_still_placed():
    ny = located(country("CAF"), city("New York"))["New York"].location
    assert ny.country == "USA" and km((ny.lat, ny.lon), (40.714, -74.006)) < 25


def test_a_town_of_the_same_name_abroad_is_not_unless_a_capital_or_a_city_of_a_million():
    palma = located(country("GHA"), city("Palma"))["Palma"].location  # Palma de Mallorca: 438,000 people
    assert palma.country == "GHA" and palma.precision == 4


def test_regions_get_their_places_centre_and_precision_3():
    found = located(country("NGA"), Entity("region:borno", "Borno state", "Region"))
    loc = found["Borno state"].location
    assert loc.precision == 3 and loc.country == "NGA" and km((loc.lat, loc.lon), (11.85, 13.16)) < 150


def test_a_region_matched_by_its_chief_town_keeps_a_regions_precision_and_no_town_id():
    loc = located(Entity("region:x", "Sorsogon province", "Region", part_of="country:PHL"))["Sorsogon province"].location
    assert loc.precision == 3


def test_a_gazetteer_region_has_its_own_point():
    loc = located(Entity("nagorno-karabakh", "Nagorno-Karabakh", "Region", part_of="country:AZE"))["Nagorno-Karabakh"].location
    assert loc.precision == 3 and km((loc.lat, loc.lon), (39.82, 46.75)) < 50


def test_a_site_named_after_a_town_is_near_it():
    loc = located(country("ETH"), Entity("place:lalibela-airport", "Lalibela airport", "Place"))["Lalibela airport"].location
    assert loc.precision == 2 and km((loc.lat, loc.lon), (12.03, 39.05)) < 25


def test_countries_get_a_point_precision_4_and_their_geonames_id():
    loc = located(country("MOZ"))["MOZ"].location
    assert loc.precision == 4 and loc.geonames == 1036973


def test_no_country_is_guessed_when_the_story_straddles_two():
    found = located(
        country("ISR"), country("LBN"), city("Haifa"), city("Sidon"), Entity("region:somewhere", "Qaf valley", "Region")
    )
    assert found["Haifa"].location.country == "ISR" and found["Sidon"].location.country == "LBN"
    assert found["Qaf valley"].location is None


@pytest.mark.model
def test_an_event_in_a_town_gets_its_point_and_precision_1_in_the_graph(tmp_path):
    from rdflib import Graph

    from kg import pipeline

    article = tmp_path / "goma.txt"
    article.write_text(
        "date 2025-01-28 Rebels enter Goma\n\nM23 rebels attacked Goma in eastern Congo on Monday, residents said.\n",
        encoding="utf-8",
    )
    pipeline.build([str(article)], tmp_path / "out", html=False)
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    [(wkt, precision)] = g.query(
        "PREFIX conf: <https://w3id.org/conflict-kg/ontology#> PREFIX geo: <http://www.opengis.net/ont/geosparql#> "
        "SELECT ?wkt ?p WHERE { ?e a conf:Attack ; conf:location ?place ; conf:geoPrecision ?p . "
        "?place geo:hasGeometry/geo:asWKT ?wkt }"
    )
    lon, lat = map(float, str(wkt)[6:-1].split())
    assert int(precision) == 1 and km((lat, lon), (-1.674, 29.228)) < 25


def test_an_event_happened_in_the_town_not_in_the_country_around_it():
    from kg.analysis.geocode import finest_locations
    from kg.records import Event, Role

    found = located(country("COD"), city("Goma"))
    goma, congo = found["Goma"], found["COD"]
    event = Event("e", "a", "Attack", "attacked", (Role("location", goma.key), Role("location", congo.key)), (0,), 0, 8)
    [kept] = finest_locations((event,), tuple(found.values()))
    assert kept.role("location") == [goma.key]


def test_the_graph_keeps_the_most_precise_reading_of_a_place_across_articles():
    from kg.graph.entities import merge_entities
    from kg.graph.rdf import Minter, _entity_quads
    from kg.records import Location

    minter = Minter()

    def said(precision: int, lat: float) -> str:
        out: list[str] = []
        entity = city("Palma", location=Location(lat, 40.0, precision, "MOZ"))
        _entity_quads(lambda s, p, o: out.append(f"{s} {p} {o} .\n"), entity, minter)
        return "".join(out)

    merged = merge_entities([said(4, -18.0), said(2, -12.3)])
    assert "POINT(40 -12.3)" in merged and "POINT(40 -18)" not in merged
    assert merged.count("geoPrecisionOf") == 1


def test_the_graph_puts_a_place_in_the_country_most_articles_put_it_in():
    """One article read `Kora` as a town abroad; three put it in Rwanda, one of them only as near a town."""
    from kg.graph.entities import merge_entities
    from kg.graph.rdf import Minter, _entity_quads
    from kg.records import Location

    minter = Minter()

    def said(precision: int, lat: float, code: str) -> str:
        out: list[str] = []
        entity = city("Kora", location=Location(lat, 29.0, precision, code))
        _entity_quads(lambda s, p, o: out.append(f"{s} {p} {o} .\n"), entity, minter)
        return "".join(out)

    merged = merge_entities([said(1, 44.0, "ROU"), said(2, -1.7, "RWA"), said(1, -1.6, "RWA"), said(4, -2.0, "RWA")])
    assert "POINT(29 -1.6)" in merged and '"RWA"' in merged and '"ROU"' not in merged


@pytest.mark.parametrize(
    "sentence",
    [
        "On 27 April 2020, rioters angry at the fall of the pound against the US dollar clashed with soldiers in Sidon.",
        "On 27 April 2020, protesters angry at the high US dollar exchange rate blocked a road in Sidon.",
    ],
)
def test_money_named_after_a_country_does_not_put_the_article_in_that_country(analyse_text, sentence):
    result = analyse_text(sentence)
    assert "country:USA" not in {e.key for e in result.entities}
    [sidon] = [e for e in result.entities if e.label == "Sidon"]
    assert sidon.location.country == "LBN"


def test_a_compass_part_of_a_town_is_near_the_town_not_a_region_of_that_name_abroad(analyse_text):
    result = analyse_text("On 2 May 2020, in the South Zone of Rio de Janeiro, police exchanged fire with gang members.")
    [zone] = [e for e in result.entities if e.label == "South Zone"]
    assert zone.location.country == "BRA" and zone.location.precision == 2


def test_a_district_written_after_its_city_and_a_hyphen_is_near_the_city_not_its_government(analyse_text):
    """`Mogadishu-Hodan district`: one name, as coders and local reports write a city's district; not
    Mogadishu standing for Somalia's government with a place `-Hodan` beside it. The index lacks the
    district: it is put at its city, precision 2. `Baku-backed forces` keep Baku's government."""
    result = analyse_text("On 5 May 2020, a grenade exploded at a checkpoint in Mogadishu-Hodan district, wounding two.")
    [district] = [e for e in result.entities if e.label == "Mogadishu-Hodan"]
    assert district.location.country == "SOM" and district.location.precision == 2
    assert km((district.location.lat, district.location.lon), (2.037, 45.344)) < 10
    assert not [e for e in result.entities if e.label.startswith("-") or e.type == "Government"]
    backed = analyse_text("On 5 May 2020, Baku-backed forces shelled a village near Lachin.")
    assert "Government of Azerbaijan" in {e.label for e in backed.entities}


def test_a_name_right_after_near_is_where_though_the_parser_hangs_it_elsewhere(analyse_text):
    """`near Huetamo de Nunez, Michoacan, State police were ambushed`: the parser makes the town a modifier of
    `police`; the preposition before it still says it is a place, and the ambush happened there."""
    result = analyse_text("On 4 March 2021, near Huetamo de Nunez, Michoacan, State police were ambushed by armed men.")
    labels = {e.key: e.label for e in result.entities}
    [attack] = [ev for ev in result.events if ev.type == "Attack"]
    assert [labels[r.entity] for r in attack.roles if r.name == "location"] == ["Huetamo de Nunez"]


def test_a_region_chain_written_after_a_place_chooses_among_its_homonyms(analyse_text):
    """`San Antonio (Valparaiso)`: the San Antonio of Valparaíso, in Chile, not the larger one in Texas,
    though the article names no country; the chain itself is no place the event happened at."""
    result = analyse_text("On 9 May 2020, in San Antonio (Valparaiso), residents demonstrated against the new tax.")
    [place] = [e for e in result.entities if e.label == "San Antonio"]
    assert place.location.country == "CHL"
    chained = analyse_text("On 6 May 2020, teachers demonstrated in Yaounde city (Mfoundi, Centre), against unpaid wages.")
    labels = {e.key: e.label for e in chained.entities}
    [protest] = [ev for ev in chained.events if ev.type == "Protest"]
    assert [labels[r.entity] for r in protest.roles if r.name == "location"] == ["Yaoundé"]  # GeoNames spells it so


def test_a_place_whose_chain_puts_it_elsewhere_than_its_homonym_is_put_in_its_chain(analyse_text):
    """`Florida town (Larkana, Sindh)`: the data hold Floridas in the Americas only; the chain says
    Pakistan's Sindh, so the town is put near Larkana (precision 2), never at a homonym abroad."""
    result = analyse_text("On 9 May 2020, farmers protested in Florida town (Larkana, Sindh), demanding water.")
    [place] = [e for e in result.entities if e.label == "Florida"]
    assert (place.location.country, place.location.precision) == ("PAK", 2)


def test_a_village_the_data_lack_is_put_at_the_finest_place_of_its_chain(analyse_text):
    """`Xorvadu village (Dhar, Madhya Pradesh)`: no such village in the data and no country named, but the
    chain vouches for itself (a Dhar whose province is Madhya Pradesh), so the village is put near Dhar
    (precision 2); a chain the data cannot back leaves no point at all."""
    result = analyse_text("On 5 May 2020, villagers beat two traders at Xorvadu village (Dhar, Madhya Pradesh) over a debt.")
    [place] = [e for e in result.entities if e.label.startswith("Xorvadu")]
    assert (place.location.country, place.location.precision, place.location.admin1) == ("IND", 2, "Madhya Pradesh")
    unknown = analyse_text("On 5 May 2020, villagers beat two traders at Xorvadu village (Qelnor, Zubrania) over a debt.")
    assert not [e.location for e in unknown.entities if e.label.startswith("Xorvadu") and e.location]


def test_a_homonym_its_chain_does_not_back_gives_way_to_the_chain(analyse_text):
    """`Pisky, Donetsk`: the data hold Piskys in Poltava and Mykolaiv only; the chain says Donetsk (its
    admin name written without `Oblast`), so the town is put near Donetsk, precision 2, not 400 km away."""
    result = analyse_text("On 3 May 2020, rebels fired mortars at army positions near Pisky, Donetsk.")
    [place] = [e for e in result.entities if e.label == "Pisky"]
    loc = place.location
    assert loc.precision == 2 and km((loc.lat, loc.lon), (48.0, 37.8)) < 50


def test_a_country_its_chain_names_is_where_the_village_is_never_a_homonym_of_the_country(analyse_text):
    """`KORA, Chad (AP) -`: the data hold no Kora in Chad but one in Russia, and a village called Chad in
    Russia's Perm Krai beside it; the chain names the country, so the town is in Chad (at its country's
    point, precision 4), never in Russia."""
    result = analyse_text("KORA, Chad (AP) - Fighting between rebels and soldiers killed nine people on Saturday.")
    [place] = [e for e in result.entities if e.label == "Kora"]
    assert place.location is not None and (place.location.country, place.location.precision) == ("TCD", 4)


def test_a_definite_town_with_no_name_is_the_town_named_before_it(analyse_text):
    """`soldiers later killed five of the attackers near the town`: the town is the one the sentence before
    names, and the event happened there; `the town of X` names its own."""
    result = analyse_text(
        "Gunmen killed 12 villagers in an attack on Kaura Namoda in Zamfara state on Monday, police said. "
        "Nigerian soldiers later killed five of the attackers near the town, the army said."
    )
    labels = {e.key: e.label for e in result.entities}
    [reprisal] = [ev for ev in result.events if any(c.amount == 5 for c in ev.casualties)]
    assert [labels[r.entity] for r in reprisal.roles if r.name == "location"] == ["Kaura Namoda"]


@pytest.mark.parametrize(("name", "iso3"), [("Cape Town", "ZAF"), ("Mexico City", "MEX"), ("Kuwait City", "KWT")])
def test_a_town_whose_name_ends_in_a_place_word_is_found_by_its_whole_name(name, iso3):
    """`Cape Town` is not a `Cape`, `Mexico City` not Mexico: the whole name is looked up before the place
    word is cut (`Goma town` -> Goma)."""
    loc = located(city(name))[name].location
    assert loc is not None and (loc.country, loc.precision) == (iso3, 1)


def test_a_site_the_data_lack_is_near_the_one_town_its_sentence_names(analyse_text):
    """`outside the Qorvale Hospital in Multan city`: the hospital is put at Multan, precision 2, not at
    Pakistan's centre."""
    result = analyse_text("Nurses staged a protest outside the Qorvale Hospital in Multan city on Monday.")
    [site] = [e for e in result.entities if e.label == "Qorvale Hospital"]
    [town] = [e for e in result.entities if e.label.startswith("Multan")]
    assert site.location.precision == 2 and (site.location.lat, site.location.lon) == (town.location.lat, town.location.lon)


def test_a_village_written_with_a_province_only_one_country_has_is_put_in_that_province(analyse_text):
    """`the village of Xorvadu (Anzourou, Tillaberi)`: no country named; only Niger has an Anzourou, so the
    village is put near it (precision 2), not left unplaced; `(Qelnor, Tillaberi)`: in the only Tillabéri."""
    for chain, admin1 in (("Anzourou, Tillaberi", "Tillabéri Region"), ("Qelnor, Tillaberi", "Tillabéri Region")):
        result = analyse_text(f"On 9 May 2020, suspected militants killed six civilians in the village of Xorvadu ({chain}).")
        [place] = [e for e in result.entities if e.label.startswith("Xorvadu")]
        assert (place.location.country, place.location.precision, place.location.admin1) == ("NER", 2, admin1)


def test_an_event_takes_the_one_place_its_sentence_says_things_happened_in(analyse_text):
    """The parser hangs the place on the nearest noun (`an attack by gunmen in X city, Y`, `a protest
    outside an office on a road in X`): the event still happened there; two towns side by side are no one
    place."""

    def places(text: str, cls: str) -> list[str]:
        result = analyse_text(text)
        labels = {e.key: e.label for e in result.entities}
        return [labels[r.entity].split()[0] for ev in result.events if ev.type == cls for r in ev.roles if r.name == "location"]

    assert places("Two soldiers were killed in an attack by gunmen in Kandahar city, Kandahar province.", "Attack") == [
        "Kandahar"
    ]
    assert places("Teachers held a protest outside the education office on the main road in Multan city.", "Protest") == [
        "Multan"
    ]
    assert "Multan" in places("Shopkeepers staged a protest in the Gulgasht neighbourhood of Multan on Friday.", "Protest")
    assert not places("Gunmen attacked a convoy between Multan and Lahore towns on Friday.", "Attack")


def test_the_first_build_says_it_is_building_the_place_index(tmp_path, monkeypatch, caplog):
    """A first build spends about 40 s on the place index: it says so when it starts, as `kg: ...` on stderr."""
    import logging

    from kg.cli import _PrintableFormatter
    from kg.knowledge import places

    def stop():
        raise RuntimeError("stopped after the first line")

    monkeypatch.setattr(places, "_countries", stop)
    with caplog.at_level(logging.INFO, logger="kg"), pytest.raises(RuntimeError):
        places.build_index(tmp_path / "places.sqlite3")
    [record] = [r for r in caplog.records if "place index" in r.getMessage()]
    assert _PrintableFormatter().format(record).startswith("kg: building the place index once for this machine")
    warning = logging.LogRecord("kg", logging.WARNING, "", 0, "odd byte", None, None)
    assert _PrintableFormatter().format(warning) == "kg: warning: odd byte"


def test_a_mission_puts_its_story_in_the_country_it_works_in(analyse_text):
    """`Komsomolets` is a town in Kazakhstan and villages in Ukraine; the OSCE's Ukraine mission says which."""
    result = analyse_text("On 9 May 2020, the OSCE SMM observed 15 explosions near Komsomolets.")
    [place] = [e for e in result.entities if e.label == "Komsomolets"]
    assert place.location.country == "UKR"


@pytest.mark.parametrize(("between", "scene"), [(" ", {"Vadu"}), ("\n\n", set())])
def test_an_event_with_no_place_of_its_own_is_where_the_sentence_before_in_its_paragraph_set_the_scene(
    analyse_text, between, scene
):
    result = analyse_text(f"On 5 May 2020, police raided a hideout in Vadu.{between}Later, students protested against the raid.")
    labels = {e.key: e.label for e in result.entities}
    [protest] = [ev for ev in result.events if ev.type == "Protest"]
    assert {labels[r.entity] for r in protest.roles if r.name == "location"} == scene


def test_a_region_abbreviated_in_a_chain_is_read_as_the_region(analyse_text):
    """`Poonch district, J&K`: Poonch is a district in India's Jammu and Kashmir and in Pakistan's Azad Kashmir."""
    result = analyse_text("On 1 May 2020, troops exchanged fire in the Degwar sector (Poonch district, J&K).")
    [place] = [e for e in result.entities if e.label == "Poonch"]
    assert place.location.country == "IND" and place.location.admin1 == "Jammu and Kashmir"


@pytest.mark.parametrize(
    ("sentence", "label", "admin1"),
    [
        # the chain's last name is the state of Guerrero, not a town or municipality of that name in another state
        ("On 6 May 2020, in Xorvadu, Guerrero, two men were found shot dead.", "Xorvadu", "Guerrero"),
        # a region's name may hold a lower-case connective
        (
            "On 4 May 2020, in Itaquirai, Mato Grosso do Sul, police seized a truck of cigarettes.",
            "Itaquirai",
            "Mato Grosso do Sul",
        ),
    ],
)
def test_the_last_name_of_a_chain_is_its_widest_region(analyse_text, sentence, label, admin1):
    result = analyse_text(sentence)
    [place] = [e for e in result.entities if e.label == label]
    assert place.location.admin1 == admin1


def test_a_chain_name_only_one_country_has_chooses_among_the_homonyms_of_the_place_before_it(analyse_text):
    """`Jalalpur, Shamli`: Jalalpurs lie in Pakistan and India, only India has a Shamli; but a chain name one
    country has does not carry a town the data hold elsewhere only (`Bafoussam town (Mifi, Ouest)`: Haiti has
    the only `Ouest`, Cameroon the only Bafoussam)."""
    result = analyse_text("On 9 May 2020, two farmers were killed in a clash in Jalalpur, Shamli over a field.")
    [place] = [e for e in result.entities if e.label == "Jalalpur"]
    assert (place.location.country, place.location.admin1) == ("IND", "Uttar Pradesh")
    result = analyse_text("On 9 May 2020, a gendarme shot a driver in Bafoussam town (Mifi, Ouest) after a dispute.")
    assert {e.location.country for e in result.entities if e.location} == {"CMR"}


def test_a_village_in_the_theatre_of_a_story_is_not_its_homonym_far_from_it(analyse_text):
    """The OSCE's Ukraine mission reports fire along the line in Donetsk and Luhansk: of Ukraine's many a
    Serhiivka the data hold, the one in Donetsk is meant; a village the data hold only far from the front
    (`Viktorivka`: Odesa and Crimea) is put at the theatre (precision 3), not at a homonym 500 km away;
    a city of its own standing stays itself."""
    for village, precision in (("Serhiivka", 1), ("Viktorivka", 3)):
        result = analyse_text(f"On 9 May 2020, the OSCE SMM observed 26 explosions near {village}.")
        [place] = [e for e in result.entities if e.label == village]
        loc = place.location
        assert loc.precision == precision and km((loc.lat, loc.lon), (48.3, 38.5)) < 150
    result = analyse_text("On 9 May 2020, the OSCE SMM observed a rally in Kyiv.")
    [place] = [e for e in result.entities if e.label == "Kyiv"]
    assert place.location.precision == 1 and place.location.admin1 == "Kyiv City"


def test_every_theatre_names_a_region_of_the_gazetteer_with_a_point_and_a_country():
    from kg.analysis.geocode import country_key
    from kg.knowledge import gazetteer

    entries = gazetteer.load().entries
    theatres = {k for e in entries.values() for k in e.theatre}
    assert theatres
    for key in theatres:
        region = entries[key]
        assert region.type == "Region" and region.coordinates and (country_key(region.part_of) or region.country)


@pytest.mark.parametrize(
    "sentence",
    [
        "On 3 May 2020, rioters set fire to a bank in the Hamra district of Beirut.",
        "On 3 May 2020, rioters set fire to a bank in Beirut's southern suburbs.",
        "On 3 May 2020, rioters burned tyres in several areas of Beirut.",
    ],
)
def test_a_capital_a_district_or_suburb_is_part_of_is_the_city_not_its_government(analyse_text, sentence):
    result = analyse_text(sentence)
    [beirut] = [e for e in result.entities if e.label == "Beirut"]
    assert beirut.type == "City" and beirut.location.precision == 1
    assert "government:LBN" not in {e.key for e in result.entities}


def test_every_region_alias_names_a_region_of_its_country():
    """The aliases are data: each GeoNames name they point to must be a first-level region of that country in
    the index, or the alias finds nothing."""
    from kg.knowledge.place_names import place_words
    from kg.knowledge.places import index

    idx = index()
    for iso3, names in place_words()["region_aliases"].items():
        for canonical, aliases in names.items():
            assert any(p.kind == "admin1" and p.country == iso3 for p in idx.lookup(canonical)), (iso3, canonical)
            assert norm(canonical) not in {norm(a) for a in aliases}, (iso3, canonical)


@pytest.mark.parametrize(
    ("alias", "iso3", "admin1"), [("Extreme-Nord", "CMR", "Far North"), ("Sala al-Din", "IRQ", "Salah ad Din")]
)
def test_a_region_written_as_reports_write_it_is_found(alias, iso3, admin1):
    from kg.knowledge.places import index

    assert any(p.country == iso3 and p.name == admin1 for p in index().lookup(alias))


def test_a_village_the_data_lack_takes_the_region_of_its_chain_under_another_name():
    text = "Militants clashed with soldiers in Xorvadu (Sala al-Din) on Monday."
    start = text.index("Xorvadu")
    town = city("Xorvadu")
    mentions = [Mention("a", start, start + 7, "Xorvadu", town.key, 0, 5, 6)]
    found = {e.label: e for e in locate((town,), mentions, text=text)}
    where = found["Xorvadu"].location
    assert where is not None and where.country == "IRQ" and where.admin1 == "Salah ad Din" and where.precision == 3


def test_a_province_named_like_its_capital_is_put_at_the_capital():
    """Coders put an event they can place no finer than a province at its capital; a region with a town of
    its name is put there, not at the mean of its places."""
    from kg.knowledge.places import index

    [town] = [p for p in index().lookup("Kunduz") if p.kind == "town" and p.country == "AFG"]
    [province] = [p for p in index().lookup("Kunduz") if p.kind == "admin1"]
    assert km((town.lat, town.lon), (province.lat, province.lon)) < 1


def test_a_chain_names_its_district_with_the_word_its_country_uses():
    text = "Gunmen killed a driver in Xorvadu (Borgu LGA, Niger) on Monday."
    start = text.index("Xorvadu")
    town = city("Xorvadu")
    found = {e.label: e for e in locate((town,), [Mention("a", start, start + 7, "Xorvadu", town.key, 0, 4, 5)], text=text)}
    where = found["Xorvadu"].location
    assert where is not None and where.country == "NGA" and where.admin2 == "Borgu" and where.precision == 2


def test_a_village_whose_only_homonym_is_abroad_stays_in_the_country_its_region_names():
    """`Bara in the countryside of Idleb`: no country named, but Idleb is only Syria's; the village the data
    hold only abroad takes its region's point instead of a homonym in another country."""
    text = "Regime forces shelled Bara in the southern countryside of Idleb."
    bara, idleb = city("Bara"), city("Idleb")
    mentions = [
        Mention("a", text.index("Bara"), text.index("Bara") + 4, "Bara", bara.key, 0, 3, 4),
        Mention("a", text.index("Idleb"), text.index("Idleb") + 5, "Idleb", idleb.key, 0, 9, 10),
    ]
    found = {e.label: e for e in locate((bara, idleb), mentions, text=text)}
    assert found["Idleb"].location.country == "SYR"
    assert found["Bara"].location is None or found["Bara"].location.country == "SYR"


def test_a_partys_country_does_not_say_where_the_story_is():
    """`Turkish forces shelled Aziziyeh in Al-Hasakeh`: Turkey is the attacker's, named by no mention of its
    own; Al-Hasakeh is only Syria's, so the village the data lack is put there, not at Turkey's Aziziyeh."""
    text = "Turkish forces shelled the village of Aziziyeh in Al-Hasakeh."
    forces = Entity("armed-force:TUR", "Turkish armed forces", "ArmedForce", part_of="country:TUR")
    town, region = city("Aziziyeh"), Entity("region:al-hasakeh", "Al-Hasakeh", "Region")

    def at(name: str, key: str) -> Mention:
        start = text.index(name)
        return Mention("a", start, start + len(name), name, key, 0, 0, 1)

    mentions = [at("Turkish forces", forces.key), at("Aziziyeh", town.key), at("Al-Hasakeh", region.key)]
    found = {e.label: e for e in locate((forces, country("TUR"), town, region), mentions, text=text)}
    assert found["Al-Hasakeh"].location.country == "SYR"
    assert found["Aziziyeh"].location is not None and found["Aziziyeh"].location.country == "SYR"


def test_one_node_per_real_place_not_per_name():
    """Tripoli in Libya and Tripoli in Lebanon are two nodes, each with its country (and region) in its key;
    a place left unresolved keeps its name key, and every reference to a place follows its new key."""
    from kg.analysis.place_keys import by_place
    from kg.records import Event, Role

    libya = {e.label: e for e in locate((city("Tripoli"), country("LBY")), ())}["Tripoli"]
    lebanon = {e.label: e for e in locate((city("Tripoli"), country("LBN")), ())}["Tripoli"]
    assert libya.key == lebanon.key == "city:tripoli"  # the name alone
    nowhere = city("Xqzvillage")
    event = Event("e", "d", "Attack", "attacked", (Role("location", "city:tripoli"),), (0,), 0, 8)
    entities, _, [moved] = by_place((lebanon, nowhere), [], (event,))
    keys = {e.label: e.key for e in entities}
    assert keys["Tripoli"].startswith("city:lbn:") and keys["Xqzvillage"] == "city:xqzvillage"
    assert moved.role("location") == [keys["Tripoli"]]
    assert by_place((libya,), [], ())[0][0].key.startswith("city:lby:")


def test_a_site_named_with_a_town_the_data_put_no_finer_than_its_district_is_at_that_towns_point():
    """`outside the Qorvale Clinic in Maphumulo (iLembe, KwaZulu-Natal)`: the data put the town no finer than
    its chain (precision 3); the clinic is put where the town is, not at the country's centre."""
    text = "Nurses protested outside the Qorvale Clinic in Maphumulo (iLembe, KwaZulu-Natal) on Monday."
    town, site = city("Maphumulo"), Entity("place:qorvale-clinic", "Qorvale Clinic", "Place")
    at = {name: text.index(name) for name in ("Qorvale Clinic", "Maphumulo")}
    mentions = [
        Mention("a", at["Qorvale Clinic"], at["Qorvale Clinic"] + 14, "Qorvale Clinic", site.key, 0, 4, 6),
        Mention("a", at["Maphumulo"], at["Maphumulo"] + 9, "Maphumulo", town.key, 0, 7, 8),
    ]
    found = {e.label: e for e in locate((country("ZAF"), town, site), mentions, text=text)}
    near, own = found["Qorvale Clinic"].location, found["Maphumulo"].location
    assert own.precision == 3 and (near.precision, near.lat, near.lon) == (3, own.lat, own.lon)


def test_a_place_set_before_the_sentences_verb_is_its_scene(analyse_text):
    """`As reported on 28 April 2020, in Coquimatlan, Colima, workers demonstrated`: the parser makes the
    fronted towns modifiers of `workers`; they are where the protest was, and where a sentence names other
    places besides, the fronted one still sets the scene for the next sentence's event."""
    result = analyse_text(
        "As reported on 28 April 2020, in Coquimatlan, Colima, workers at a spa demonstrated to ask for support."
    )
    [protest] = [ev for ev in result.events if ev.type == "Protest"]
    labels = {e.key: e.label for e in result.entities}
    assert [labels[r.entity] for r in protest.roles if r.name == "location"] == ["Coquimatlan"]
    result = analyse_text(
        "On 1 May 2020, in Niteroi, Rio de Janeiro, police carried out an operation in Morro do Palacio in Inga "
        "neighborhood. Two suspects were shot."
    )
    labels = {e.key: e.label for e in result.entities}
    [shot] = [ev for ev in result.events if ev.trigger == "shot"]
    assert [labels[r.entity] for r in shot.roles if r.name == "location"][:1] == ["Niteroi"]


@pytest.mark.parametrize(
    ("name", "iso3", "admin1"),
    [("Santa Fe, Ocotepeque", "HND", "Ocotepeque"), ("Cienaga, Magdalena department", "COL", "Magdalena")],
)
def test_a_name_that_took_in_its_chain_is_the_town_its_chain_puts_it_in(name, iso3, admin1):
    """The recogniser sometimes takes the region written after a town into its name: the town is the part
    before, and the part after says which of its homonyms (Santa Fe is also Argentina's)."""
    loc = located(city(name))[name].location
    assert loc is not None and loc.country == iso3 and admin1 in (loc.admin1 or "") and loc.precision == 1


def test_a_place_written_before_neighborhood_is_a_quarter_of_the_town_named_with_it(analyse_text):
    """`in Fortaleza, Ceara, ... in Bom Jardim neighborhood`: the data's Bom Jardim is a town 200 km away;
    the quarter meant is Fortaleza's."""
    result = analyse_text("On 5 May 2021, in Fortaleza, Ceara, a woman was shot in Bom Jardim neighborhood by armed men.")
    where = {e.label: e.location for e in result.entities if e.location}
    assert km((where["Bom Jardim"].lat, where["Bom Jardim"].lon), (where["Fortaleza"].lat, where["Fortaleza"].lon)) < 30


def test_the_regions_of_a_towns_chain_are_no_second_town_for_a_site_beside_it(analyse_text):
    """`outside the Department of Labour offices in Pinetown (eThekwini, KwaZulu-Natal)`: the site is near
    Pinetown; eThekwini, written as its region, is no other town the site could be near."""
    text = "On 4 May 2021, about 400 people demonstrated outside the Department of Labour offices in Pinetown (eThekwini, KwaZulu-Natal)."
    where = {e.label: e.location for e in analyse_text(text).entities if e.location}
    site, town = where["Department of Labour"], where["Pinetown"]
    assert (site.lat, site.lon, site.precision) == (town.lat, town.lon, 2)


def test_a_quarter_the_data_lack_is_near_its_town_not_at_the_region_written_after_the_town(analyse_text):
    """`in Ciudad Rio Bravo, Tamaulipas, ... in Colonia Las Lomas`: the tagger splits `Colonia` from its
    name and takes the state for a second subject; the quarter is one place, near the town, and the state
    written as the town's region is no second town it could be near."""
    text = "On 29 April 2021, in Ciudad Rio Bravo, Tamaulipas, armed men clashed with soldiers in Colonia Las Lomas."
    places = {e.label: e for e in analyse_text(text).entities if e.location}
    quarter, town = places["Colonia Las Lomas"].location, places["Ciudad Rio Bravo"].location
    assert km((quarter.lat, quarter.lon), (town.lat, town.lon)) < 30
    assert "Tamaulipas" in places  # a place now, no second subject (it was a person)


def test_a_place_before_a_countrys_part_takes_the_chain_written_after_the_part(analyse_text):
    """`Xorvadu area in western India (Dhar, Madhya Pradesh)`: the chain is the village's, as coders write it,
    so the village is put near Dhar; the country's part (`western India`) keeps no point of the chain's."""
    result = analyse_text(
        "On 5 May 2020, villagers beat two traders in Xorvadu area in western India (Dhar, Madhya Pradesh) over a debt."
    )
    by_label = {e.label: e.location for e in result.entities}
    assert (by_label["Xorvadu"].precision, by_label["Xorvadu"].admin1) == (2, "Madhya Pradesh")
    assert by_label["western India"] is None or by_label["western India"].precision == 4


def test_a_region_the_data_lack_is_put_at_its_chain_not_at_the_countrys_centre(analyse_text):
    """`near Xorvadu (Dhar district, Madhya Pradesh)`: a name the data lack, which the NER calls a region,
    lies where its chain says (precision 2), not at India's centre."""
    result = analyse_text("On 5 May 2020, villagers protested near Xorvadu (Dhar district, Madhya Pradesh) over a debt.")
    [place] = [e.location for e in result.entities if e.label == "Xorvadu"]
    assert place is not None and (place.precision, place.admin1) == (2, "Madhya Pradesh")


@pytest.mark.parametrize(
    ("sentence", "label", "iso3"),
    [
        ("On 4 May 2021, gunmen killed three farmers in Kankara LGA on Tuesday.", "Kankara LGA", "NGA"),
        ("On 4 May 2021, soldiers burned houses in Kyauktaw Township on Tuesday.", "Kyauktaw Township", "MMR"),
    ],
)
def test_a_unit_named_after_its_town_is_found_by_the_towns_name(analyse_text, sentence, label, iso3):
    """`Kankara LGA`, `Kyauktaw Township`: the data hold the town, not the unit; the unit's word (places.json
    `generic_words`: LGA, tehsil, upazila, township...) is dropped to look it up, as `district` is."""
    result = analyse_text(sentence)
    [place] = [e.location for e in result.entities if e.label == label]
    assert place is not None and place.country == iso3


def test_a_name_before_a_chain_that_ends_in_a_known_province_is_a_place(analyse_text):
    """`Qaryat al Nour (Al Hali, Al Hudaydah)`: no region word in the brackets, but the chain ends in a
    province the data know, so the name before it is a place there (the tagger had made it a person)."""
    result = analyse_text("On 7 May 2021, rebels fired machine guns at the east of Qaryat al Nour (Al Hali, Al Hudaydah).")
    [place] = [e for e in result.entities if e.label == "Qaryat al Nour"]
    assert place.type in {"City", "Place", "Region"} and place.location is not None and place.location.country == "YEM"
