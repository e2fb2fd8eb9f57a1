"""Event rules on hand-built parses: each construction without the statistical model, so a model upgrade
cannot change what these tests check. (`test_events.py` runs the same constructions through the real model.)"""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.tokens import Doc

from kg.analysis.entities import ArticleEntities
from kg.analysis.events import extract_events
from kg.knowledge.ontology import classes
from kg.records import Document, Entity

root = classes().root  # an event of a kind (Shelling) is an event of its class (Attack)

VOCAB = spacy.blank("en").vocab  # English lexical attributes (`lower_`, `like_num`), no model
ENTITIES = {
    "Armenia": Entity("country:ARM", "Armenia", "Country"),
    "Goma": Entity("city:goma", "Goma", "City"),
    "peacekeepers": Entity("peacekeeping:x", "peacekeepers", "PeacekeepingForce"),
    "Rebels": Entity("armed-group:rebels", "rebels", "ArmedGroup"),
    "Civilians": Entity("population:civilians", "civilians", "PopulationGroup"),
}


def role(result, event, name: str) -> list[str]:
    """The labels of the entities in one role of an event of an analysed text."""
    labels = {e.key: e.label for e in result.entities}
    return [labels[r.entity] for r in event.roles if r.name == name]


def parse(rows: list[tuple[str, int, str, str, str, str]]) -> tuple[Doc, Document, ArticleEntities]:
    """A Doc from (word, head, dep, pos, tag, lemma) rows, and the entities its names stand for."""
    words, heads, deps, pos, tags, lemmas = (list(col) for col in zip(*rows, strict=True))
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)
    token_entity = {i: ENTITIES[w].key for i, w in enumerate(words) if w in ENTITIES}
    found = ArticleEntities({e.key: e for e in ENTITIES.values()}, [], token_entity)
    document = Document("t", doc.text, "t", date(2023, 9, 24), 0)
    return doc, document, found


def events(rows):
    doc, document, found = parse(rows)
    return extract_events(doc, document, found, lambda i: 0, offset=0)


PASSIVE = [
    ("Civilians", 2, "nsubjpass", "NOUN", "NNS", "civilian"),
    ("were", 2, "auxpass", "AUX", "VBD", "be"),
    ("evacuated", 2, "ROOT", "VERB", "VBN", "evacuate"),
    ("to", 2, "prep", "ADP", "IN", "to"),
    ("Armenia", 3, "pobj", "PROPN", "NNP", "Armenia"),
    ("by", 2, "agent", "ADP", "IN", "by"),
    ("peacekeepers", 5, "pobj", "NOUN", "NNS", "peacekeeper"),
    (".", 2, "punct", "PUNCT", ".", "."),
]


def _attack(aux: list[tuple[str, str, str, str]], obj: str = "Armenia"):
    """`Rebels <aux...> attack Armenia.` with the auxiliaries given as (word, dep, tag, lemma)."""
    verb = 1 + len(aux)
    rows = [("Rebels", verb, "nsubj", "NOUN", "NNS", "rebel")]
    rows += [(w, verb, dep, "AUX" if dep == "aux" else "PART", tag, lemma) for w, dep, tag, lemma in aux]
    rows += [("attack", verb, "ROOT", "VERB", "VB", "attack"), (obj, verb, "dobj", "PROPN", "NNP", obj)]
    return [*rows, (".", verb, "punct", "PUNCT", ".", ".")]


def _took(noun: str, prep: str, obj: str, obj_tag: str = "NNP", obj_lemma: str | None = None):
    return [
        ("Rebels", 1, "nsubj", "NOUN", "NNS", "rebel"),
        ("took", 1, "ROOT", "VERB", "VBD", "take"),
        (noun, 1, "dobj", "NOUN", "NN", noun),
        (prep, 2 if noun == "control" else 1, "prep", "ADP", "IN", prep),
        (obj, 3, "pobj", "PROPN" if obj_tag == "NNP" else "NOUN", obj_tag, obj_lemma or obj),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]


def test_passive_subject_is_the_target_and_the_by_phrase_the_agent():
    [ev] = events(PASSIVE)
    assert ev.type == "Evacuation"
    assert ev.role("agent") == ["peacekeeping:x"]
    assert ev.role("target") == ["population:civilians"]
    assert ev.role("destination") == ["country:ARM"]


@pytest.mark.parametrize(
    ("aux", "modality"),
    [
        ([], "asserted"),
        ([("will", "aux", "MD", "will")], "planned"),
        ([("might", "aux", "MD", "might")], "hedged"),
    ],
)
def test_auxiliaries_set_the_modality(aux, modality):
    [ev] = events(_attack(aux))
    assert (ev.type, ev.modality, ev.role("agent"), ev.role("target")) == (
        "Attack",
        modality,
        ["armed-group:rebels"],
        ["country:ARM"],
    )


def test_a_negated_verb_is_no_event():
    assert events(_attack([("did", "aux", "VBD", "do"), ("not", "neg", "RB", "not")])) == []


def test_a_phrasal_entry_takes_its_roles_from_the_lexicon():
    """`took control of Goma`: the phrasal entry maps the object to a location, found inside `control of`."""
    [ev] = events(_took("control", "of", "Goma"))
    assert (ev.type, ev.role("agent"), ev.role("location")) == ("TerritorialControl", ["armed-group:rebels"], ["city:goma"])


