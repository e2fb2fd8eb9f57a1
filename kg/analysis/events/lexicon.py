"""The event lexicon: trigger words, their classes and role mappings, the word lists the rules read, and
the words an event's kind is coded by (`lexicon/coding.json`: `CodingWords`).

All of it is data under `ontology/` (`lexicon/events.json`, `lexicon/words.json`, and the class tree of
`conflict.ttl`): adding an event verb, a class or a people noun is a data change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from kg.analysis.entities.lexicon import entity_words
from kg.knowledge import schemas
from kg.knowledge.ontology import classes
from kg.knowledge.place_names import place_words


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
    delivering: frozenset[str]  # `shells fired by X`, `an IED planted by X`: the participle's by-phrase used the weapon
    owning: frozenset[str]  # `rifles belonging to X`: whose the thing is
    reporting: frozenset[str]
    hedges: frozenset[str]
    plans: frozenset[str]
    report_words: frozenset[str]
    citing: frozenset[str]
    accusing: frozenset[str]
    participants: dict[str, str]
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
    event_place_prepositions: frozenset[str]
    other_time_words: frozenset[str]
    reciprocal_verbs: frozenset[str]
    side_nouns: frozenset[str]  # `two mobs clashed`: one subject that names both sides
    side_modifiers: frozenset[str]  # `rival militias`, `armed men`
    countering_verbs: frozenset[str]
    facility_nouns: frozenset[str]  # the entity rules' sites (`entity_words.json`): `seized the bases of X`
    reporting_window_days: int  # an undated event: the days before publication it happened in
    occurrence_verbs: frozenset[str]  # `clashes erupted between X and Y`: the verb's prepositions are the noun's
    settlement_anaphors: frozenset[str]  # `near the town`: the last town named (`fillers.settlement_antecedent`)
    place_nouns: frozenset[str]  # nouns a place hangs on (`the area of X`, `X village`): sites, vague and generic place words
    actor_types: frozenset[str]
    place_types: frozenset[str]
    broader: dict[str, str]  # an event class -> the class it specialises (the ontology's subclasses)
    root: Callable[[str], str]  # the class under conf:Event a class specialises (`ClassTree.root`)

    def flag(self, event_class: str, name: str) -> bool:
        """A class's behaviour (`moves_people`, `counts_target`, ...), as `events.json` sets it for the
        class or the class it specialises (an `AirStrike` behaves as an `Attack`)."""
        while event_class not in self.classes and event_class in self.broader:
            event_class = self.broader[event_class]
        return bool(self.classes.get(event_class, {}).get(name))

    def verb_class(self, lemma: str) -> str | None:
        return self.verbs.get(lemma, {}).get("class")


def _place_nouns(ontology_dir: str | None, words: dict) -> frozenset[str]:
    ent = entity_words(ontology_dir)
    generic = place_words(ontology_dir)["generic_words"]
    return frozenset(words["venue_nouns"]) | ent.facility_nouns | ent.vague_place_nouns | ent.place_heads | frozenset(generic)


@cache
def load_lexicon(ontology_dir: str | None = None) -> Lexicon:
    """The event lexicon of an ontology folder, its files checked against their schemas and the class tree
    (`kg.knowledge.schemas`), built field by field by name."""
    data = schemas.load("lexicon/events.json", ontology_dir)
    words = schemas.load("lexicon/words.json", ontology_dir)
    tree = classes(ontology_dir)
    return Lexicon(
        verbs=data["verbs"],
        phrasal=data["phrasal"],
        nouns=data["nouns"],
        adjectives=data["adjectives"],
        classes=data["classes"],
        modality_confidence=data["modality_confidence"],
        light_verbs=frozenset(data["light_verbs"]),
        announcing=frozenset(data["announcing_verbs"]),
        claiming=frozenset(data["claiming_verbs"]),
        delivering=frozenset(data["delivering_verbs"]),
        owning=frozenset(data["owning_verbs"]),
        reporting=frozenset(data["reporting_verbs"]),
        hedges=frozenset(data["hedge_words"]),
        plans=frozenset(data["plan_words"]),
        report_words=frozenset(data["report_words"]),
        citing=frozenset(data["citing_verbs"]),
        accusing=frozenset(data["accusing_verbs"]),
        participants=data["participants"],
        people=frozenset(words["people"]),
        time_nouns=frozenset(words["time_nouns"]),
        prepositions=words["prepositions"],
        non_agent_prepositions=frozenset(words["non_agent_prepositions"]),
        collective_heads=frozenset(words["collective_heads"]),
        reference_points=frozenset(words["reference_point_words"]),
        unreal_marks=frozenset(words["unreal_marks"]),
        free_choice_determiners=frozenset(words["free_choice_determiners"]),
        causatives=frozenset(words["causative_verbs"]),
        habitual=frozenset(words["habitual_adverbs"]),
        habitual_adjectives=frozenset(words["habitual_adjectives"]),
        distinct_markers=frozenset(words["distinct_markers"]),
        event_place_prepositions=frozenset(words["event_place_prepositions"]),
        other_time_words=frozenset(words["other_time_words"]),
        reciprocal_verbs=frozenset(words["reciprocal_verbs"]),
        side_nouns=frozenset(words["side_nouns"]),
        side_modifiers=frozenset(words["side_modifiers"]),
        countering_verbs=frozenset(words["countering_verbs"]),
        facility_nouns=entity_words(ontology_dir).facility_nouns,
        occurrence_verbs=frozenset(words["occurrence_verbs"]),
        reporting_window_days=words["reporting_window_days"],
        settlement_anaphors=frozenset(words["settlement_anaphors"]),
        place_nouns=_place_nouns(ontology_dir, words),
        actor_types=tree.actors,
        place_types=tree.places,
        broader=tree.broader,
        root=tree.root,
    )


@dataclass(frozen=True, slots=True)
class Means:
    event_class: str
    words: tuple[str, ...]
    unless: tuple[str, ...]
    sentence_names: str | None  # words of this class's means anywhere in the sentence decide instead


@dataclass(frozen=True, slots=True)
class CodingWords:
    means: tuple[Means, ...]
    abduction: frozenset[str]
    sexual: tuple[str, ...]
    mob: frozenset[str]
    crowd_subjects: frozenset[str]
    crowd_names: frozenset[str]
    armed_modifiers: frozenset[str]
    firearms: tuple[str, ...]
    crowd_weapons: tuple[str, ...]
    crude_weapons: tuple[str, ...]
    throwing_verbs: frozenset[str]
    protest_words: frozenset[str]
    riot: tuple[str, ...]
    grievance: frozenset[str]
    intervention: tuple[str, ...]
    excessive: tuple[str, ...]
    authorities: tuple[str, ...]
    mishap: tuple[str, ...]
    settlements: tuple[str, ...]
    fight_back: tuple[str, ...]


@cache
def coding_words(ontology_dir: str | None = None) -> CodingWords:
    data = schemas.load("lexicon/coding.json", ontology_dir)
    return CodingWords(
        means=tuple(
            Means(m["class"], tuple(m["words"]), tuple(m.get("unless", ())), m.get("sentence_names")) for m in data["means"]
        ),
        abduction=frozenset(data["abduction"]),
        sexual=tuple(data["sexual"]),
        mob=frozenset(data["mob"]),
        crowd_subjects=frozenset(data["crowd_subjects"]),
        crowd_names=frozenset(data["crowd_names"]),
        armed_modifiers=frozenset(data["armed_modifiers"]),
        firearms=tuple(data["firearms"]),
        crowd_weapons=tuple(data["crowd_weapons"]),
        crude_weapons=tuple(data["crude_weapons"]),
        throwing_verbs=frozenset(data["throwing_verbs"]),
        protest_words=frozenset(data["protest_words"]),
        riot=tuple(data["riot"]),
        grievance=frozenset(data["grievance"]),
        intervention=tuple(data["intervention"]),
        excessive=tuple(data["excessive"]),
        authorities=tuple(data["authorities"]),
        mishap=tuple(data["mishap"]),
        settlements=tuple(data["settlements"]),
        fight_back=tuple(data["fight_back"]),
    )
