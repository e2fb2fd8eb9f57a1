"""Names the statistical NER found and the gazetteer did not, re-typed by their context.

Example: `Prime Minister Nikol Pashinyan` -> Person with the role; `the town of Shire` -> City; `Armenia Nikol
Pashinyan` -> the part the gazetteer left (`Nikol Pashinyan`); `MONUSCO` after its expansion -> the same entity.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from kg.analysis.entities.evidence import (
    chain_after,
    described_as,
    described_kind,
    initials,
    is_acronym,
    place_named,
    place_type,
)
from kg.analysis.entities.kinds import population
from kg.analysis.entities.names import NAMED_TAGS
from kg.analysis.entities.state import Linker, capitalised
from kg.ingest import slugify

NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
# a name the NER took for a product is an organisation when its description says so: `French energy group
# Total` (a company whose name is a common word), `the defence firm Rafael`
DESCRIBED_ONLY = {"PRODUCT"}


def pass_ner(lk: Linker) -> None:
    """Every NER span (or the parts of it still free) that holds a proper noun."""
    for ent in lk.doc.ents:
        if ent.label_ not in NER_LABELS and not (ent.label_ in DESCRIBED_ONLY and described_kind(lk, ent)):
            continue
        if owned_organization(lk, ent) or organization_of_place(lk, ent) or ent.text.lower() in lk.words.weapon_names:
            continue
        for start, end in free_runs(lk, ent):
            span = lk.doc[start:end]
            if not any(t.pos_ == "PROPN" or t.tag_ in NAMED_TAGS for t in span):
                continue
            key = ner_entity(lk, span, ent.label_)
            if key:
                lk.add_mention(start, end, key)


def owned_organization(lk: Linker, ent: Span) -> bool:
    """`the U.N. Support Mission in Libya`, `the U.S. Embassy`: an organisation whose name starts with a
    name the gazetteer knows is a body of its own (of the UN, of the United States), not that name plus a
    stray word. Its kind follows its owner: a UN body is international, a state's embassy governmental."""
    if ent.label_ not in {"ORG", "FAC"}:
        return False
    tokens = [t for t in ent if t.lower_ not in lk.words.determiners]
    if len(tokens) < 2:
        return False
    start, end = tokens[0].i, ent.end
    owner = lk.key_at(start)
    rest = [t for t in lk.doc[start:end] if lk.key_at(t.i) != owner]
    if owner is None or not rest or not all(t.i not in lk.covered for t in rest) or not rest[0].text[:1].isupper():
        return False
    kind = lk.drafts[owner].type
    if kind == "InternationalOrganization":
        type_ = "InternationalOrganization"
    elif kind == "Country" and {t.lower_ for t in rest} & lk.words.state_body_words:
        type_ = "Government"
    else:
        return False
    end = max(end, next((g.right_edge.i + 1 for t in rest for g in t.children if g.dep_ == "prep" and g.lower_ == "in"), end))
    text = lk.doc[start:end].text
    lk.spans[:] = [(s, e, k) for s, e, k in lk.spans if not (start <= s and e <= end)]
    lk.covered.difference_update(range(start, end))
    key = lk.entity(f"{slugify(type_)}:{slugify(text)}", text, type_, part_of=owner).key
    lk.add_mention(start, end, key, alias=text)
    return True