def test_a_phrasal_entry_can_leave_the_event_to_its_noun():
    """`took part in talks`: no event on `took`; `talks` is the Negotiation, with the clause's subject."""
    found = events(_took("part", "in", "talks", "NNS", "talk"))
    assert [(e.type, e.trigger, e.role("agent")) for e in found] == [("Negotiation", "talks", ["armed-group:rebels"])]


# `Civilians killed near Goma`: a participle with a subject and neither auxiliary nor object
REDUCED = [
    ("Civilians", 1, "nsubj", "NOUN", "NNS", "civilian"),
    ("killed", 1, "ROOT", "VERB", "VBN", "kill"),
    ("near", 1, "prep", "ADP", "IN", "near"),
    ("Goma", 2, "pobj", "PROPN", "NNP", "Goma"),
]
# `Civilians were killed and peacekeepers wounded.`: the second participle shares the first one's auxiliary
GAPPED = [
    ("Civilians", 2, "nsubjpass", "NOUN", "NNS", "civilian"),
    ("were", 2, "auxpass", "AUX", "VBD", "be"),
    ("killed", 2, "ROOT", "VERB", "VBN", "kill"),
    ("and", 2, "cc", "CCONJ", "CC", "and"),
    ("peacekeepers", 5, "nsubj", "NOUN", "NNS", "peacekeeper"),
    ("wounded", 2, "conj", "VERB", "VBN", "wound"),
    (".", 2, "punct", "PUNCT", ".", "."),
]
# `Rebels killed and wounded civilians.`: the object of the second verb is the first one's too: active
SHARED_OBJECT = [
    ("Rebels", 1, "nsubj", "NOUN", "NNS", "rebel"),
    ("killed", 1, "ROOT", "VERB", "VBD", "kill"),
    ("and", 1, "cc", "CCONJ", "CC", "and"),
    ("wounded", 1, "conj", "VERB", "VBD", "wound"),
    ("Civilians", 3, "dobj", "NOUN", "NNS", "civilian"),
    (".", 1, "punct", "PUNCT", ".", "."),
]


def test_a_passive_without_its_auxiliary_has_its_subject_as_the_target():
    [ev] = events(REDUCED)
    assert (ev.role("agent"), ev.role("target"), ev.role("location")) == ([], ["population:civilians"], ["city:goma"])


def test_a_participle_joined_to_a_passive_is_passive_too():
    targets = {k for ev in events(GAPPED) for k in ev.role("target")}
    agents = {k for ev in events(GAPPED) for k in ev.role("agent")}
    assert "peacekeeping:x" in targets and "peacekeeping:x" not in agents


def test_verbs_sharing_an_object_stay_active():
    assert {(k, tuple(ev.role("target"))) for ev in events(SHARED_OBJECT) for k in ev.role("agent")} == {
        ("armed-group:rebels", ("population:civilians",))
    }


# `Rebels found themselves attacked by peacekeepers.`: a participle with a `by` phrase and no auxiliary
FOUND_ATTACKED = [
    ("Rebels", 1, "nsubj", "NOUN", "NNS", "rebel"),
    ("found", 1, "ROOT", "VERB", "VBD", "find"),
    ("themselves", 1, "dobj", "PRON", "PRP", "themselves"),
    ("attacked", 1, "xcomp", "VERB", "VBN", "attack"),
    ("by", 3, "agent", "ADP", "IN", "by"),
    ("peacekeepers", 4, "pobj", "NOUN", "NNS", "peacekeeper"),
    (".", 1, "punct", "PUNCT", ".", "."),
]


def test_a_participle_with_a_by_phrase_is_passive_and_a_reflexive_is_its_antecedent():
    [ev] = [e for e in events(FOUND_ATTACKED) if root(e.type) == "Attack"]
    assert (ev.role("agent"), ev.role("target")) == (["peacekeeping:x"], ["armed-group:rebels"])


def test_the_subject_after_a_fronted_place_and_its_region_is_the_subject(analyse_text):
    """The parser reads `in Tamsin, Kora, workers ... protested` with `workers` in apposition to the place."""
    text = "On 6 May 2020, in Tamsin, Kora, workers of the garbage collection system protested demanding a bonus."
    result = analyse_text(text)
    labels = {e.key: e.label for e in result.entities}
    [protest] = [ev for ev in result.events if ev.type == "Protest"]
    assert [labels[r.entity] for r in protest.roles if r.name == "agent"] == ["workers"]


@pytest.mark.parametrize(
    "text, agents",
    [
        # the subject joined to the fronted place's chain: `nurses` a conjunct of the region, the town no agent
        (
            "On 4 June 2021, in Puebla, Puebla, nurses and doctors of the General Hospital protested demanding pay.",
            ["nurses", "doctors"],
        ),
        # the verb hung on the noun after `of`: the people it is said of protested, not their employer
        (
            "On 4 June 2021, approximately 60 workers of a cleaning company protested in Zadar, Croatia, against unpaid wages.",
            ["workers"],
        ),
        # a group hung on the fronted place's region: the people of the group protested
        (
            "On 4 June 2021, in Huancayo, Junin, a group of pension contributors staged a demonstration in the main square.",
            ["contributors"],
        ),
        # a committee or a union that holds a protest is its protesters, whatever the noun
        ("On 4 June 2021, the joint action committee held a protest outside the press club in Quetta.", ["committee"]),
        # those who block roads are a crowd
        (
            "On 4 June 2021, in Campinas, Sao Paulo, people blocked roads to protest against the closure of a bank branch.",
            ["people"],
        ),
    ],
)
def test_who_protests_when_the_parser_hangs_the_subject_elsewhere(analyse_text, text, agents):
    result = analyse_text(text)
    [protest] = [ev for ev in result.events if ev.type == "Protest"]
    assert role(result, protest, "agent") == agents


