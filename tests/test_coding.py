"""Events coded as professional coders code them (ACLED's event and sub-event types, UCDP's type of
violence), one sentence of our own per construction, through the real model. The rules were found by
grouping the ACLED dev notes by what went wrong; none of these sentences comes from the data."""

from __future__ import annotations

import pytest

from kg.analysis.nlp import LemmaRepair


def classes(result) -> list[str]:
    return sorted(ev.type for ev in result.events)


def test_a_verb_the_model_lemmatises_wrongly_is_read_by_the_lexicon(analyse_text):
    # the small model's lemma for `staged` is `stag`: the light verb was lost with it
    assert "Protest" in classes(analyse_text("On 3 March 2021, nurses staged a protest outside the hospital in Vadu."))


@pytest.mark.parametrize(("form", "lemma"), [("staged", "stage"), ("waged", "wage"), ("planned", "plan"), ("carries", "carry")])
def test_regular_inflections_of_a_lexicon_verb_map_to_it(form, lemma):
    assert LemmaRepair({"stage", "wage", "plan", "carry"}).forms[form] == lemma


@pytest.mark.parametrize(
    "sentence",
    [
        "On 4 March 2021, hundreds of demonstrators gathered outside the parliament in Vadu.",  # participants
        "On 4 March 2021, protesters blocked the main road into Vadu.",  # participants; a road blocked
        "On 4 March 2021, farmers blocked the highway near Vadu to demand fuel.",  # a road blocked by civilians
        "On 4 March 2021, teachers gathered in Vadu to demand their unpaid salaries.",  # gathered to demand
        "On 4 March 2021, students held a demonstration at the university in Vadu.",
        "On 4 March 2021, farmers held a rally in Vadu against the new tax.",
        "On 4 March 2021, students staged a sit-in outside the ministry in Vadu.",
    ],
)
def test_a_protest_told_as_coders_tell_it_is_a_protest(analyse_text, sentence):
    assert "Protest" in classes(analyse_text(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "In March, the army retook the town of Vadu.",  # the month, not a march
        "The protesters said they would return on Friday.",  # what participants say is no protest of its own
        "Traders blocked the sale of the land in Vadu.",  # a sale blocked is no road blocked
    ],
)
def test_words_near_protest_are_not_protests(analyse_text, sentence):
    assert "Protest" not in classes(analyse_text(sentence))
