"""The event lexicon: trigger words, their classes and role mappings, and the word lists the rules read.

All of it is data under `ontology/` (`lexicon/events.json`, `lexicon/words.json`, and the class tree of
`conflict.ttl`): adding an event verb, a class or a people noun is a data change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.analysis.entities.lexicon import entity_words
from kg.knowledge.ontology import ONTOLOGY_DIR, classes


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict
    phrasal: dict
    nouns: dict
    adjectives: dict
    classes: dict
    modality_confidence: dict
    light_verbs: frozenset[str]
    announcing: frozenset[str]
    claiming: frozenset[str]
    reporting: frozenset[str]
    hedges: frozenset[str]
    plans: frozenset[str]
    report_words: frozenset[str]
    citing: frozenset[str]
    accusing: frozenset[str]
    people: frozenset[str]
    time_nouns: frozenset[str]
    prepositions: dict
    non_agent_prepositions: frozenset[str]
    collective_heads: frozenset[str]
    reference_points: frozenset[str]
    unreal_marks: frozenset[str]
    free_choice_determiners: frozenset[str]
    causatives: frozenset[str]
    habitual: frozenset[str]
    habitual_adjectives: frozenset[str]
    distinct_markers: frozenset[str]
    facility_nouns: frozenset[str]  # the entity rules' sites (`entity_words.json`): `seized the bases of X`
    actor_types: frozenset[str]
    place_types: frozenset[str]

    def flag(self, event_class: str, name: str) -> bool:
        """A class's behaviour (`moves_people`, `counts_target`, ...), as `events.json` sets it."""
        return bool(self.classes.get(event_class, {}).get(name))

    def verb_class(self, lemma: str) -> str | None:
        return self.verbs.get(lemma, {}).get("class")


@cache
def load_lexicon(ontology_dir: str | None = None) -> Lexicon:
    base = Path(ontology_dir) if ontology_dir else ONTOLOGY_DIR
    data = json.loads((base / "lexicon" / "events.json").read_text(encoding="utf-8"))
    words = json.loads((base / "lexicon" / "words.json").read_text(encoding="utf-8"))
    tree = classes(ontology_dir)
    unknown = {e["class"] for table in ("verbs", "phrasal", "nouns", "adjectives") for e in data[table].values()}
    unknown |= set(data["classes"])
    unknown -= tree.events
    if unknown:
        raise ValueError(f"events.json names classes the ontology does not have: {sorted(unknown)}")
    return Lexicon(
        data["verbs"],
        data["phrasal"],
        data["nouns"],
        data["adjectives"],
        data["classes"],
        data["modality_confidence"],
        frozenset(data["light_verbs"]),
        frozenset(data["announcing_verbs"]),
        frozenset(data["claiming_verbs"]),
        frozenset(data["reporting_verbs"]),
        frozenset(data["hedge_words"]),
        frozenset(data["plan_words"]),
        frozenset(data["report_words"]),
        frozenset(data["citing_verbs"]),
        frozenset(data["accusing_verbs"]),
        frozenset(words["people"]),
        frozenset(words["time_nouns"]),
        words["prepositions"],
        frozenset(words["non_agent_prepositions"]),
        frozenset(words["collective_heads"]),
        frozenset(words["reference_point_words"]),
        frozenset(words["unreal_marks"]),
        frozenset(words["free_choice_determiners"]),
        frozenset(words["causative_verbs"]),
        frozenset(words["habitual_adverbs"]),
        frozenset(words["habitual_adjectives"]),
        frozenset(words["distinct_markers"]),
        entity_words(ontology_dir).facility_nouns,
        tree.actors,
        tree.places,
    )