def test_soldiers_who_block_a_road_stay_soldiers(analyse_text):
    result = analyse_text("On 4 June 2021, soldiers blocked the road to the village of Karam.")
    types = {e.label: e.type for e in result.entities}
    assert types["soldiers"] == "ArmedForce"


def test_a_description_in_apposition_to_a_place_is_no_subject(analyse_text):
    result = analyse_text("On 6 May 2020, in Goma, the largest city in the east, rebels attacked a camp.")
    labels = {e.key: e.label for e in result.entities}
    [attack] = [ev for ev in result.events if ev.type == "Attack"]
    assert [labels[r.entity] for r in attack.roles if r.name == "agent"] == ["rebels"]


def test_who_held_the_positions_fired_on_is_the_target(analyse_text):
    result = analyse_text("On 9 May 2020, the forces of Armenia fired on the positions of the forces of Azerbaijan near Vadu.")
    labels = {e.key: e.label for e in result.entities}
    [attack] = [ev for ev in result.events if ev.trigger == "fired"]
    assert [labels[r.entity] for r in attack.roles if r.name == "target"] == ["Azerbaijani armed forces"]
    assert [labels[r.entity] for r in attack.roles if r.name == "location"] == ["Vadu"]


def test_a_region_with_people_in_apposition_is_no_subject(analyse_text):
    """Parsed with `Kivu` as the subject and the group in apposition: the region did not protest."""
    result = analyse_text("On 1 May 2020, in Goma, Nord Kivu, a group of local artists protested demanding financial support.")
    kinds = {e.key: e.type for e in result.entities}
    agents = [r.entity for ev in result.events for r in ev.roles if r.name == "agent"]
    assert not [k for k in agents if kinds[k] in {"City", "Region", "Place"}]


@pytest.mark.parametrize(
    "text, agent",
    [
        # `IS` in capitals before a noun is the group's name, not `is`: no passive, the militants act
        ("On 5 June 2021, IS militants attacked a checkpoint near Kirkuk.", "Islamic State"),
        # the name on a weapon says who used it when no participle does
        (
            "On 5 June 2021, an IS landmine planted on a road near Sukhnah detonated under a bus, killing 4 soldiers.",
            "Islamic State",
        ),
        ("On 5 June 2021, a Saudi-led coalition airstrike targeted a farm in Hajjah.", "Saudi-led coalition"),
    ],
)
def test_who_used_the_weapon_a_name_on_it_says(analyse_text, text, agent):
    result = analyse_text(text)
    agents = {a for ev in result.events for a in role(result, ev, "agent")}
    assert agent in agents and agent not in {t for ev in result.events for t in role(result, ev, "target")}


@pytest.mark.parametrize(
    "text, count",
    [
        # read as `is militants`, a clause of its own: the militants were nobody's target
        ("On 5 June 2021, the army shelled IS militants hiding near Hawija.", None),
        # the copula at the root and the killing its subject; the number counts the fighters
        ("On 5 June 2021, tribal fighters killed 4 IS fighters near the river.", 4),
    ],
)
def test_a_name_in_capitals_read_as_a_copula_is_the_target_it_names(analyse_text, text, count):
    result = analyse_text(text)
    [event] = [ev for ev in result.events if ev.type in {"Shelling", "Attack"}]
    assert role(result, event, "target") == ["Islamic State"]
    assert [c.amount for c in event.casualties if c.kind == "killed"] == ([count] if count else [])


def test_an_event_noun_and_the_verb_it_is_subject_of_stay_one_event(analyse_text):
    result = analyse_text("On 5 June 2021, Israeli air strikes on the south killed at least 20 people, officials said.")
    strikes = [ev for ev in result.events if ev.type == "AirStrike"]
    assert len(strikes) == 1 and strikes[0].trigger == "strikes"


def test_a_policeman_is_a_state_force_whoever_he_shoots_or_whoever_shoots_him(analyse_text):
    result = analyse_text("On 3 May 2021, a policeman killed a woman in Kanyabayonga village.")
    [attack] = [ev for ev in result.events if ev.type == "Attack"]
    assert [e.type for e in result.entities if e.label in role(result, attack, "agent")] == ["ArmedForce"]


def test_members_of_a_group_are_the_group_and_unidentified_gunmen_another(analyse_text):
    result = analyse_text("On 4 May 2021, members of the Kata Brigade clashed with unidentified gunmen near Sarmin.")
    [clash] = [ev for ev in result.events if ev.trigger == "clashed"]
    brigade, gunmen = role(result, clash, "agent")  # each side of a clash fought the other
    assert "gunmen" not in brigade and gunmen == "unidentified gunmen"
    assert role(result, clash, "target") == [gunmen, brigade]


