"""Noun phrases whose head says what kind of actor they name (`troops`, `rebels`, `authorities`, `civilians`).

Example: `Ethiopian and Eritrean troops` -> two armed forces; `the Nagorno-Karabakh authorities` -> the
region's government, the mention starting after the region's own name.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.analysis.entities.evidence import fronted_verb, hyphenated, np_span, owner
from kg.analysis.entities.kinds import COUNT_WORDS, loyal_to, np_entity
from kg.analysis.entities.names import NAMED_TAGS
from kg.analysis.entities.state import Linker
from kg.ingest import slugify

KINDS_BY_NOUN = ("ministry", "armed_group", "armed_force", "military_craft", "positions", "government", "population", "media")


def pass_noun_phrases(lk: Linker) -> None:
    """Every noun not yet claimed whose head (or last two words) is a kind-of-actor noun."""
    for token in lk.doc:
        if token.pos_ not in {"NOUN", "PROPN"} or token.i in lk.covered:
            continue
        kinds = noun_kinds(lk, token)
        if not kinds or _first_of_two(lk, token):
            continue
        start, end = np_span(lk, token)
        found = appositive_entity(lk, token) or np_entity(lk, token, kinds, owner(lk, token))
        if found is None:
            continue
        key, anaphoric = found
        mention_start = start
        if not lk.free(start, end):
            # The owner is a mention of its own (`Nagorno-Karabakh` authorities): the new span starts after it.
            mention_start = max(i for i in range(start, end) if i in lk.covered) + 1
            if mention_start >= end:
                continue
        lk.spans.append((mention_start, end, key))
        lk.covered.update(range(mention_start, end))
        if not anaphoric:
            lk.drafts[key].aliases.append(lk.surface(lk.doc[start : np_right(lk, token)]))
        coordinated_owners(lk, token, kinds, key)


def _first_of_two(lk: Linker, token: Token) -> bool:
    """The first word of a two-word actor noun of another kind its head completes: `fighter` in `fighter
    jets` is no fighter (where `police` in `police officers` still says which force)."""
    head = token.head
    if token.dep_ != "compound" or head.i != token.i + 1:
        return False
    two = f"{token.lower_} {head.lower_}"
    whole = {kind for kind in KINDS_BY_NOUN if two in lk.nouns[kind]}
    return bool(whole) and not whole & {kind for kind in KINDS_BY_NOUN if token.lower_ in lk.nouns[kind]}


def noun_kinds(lk: Linker, token: Token) -> list[str]:
    """The kinds a head noun names, most specific first: `peacekeepers` before `forces`."""
    word = token.lower_
    prev = lk.doc[token.i - 1].lower_ if token.i else ""
    two = f"{prev} {word}"
    kinds = []
    if word in lk.nouns["peacekeeping"] or two in lk.nouns["peacekeeping"]:
        kinds.append("peacekeeping")
    named = token.text[:1].isupper() and not token.is_sent_start and token.tag_ in {"NNP", "NNPS"}
    for kind in KINDS_BY_NOUN:
        if kind == "population" and named:
            continue  # `Civilian Joint Task Force`, `Women's League`: a word of a name, not a group of people
        if word in lk.nouns[kind] or two in lk.nouns[kind]:
            kinds.append(kind)
    definite = any(c.lower_ in lk.words.determiners for c in token.children)
    if word in lk.nouns["region"] and definite and word not in lk.words.named_region_heads:
        kinds.append("region_description")
    if word in lk.words.counted_people and _counted(token):
        kinds.append("population")  # `11,000 people`, `thousands of people`
    if not kinds and token.tag_ == "NNS" and word not in GROUP_HEADS and _acts_as_crowd(lk, token):
        kinds.append("population")  # `waiters protested`: whoever protests is people, whatever the noun
    bare = word in COUNT_WORDS and not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
    if not kinds and bare and _acts_as_crowd(lk, token):
        kinds.append("population")  # `dozens protested`, `hundreds gathered`: so many people
    if not kinds and token.tag_ == "NN" and word in lk.nouns["organization"] and _organisation_acts_as_crowd(lk, token):
        kinds.append("population")  # `the joint action committee held a protest`: its members are the crowd
    if not kinds and token.tag_ in {"NN", "NNS"} and word not in GROUP_HEADS and _harmed(lk, token):
        kinds.append("population")  # `beheaded an electoral delegate`: whoever is beheaded is a person
    return kinds


def _organisation_acts_as_crowd(lk: Linker, token: Token) -> bool:
    """A committee or union that protests, not the group a crowd is `of` (`a group of farmers`: the farmers)."""
    return not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children) and _acts_as_crowd(lk, token)


def _harmed(lk: Linker, token: Token) -> bool:
    """A noun is a person or people when the verb it is the object of says so (`beheaded a delegate`,
    `two veterans were beaten`): the verb's selectional preference. Not a place or a site's word."""
    word = token.lower_
    if (
        word in lk.words.role_nouns
        or word in lk.words.counted_people
        or word in lk.words.facility_nouns
        or word in lk.words.place_part_nouns  # `a shooting in X neighborhood`: a part of a town
        or word in lk.nouns["city"]
        or word in lk.nouns["region"]
    ):
        return False
    victim = _phrase_top(token)  # `a teacher and his son were killed`, `dozens of villagers were abducted`
    verb = victim.head
    if verb.pos_ != "VERB" or any(c.dep_ == "prt" for c in verb.children):
        return False  # `shot down a drone`
    if victim.dep_ == "dobj" and any(c.dep_ == "prep" and c.lower_ in {"at", "towards", "toward"} for c in verb.children):
        return False  # `shot water cannon at the crowd`: what is shot at someone is no victim
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)
    return victim.dep_ == ("nsubjpass" if passive else "dobj") and bool(_verb_forms(verb) & lk.words.victim_verbs)


GROUP_HEADS = COUNT_WORDS | {"group", "crowd", "number"}  # the head a group's noun hangs on by `of`


def _phrase_top(token: Token) -> Token:
    """The token that stands for a noun in its clause: the first of a coordination (`students and
    teachers`), the count or group it is `of` (`hundreds of tailors`, `a group of farmers`)."""
    top = token
    while top.dep_ == "conj" and top.head.pos_ in {"NOUN", "PROPN"}:
        top = top.head
    if top.dep_ == "pobj" and top.head.lower_ == "of" and top.head.head.lower_ in GROUP_HEADS:
        top = top.head.head
    return top


def _acts_as_crowd(lk: Linker, token: Token) -> bool:
    """A plural noun is a group of people when the verb it is the subject of says so: `waiters protested`,
    `hundreds of tailors marched`, `nurses demonstrating`, `farmers staged a sit-in`. A selectional
    preference of the verb, so no list of professions is needed; `Stocks rallied` is the trigger's error."""
    subject = _phrase_top(token)  # `students and teachers protested`, `hundreds of tailors marched`
    acts = [c for c in subject.children if c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB"]  # `nurses protesting`
    if subject.dep_ == "nsubj":
        acts.append(subject.head)
    acts += fronted_verb(subject)
    return any(_crowd_act(lk, verb) for verb in acts)


def _crowd_act(lk: Linker, verb: Token) -> bool:
    forms = _verb_forms(verb)
    if forms & lk.words.crowd_verbs:
        return True
    objects = [_noun_forms(c) for c in verb.children if c.dep_ == "dobj"]
    if forms & lk.words.crowd_staging_verbs and any(o & lk.words.crowd_event_nouns for o in objects):
        return True
    # `people blocked roads`: those who block a road with nothing else said of them are a crowd (an army
    # or a named group stays what its own words make it: this reads only nouns nothing else typed)
    return bool(forms & lk.words.crowd_blocking_verbs) and any(o & lk.words.crowd_blocked_nouns for o in objects)


def _verb_forms(verb: Token) -> set[str]:
    """The lemma and the past form undone: the model lemmatises `staged` as `stag`."""
    word = verb.lower_
    forms = {verb.lemma_.lower(), word}
    if word.endswith("ed"):
        forms |= {word[:-1], word[:-2]}
    return forms


def _noun_forms(noun: Token) -> set[str]:
    """The lemma, and the hyphenated word the tokenizer split (`sit-in`)."""
    return {noun.lemma_.lower(), noun.lower_, hyphenated(noun)}


def _counted(token: Token) -> bool:
    if any(c.dep_ == "nummod" or c.like_num for c in token.children):
        return True
    head = token.head
    return token.dep_ == "pobj" and head.lower_ == "of" and (head.head.like_num or head.head.lower_ in COUNT_WORDS)


def np_right(lk: Linker, head: Token) -> int:
    """End of the name-like part of a noun phrase: `authorities in Nagorno-Karabakh` keeps its place,
    `fighters allied with Saleh` its patron."""
    loyalty = loyal_to(lk, head)
    if loyalty is not None:
        return loyalty[1]
    for child in head.rights:
        if (
            child.dep_ == "prep"
            and child.lower_ in {"in", "of"}
            and any(lk.key_at(g.i) for g in child.children if g.dep_ == "pobj")
        ):
            return child.right_edge.i + 1
    return head.i + 1


def appositive_entity(lk: Linker, head: Token) -> tuple[str, bool] | None:
    """`The UN peacekeeping mission, MONUSCO`: a description in apposition names the same entity."""
    partners = [c for c in head.children if c.dep_ == "appos"] + ([head.head] if head.dep_ == "appos" else [])
    for partner in partners:
        key = lk.key_at(partner.i)
        if key and lk.drafts[key].type not in lk.words.place_types | {"Person"}:
            return key, False
    return None


def coordinated_owners(lk: Linker, head: Token, kinds: list[str], key: str) -> None:
    """`Ethiopian and Eritrean troops`: each demonym in the coordination owns a force of its own; `GNA and
    LNA forces`, `Fellata and Rizeigat militias`: each name a group of its own, as `LNA forces` alone is."""
    for child in head.children:
        if child.dep_ in {"compound", "nmod"} and child.tag_ in NAMED_TAGS and key == f"armed-group:{slugify(child.text)}":
            for conj in child.conjuncts:
                if conj.tag_ in NAMED_TAGS and lk.key_at(conj.i) in {None, key} and not lk.gaz.demonyms.get(conj.lower_):
                    other = lk.entity(f"armed-group:{slugify(conj.text)}", conj.text, "ArmedGroup").key
                    lk.spans.append((conj.i, conj.i + 1, other))
                    lk.drafts[other].aliases.append(f"{conj.text} {head.text}")
            continue
        if child.dep_ not in {"amod", "compound"} or not lk.gaz.demonyms.get(child.lower_):
            continue
        for conj in child.conjuncts:
            owner = lk.gaz.demonyms.get(conj.lower_)
            if owner and conj.i in lk.covered:
                found = np_entity(lk, head, kinds, owner)
                if found:
                    lk.spans.append((conj.i, conj.i + 1, found[0]))
                    lk.drafts[found[0]].aliases.append(f"{conj.text} {head.text}")
