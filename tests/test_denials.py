"""Which claims a denial answers: records built by hand (no model), then one article through the real model
with the claim and its denial paragraphs apart."""

from __future__ import annotations

import pytest

from kg.analysis.events import link_denials, load_lexicon
from kg.records import Entity, Event, Role

ENTITIES = (
    Entity("country:UKR", "Ukraine", "Country"),
    Entity("country:RUS", "Russia", "Country"),
    Entity("government:RUS", "Government of Russia", "Government", governs="country:RUS"),
    Entity("government:UKR", "Government of Ukraine", "Government", governs="country:UKR"),
    Entity("armed-force:rus", "Russian armed forces", "ArmedForce", part_of="country:RUS"),
    Entity("armed-group:x", "rebels", "ArmedGroup"),
)


def event(key: str, type_: str, agent: str | None = None, target: str | None = None, said: str | None = None) -> Event:
    roles = tuple(Role(name, k) for name, k in (("agent", agent), ("target", target)) if k)
    return Event(key, "doc", type_, type_.lower(), roles, (0,), 0, 1, attributed_to=said)


def denied(*events: Event) -> dict[str, tuple[str, ...]]:
    return {e.key: e.denies for e in link_denials(load_lexicon(), events, ENTITIES) if e.denies}


def test_the_accused_denying_answers_the_accusation():
    assert denied(event("a", "Accusation", "country:UKR", "country:RUS"), event("d", "Denial", "country:RUS")) == {"d": ("a",)}


@pytest.mark.parametrize(
    ("claim", "why"),
    [
        (event("a", "Accusation", "country:UKR", "country:RUS"), "the denier governs the accused"),
        (event("a", "Attack", "armed-force:rus", None, said="government:UKR"), "the denier governs the attacker's state"),
        (event("a", "Accusation", "government:UKR", "government:RUS"), "the denier is the accused"),
    ],
)
def test_a_government_answers_for_what_it_governs(claim, why):
    assert denied(claim, event("d", "Denial", "government:RUS")) == {"d": ("a",)}, why


def test_the_accuser_does_not_deny_its_own_charge():
    """`X rejected the charge and accused Y`: X's denial answers a charge against X, not X's own."""
    assert denied(event("a", "Accusation", "country:RUS", "country:UKR"), event("d", "Denial", "country:RUS")) == {}


def test_a_denial_does_not_answer_itself_and_a_denial_by_someone_else_is_no_answer():
    attributed = event("d", "Denial", "government:RUS", said="government:RUS")
    assert denied(attributed) == {}
    assert denied(event("a", "Accusation", "country:UKR", "country:RUS"), event("d", "Denial", "armed-group:x")) == {}


def test_only_claims_are_answered():
    """An unattributed report of an event is no one's claim, and a plain statement claims nothing."""
    plain = event("a", "Attack", "armed-force:rus")
    statement = event("s", "Statement", "government:RUS", said="government:UKR")
    assert denied(plain, statement, event("d", "Denial", "government:RUS")) == {}


def test_a_denial_paragraphs_after_the_claim_answers_it(analyse_text):
    result = analyse_text(
        "Ukraine accused Russia of shelling the port of Kherson on Monday.\n\n"
        "Rescue teams searched the rubble through the night.\n\nThe Kremlin denied the accusation."
    )
    [accusation] = [e for e in result.events if e.type == "Accusation"]
    [denial] = [e for e in result.events if e.type == "Denial"]
    assert denial.denies == (accusation.key,)
