"""What the words around a name say about it: a place's kind (`the town of X`), a phrase's owner
(`Rwandan troops`), where a noun phrase starts and ends.

Example: `Goma, the largest city in eastern Congo` -> described as a City; `Rwandan soldiers` -> owner Rwanda.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Span, Token

from kg.analysis.entities.state import Linker
from kg.analysis.parse_repairs import fronted_place_verb
from kg.knowledge.place_names import place_words


def place_type(lk: Linker, span: Span, ner_label: str) -> str:
    """City, Region or Place for a place the gazetteer does not know, from the words around it.

    Example: `the Asipulo town` and a bare `in Jakana` -> City (news names towns and villages far more often
    than anything else), `Borno state` -> Region, `Mitiga airport` -> Place, `Lake Chad` (a LOC) -> Region.
    """
    kind = described_as(lk, span)
    if kind:
        return kind
    if lk.gaz.city(span.text):
        return "City"
    if ner_label == "LOC" or any(t.lower_ in lk.nouns["region"] for t in span):
        return "Region"
    if any(t.lower_ in lk.words.facility_nouns for t in span):
        return "Place"
    return "City"


def descriptions(span: Span) -> list[Token]:
    """The nouns that describe a name: `the town of X`, `X, the largest city`, `X district`, `the X firm`."""
    root = span.root
    candidates = []
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        candidates.append(root.head.head)
    if root.dep_ == "appos":
        candidates.append(root.head)
    if root.dep_ in {"compound", "nmod"} and root.head.pos_ == "NOUN":
        candidates.append(root.head)
    candidates += [c for c in root.children if c.dep_ == "appos"]
    candidates += [c for c in root.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return candidates


def chain_after(lk: Linker, span: Span) -> bool:
    """`Naraguta (Jos North LGA, Plateau)`, `Kupwara district, J&K`: a name followed in brackets by a unit with
    a region word (places.json `region_words`) is a place, as coders and local reports write a place's chain."""
    doc = lk.doc
    if span.end >= len(doc) or doc[span.end].text != "(":
        return False
    inside = []
    for tok in doc[span.end + 1 : min(len(doc), span.end + 12)]:
        if tok.text == ")":
            break
        inside.append(tok)
    if {t.lower_ for t in inside} & _region_words():
        return True
    # `Madinat al Salah (Al Hali, Al Hudaydah)`: a chain that ends in a province or district the data know
    commas = [i for i, t in enumerate(inside) if t.text == ","]
    return len(inside) > 2 and bool(commas) and _known_region(" ".join(t.text for t in inside[commas[-1] + 1 :]))


def _known_region(name: str) -> bool:
    from kg.knowledge.places import index

    return any(p.kind in {"admin1", "admin2"} for p in index().lookup(name))


@cache
def _region_words() -> frozenset[str]:
    return frozenset(w for w in place_words()["region_words"] if " " not in w)


def described_kind(lk: Linker, span: Span) -> str | None:
    """`Cabo Ligado, a conflict-monitoring project` -> Organization; `Seleka, a rebel alliance` -> ArmedGroup.
    Not the subject the parser hangs on a fronted place (`in X, Y, a group of workers protested`)."""
    for c in descriptions(span):
        if fronted_verb(c):
            continue
        words = {c.lower_} | {t.lower_ for t in c.children if t.dep_ in {"compound", "amod"}}
        if words & (lk.words.armed_group_name_words | lk.nouns["armed_group"]) and c.dep_ != "compound":
            return "ArmedGroup"
        if c.lower_ in lk.words.organization_nouns:
            return "Organization"
    force_nouns = lk.nouns["armed_group"] | lk.nouns["armed_force"]
    for c in span.root.children:  # `between GNA and LNA forces`, parsed `GNA` and `LNA forces`: both are forces
        if (
            c.dep_ == "conj"
            and c.lower_ in force_nouns
            and any(g.dep_ in {"compound", "nmod"} and g.tag_ in {"NNP", "NNPS"} for g in c.children)
        ):
            return "ArmedGroup"
    return None


def fronted_verb(subject: Token) -> list[Token]:
    """`On 6 May, in X, Y, a group of farmers staged a sit-in`: after a fronted place and its region the
    parser hangs the subject on the place as an apposition; the verb the place belongs to, with no subject
    of its own, is the one the noun is the subject of."""
    verb = fronted_place_verb(subject)
    if verb is None or verb.pos_ != "VERB" or subject.i > verb.i or any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        return []
    return [verb]