@pytest.mark.parametrize(
    "text, cls, agent",
    [
        ("On 4 May 2021, rioters set a bank on fire in Jericho.", "MobViolence", "rioters"),
        ("On 4 May 2021, militants set fire to a school in Logobou.", "Looting", "militants"),
        ("On 4 May 2021, residents set up a checkpoint in Dori.", "BaseEstablished", "residents"),
    ],
)
def test_property_set_on_fire_is_destroyed_and_a_crowd_that_does_it_a_mob(analyse_text, text, cls, agent):
    result = analyse_text(text)
    [event] = [ev for ev in result.events if ev.trigger == "set"]
    assert event.type == cls and role(result, event, "agent") == [agent]


def test_a_toll_with_no_attack_word_happened_where_its_verb_says(analyse_text):
    result = analyse_text("On 9 May 2021, in Zihuatanejo, Guerrero, a man was found dead in Colonia Libertad.")
    [attack] = [ev for ev in result.events if ev.type == "Attack"]
    assert "Colonia Libertad" in role(result, attack, "location")
    [quarter] = [e for e in result.entities if e.label == "Colonia Libertad"]
    [town] = [e for e in result.entities if e.label == "Zihuatanejo"]
    assert quarter.location.precision == 2 and (quarter.location.lat, quarter.location.lon) == (
        town.location.lat,
        town.location.lon,
    )


def test_those_who_cut_off_a_road_and_burn_tyres_are_the_rioters(analyse_text):
    result = analyse_text("On 4 May 2021, people in Sheikh Othman district cut off roads and burned tires to demand power.")
    [riot] = [ev for ev in result.events if ev.type == "Riot"]
    assert role(result, riot, "agent") == ["people"]


def test_a_named_unit_keeps_its_head_word_and_a_group_its_members_word_not(analyse_text):
    result = analyse_text("On 4 May 2021, members of the Kata Brigade clashed with M23 rebels near Sarmin.")
    assert {"Kata Brigade", "M23"} <= {e.label for e in result.entities}


@pytest.mark.parametrize(
    "text",
    [
        "On 4 May 2021, gunmen shot and wounded an off-duty police officer in Kora.",
        "On 4 May 2021, militants shot dead a soldier (assumed off-duty) in Kora.",
    ],
)
def test_a_soldier_or_officer_off_duty_is_a_civilian(analyse_text, text):
    """Not acting for the force when attacked: coders code the victim a civilian, and so does the graph."""
    result = analyse_text(text)
    [attack] = [ev for ev in result.events if ev.type == "Attack"]
    types = {e.key: e.type for e in result.entities}
    victims = [r.entity for r in attack.roles if r.name == "target"]
    assert victims and all(types[v] == "PopulationGroup" for v in victims)


def test_a_name_with_a_unit_or_resistance_word_is_an_armed_group(analyse_text):
    result = analyse_text("On 4 May 2021, gunmen tried to kill a Tihama Resistance commander in Kora.")
    assert {e.type for e in result.entities if e.label == "Tihama Resistance"} == {"ArmedGroup"}


@pytest.mark.parametrize(
    ("text", "cls", "trigger"),
    [
        ("On 4 May 2021, Turkish forces conducted a patrol in Darbasiyah.", "Deployment", "patrol"),
        ("On 4 May 2021, a joint patrol by Turkish and Russian forces took place near Ariha.", "Deployment", "patrol"),
        ("On 4 May 2021, government forces established new fortifications east of Hays.", "Deployment", "established"),
        ("On 4 May 2021, observers counted 14 shots involving small arms near Zolote.", "Attack", "shots"),
        ("On 4 May 2021, rebels fired mortar shells and RPGs at houses in Hays.", "Shelling", "fired"),
        ("On 4 May 2021, the army fired anti-aircraft guns at rebel positions near Spartak.", "Shelling", "fired"),
    ],
)
def test_patrols_fortifications_shots_and_heavy_weapons_as_coders_code_them(analyse_text, text, cls, trigger):
    """A patrol or new fortifications are a change of activity (Deployment); counted shots are fighting;
    mortars with RPGs, anti-aircraft guns fired at positions are shelling, as ACLED codes them."""
    assert (cls, trigger) in {(ev.type, ev.trigger) for ev in analyse_text(text).events}


def test_a_patrol_attacked_or_under_fire_is_a_participant_no_deployment(analyse_text):
    for text in ("On 4 May 2021, militants attacked a military patrol near Kidal.", "A patrol came under fire near Gao."):
        assert "Deployment" not in {ev.type for ev in analyse_text(text).events}


def test_the_dead_found_with_an_adjective_of_death_are_a_toll(analyse_text):
    result = analyse_text("On 4 May 2021, in Vadu, three dead women were found by the highway.")
    assert [c.amount for ev in result.events for c in ev.casualties if c.kind == "killed"] == [3]


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ("On 4 May 2021, vendors clashed with police officers enforcing the curfew in Hebron.", "MobViolence"),
        ("On 4 May 2021, protesters clashed with police officers in Sidon.", "Riot"),
        ("On 4 May 2021, soldiers clashed with rebels near Kidal.", "Attack"),
        ("On 4 May 2021, clashes between two armed groups in Zawiya left 16 people dead.", "Attack"),
    ],
)
def test_a_crowd_fighting_is_mob_violence_and_its_victims_no_side(analyse_text, text, cls):
    """No armed clash without two organised armed sides: a crowd that clashes is a mob (a riot beside a
    protest); the dead a toll counts are victims, not the crowd that fought."""
    assert cls in {ev.type for ev in analyse_text(text).events if ev.trigger.startswith("clash")}


