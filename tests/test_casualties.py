"""Tolls: each figure the text gives becomes a casualties record with its kind, best/low/high, party and
claimant (sentences of our own, through the real model), and the RDF keeps every source's toll."""

from __future__ import annotations

import pytest

from kg.analysis.events.casualties import amounts, toll_words
from kg.knowledge.ontology import classes

root = classes().root  # an event of a kind (Shelling) is an event of its class (Attack)

pytestmark = pytest.mark.model


def tolls(result) -> list[tuple[str, int, int | None, int | None]]:
    return sorted((c.kind, c.amount, c.low, c.high) for ev in result.events for c in ev.casualties)


def labels(result, keys) -> list[str | None]:
    by_key = {e.key: e.label for e in result.entities}
    return [by_key.get(k) if k else None for k in keys]


@pytest.mark.parametrize(
    ("text", "best", "low", "high"),
    [
        ("at least 14", 14, 14, None),
        ("more than 20 people", 21, 21, None),
        ("over 300", 301, 301, None),
        ("up to 30", 30, None, 30),
        ("nearly 500", 500, None, 500),
        ("between 10 and 15 people", 10, 10, 15),
        ("dozens", 12, None, None),
        ("dozens of civilians", 12, None, None),
        ("tens", 10, None, None),
        ("hundreds", 100, None, None),
        ("a soldier", 1, None, None),
        ("Seven", 7, None, None),
    ],
)
def test_vague_and_bounded_figures_are_coded_as_acled_codes_them(text, best, low, high):
    assert amounts(text, toll_words()) == (best, low, high)


def test_killed_and_wounded_in_one_sentence_are_two_tolls_with_one_claimant(analyse_text):
    result = analyse_text("At least 14 villagers were killed and 30 wounded when gunmen raided Kauru on Sunday, police said.")
    assert tolls(result) == [("injured", 30, None, None), ("killed", 14, 14, None)]
    [attack] = [e for e in result.events if e.casualties]
    assert root(attack.type) == "Attack"
    assert set(labels(result, [c.attributed_to for c in attack.casualties])) == {"police"}


def test_a_toll_without_an_attack_verb_still_yields_the_attack(analyse_text):
    result = analyse_text("Nine soldiers were killed on Friday in the north of the country.")
    [attack] = [e for e in result.events if root(e.type) == "Attack"]
    [toll] = attack.casualties
    assert (toll.kind, toll.amount) == ("killed", 9)
    assert labels(result, [toll.party]) == labels(result, attack.role("target"))


def test_left_dead_went_missing_and_lives_claimed(analyse_text):
    result = analyse_text(
        "A blast at the market left 12 dead and dozens injured. "
        "Three policemen died and two went missing after the ambush. "
        "The bombing of the bus station claimed more than 20 lives."
    )
    assert tolls(result) == [
        ("injured", 12, None, None),
        ("killed", 3, None, None),
        ("killed", 12, None, None),
        ("killed", 21, 21, None),
        ("missing", 2, None, None),
    ]


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("One policeman was shot and killed by gunmen in Vadu.", 1),
        ("A trader was shot dead in the market of Vadu.", 1),
        ("Border guards shot two smugglers to death near Vadu.", 2),
        ("Gunmen shot dead three farmers near Vadu.", 3),
        ("Gunmen attacked a police officer in Vadu. The officer died.", 1),
        ("Snipers opened fire on a civilian in Vadu, killing him.", 1),
        ("Soldiers repelled an attack near Vadu, killing and wounding a number of fighters.", 10),
    ],
)
def test_a_killing_told_by_its_result_is_a_toll(analyse_text, sentence, killed):
    # `shot dead`, `to death`, and a passive joined to another (`shot and killed`) count their victims
    assert [(kind, best) for kind, best, _low, _high in tolls(analyse_text(sentence)) if kind == "killed"] == [("killed", killed)]