def organization_of_place(lk: Linker, ent: Span) -> bool:
    """`the Communist Party of the Philippines`, `the Revolutionary Armed Forces of Colombia`: the NER stops at
    `of` and the gazetteer takes the country; a name whose head is a party, front or army goes on through it."""
    doc = lk.doc
    if ent.label_ != "ORG":
        return False
    # `of` right after the span, or inside it (`the Popular Front of Chad`, where the gazetteer took Chad)
    of = next((t.i for t in ent if t.lower_ == "of" and t.i > ent.start), ent.end)
    if of + 1 >= len(doc) or doc[of].lower_ != "of":
        return False
    if doc[of - 1].lower_ not in lk.words.of_place_name_heads or not doc[of - 1].text[:1].isupper():
        return False
    place_start = of + 2 if doc[of + 1].lower_ == "the" else of + 1
    place = lk.key_at(place_start)
    if place is None or lk.drafts[place].type not in lk.words.place_types:
        return False
    end = max(e for s_, e, k in lk.spans if k == place and s_ <= place_start < e)
    start = ent.start + (1 if doc[ent.start].lower_ in lk.words.determiners else 0)
    if any(i in lk.covered for i in range(start, of)):
        return False
    lk.spans[:] = [(s_, e, k) for s_, e, k in lk.spans if not (start <= s_ and e <= end)]
    lk.covered.difference_update(range(start, end))
    span = doc[start:end]
    lk.add_mention(start, end, organization(lk, span, span.text))
    return True


def free_runs(lk: Linker, ent: Span):
    """The parts of an NER span the gazetteer did not claim (`Armenia Nikol Pashinyan` -> `Nikol Pashinyan`)."""
    start = None
    for i in range(ent.start, ent.end + 1):
        free = i < ent.end and i not in lk.covered and not (start is None and lk.doc[i].lower_ in lk.words.determiners)
        if free and start is None:
            start = i
        elif not free and start is not None:
            while start < i and lk.doc[i - 1].tag_ == "POS":
                i -= 1
            if start < i:
                yield start, i
            start = None


def ner_entity(lk: Linker, span: Span, label: str) -> str | None:
    """The entity an NER span names: a state by its adjective, a people, a place, a person or an organisation."""
    text = lk.surface(span)
    titled = title_before(lk, span)
    country = lk.gaz.demonyms.get(text.lower())
    if country and label in {"NORP", "GPE"}:
        # `Angolan President Joao Lourenco`: the adjective names the state the person acts for.
        lk.gazetteer_draft(country)
        lk.add_mention(span.start, span.end, country, alias=lk.gaz.entries[country].label)
        return None
    if label == "NORP":
        if span.root.tag_ == "NNPS" or (text.endswith("s") and lk.gaz.demonyms.get(text[:-1].lower())):
            dem = text[:-1] if text.endswith("s") else text
            return population(lk, f"{dem}s", dem)
        return None
    if not capitalised(text):
        # no place and no person; a body may be written in lower case (`supreme court security escorts`)
        return organization(lk, span, text) if label == "ORG" else None
    known_place = place_named(lk, text)
    if known_place:
        return known_place
    if len(span) == 1 and not titled:  # `Dbeibah` after `Prime Minister Abdul Hamid Dbeibah`, whatever the tag
        for key, draft in lk.drafts.items():
            if draft.type == "Person" and " " in draft.label and draft.label.split()[-1] == text:
                return key
    # a name that ends in a place's word is that place, whatever acts near it (`Qala I Naw district`, `Sadr City`)
    headed = len(span) > 1 and span.root.lower_ in lk.words.place_heads and not titled
    kind = described_kind(lk, span) or ("ArmedGroup" if claims_an_attack(lk, span) else None)
    if kind and not titled and not headed:
        return organization(lk, span, text, kind)
    described = described_as(lk, span)
    city = lk.gaz.city(text)
    is_place = (
        text in lk.place_texts
        or lk.is_locative(span)
        or described
        or (label in {"PERSON", "ORG"} and city and city["population"] >= 100_000 and not titled)
        # `Kassala, Tokar and ...`; `in Sinop, Mato Grosso, ...`: the region of a place is written after it
        or (span.root.dep_ in {"conj", "appos"} and lk.is_place_at(span.root.head.i) and not titled)
        or (span.root.dep_ == "dobj" and span.root.head.lemma_.lower() in lk.words.place_object_verbs and not titled)
        or (chain_after(lk, span) and not titled)
        or headed
        or (  # `took control of Rutshuru`, `the outskirts of Bunia`
            span.root.dep_ == "pobj"
            and span.root.head.lower_ == "of"
            and span.root.head.head.lower_ in lk.words.place_of_heads
            and not titled
        )
    )
    if label == "PERSON" and (titled or not is_place):
        return person(lk, span, text, titled)
    if label in {"PERSON", "GPE", "LOC", "FAC"} or is_place:
        type_ = place_type(lk, span, label)
        return lk.entity(f"{type_.lower()}:{slugify(text)}", text, type_).key
    if titled or appos_title(lk, span):
        return person(lk, span, text, titled)
    return organization(lk, span, text)


