"""Every lexicon file is checked when it is loaded: unknown keys, wrong types and class names the ontology
does not have are one line naming the file and the key (`LexiconError`), never a KeyError deep in a rule.

The schemas are pydantic models with `extra="forbid"`, as spaCy checks its own config and matcher patterns
(`spacy/schemas.py`); keys starting with `_` are comments and are skipped. A file's loader gets a plain
dict back, checked, and builds its record by name.

    >>> load("lexicon/words.json")["people"][:2]   # doctest: +SKIP
    ['people', 'civilians']
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kg.errors import KGError
from kg.knowledge.ontology import ONTOLOGY_DIR, classes

Role = Literal[
    "agent", "agent_extra", "alleged", "destination", "instrument", "item", "location", "origin", "target", "target_owner", "theme"
]  # fmt: skip
Words = list[str]


class LexiconError(KGError):
    """A lexicon file that does not match its schema."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Sense(_Strict):
    event_class: str = Field(alias="class")
    requires: Words | None = None
    object_nouns: Words | None = None  # the direct object is one of these (`a truck struck an IED`)
    requires_deps: Words | None = None  # replaces the main entry's (`set fire` needs no particle `set up` does)
    subject: Role | None = None
    object: Role | None = None
    subject_people: bool | None = None
    prep: dict[str, Role] | None = None
    class_if_agent: dict[str, str] | None = None


class Verb(_Strict):
    event_class: str = Field(alias="class")
    object: Role | None = None
    subject: Role | None = None
    passive_subject: Role | None = None
    requires: Words | None = None
    requires_deps: Words | None = None
    subject_nouns: Words | None = None
    subject_types: Words | None = None
    subject_people: bool | None = None
    needs_complement: bool | None = None
    prep: dict[str, Role] | None = None
    object_prep: dict[str, Role] | None = None
    senses: list[Sense] | None = None
    class_if_agent: dict[str, str] | None = None
    intransitive: bool | None = None  # never a reduced passive: `firefighters protested` is not `were protested`


class Phrasal(_Strict):
    event_class: str = Field(alias="class")
    subject: Role | None = None
    object: Role | None = None
    noun_carries: bool | None = None
    prep: dict[str, Role] | None = None


class Noun(_Strict):
    event_class: str = Field(alias="class")
    prep: dict[str, Role] | None = None
    of: Role | None = None
    requires_modifier: Words | None = None
    requires_of: Words | None = None
    requires_head: Words | None = None  # the verb it must be the subject or object of (`conducted a patrol`)
    optional: bool | None = None
    plural_only: bool | None = None
    common_only: bool | None = None


class Adjective(_Strict):
    event_class: str = Field(alias="class")


class ClassFlags(_Strict):
    counts_target: bool = False
    counts_subject: bool = False
    shares_place: bool = False
    needs_place: bool = False
    told_by_place: bool = False
    moves_people: bool = False
    origin_from_target: bool = False
    destination_default: bool = False
    speech_act: bool = False
    report: bool = False
    claimant: bool = False
    denies: bool = False
    not_a_modifier: bool = False
    planned: bool = False
    owner_is_target: bool = False
    place_taken_from: bool = False
    held_at_venue: bool = False
    met_by_force: bool = False


class Events(_Strict):
    verbs: dict[str, Verb]
    phrasal: dict[str, Phrasal]
    nouns: dict[str, Noun]
    adjectives: dict[str, Adjective]
    classes: dict[str, ClassFlags]
    modality_confidence: dict[Literal["asserted", "reported", "planned", "hedged", "denied"], float]
    light_verbs: Words
    announcing_verbs: Words
    claiming_verbs: Words
    delivering_verbs: Words
    owning_verbs: Words
    reporting_verbs: Words
    hedge_words: Words
    plan_words: Words
    report_words: Words
    citing_verbs: Words
    accusing_verbs: Words
    participants: dict[str, str]


class EventWords(_Strict):
    people: Words
    time_nouns: Words
    prepositions: dict[str, Role]
    non_agent_prepositions: Words
    collective_heads: Words
    reference_point_words: Words
    unreal_marks: Words
    free_choice_determiners: Words
    causative_verbs: Words
    habitual_adverbs: Words
    habitual_adjectives: Words
    distinct_markers: Words
    event_place_prepositions: Words
    other_time_words: Words
    reciprocal_verbs: Words
    side_nouns: Words
    side_modifiers: Words
    countering_verbs: Words
    venue_nouns: Words
    occurrence_verbs: Words
    reporting_window_days: int
    settlement_anaphors: Words


class EntityWords(_Strict):
    locative_prepositions: Words
    place_prepositions: Words
    non_locative_heads: Words
    place_heads: Words
    determiners: Words
    directions: Words
    geographic_heads: Words
    currency_nouns: Words
    weapon_names: Words
    venue_heads: Words
    named_region_heads: Words
    quantifiers: Words
    the_names: Words
    armed_group_name_words: Words
    media_name_words: Words
    security_force_name_words: Words
    government_name_words: Words
    state_modifiers: Words
    government_heads: Words
    bare_army: Words
    facility_nouns: Words
    organization_nouns: Words
    state_body_words: Words
    place_object_verbs: Words
    place_of_heads: Words
    place_part_nouns: Words
    armed_group_claims: Words
    of_place_name_heads: Words
    counted_people: Words
    victim_verbs: Words
    role_nouns: Words
    crowd_verbs: Words
    crowd_event_nouns: Words
    crowd_staging_verbs: Words
    crowd_blocking_verbs: Words
    crowd_blocked_nouns: Words
    unknown_modifiers: Words
    off_duty_words: Words
    unit_name_heads: Words
    loyalty_words: dict[str, str | None]
    compass_parts: dict[str, str]
    vague_place_nouns: Words