def test_an_abduction_happened_where_its_victims_were_taken_from(analyse_text):
    result = analyse_text("On 4 May 2021, gunmen kidnapped two farmers from Kadisau village.")
    [abduction] = [ev for ev in result.events if ev.type == "Abduction"]
    assert role(result, abduction, "location") == ["Kadisau"]


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ("On 4 May 2021, hundreds of nurses took to the streets of Kano to demand their wages.", "Protest"),
        ("On 4 May 2021, students took out a procession in Sylhet.", "Protest"),
        ("On 4 May 2021, teachers formed a human chain outside the ministry in Sylhet.", "Protest"),
        ("On 4 May 2021, residents banged pots against the governor in Rosario.", "Protest"),
        ("On 4 May 2021, masked rioters damaged the front of a bank in Sidon.", "Riot"),
        ("On 4 May 2021, nurses at the district hospital demanded their unpaid wages in Kano.", "Protest"),
        ("On 4 May 2021, dock workers in Mombasa denounced the new port levy.", "Protest"),
    ],
)
def test_protest_forms_coders_count_as_protests(analyse_text, text, cls):
    """Taking to the streets, a procession, a human chain, banging pots are protests; rioters who act riot; a
    crowd that demands or denounces protests (a state that demands appeals)."""
    assert cls in {ev.type for ev in analyse_text(text).events}


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ("On 4 May 2021, soldiers demolished a farmer's house in Tayasir.", "Looting"),
        ("On 4 May 2021, settlers uprooted 300 olive trees near Sinjil.", "Looting"),
        ("On 4 May 2021, police destroyed 12 hectares of poppy crops near Pasab.", "Looting"),
        ("On 4 May 2021, soldiers destroyed a bomb factory in Kidal.", "DisruptedWeaponsUse"),
    ],
)
def test_property_demolished_or_uprooted_is_destroyed(analyse_text, text, cls):
    """Demolishing or uprooting property is property destruction as coders code it, not a clash (razing a
    village stays an attack there); destroying explosives is still a disrupted weapons use."""
    assert cls in {ev.type for ev in analyse_text(text).events}


def test_a_building_demolished_by_an_explosion_is_no_conflict_event(analyse_text):
    assert not analyse_text("A school demolished by a gas explosion in Homs has been rebuilt.").events


@pytest.mark.parametrize(
    "text",
    [
        "On 4 May 2021, militiamen beat a civilian at a checkpoint in Gulu.",
        "On 4 May 2021, guards beat two detainees in the prison of Kita.",
    ],
)
def test_beating_people_is_an_attack_on_them(analyse_text, text):
    assert "Attack" in {ev.type for ev in analyse_text(text).events}


def test_one_team_beating_another_is_no_attack(analyse_text):
    assert "Attack" not in {ev.type for ev in analyse_text("Kano Pillars beat Enyimba in the cup final in Lagos.").events}


def test_a_subject_the_parser_hangs_on_a_fronted_place_is_the_passives_subject(analyse_text):
    """`in X, Y, a man and a woman were found dead`: the parser makes `a man` an apposition of the town; a
    passive with no subject takes it back, so the dead are counted."""
    result = analyse_text("On 5 May 2021, in Vadu, Kora, a man and a woman were found dead.")
    assert sorted(c.amount for ev in result.events for c in ev.casualties if c.kind == "killed") == [1, 1]


@pytest.mark.parametrize(
    "text, attacker, met_by, dead",
    [
        (
            "On 2 May 2021, Malian troops repelled an attack by jihadist fighters on a camp near Tessit, killing six jihadists.",
            "jihadist",
            "Malian armed forces",
            6,
        ),
        (
            "On 2 May 2021, soldiers repulsed an attack on their base in Damboa, killing four militants.",
            "militants",
            "soldiers",
            4,
        ),
        (
            "On 2 May 2021, Nigerien troops foiled an attack of Boko Haram militants on Diffa.",
            "Boko Haram",
            "Nigerien armed forces",
            0,
        ),
        (
            "On 2 May 2021, 7 Taliban fighters were killed when Afghan forces repulsed their attack in Nad Ali district.",
            "Taliban",
            "Afghan armed forces",
            7,
        ),
    ],
)
def test_an_attack_its_target_repelled_is_the_attackers_one_event(analyse_text, text, attacker, met_by, dead):
    result = analyse_text(text)
    attacks = [ev for ev in result.events if root(ev.type) == "Attack"]
    assert len(attacks) == 1, [(ev.type, ev.trigger) for ev in attacks]
    [attack] = attacks
    assert role(result, attack, "agent") == [attacker] and met_by in role(result, attack, "target")
    assert sum(c.amount or 0 for c in attack.casualties if c.kind == "killed") == dead