def test_a_toll_told_after_its_attack_is_that_attacks(analyse_text):
    # the count of the dead is no quantity of the toll's own that would keep it apart
    result = analyse_text(
        "On 6 May 2021, army forces shelled rebel positions in Vadu. Ten rebel fighters were reportedly killed."
    )
    attacks = [e for e in result.events if root(e.type) == "Attack"]
    assert [[(c.kind, c.amount) for c in e.casualties] for e in attacks] == [[("killed", 10)]]


@pytest.mark.parametrize(
    "background",
    [
        "The conflict has killed tens of thousands of people since 2019.",
        "About 600 people had been killed in the region before the latest escalation.",
        "So far this year, more than 300 civilians have been killed in the province.",
    ],
)
def test_a_running_toll_beside_an_attack_is_not_its_dead(analyse_text, background):
    result = analyse_text(f"On 3 May 2021, rebels attacked an army post near Vadu, killing four soldiers. {background}")
    attacks = [e for e in result.events if root(e.type) == "Attack"]
    assert [[(c.kind, c.amount) for c in e.casualties] for e in attacks] == [[("killed", 4)]]


def test_a_wars_running_toll_is_no_attack(analyse_text):
    result = analyse_text("The insurgency has claimed more than 2,600 lives since 2017.")
    assert not [e for e in result.events if root(e.type) == "Attack"]


def test_abductions_count_the_people_taken(analyse_text):
    result = analyse_text("Gunmen abducted more than 20 students from a school in Kuriga on Thursday.")
    assert tolls(result) == [("abducted", 21, 21, None)]


def test_a_bare_number_after_a_toll_counts_the_same_party(analyse_text):
    result = analyse_text("The army said seven rebels were killed and eight wounded in the fighting near Beni.")
    parties = {c.kind: c.party for ev in result.events for c in ev.casualties}
    assert parties["injured"] == parties["killed"] is not None


