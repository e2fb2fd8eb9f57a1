"""The words the entity rules read: head nouns by kind (`entity_nouns.json`) and the other word lists
(`entity_words.json`), with the actor and place classes of the ontology. Data, loaded once per ontology folder."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kg.knowledge import schemas
from kg.knowledge.gazetteer import entity_nouns
from kg.knowledge.ontology import classes


@dataclass(frozen=True, slots=True)
class EntityWords:
    locative_prepositions: frozenset[str]
    place_prepositions: frozenset[str]
    non_locative_heads: frozenset[str]
    place_heads: frozenset[str]
    determiners: frozenset[str]
    directions: frozenset[str]
    geographic_heads: frozenset[str]
    venue_heads: frozenset[str]
    named_region_heads: frozenset[str]
    currency_nouns: frozenset[str]
    weapon_names: frozenset[str]
    quantifiers: frozenset[str]
    the_names: tuple[str, ...]
    armed_group_name_words: frozenset[str]
    media_name_words: frozenset[str]
    security_force_name_words: frozenset[str]
    government_name_words: frozenset[str]
    state_modifiers: frozenset[str]
    government_heads: frozenset[str]
    bare_army: frozenset[str]
    facility_nouns: frozenset[str]
    organization_nouns: frozenset[str]
    state_body_words: frozenset[str]
    place_object_verbs: frozenset[str]
    place_of_heads: frozenset[str]
    place_part_nouns: frozenset[str]
    armed_group_claims: frozenset[str]
    of_place_name_heads: frozenset[str]
    counted_people: frozenset[str]
    victim_verbs: frozenset[str]
    role_nouns: frozenset[str]
    crowd_verbs: frozenset[str]
    crowd_event_nouns: frozenset[str]
    crowd_staging_verbs: frozenset[str]
    crowd_blocking_verbs: frozenset[str]
    crowd_blocked_nouns: frozenset[str]
    unknown_modifiers: frozenset[str]
    off_duty_words: frozenset[str]
    unit_name_heads: frozenset[str]
    loyalty_words: dict
    compass_parts: dict[str, str]
    vague_place_nouns: frozenset[str]
    place_types: frozenset[str]
    actor_types: frozenset[str]


@cache
def entity_words(ontology_dir: str | None = None) -> EntityWords:
    data = schemas.load("lexicon/entity_words.json", ontology_dir)
    tree = classes(ontology_dir)
    other = {"the_names", "loyalty_words", "compass_parts"}
    sets = {k: frozenset(v) for k, v in data.items() if k not in other}
    return EntityWords(
        **sets,
        the_names=tuple(data["the_names"]),
        loyalty_words=data["loyalty_words"],
        compass_parts=data["compass_parts"],
        place_types=tree.places,
        actor_types=tree.actors,
    )


__all__ = ["EntityWords", "entity_nouns", "entity_words"]
