"""Whole articles of conflicts the dev set does not cover (tests/data/unseen), through the real model.

Each assertion is a fact a reader takes from the article; none is keyed to the code's rules.
"""

from pathlib import Path

import pytest

from kg import analysis, ingest
from kg.knowledge.ontology import classes

UNSEEN = Path(__file__).resolve().parent / "data" / "unseen"


@pytest.fixture(scope="module")
def facts(spacy_model):
    docs = [d for d in ingest.read_documents([str(UNSEEN)]) if isinstance(d, ingest.Document)]
    out = set()
    for result in analysis.analyse(docs):
        labels = {e.key: e.label for e in result.entities}
        for ev in result.events:
            for cls in {ev.type, classes().root(ev.type)}:  # a Shelling is an Attack
                for role in ev.roles:
                    out.add((result.document.id, cls, role.name, labels[role.entity]))
                if ev.time:
                    out.add((result.document.id, cls, "date", ev.time.value))
                for q in ev.quantities:
                    out.add((result.document.id, cls, "amount", q.amount))
    return out


@pytest.mark.parametrize(
    "fact",
    [
        ("sudan-2024-05-12", "Attack", "agent", "Rapid Support Forces"),
        ("sudan-2024-05-12", "Attack", "date", "2024-05-10"),
        ("sudan-2024-05-12", "Attack", "amount", 27),
        ("sudan-2024-05-12", "Displacement", "destination", "Adre"),
        ("sudan-2024-05-12", "Displacement", "amount", 40000),
        ("sudan-2024-05-12", "AidDelivery", "destination", "Tawila"),
        ("sudan-2024-05-12", "AidDelivery", "amount", 300),
        ("sudan-2024-05-12", "Negotiation", "location", "Jeddah"),
        ("sudan-2024-05-12", "Denial", "agent", "Rapid Support Forces"),
        ("sudan-2024-05-12", "Deployment", "destination", "North Darfur"),
        ("ukraine-2023-06-08", "Evacuation", "target", "residents"),
        ("ukraine-2023-06-08", "Evacuation", "date", "2023-06-07"),
        ("ukraine-2023-06-08", "Accusation", "target", "Government of Russia"),
        ("ukraine-2023-06-08", "Attack", "agent", "Russian armed forces"),
        ("ukraine-2023-06-08", "Attack", "location", "Kherson"),
        ("ukraine-2023-06-08", "TerritorialControl", "location", "Neskuchne"),
        ("ukraine-2023-06-08", "TerritorialControl", "date", "2023-06-04"),
        ("ukraine-2023-06-08", "Negotiation", "agent", "Turkey"),
    ],
)
def test_fact_is_extracted(facts, fact):
    assert fact in facts


def test_the_army_is_the_army_named_before(facts):
    assert ("sudan-2024-05-12", "Deployment", "agent", "Sudanese armed forces") in facts


def test_object_control_does_not_make_the_urger_agree(facts):
    assert ("sudan-2024-05-12", "Agreement", "agent", "Saudi Arabia") not in facts