def described_as(lk: Linker, span: Span) -> str | None:
    """`the town of Shire`, `Goma, the largest city`, `Mekelle, the regional capital`, `North Waziristan
    district`, `Mitiga airport`; a vague word (`the Mir Ali area`) says nothing."""
    for c in descriptions(span):
        if c.lower_ in lk.words.vague_place_nouns:
            continue
        phrase = " ".join(t.lower_ for t in c.subtree if t.i <= c.i)[-30:]
        if c.lower_ in lk.nouns["city"] or any(phrase == n or phrase.endswith(" " + n) for n in lk.nouns["city"]):
            return "City"
        if c.lower_ in lk.nouns["region"]:
            return "Region"
        if c.lower_ in lk.words.facility_nouns:
            return "Place"
    return None


def owner(lk: Linker, head: Token) -> str | None:
    """The state, region or group a noun phrase belongs to: `Rwandan` troops, `Nagorno-Karabakh`
    authorities, authorities `in Nagorno-Karabakh`, `M23` rebels; soldiers `in eastern Chad` are Chad's (a
    compass part of a country is no polity of its own)."""
    key = _owner(lk, head)
    draft = lk.drafts.get(key) if key else None
    if draft and draft.part_of and draft.label.split(" ", 1)[0] in set(lk.words.compass_parts.values()):
        return draft.part_of
    return key


def _owner(lk: Linker, head: Token) -> str | None:
    for child in head.children:
        if child.dep_ in {"amod", "compound", "nmod", "poss", "npadvmod"}:
            key = lk.key_at(child.i) or lk.gaz.demonyms.get(child.lower_)
            if key:
                return key
            for grand in child.children:
                if grand.dep_ in {"amod", "advmod"} and lk.gaz.demonyms.get(grand.lower_):
                    return lk.gaz.demonyms[grand.lower_]
                if grand.dep_ == "compound" and lk.key_at(grand.i):  # `IDF fighter jets`
                    return lk.key_at(grand.i)
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "in", "from", "for"}:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and lk.key_at(pobj.i):
                    return lk.key_at(pobj.i)
                if pobj.dep_ == "pobj" and child.lower_ in {"of", "from"}:
                    # `a fighter from the 41st brigade (X) of the PMF`: the unit's own name or its force's
                    unit = [g for g in pobj.children if g.dep_ == "appos" and lk.key_at(g.i)]
                    unit += [
                        p for g in pobj.children if g.dep_ == "prep" and g.lower_ == "of" for p in g.children if lk.key_at(p.i)
                    ]
                    if unit:
                        return lk.key_at(unit[0].i)
    return None


def np_span(lk: Linker, head: Token) -> tuple[int, int]:
    """The noun phrase of a head noun, from its first pre-modifier to the head. A name chain the parser hangs on
    the noun with commas (`in Coquimatlan, Colima, workers demonstrated`) is a fronted place, no modifier."""
    left = head.i
    for child in head.lefts:
        if child.dep_ in {"nmod", "npadvmod"} and any(t.text == "," for t in child.subtree):
            continue
        if child.dep_ in {"det", "amod", "compound", "nmod", "poss", "advmod", "npadvmod"}:
            left = min(left, child.left_edge.i)
    return left, head.i + 1


def place_named(lk: Linker, text: str) -> str | None:
    """One place per name within an article, typed by its strongest evidence."""
    for key, draft in lk.drafts.items():
        if draft.type in lk.words.place_types and draft.label == text:
            return key
    return None


def is_acronym(text: str) -> bool:
    """`ENA`, `MINUSCA`: two to eight capital letters."""
    return text.isupper() and 2 <= len(text) <= 8 and text.isalpha()


def initials(name: str) -> str:
    """`Ethiopian News Agency` -> `ENA`; `Coalition of Patriots for Change` -> `CPC` (small words left out)."""
    words = re.findall(r"[A-Za-z][\w'-]*", name)
    return "".join(w[0] for w in words if w.lower() not in {"of", "the", "and", "for", "s"} and w[0].isupper())


def hyphenated(tok: Token) -> str:
    """The hyphenated word a token ends, as one word (`sit-in`: the tokens sit, -, in), else ""."""
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_ and not doc[tok.i - 2].whitespace_:
        return f"{doc[tok.i - 2].lower_}-{tok.lower_}"
    return ""