def test_two_sources_tolls_are_both_kept(tmp_path):
    from kg import pipeline

    article = tmp_path / "a.txt"
    article.write_text(
        "date 2024-05-02 Clashes in the east\n\n"
        "Rebels attacked the town of Rutshuru on Tuesday. The army said 12 civilians were killed in the attack. "
        "Local officials said at least 30 civilians were killed.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    pipeline.build([str(article)], out)
    from rdflib import Graph

    g = Graph().parse(out / "graph.ttl")
    rows = g.query(
        "PREFIX conf: <https://w3id.org/conflict-kg/ontology#> "
        "SELECT ?amount WHERE { ?e conf:casualties ?c . ?c conf:kind conf:killed ; conf:amount ?amount }"
    )
    assert sorted(int(r[0]) for r in rows) == [12, 30]


def test_a_count_of_wounded_as_a_subject_a_toll_of_n_and_several(analyse_text):
    result = analyse_text(
        "Eleven people died in the blast and 40 wounded were taken to hospital, a doctor said. "
        "The governor gave a toll of 15 attackers dead. Several policemen were wounded in the fighting."
    )
    found = tolls(result)
    assert ("injured", 40, None, None) in found and ("killed", 11, None, None) in found
    assert ("killed", 15, None, None) in found
    assert ("injured", 10, None, None) in found  # `several`, coded as ACLED codes it


def test_a_definite_victim_in_the_next_sentence_is_the_one_just_attacked(analyse_text):
    # `The man` refers back to `a merchant`: one attack with its dead, not a second event
    result = analyse_text("On 28 April 2021, in Vadu, two armed men attacked a merchant. The man died.")
    attacks = [e for e in result.events if root(e.type) == "Attack"]
    assert [[(c.kind, c.amount) for c in e.casualties] for e in attacks] == [[("killed", 1)]]


def test_an_indefinite_victim_in_the_next_sentence_died_in_the_attack_just_told(analyse_text):
    """`A taxi rank was shot at. One person died.`: the dead need not be the target the attack names; and
    `armed men clashed with police. Two men died.`: the dead are among the parties named, no new one (the
    clash stays a clash, not an attack on civilians)."""
    result = analyse_text("On 5 May 2021, in Vadu, gunmen shot at a taxi rank. One person died and two people were injured.")
    attacks = [e for e in result.events if root(e.type) == "Attack"]
    assert any(
        ("killed", 1) in [(c.kind, c.amount) for c in e.casualties] and any(r.name == "agent" for r in e.roles) for e in attacks
    )
    clash = analyse_text("On 7 May 2021, in Vadu, armed men clashed with police officers. Two men died.")
    labels = {e.key: e.label for e in clash.entities}
    [event] = [e for e in clash.events if root(e.type) == "Attack"]
    assert [(c.kind, c.amount) for c in event.casualties] == [("killed", 2)]
    sides = {r.entity for r in event.roles if r.name == "agent"}  # each side of the clash is also a target
    assert {r.entity for r in event.roles if r.name == "target"} <= sides and len(sides) == 2, labels


def test_a_day_of_the_month_or_a_place_is_no_one_killed(analyse_text):
    """`Around 8 May 2021, in Vadu, Kora, a person was found dead`: the tagger may make `8` or `Kora` the
    subject; neither is a victim and the toll is one."""
    result = analyse_text("Around 8 May 2021 (as reported), in Vadu, Kora, a person was found dead in a field.")
    tolls = [(c.kind, c.amount) for e in result.events for c in e.casualties]
    assert tolls and set(tolls) == {("killed", 1)}
    # `May 2021` parsed as the subject: the year is no count of the dead
    result = analyse_text("Around 7 May 2021 (as reported), in Cunduacan, Tabasco, a man was found dead in Ejido Nuevo Leon.")
    assert {(c.kind, c.amount) for e in result.events for c in e.casualties} == {("killed", 1)}


def test_the_dead_and_the_wounded_of_one_sentence_are_not_each_others(analyse_text):
    """`leaving him dead and injuring a number of his relatives`: the number is the wounded's, not the dead's."""
    text = "On 30 April 2021, gunmen attacked the house of a police officer in Yathrib, leaving him killed and injuring a number of his relatives."
    tolls = {(c.kind, c.amount) for e in analyse_text(text).events for c in e.casualties}
    assert ("killed", 1) in tolls and not [t for t in tolls if t[0] == "killed" and t[1] != 1]


def test_the_dead_told_by_their_remains_being_found(analyse_text):
    """`the body of a man was found` is one dead, `police recovered two bodies` two; bodies found after a
    flood are no attack's dead."""

    def killed(text: str) -> list[int]:
        return [
            c.amount for e in analyse_text(text).events if root(e.type) == "Attack" for c in e.casualties if c.kind == "killed"
        ]

    assert killed("On 28 April 2021, in Vadu, the body of a man was found by a road with his hands tied.") == [1]
    assert killed("On 28 April 2021, police recovered two bodies near Vadu.") == [2]
    assert killed("On 28 April 2021, rescuers recovered the bodies of five villagers after floods swept Vadu.") == []


def test_an_age_is_no_count_of_the_dead(analyse_text):
    result = analyse_text("On 4 March 2021, police shot dead a 17-year-old boy and two 20 year old men in Vadu.")
    [attack] = [ev for ev in result.events if ev.type == "Attack"]
    assert sorted(c.amount for c in attack.casualties) == [1, 2]


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("On 7 May 2020, in Goma, armed men attacked two traders in the market. Both victims died.", 2),
        ("On 2 May 2020, in Goma, a shoot-out broke out and a suspect was shot and died.", 1),
        ("On 2 May 2020, in Goma, gunmen shot at soldiers. The soldiers returned fire and hit a gunman, who died.", 1),
    ],
)
def test_both_is_two_and_a_death_joined_or_related_to_its_dead_counts_them(analyse_text, sentence, killed):
    result = analyse_text(sentence)
    assert sum(c.amount for ev in result.events for c in ev.casualties if c.kind == "killed") == killed


