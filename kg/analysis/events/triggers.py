"""Which tokens trigger an event, and with which lexicon entry: a pure match over the lexicon, like spaCy's rulers.

Example: `Azerbaijan took control of the region` -> `took`: {"class": "TerritorialControl", "object": "location"}
Example: `The exodus began` -> `exodus`: the noun entry; `ready to take in refugees` -> `ready`: Pledge
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.analysis.entities.evidence import hyphenated
from kg.analysis.events.lexicon import Lexicon

COMPLEMENT_DEPS = {"ccomp", "dobj", "parataxis"}
PHRASAL_DEPS = {"dobj", "prt", "prep", "advmod"}  # `took control`, `took over`, `pressed for`, `turned back`


def children_words(tok: Token) -> set[str]:
    """The words of a token's children and grandchildren, and of what a quantified object counts (`withdrew
    all of its staff`: staff)."""
    words = set()
    for c in tok.children:
        words |= {c.lower_, c.lemma_.lower()}
        for g in c.children:
            words |= {g.lower_, g.lemma_.lower()}
            if c.dep_ in {"dobj", "nsubjpass"} and g.dep_ == "prep" and g.lower_ == "of":
                words |= {w for p in g.children if p.dep_ == "pobj" for w in (p.lower_, p.lemma_.lower())}
    return words


def match_verb(lex: Lexicon, verb: Token) -> dict | None:
    """The entry of a verb (or phrasal verb) whose conditions the parse meets; None when none does or when
    the object noun carries the event (`take part in talks`)."""
    lemma = verb.lemma_.lower()
    for phrase, entry in lex.phrasal.items():
        head, word = phrase.split()
        if lemma == head and any(c.lemma_.lower() == word and c.dep_ in PHRASAL_DEPS for c in verb.children):
            return None if entry.get("noun_carries") else entry
    entry = lex.verbs.get(lemma)
    if not entry:
        return None
    for sense in entry.get("senses", ()):
        if _sense_applies(verb, sense):
            # a sense keeps the entry's keys but not its conditions on who acts (`fought alongside` is
            # support whoever fought)
            kept = {k: v for k, v in entry.items() if k not in {"senses", "requires", "subject_types"}}
            return {**kept, **sense, "requires": None}
    if entry.get("requires") and not (children_words(verb) & set(entry["requires"])):
        return None
    if entry.get("requires_deps") and not set(entry["requires_deps"]) <= {c.dep_ for c in verb.children}:
        return None
    if (
        entry.get("needs_complement")
        and not any(c.dep_ in COMPLEMENT_DEPS for c in verb.children)
        and verb.dep_ not in {"parataxis", "ccomp"}
    ):
        return None
    return entry


def _sense_applies(verb: Token, sense: dict) -> bool:
    """A sense holds when its words are among the verb's children and grandchildren (`left 26 dead`), or,
    for one that names what the object must be, when the direct object is one of them: `a truck struck an
    IED` (the truck's people are the target), where `jets struck a depot with bombs` is the jets' attack."""
    if sense.get("object_nouns"):
        wanted = set(sense["object_nouns"])
        return any(c.dep_ == "dobj" and {c.lower_, c.lemma_.lower()} & wanted for c in verb.children)
    return bool(children_words(verb) & set(sense["requires"]))


def match_noun(lex: Lexicon, noun: Token) -> dict | None:
    """An event noun's entry: `exodus`, `ceasefire`; `strikes` only in the plural, `operation` only when
    modified as the entry requires (`military operation`). The lemma's entry first, then the word's own
    (`shelling`, lemmatised `shell`, whose entry wants the plural `shells`), then the hyphenated word's."""
    for key in dict.fromkeys((noun.lemma_.lower(), noun.lower_, hyphenated(noun))):
        entry = lex.nouns.get(key)
        if entry and _meets(entry, noun):
            return entry
    return None


def _meets(entry: dict, noun: Token) -> bool:
    if entry.get("plural_only") and noun.tag_ != "NNS":
        return False
    if entry.get("common_only") and (noun.tag_ in {"NNP", "NNPS"} or (noun.text[:1].isupper() and not noun.is_sent_start)):
        return False
    if entry.get("requires_of") and not any(
        g.lemma_.lower() in entry["requires_of"]
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
    ):
        return False  # `an exchange of fire`, `bursts of fire`: the noun is an event only with what it is of
    if entry.get("requires_head") and (
        noun.dep_ not in {"nsubj", "nsubjpass", "dobj"} or noun.head.lemma_.lower() not in entry["requires_head"]
    ):
        return False  # `forces conducted a patrol`, not `militants attacked a patrol`: a participant, no event
    if entry.get("requires_modifier"):
        left = " ".join(t.lower_ for t in noun.subtree if t.i < noun.i).replace(" - ", "-")
        if not any(w in left for w in entry["requires_modifier"]):
            return False
    return True


def match_participants(lex: Lexicon, verb: Token) -> dict | None:
    """A verb whose subject names the people taking part in an event of a class (`protesters blocked the
    road`, `hundreds of demonstrators gathered`): that event, its subject the agent. Speech and reporting
    verbs and copulas are not the event (`protesters said`, `the protesters were students`)."""
    lemma = verb.lemma_.lower()
    if lemma in lex.reporting | lex.citing | lex.announcing | {"be", "have", "say", "tell"}:
        return None
    for subj in (c for c in verb.children if c.dep_ == "nsubj"):
        heads = [subj] + [
            g for g in subj.children if g.dep_ == "prep" and g.lower_ == "of" for g in g.children if g.dep_ == "pobj"
        ]
        for head in heads:
            # the lemma, or the word itself: a capitalised first word keeps its plural as lemma (`Rioters`)
            words = (head.lemma_.lower(), head.lower_, head.lower_.removesuffix("s"))
            event_class = next((lex.participants[w] for w in words if w in lex.participants), None)
            if event_class:
                return {"class": event_class}
    return None


def match_adjective(lex: Lexicon, adj: Token) -> dict | None:
    """`ready to take in`, `committed to implementing`: an adjective with a complement."""
    entry = lex.adjectives.get(adj.lower_)
    if entry is None or not any(c.dep_ in {"xcomp", "prep"} for c in adj.children):
        return None
    return entry