def test_the_side_a_clash_or_an_exchange_of_fire_is_with_fought_back(analyse_text):
    result = analyse_text("On 6 May 2021, armed men exchanged fire with police officers during a chase in Maceio.")
    [fight] = [ev for ev in result.events if ev.trigger == "exchanged"]
    assert role(result, fight, "agent") == ["armed men", "police"]
    assert sorted(role(result, fight, "target")) == ["armed men", "police"]


def test_the_region_after_a_fronted_town_is_a_place_not_a_second_subject(analyse_text):
    """`in Sinop, Mato Grosso, a man was killed`: the parser makes the state a second subject of `killed`;
    it is the town's region, no victim, and the toll is the man's."""
    result = analyse_text(
        "On 8 May 2021, in Sinop, Mato Grosso, a man was killed in a drive-by shooting in Vila Nova neighborhood."
    )
    kinds = {e.label: e.type for e in result.entities}
    assert kinds["Mato Grosso"] in {"City", "Region"} and "neighborhood" not in kinds
    [attack] = [ev for ev in result.events if root(ev.type) == "Attack"]
    assert role(result, attack, "target") == ["man"] and role(result, attack, "location") == ["Sinop"]


@pytest.mark.parametrize(
    "text, owner",
    [
        ("On 9 May 2021, rebels looted civilians' wheat crops in Attia.", "civilians"),
        ("On 9 May 2021, militants burned the houses of villagers in Tanout.", "villagers"),
    ],
)
def test_whose_property_was_looted_or_burned_is_the_target(analyse_text, text, owner):
    result = analyse_text(text)
    [event] = [ev for ev in result.events if ev.type == "Looting"]
    assert role(result, event, "target") == [owner]


def test_a_fronted_town_the_parser_took_for_the_subject_is_where_its_people_acted(analyse_text):
    """`in Acapulco, Guerrero, around 100 merchants protested`: read with the town as the subject, `in` with
    no object and the merchants in apposition to the town; the merchants protested, in the town."""
    result = analyse_text("On 7 May 2021, in Acapulco, Guerrero, around 100 merchants protested demanding food subsidies.")
    [protest] = [ev for ev in result.events if ev.type == "Protest"]
    assert role(result, protest, "agent") == ["merchants"] and role(result, protest, "location") == ["Acapulco"]


def test_only_what_the_countering_verb_itself_did_joins_the_repelled_attack(analyse_text):
    """A participle of another verb (`a bomb exploded in Mopti, killing two`) is no part of the attack
    repelled near Gao, whoever its doer."""
    text = (
        "On 2 May 2021, troops repelled an attack by militants on a base near Gao. "
        "On the same day, a bomb exploded at a market in Mopti, killing two civilians."
    )
    result = analyse_text(text)
    [gao] = [ev for ev in result.events if "Gao" in role(result, ev, "location")]
    assert not gao.casualties
    assert any("Mopti" in role(result, ev, "location") and ev.casualties for ev in result.events)


def test_the_army_of_a_story_that_names_no_state_is_a_state_force(analyse_text):
    """Coders' notes often name no country (`in Paletwa, the army clashed with the rebels`): `the army` is
    still a state force, the story's unnamed one."""
    result = analyse_text("On 4 May 2021, near Tessit, the army clashed with the rebels.")
    [clash] = [ev for ev in result.events if ev.trigger == "clashed"]
    kinds = {e.label: e.type for e in result.entities}
    assert sorted(role(result, clash, "agent")) == ["army", "rebels"] and kinds["army"] == "ArmedForce"


@pytest.mark.parametrize(
    "text, cls, agents",
    [
        ("On 4 May 2021, the army fought the rebels near Tessit.", "Attack", ["army"]),
        ("On 4 May 2021, the army and the rebels fought near Tessit.", "Attack", ["army", "rebels"]),
        ("On 4 May 2021, Malian troops fought alongside the militia near Tessit.", "Support", ["Malian armed forces"]),
        ("Rioters fought with police before storming the town hall in Gao on Tuesday.", "Riot", ["rioters"]),
        ("On 4 May 2021, residents fought for water in Gao.", None, []),
    ],
)
def test_who_fought_is_a_fight_of_armed_sides_or_a_riot(analyse_text, text, cls, agents):
    """`fight` is a battle when armed sides fight, support when it is `alongside` someone, a riot when
    rioters fight; a crowd fighting for something is no event."""
    result = analyse_text(text)
    fought = [ev for ev in result.events if ev.trigger == "fought"]
    assert [ev.type for ev in fought] == ([cls] if cls else [])
    if cls:
        assert sorted(role(result, fought[0], "agent")) == agents


def test_gunmen_who_assassinate_and_armed_men_driving_a_car_are_the_attackers(analyse_text):
    result = analyse_text("On 5 May 2021, unidentified gunmen assassinated a judge in Gao.")
    [killing] = [ev for ev in result.events if ev.trigger == "assassinated"]
    assert role(result, killing, "agent") == ["unidentified gunmen"]
    result = analyse_text("On 6 May 2021, armed men driving a pickup attacked a police patrol in Celaya.")
    [attack] = [ev for ev in result.events if ev.trigger == "attacked"]
    assert role(result, attack, "agent") == ["armed men"]