class EntityNouns(_Strict):
    armed_force: Words
    armed_group: Words
    peacekeeping: Words
    population: Words
    government: Words
    ministry: Words
    person_title: Words
    city: Words
    region: Words
    media: Words
    organization: Words
    military_craft: Words
    positions: Words


TollKind = Literal["killed", "injured", "missing", "abducted"]


class Casualties(_Strict):
    verbs: dict[str, TollKind]
    intransitive: dict[str, TollKind]
    adjectives: dict[str, TollKind]
    nouns: dict[str, TollKind]
    of_nouns: dict[str, TollKind]
    toll_nouns: Words
    toll_kinds: dict[str, TollKind]
    leaving_verbs: Words
    finding_verbs: Words
    remains_nouns: Words
    taking_verbs: dict[str, dict[str, TollKind]]
    singular_determiners: Words
    vague: dict[str, int]
    lower_bounds: dict[str, int]
    upper_bounds: Words
    said_words: Words
    running_words: Words
    running_doers: Words
    attempt_verbs: Words
    harm_nouns: Words


class MeansEntry(_Strict):
    event_class: str = Field(alias="class")
    words: Words
    unless: Words | None = None
    sentence_names: str | None = None  # a class whose words anywhere in the sentence make the attack that class


class Coding(_Strict):
    means: list[MeansEntry]
    abduction: Words
    sexual: Words
    mob: Words
    crowd_subjects: Words
    crowd_names: Words
    armed_modifiers: Words
    firearms: Words
    crowd_weapons: Words
    crude_weapons: Words
    throwing_verbs: Words
    protest_words: Words
    riot: Words
    grievance: Words
    intervention: Words
    excessive: Words
    authorities: Words
    mishap: Words
    settlements: Words
    fight_back: Words


SCHEMAS: dict[str, type[_Strict]] = {
    "lexicon/events.json": Events,
    "lexicon/words.json": EventWords,
    "lexicon/entity_words.json": EntityWords,
    "lexicon/entity_nouns.json": EntityNouns,
    "lexicon/casualties.json": Casualties,
    "lexicon/coding.json": Coding,
}


def _without_comments(node):
    if isinstance(node, dict):
        return {k: _without_comments(v) for k, v in node.items() if not k.startswith("_")}
    if isinstance(node, list):
        return [_without_comments(v) for v in node]
    return node


@cache
def load(name: str, ontology_dir: str | None = None) -> dict:
    """The lexicon file `name` (relative to the ontology folder) as a dict, after its schema and its class
    names are checked; comments (`_` keys) left out. Raises `LexiconError` with the file and key."""
    path = (Path(ontology_dir) if ontology_dir else ONTOLOGY_DIR) / name
    try:
        data = _without_comments(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise LexiconError(f"{path}: cannot be read as JSON ({str(exc).splitlines()[0][:200]})") from None
    try:
        checked = SCHEMAS[name].model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise LexiconError(f"{path}: {where}: {first['msg'].lower()} ({len(exc.errors())} problem(s) in all)") from None
    _check_classes(path, checked, ontology_dir)
    return data


def _check_classes(path: Path, checked: _Strict, ontology_dir: str | None) -> None:
    """Every event class a lexicon names is one of the ontology's; every actor type one of its actor classes."""
    tree = classes(ontology_dir)
    if isinstance(checked, Coding):
        for n, means in enumerate(checked.means):
            if means.event_class not in tree.events:
                raise LexiconError(f"{path}: means.{n}.class: {means.event_class!r} is no event class of the ontology")
            if means.sentence_names is not None and means.sentence_names not in {m.event_class for m in checked.means}:
                raise LexiconError(f"{path}: means.{n}.sentence_names: {means.sentence_names!r} names no means of this file")
        return
    if not isinstance(checked, Events):
        return
    named: list[tuple[str, str]] = []
    for table in ("verbs", "phrasal", "nouns", "adjectives"):
        for word, entry in getattr(checked, table).items():
            named.append((f"{table}.{word}.class", entry.event_class))
            senses = list(enumerate(getattr(entry, "senses", None) or ()))
            for n, sense in senses:
                named.append((f"{table}.{word}.senses.{n}.class", sense.event_class))
            for where, part in [(f"{table}.{word}", entry), *((f"{table}.{word}.senses.{n}", s) for n, s in senses)]:
                for actor, event_class in (getattr(part, "class_if_agent", None) or {}).items():
                    named.append((f"{where}.class_if_agent.{actor}", event_class))
                    if actor not in tree.actors:
                        raise LexiconError(f"{path}: {where}.class_if_agent: {actor!r} is no actor class of the ontology")
    named += [(f"classes.{c}", c) for c in checked.classes]
    named += [(f"participants.{noun}", c) for noun, c in checked.participants.items()]
    for where, event_class in named:
        if event_class not in tree.events:
            raise LexiconError(f"{path}: {where}: {event_class!r} is no event class of the ontology")