def test_the_dead_of_an_event_per_party_the_lowest_and_a_claim_naming_none_per_sentence():
    """The one deaths rule: per named party the lowest figure (ACLED's conservative count), summed; figures
    naming no party are one claim per sentence, the lowest claim standing for the total only when larger."""
    from kg.records import deaths

    police, people = ("killed", 5, None, None, "police", 1), ("killed", 32, 30, 40, "people", 2)
    assert deaths([police, ("killed", 7, None, None, "police", 3), people]) == (37, 35, 47)
    assert deaths([("killed", 23, None, None, None, 1), ("killed", 32, None, None, None, 2), people]) == (32, 30, 40)
    assert deaths([("killed", 60, None, None, None, 0), police]) == (60, 60, 60)
    assert deaths([("injured", 9, None, None, None, 0)]) is None


def test_an_attack_that_left_people_dead_is_one_attack_with_their_toll(analyse_text):
    """`attacked a checkpoint, leaving four people dead and nine others injured`: the participle tells what
    the attack left, one occurrence; `nine others injured` is passive (a participle with its own subject)."""
    result = analyse_text(
        "On 2 May 2021, militants attacked a police checkpoint near Hit, leaving four people dead and nine others injured."
    )
    attacks = [ev for ev in result.events if ev.type == "Attack"]
    assert len(attacks) == 1
    assert sorted((c.kind, c.amount) for c in attacks[0].casualties) == [("injured", 9), ("killed", 4)]


def test_the_killing_of_counted_people_is_their_toll(analyse_text):
    """`which led to the killing of 3 militants and 2 policemen`: a noun of harm counts those after `of`."""
    result = analyse_text(
        "On 27 April 2021, militants attacked a checkpoint near Kunduz. The clash led to the killing of 3 militants and 2 policemen."
    )
    [attack] = [ev for ev in result.events if ev.type == "Attack"]
    assert sorted(c.amount for c in attack.casualties if c.kind == "killed") == [2, 3]


def test_conjoined_counts_each_name_their_own_party_and_add_up(analyse_text):
    """`three ISF personnel and one civilian were killed`: two parties, four dead; the count of the
    personnel is the force that modifies them, never the civilian after them."""
    from kg.records import deaths

    result = analyse_text(
        "On 4 May 2021, rebels ambushed a patrol near Vadu, in which three ISF personnel and one civilian were killed."
    )
    tolls_ = [c for ev in result.events for c in ev.casualties if c.kind == "killed"]
    assert sorted(labels(result, [c.party for c in tolls_])) == ["ISF", "civilian"]
    facts = [(c.kind, c.amount, c.low, c.high, c.party, c.sentence) for c in tolls_]
    assert deaths(facts) == (4, 4, 4)


def test_one_person_named_by_two_titles_is_one_party(analyse_text):
    """`a teacher and head of the village council`: one man, no second count."""
    result = analyse_text("On 4 May 2021, gunmen shot dead a teacher and head of the village council in Vadu.")
    assert [(c.kind, c.amount) for ev in result.events for c in ev.casualties] == [("killed", 1)]


@pytest.mark.parametrize("opening", ["", "Fighting broke out near Vadu on Monday. "])
def test_a_number_the_parser_cut_off_its_sentence_still_counts_its_noun(analyse_text, opening):
    """The parser may make the number that opens a sentence a sentence of its own (`14 | Al-Shabaab militants
    were killed`): the repair hangs it back on its noun."""
    result = analyse_text(f"{opening}14 Al-Shabaab militants were killed in Vadu.")
    assert ("killed", 14) in [(c.kind, c.amount) for ev in result.events for c in ev.casualties]


@pytest.mark.parametrize(
    "sentence",
    [
        "On 5 May 2021, gunmen attempted to assassinate a trader in the market of Aden, seriously injuring him.",
        "On 5 May 2021, a mob tried to kill a suspect in Jinja before police intervened.",
    ],
)
def test_an_attempted_killing_kills_no_one(analyse_text, sentence):
    """`attempted to assassinate`, `tried to kill` (casualties.json `attempt_verbs`): an attack, no dead."""
    result = analyse_text(sentence)
    assert result.events and not [c for ev in result.events for c in ev.casualties if c.kind == "killed"]