def test_who_was_killed_after_exchanging_fire_exchanged_it(analyse_text):
    """A gerund after a preposition takes the clause's subject (`was killed after exchanging fire with the
    police`): the dead man fought the police, and the toll is that fight's."""
    result = analyse_text("On 6 May 2021, in Santos, a drug trafficker was killed after exchanging fire with police officers.")
    [fight] = [ev for ev in result.events if root(ev.type) == "Attack"]
    assert sorted(role(result, fight, "agent")) == ["police", "trafficker"]
    assert [c.amount for c in fight.casualties if c.kind == "killed"] == [1]


def test_entering_a_town_without_fighting_is_no_fight(analyse_text):
    result = analyse_text("On 6 May 2021, the rebels entered Ajdabiya without fighting.")
    assert not [ev for ev in result.events if root(ev.type) == "Attack"]


@pytest.mark.parametrize(
    "text, agent",
    [
        ("On 6 May 2021, an IED planted by an unknown armed group exploded near Hajin.", "armed group"),
        ("On 6 May 2021, a roadside bomb exploded near a market in Hajin.", None),
        ("On 6 May 2021, al-Shabaab militants blew up a bridge near Afgoye.", "Al-Shabaab"),
        ("On 6 May 2021, a blast near the governor's office in Hajin wounded three guards.", None),
    ],
)
def test_a_device_that_exploded_or_a_blast_is_a_remote_explosive(analyse_text, text, agent):
    """`exploded` is an attack when a weapon exploded, its planter the attacker; a blast is an explosion."""
    result = analyse_text(text)
    [attack] = [ev for ev in result.events if root(ev.type) == "Attack"]
    assert attack.type == "RemoteExplosive"
    assert role(result, attack, "agent") == ([agent] if agent else [])


def test_a_gas_cylinder_that_exploded_is_no_attack(analyse_text):
    result = analyse_text("On 6 May 2021, a gas cylinder exploded in a restaurant in Hajin, killing three diners.")
    assert not [ev for ev in result.events if root(ev.type) == "Attack"]


def test_a_vehicle_that_struck_a_mine_carried_its_victims_not_the_attackers(analyse_text):
    """`an army truck struck an IED`: the army is who was hit; `jets struck a depot with bombs` stays the jets'."""
    result = analyse_text("On 7 May 2021, a Malian army truck struck an IED near Boni. Two soldiers were wounded.")
    [attack] = [ev for ev in result.events if root(ev.type) == "Attack"]
    kinds = {e.label: e.type for e in result.entities}
    assert attack.type == "RemoteExplosive" and not role(result, attack, "agent")
    assert "ArmedForce" in {kinds[t] for t in role(result, attack, "target")}
    result = analyse_text("On 7 May 2021, Israeli jets struck a depot with bombs near Rafah.")
    [strike] = [ev for ev in result.events if root(ev.type) == "Attack"]
    assert role(result, strike, "agent") and not role(result, strike, "target")


def test_a_bomber_who_set_off_a_blast_set_it_off(analyse_text):
    result = analyse_text("A suicide bomber set off a blast near the embassy in Tunis on Friday.")
    [attack] = [ev for ev in result.events if root(ev.type) == "Attack"]
    assert attack.type == "SuicideBombing" and role(result, attack, "agent") == ["bomber"]


def test_who_after_a_place_stands_for_the_people_before_it(analyse_text):
    """`laborers on a bridge in X city, who demanded to go home`: `who` cannot be the city."""
    result = analyse_text(
        "On 8 May 2021, police dispersed about 180 laborers on a bridge in Rajkot city, who demanded to go home."
    )
    [protest] = [ev for ev in result.events if root(ev.type) == "Protest"]
    assert role(result, protest, "agent") == ["laborers"] and role(result, protest, "location") == ["Rajkot city"]


@pytest.mark.parametrize(
    "text, agent, place",
    [
        ("On 9 May 2021, a group of citizens from Metlaoui (Gafsa) protested to demand a hospital.", "citizens", "Metlaoui"),
        ("On 9 May 2021, dozens protested in Nis against the government.", "people", "Nis"),
        ("On 9 May 2021, tens of shop owners protested against a curfew in Nazareth.", "owners", "Nazareth"),
    ],
)
def test_who_protested_and_where_when_the_text_says_it_sideways(analyse_text, text, agent, place):
    """The protesters are the people a count stands for (`dozens`, `tens of shop owners`); a town named with
    its region in brackets is the one place the report names, so the protest's."""
    result = analyse_text(text)
    [protest] = [ev for ev in result.events if root(ev.type) == "Protest"]
    assert role(result, protest, "agent") == [agent] and role(result, protest, "location") == [place]


def test_a_war_going_on_as_an_attack_happened_is_its_background(analyse_text):
    """`bombs killed 18 on Sunday as forces fight the Islamic State in Mosul`: one event, the bombing."""
    result = analyse_text(
        "Suicide bombings at two markets in Baghdad killed at least 18 people on Sunday, "
        "as Iraqi forces fight the Islamic State group in Mosul."
    )
    assert [ev.type for ev in result.events if root(ev.type) == "Attack"] == ["SuicideBombing"]


def test_gang_members_handing_out_food_in_a_town_did_so_there(analyse_text):
    result = analyse_text("On 29 April 2021, in Tepic, Nayarit, members of the CJNG delivered food packages to families.")
    [aid] = [ev for ev in result.events if ev.type == "AidDelivery"]
    assert role(result, aid, "location") == ["Tepic"]


