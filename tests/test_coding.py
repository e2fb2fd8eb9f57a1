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