def person(lk: Linker, span: Span, text: str, title: str | None) -> str:
    for key, draft in lk.drafts.items():
        if draft.type == "Person" and len(span) == 1 and draft.label.split()[-1] == text:
            return key
    draft = lk.entity(f"person:{slugify(text)}", text, "Person")
    for role in filter(None, (title, appos_title(lk, span))):
        draft.roles.append(role)
    return draft.key


def title_before(lk: Linker, span: Span) -> str | None:
    """`Prime Minister of Armenia Nikol Pashinyan`, `Angolan President Joao Lourenco`: the title's words."""
    left = span.start
    while left > 0 and span.start - left < 6:
        tok = lk.doc[left - 1]
        if tok.is_punct or tok.pos_ not in {"PROPN", "NOUN", "ADJ", "ADP", "DET"} or tok.is_sent_end:
            break
        left -= 1
    words = [t.text for t in lk.doc[left : span.start] if t.lower_ not in {"the", "a", "an"}]
    phrase = " ".join(words).lower()
    for title in lk.nouns["person_title"]:
        if re.search(rf"\b{re.escape(title)}$", phrase) or re.search(rf"\b{re.escape(title)} of\b", phrase):
            return " ".join(words)
    return None


def appos_title(lk: Linker, span: Span) -> str | None:
    """`Olusegun Obasanjo, the former Nigerian president`: the role from the apposition."""
    for child in span.root.children:
        if child.dep_ == "appos" and child.lower_ in lk.nouns["person_title"]:
            words = [t.text for t in child.subtree if t.i >= child.left_edge.i and not t.is_punct]
            words = words[1:] if words and words[0].lower() in {"a", "an", "the"} else words
            return " ".join(words)
    return None


def organization(lk: Linker, span: Span, text: str, described: str | None = None) -> str:
    words = {t.lower_ for t in span}
    if described == "ArmedGroup" or words & lk.words.armed_group_name_words or words & lk.nouns["armed_group"]:
        type_ = "ArmedGroup"
    elif words & lk.words.security_force_name_words:
        type_ = "ArmedForce"  # `National Directorate of Security`, `Air Force Intelligence`: a state's force
    elif words & lk.words.media_name_words:
        type_ = "MediaOrganization"
    elif words & lk.words.government_name_words:
        type_ = "Government"
    else:
        type_ = "Organization"
    acronym = acronym_of(lk, text)
    if acronym:
        return acronym
    for key, draft in lk.drafts.items():  # `Fano militiamen ... Fano said`: the name already typed by its noun
        if draft.label == text and draft.type in lk.words.actor_types - lk.words.place_types:
            return key
    return lk.entity(f"{slugify(type_)}:{slugify(text)}", text, type_).key


def claims_an_attack(lk: Linker, span: Span) -> bool:
    """`A group calling itself X claimed responsibility`, `an attack claimed by X`: who claims violence is an
    armed group, whatever else the sentence calls it."""
    for verb in (t for t in span.sent if t.lemma_.lower() == "claim"):
        claimed = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}] + ([verb.head] if verb.dep_ == "acl" else [])
        if not any(c.lemma_.lower() in lk.words.armed_group_claims for c in claimed):
            continue
        claimants = [c for c in verb.children if c.dep_ == "nsubj"]
        claimants += [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
        if any(c.left_edge.i <= t.i <= c.right_edge.i for c in claimants for t in span):
            return True
    return False


def acronym_of(lk: Linker, text: str) -> str | None:
    if not is_acronym(text):
        return None
    for key, draft in lk.drafts.items():
        if initials(draft.label) == text:
            return key
    return None