@pytest.mark.parametrize(
    "text, cls",
    [
        ("On 9 May 2021, unknown gunmen seized a vehicle of the town council in Menaka.", "Looting"),
        ("On 9 May 2021, soldiers seized three boats carrying fuel near Tumaco.", "PropertySeizure"),
        ("On 9 May 2021, militiamen stole about 40 cows from herders near Makurdi.", "Looting"),
        ("On 9 May 2021, rebels seized the town of Rutshuru.", "TerritorialControl"),
        ("On 9 May 2021, a man robbed a bank in Lima.", None),
    ],
)
def test_what_was_seized_says_whether_it_was_a_town_or_property(analyse_text, text, cls):
    """Seizing a town is taking it; seizing a vehicle, boats or cattle is looting, or a seizure by an
    authority; a robbery by no armed actor is crime, no conflict event."""
    result = analyse_text(text)
    assert [ev.type for ev in result.events if ev.type != "Statement"] == ([cls] if cls else [])


def test_police_dispersing_a_march_two_sentences_on_intervened_in_it(analyse_text):
    result = analyse_text(
        "On 1 May 2021, in Talca, about 40 workers marched on the streets of the city. "
        "The group demanded job security for the workers. Police dispersed them."
    )
    assert "ProtestWithIntervention" in [ev.type for ev in result.events]


@pytest.mark.parametrize(
    "text, cls, agents, targets",
    [
        ("On 3 May 2021, supporters of two parties fought each other in Ngozi.", "MobViolence", ["supporters"], ["supporters"]),
        ("On 3 May 2021, two rival militias clashed near Ngozi.", None, ["militias"], ["militias"]),
        ("On 3 May 2021, villagers stoned two police officers in Kalwal.", "MobViolence", ["villagers"], ["police"]),
        (
            "On 3 May 2021, dozens of youths clashed with soldiers in Nablus.",
            None,
            ["soldiers", "youths"],
            ["soldiers", "youths"],
        ),
        ("On 3 May 2021, the army clashed near Ngozi.", None, ["army"], []),
    ],
)
def test_crowds_that_fight_each_other_or_stone_the_police_are_mobs(analyse_text, text, cls, agents, targets):
    """`fought each other` is a fight whoever fought, and one noun for two sides (`two rival militias
    clashed`) is both sides; stoning is violence; a count of youths who clashed clashed (a verb that takes
    no object has no passive: `dozens of youths clashed` is not `were clashed`)."""
    result = analyse_text(text)
    [attack] = [ev for ev in result.events if root(ev.type) in {"Attack", "Riot"}]
    assert cls is None or attack.type == cls
    assert sorted(role(result, attack, "agent")) == agents and sorted(role(result, attack, "target")) == targets


def test_a_crowd_verb_the_parser_read_as_a_modifier_is_the_sentence_verb(analyse_text):
    """`a group of workers in a textile factory protested`: the parser makes `group` the root and `protested`
    a modifier of `factory`; the workers protested. A participle with a passive reading stays a modifier."""
    result = analyse_text("On 4 May 2021, a group of workers in a shoe factory protested in Ngozi over unpaid wages.")
    [protest] = [ev for ev in result.events if ev.type == "Protest"]
    assert role(result, protest, "agent") == ["workers"]
    headline = analyse_text("On 4 May 2021, the body of a trader killed in Ngozi.")
    assert [role(headline, ev, "target") for ev in headline.events if ev.type == "Attack"] == [["trader"]]


@pytest.mark.parametrize(
    "text, targets, place",
    [
        ("On 3 May 2021, gunmen shot at two civilians in Ngozi.", ["civilians"], "Ngozi"),
        ("On 3 May 2021, gunmen shot at a woman and a man in Ngozi.", ["man", "woman"], "Ngozi"),
        ("On 3 May 2021, gunmen killed a tax collector and a shopkeeper in Ngozi.", ["collector", "shopkeeper"], "Ngozi"),
        # the `at` phrase is where when the object or the passive subject already names who was hit
        ("On 3 May 2021, gunmen shot a trader at Ngozi market.", ["trader"], "Ngozi"),
        ("On 3 May 2021, a trader was shot by gunmen at Ngozi market.", ["trader"], "Ngozi"),
        ("On 3 May 2021, a grenade was thrown at a police checkpoint in Ngozi.", ["police"], "Ngozi"),
    ],
)
def test_whom_a_shot_was_aimed_at_is_the_target_and_where_it_hit_the_place(analyse_text, text, targets, place):
    result = analyse_text(text)
    [attack] = [ev for ev in result.events if root(ev.type) == "Attack"]
    assert sorted(role(result, attack, "target")) == targets
    assert role(result, attack, "location") == [place]


@pytest.mark.parametrize(
    "text, cls",
    [
        ("On 5 May 2021, the government released 98 Taliban prisoners to advance the peace talks.", "Release"),
        ("On 5 May 2021, the rebels freed two captured soldiers near Goma.", "Release"),
        ("On 5 May 2021, the army released a statement on the attack.", None),
    ],
)
def test_freeing_prisoners_is_a_release_and_a_statement_is_not(analyse_text, text, cls):
    result = analyse_text(text)
    assert [ev.type for ev in result.events if ev.type == "Release"] == ([cls] if cls else [])
