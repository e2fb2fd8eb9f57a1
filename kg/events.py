"""Events stage: who did what to whom, where, when and how many, as the text holds it.

Triggers come from the event lexicon (`ontology/lexicon/events.json`): verbs (`evacuated`), phrasal verbs
(`took control`), and event nouns (`exodus`, `ceasefire`), whose agent may come from a support verb
(`Azerbaijan launched counter-terrorism measures`). Roles are read from the dependency parse, never from
word order:

- subjects and objects with voice: `were evacuated ... by the peacekeeping forces` -> agent;
- prepositions: `to Armenia` -> destination, `from local villages` -> origin, `in Pretoria` -> location;
- clauses without a subject take the one they depend on (`militias continue to surrender`), relative
  clauses take the noun they modify (`Turkey, which backed Baku`), pronouns the nearest fitting actor;
- coordination gives several fillers (`The United States and Britain carried out strikes`).

Modality comes from auxiliaries and governing words (`might flee` hedged, `will disarm` planned,
`alleged buildup` reported, negation drops the event), attribution from reporting verbs (`X said that`,
`Reuters reported, citing Y`, `according to Z`). Mentions of one event in an article are merged.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from . import gazetteer
from .dates import resolve_relative_date
from .entities import ArticleEntities
from .quantities import UNITS, parse_amount
from .records import Document, Event, Quantity, Role, TimeExpr

ACTOR_TYPES = {
    "Country",
    "Region",
    "Government",
    "ArmedForce",
    "ArmedGroup",
    "PeacekeepingForce",
    "PopulationGroup",
    "Person",
    "Organization",
    "MediaOrganization",
    "InternationalOrganization",
}
PLACE_TYPES = {"Country", "Region", "City", "Place"}
PEOPLE = {
    "people",
    "person",
    "refugee",
    "civilian",
    "resident",
    "family",
    "child",
    "villager",
    "migrant",
    "those",
    "thousand",
    "hundred",
    "million",
    "dozen",
    "total",
    "number",
    "woman",
    "man",
    "evacuee",
}
PREP_ROLES = {
    "to": "destination",
    "toward": "destination",
    "towards": "destination",
    "into": "destination",
    "from": "origin",
    "out": "origin",
    "in": "location",
    "at": "location",
    "near": "location",
    "across": "location",
    "inside": "location",
    "within": "location",
    "on": "location",
    "over": "location",
    "around": "location",
    "against": "target",
    "between": "target",
    "throughout": "location",
    "outside": "location",
}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
CLAUSE_LINKS = {"xcomp", "conj", "advcl", "acomp", "pcomp", "prep", "relcl", "acl", "dep", "ccomp"}
PLEDGE_ADJECTIVES = {"ready", "committed", "prepared", "willing", "determined"}
TIME_NOUNS = {
    "day",
    "week",
    "month",
    "year",
    "decade",
    "time",
    "era",
    "period",
    "wake",
    "aftermath",
    "run-up",
    "eve",
    "hour",
    "night",
    "morning",
    "evening",
    "end",
    "start",
    "beginning",
    "course",
}
ACCUSING = {"accuse", "blame", "suspect", "charge", "condemn", "criticize", "criticise"}
CLAUSE_BOUNDARIES = {"relcl", "ccomp", "xcomp", "conj", "advcl", "parataxis", "ROOT"}
NON_AGENT_PREPS = {"during", "amid", "despite", "before", "since", "until", "against", "between"}
SPEECH_ACTS = {"Appeal", "Statement", "Accusation", "Denial", "Threat", "Pledge"}
MODALITY_FACTOR = {"asserted": 1.0, "reported": 0.8, "planned": 0.7, "hedged": 0.5, "denied": 0.3}


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict
    phrasal: dict
    nouns: dict
    light_verbs: frozenset[str]
    reporting: frozenset[str]
    hedges: frozenset[str]
    plans: frozenset[str]
    report_words: frozenset[str]


@cache
def load_lexicon(ontology_dir: str | None = None) -> Lexicon:
    base = Path(ontology_dir) if ontology_dir else gazetteer.ONTOLOGY_DIR
    data = json.loads((base / "lexicon" / "events.json").read_text(encoding="utf-8"))
    return Lexicon(
        data["verbs"],
        data["phrasal"],
        data["nouns"],
        frozenset(data["light_verbs"]),
        frozenset(data["reporting_verbs"]),
        frozenset(data["hedge_words"]),
        frozenset(data["plan_words"]),
        frozenset(data["report_words"]),
    )


@dataclass(slots=True)
class Draft:
    type: str
    trigger: Token
    roles: dict[str, list[str]] = field(default_factory=dict)
    time: TimeExpr | None = None
    quantities: list[Quantity] = field(default_factory=list)
    modality: str = "asserted"
    attributed_to: str | None = None
    source: str | None = None
    sentences: set[int] = field(default_factory=set)
    evidence: float = 0.9
    definite: bool = False

    def add(self, role: str, keys) -> None:
        for key in keys:
            if key and key not in self.roles.setdefault(role, []):
                self.roles[role].append(key)

    @property
    def core(self) -> tuple[str, ...]:
        return tuple(self.roles.get("agent") or self.roles.get("target") or ())


class EventExtractor:
    def __init__(self, doc: Doc, document: Document, found: ArticleEntities, sentence_of, lexicon: Lexicon, offset: int):
        self.doc, self.document, self.found, self.sentence_of, self.lex = doc, document, found, sentence_of, lexicon
        self.offset = offset
        self._cues: dict[int, tuple[list, list]] = {}
        self.types = {k: e.type for k, e in found.entities.items()}
        self.mention_starts = sorted((m.token_start, m.entity) for m in found.mentions)
        self.dates = self._date_owners()

    # -- entities of tokens ----------------------------------------------------------------------
    def entity_at(self, tok: Token) -> str | None:
        return self.found.token_entity.get(tok.i)

    def fillers(self, tok: Token, people_ok: bool = True) -> list[str]:
        """Entities a noun phrase headed by `tok` names, with its conjuncts: `the US and Britain` -> both."""
        out: list[str] = []
        for t in [tok, *tok.conjuncts]:
            key = self._filler(t)
            if key and key not in out:
                out.append(key)
        return out

    def _filler(self, t: Token) -> str | None:
        key = self.entity_at(t)
        if key:
            return key
        if t.lower_ in {"which", "who", "that"} and t.head.dep_ in {"relcl", "acl"}:
            return self._filler(t.head.head)
        if (
            t.lower_ == "it"
            and any(c.dep_ in {"ccomp", "xcomp"} for c in t.head.children)
            and t.dep_ in {"nsubjpass", "nsubj"}
            and t.head.lemma_.lower() in self.lex.reporting | {"be"}
        ):
            return None  # expletive: `It was also said that ...`
        if t.pos_ == "PRON" and t.lower_ in {"it", "they", "he", "she", "we", "its", "their", "his", "her"}:
            return self.resolve_pronoun(t)
        if t.like_num or t.lemma_.lower() in {
            "total",
            "number",
            "thousand",
            "hundred",
            "million",
            "dozen",
            "all",
            "some",
            "many",
            "most",
            "part",
            "group",
            "rest",
        }:
            for child in t.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            return self._filler(pobj)
        for child in t.children:
            if child.dep_ == "poss" and child.lower_ == "whose" and t.head.dep_ == "relcl":
                return self._filler(t.head.head)
            if (
                child.dep_ == "poss"
                and child.tag_ == "PRP$"
                and t.lower_ in {"nation", "country", "government", "side", "forces", "troops"}
            ):
                return self.resolve_pronoun(child)
            if (
                child.dep_ in {"compound", "appos", "flat"}
                and self.entity_at(child)
                and (self.types.get(self.entity_at(child)) == "Person" or child.dep_ == "appos")
            ):
                return self.entity_at(child)
        return None

    def resolve_pronoun(self, pron: Token) -> str | None:
        """A pronoun's actor: the subject of a clause it depends on, else the last actor mentioned before it."""
        if pron.tag_ == "PRP$":
            # `accused Rwanda of sending its own troops`: a possessive points at the nearest actor before it.
            for start, key in reversed(self.mention_starts):
                if pron.sent.start <= start < pron.i and self.types.get(key) in ACTOR_TYPES:
                    return key
        cur = pron.head
        while cur is not None:
            for child in cur.children:
                if child.dep_ in SUBJECT_DEPS and child.i != pron.i and child.i < pron.i:
                    key = self.entity_at(child) or self._filler_no_pron(child)
                    if key and self.types.get(key) in ACTOR_TYPES:
                        return key
            if cur.head.i == cur.i:
                break
            cur = cur.head
        sent_start = pron.sent.start
        prev_sent = self.doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
        for start, key in reversed(self.mention_starts):
            if prev_sent <= start < pron.i and self.types.get(key) in ACTOR_TYPES - {"Country", "Region"} | {"Country"}:
                return key
        return None

    def _filler_no_pron(self, t: Token) -> str | None:
        return None if t.pos_ == "PRON" else self._filler(t)

    def subjects(self, verb: Token) -> list[Token]:
        """The subject tokens of a verb, climbing to the clause it depends on when it has none."""
        cur, hops = verb, 0
        while hops < 4:
            subj = [c for c in cur.children if c.dep_ in SUBJECT_DEPS]
            if subj:
                return subj
            if cur.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in cur.head.children):
                # object control: `urged both sides to agree` -> both sides agree
                return [c for c in cur.head.children if c.dep_ == "dobj"]
            if cur.dep_ == "pcomp" and cur.head.lower_ == "of" and cur.head.head.lemma_.lower() in ACCUSING:
                # `accused Moscow of blowing up the dam` -> Moscow blew it up (as alleged)
                return [c for c in cur.head.head.children if c.dep_ == "dobj"]
            if cur.dep_ == "relcl" or (cur.dep_ == "acl" and cur.tag_ == "VBN"):
                return [cur.head]
            if cur.dep_ not in {"xcomp", "conj", "advcl", "acomp", "pcomp", "ccomp"} or cur.head.i == cur.i:
                break
            cur, hops = cur.head, hops + 1
        return []

    # -- triggers ---------------------------------------------------------------------------------
    def run(self) -> list[Draft]:
        drafts: list[Draft] = []
        for tok in self.doc:
            draft = None
            if tok.pos_ in {"VERB", "AUX"} or tok.tag_.startswith("VB"):
                draft = self.verb_event(tok)
            elif tok.pos_ in {"NOUN", "PROPN"}:
                draft = self.noun_event(tok)
            elif tok.pos_ == "ADJ" and tok.lower_ in PLEDGE_ADJECTIVES:
                draft = self.pledge_event(tok)
            if draft is None or self.negated(tok):
                continue
            draft.sentences.add(self.sentence_of(tok.i))
            self.finish(draft)
            drafts.append(draft)
        self.share_episode_roles(drafts)
        self.mark_denied(drafts)
        return drafts

    def mark_denied(self, drafts: list[Draft]) -> None:
        """`an alleged buildup - something Yerevan denied`: the event a denial answers is held as denied."""
        by_token = {d.trigger.i: d for d in drafts}
        for d in drafts:
            if d.type != "Denial":
                continue
            verb = d.trigger
            denied = [c for c in verb.children if c.dep_ in {"dobj", "ccomp", "xcomp"}]
            if verb.dep_ in {"relcl", "acl"}:
                denied.append(verb.head)
            for tok in list(denied):
                denied += [tok.head] if tok.dep_ == "appos" else []
                denied += [c for c in tok.children if c.dep_ == "appos"]
            for tok in denied:
                for t in (tok, *tok.subtree):
                    other = by_token.get(t.i)
                    if other is not None and other is not d:
                        other.modality = "denied"
                        break

    def _children_words(self, tok: Token) -> set[str]:
        words = set()
        for c in tok.children:
            words |= {c.lower_, c.lemma_.lower()}
            for g in c.children:
                words |= {g.lower_, g.lemma_.lower()}
        return words

    def verb_event(self, verb: Token) -> Draft | None:
        lemma = verb.lemma_.lower()
        words = self._children_words(verb)
        for phrase, cls in self.lex.phrasal.items():
            head, word = phrase.split()
            if lemma == head and any(c.lemma_.lower() == word and c.dep_ in {"dobj", "prt", "prep"} for c in verb.children):
                if cls == "Negotiation":
                    return None  # `take part in talks`: the noun carries the event
                entry = {"class": cls, "object": "location" if cls == "TerritorialControl" else "target"}
                return self.fill_verb(verb, entry)
        entry = self.lex.verbs.get(lemma)
        if not entry:
            return None
        if entry.get("requires") and not (words & set(entry["requires"])):
            return None
        if entry.get("requires_ccomp") and not any(c.dep_ == "ccomp" for c in verb.children):
            return None
        if (
            entry["class"] == "Statement"
            and lemma in {"say", "report", "add", "state"}
            and not any(c.dep_ in {"ccomp", "dobj", "parataxis"} for c in verb.children)
            and verb.dep_ not in {"parataxis", "ccomp"}
        ):
            return None
        return self.fill_verb(verb, entry)

    def fill_verb(self, verb: Token, entry: dict) -> Draft | None:
        draft = Draft(entry["class"], verb)
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        subj_role = entry.get("passive_subject", entry.get("object", "target")) if passive else entry.get("subject", "agent")
        obj_role = entry.get("object", "target")
        subjects = self.subjects(verb)
        if entry.get("subject_nouns") and not any(s.lower_ in entry["subject_nouns"] for s in subjects):
            return None
        if entry.get("subject_people") and not any(self._is_people(s) for s in subjects):
            return None
        for subj in subjects:
            self.assign(draft, subj_role, subj)
            if subj_role == "target":
                self.add_quantity(draft, subj)
        if not subjects or not any(self._filler(s) for s in subjects):
            draft.add(subj_role if subj_role in {"agent", "target"} else "agent", self.dangling_subject(verb))
        if entry.get("subject_types") and not any(
            self.types.get(k) in entry["subject_types"] for k in draft.roles.get("agent", [])
        ):
            return None
        for child in verb.children:
            if child.dep_ == "agent":
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    draft.add("agent", self.fillers(pobj))
            elif child.dep_ in {"dobj", "dative", "attr", "oprd"} or (
                child.dep_ == "npadvmod"
                and child.i > verb.i
                and self.entity_at(child)
                and not any(c.dep_ == "dobj" for c in verb.children)
            ):
                self.assign(draft, "target" if child.dep_ == "dative" else obj_role, child)
            elif child.dep_ == "prep" or (child.dep_ == "prt" and child.lower_ in PREP_ROLES):
                self.assign_prep(draft, child, entry)
        return draft

    def dangling_subject(self, verb: Token) -> list[str]:
        """`Azerbaijan launched measures, citing an alleged buildup`: a participle clause with no actor of its
        own belongs to the nearest actor that is the subject of an earlier verb in the sentence."""
        if verb.tag_ != "VBG" or verb.dep_ not in {"advcl", "xcomp", "conj"}:
            return []
        for tok in reversed(list(verb.sent[: verb.i - verb.sent.start])):
            if tok.pos_ in {"VERB", "AUX"}:
                for subj in (c for c in tok.children if c.dep_ == "nsubj"):
                    keys = [k for k in self.fillers(subj) if self.types.get(k) in ACTOR_TYPES]
                    if keys:
                        return keys
        return []

    def _is_people(self, tok: Token) -> bool:
        key = self._filler(tok)
        return (key is not None and self.types.get(key) == "PopulationGroup") or tok.lemma_.lower() in PEOPLE or tok.like_num

    def assign(self, draft: Draft, role: str, tok: Token) -> None:
        if role == "item":
            self.add_quantity(draft, tok, item_role=True)
            return
        if role in {"theme", "instrument"}:
            return
        if role == "agent_extra":
            draft.add("agent", self.fillers(tok))
            return
        if role in {"target_owner", "alleged"}:
            draft.add("target", self.owner_of(tok))
            return
        keys = self.fillers(tok)
        if role in {"location", "origin", "destination"}:
            places = [k for k in keys if self.types.get(k) in PLACE_TYPES]
            if not places and role == "location":
                draft.add("target", keys)
                places = self.places_inside(tok)
            draft.add(role, places)
            return
        draft.add(role, keys)
        if role == "target" and not keys:
            draft.add("location", self.places_inside(tok))
        if role == "target":
            self.add_quantity(draft, tok)
            if draft.type == "Displacement":
                draft.add("origin", self.places_inside(tok))

    def owner_of(self, tok: Token) -> list[str]:
        """`Baku's sovereignty` -> Baku; `the rights of ethnic Armenians` -> Armenians; `Armenian buildup` -> Armenia."""
        for child in tok.children:
            if child.dep_ in {"poss", "amod", "compound", "nmod"} and self.entity_at(child):
                return [self.entity_at(child)]
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return self.fillers(pobj)
        return []

    def places_inside(self, tok: Token) -> list[str]:
        """Places named inside a phrase: `airports and federal facilities in Tigray` -> Tigray; not inside a time
        phrase (`in the waning days of the USSR` is a when, not a where)."""
        if tok.lemma_.lower() in TIME_NOUNS:
            return []
        out = []
        for t in tok.subtree:
            key = self.entity_at(t)
            if (
                key
                and self.types.get(key) in PLACE_TYPES
                and t.dep_ == "pobj"
                and (t.head.lower_ in PREP_ROLES or t.head.lower_ == "of")
                and key not in out
            ):
                out.append(key)
        return out

    def assign_prep(self, draft: Draft, prep: Token, entry: dict) -> None:
        word = prep.lower_
        role = entry.get("prep", {}).get(word) or PREP_ROLES.get(word)
        if word == "according":
            return
        if draft.type == "Displacement" and word in {"in", "at"} and draft.trigger.lemma_.lower() == "arrive":
            role = "destination"
        if role is None:
            return
        for pobj in prep.children:
            if pobj.dep_ == "pobj" or (prep.dep_ == "prt" and pobj.dep_ == "pobj"):
                keys = self.fillers(pobj)
                if role in {"location", "origin", "destination"}:
                    keys = [k for k in keys if self.types.get(k) in PLACE_TYPES] or self.places_inside(pobj)
                draft.add(role, keys)
            elif pobj.dep_ == "prep":
                self.assign_prep(draft, pobj, entry)

    def noun_event(self, noun: Token) -> Draft | None:
        entry = self.lex.nouns.get(noun.lemma_.lower()) or self.lex.nouns.get(noun.lower_)
        if not entry:
            return None
        if entry.get("plural_only") and noun.tag_ != "NNS":
            return None
        if entry.get("requires_modifier"):
            left = " ".join(t.lower_ for t in noun.subtree if t.i < noun.i).replace(" - ", "-")
            if not any(w in left for w in entry["requires_modifier"]):
                return None
        draft = Draft(entry["class"], noun, evidence=0.7)
        draft.definite = any(c.lower_ in {"the", "this", "that"} for c in noun.children)
        is_move = entry["class"] in {"Displacement", "Evacuation"}
        # `flare-up`: the trigger is a compound of the phrase's head, whose modifiers are the event's too.
        children = list(noun.children) + (list(noun.head.children) if noun.dep_ == "compound" else [])
        for child in children:
            if child is noun:
                continue
            key = self.entity_at(child)
            if child.dep_ in {"poss", "compound", "amod", "nmod"} and key:
                role = "target" if is_move else "agent"
                if self.types.get(key) in PLACE_TYPES - {"Country"}:
                    role = "location"
                draft.add(role, [key])
            elif child.dep_ == "prep":
                if child.lower_ == "of":
                    role = entry.get("of", "target")
                    for pobj in (g for g in child.children if g.dep_ == "pobj"):
                        if role == "item":
                            self.add_quantity(draft, pobj, item_role=True)
                        else:
                            keys = self.fillers(pobj)
                            places = [k for k in keys if self.types.get(k) in PLACE_TYPES]
                            draft.add("location" if places and role == "target" else role, places or keys)
                            if role == "target":
                                self.add_quantity(draft, pobj)
                                if is_move:
                                    draft.add("origin", self.places_inside(pobj))
                elif child.lower_ == "by":
                    for pobj in (g for g in child.children if g.dep_ == "pobj"):
                        draft.add("agent", self.fillers(pobj))
                else:
                    self.assign_prep(draft, child, entry)
            elif child.dep_ in {"relcl", "acl"}:
                for subj in (c for c in child.children if c.dep_ == "nsubj"):
                    draft.add("agent", self.fillers(subj))
            elif (
                child.dep_ == "appos"
                and key
                and self.types.get(key) in ACTOR_TYPES
                and not is_move
                and any(c.dep_ == "acl" for c in noun.children)
            ):
                # `the operation Azerbaijan conducted`, parsed as an apposition: the actor of a reduced relative
                draft.add("agent", [key])
        if not draft.roles.get("agent"):
            self.support_verb_agent(draft, noun)
        if entry.get("optional") and not draft.roles:
            return None
        return draft

    def support_verb_agent(self, draft: Draft, noun: Token) -> None:
        """`Azerbaijan launched measures`, `agreed to a cessation`, `after talks`: the clause's subject acts."""
        cur = noun
        while cur.dep_ == "pobj" and cur.head.lower_ == "of" and cur.head.head.dep_ in {"pobj", "dobj", "nsubj", "nsubjpass"}:
            cur = cur.head.head
        head = cur.head
        if cur.dep_ == "dobj" and head.lemma_.lower() in self.lex.light_verbs:
            verb = head
        elif (
            cur.dep_ == "pobj"
            and head.dep_ == "prep"
            and head.lower_ not in NON_AGENT_PREPS
            and head.head.pos_ in {"VERB", "AUX"}
            and self.lex.verbs.get(head.head.lemma_.lower(), {}).get("class") not in SPEECH_ACTS
        ):
            verb = head.head
        else:
            return
        for subj in self.subjects(verb):
            keys = self.fillers(subj)
            if draft.type in {"Displacement", "Evacuation"}:
                # `Armenians began an exodus`: people move; `the operation triggered an exodus`: a cause does not
                draft.add("target", [k for k in keys if self.types.get(k) == "PopulationGroup"])
            else:
                draft.add("agent", keys)

    def pledge_event(self, adj: Token) -> Draft | None:
        """`his nation was ready to take in all those fleeing`, `fully committed to implementing the deal`."""
        if not any(c.dep_ in {"xcomp", "prep"} for c in adj.children):
            return None
        draft = Draft("Pledge", adj, evidence=0.8)
        head = adj.head if adj.dep_ in {"acomp", "amod"} else adj
        for subj in (c for c in head.children if c.dep_ in SUBJECT_DEPS):
            draft.add("agent", self.fillers(subj))
        if not draft.roles.get("agent"):
            for subj in self.subjects(head):
                draft.add("agent", self.fillers(subj))
        return draft

    # -- modality, attribution, time ---------------------------------------------------------------
    def governing_verbs(self, tok: Token, depth: int = 4) -> list[Token]:
        out, cur = [], tok
        for _ in range(depth):
            if cur.head.i == cur.i:
                break
            if cur.dep_ == "ccomp":
                break
            cur = cur.head
            out.append(cur)
        return out

    def clause_heads(self, tok: Token, depth: int = 3) -> list[Token]:
        """Heads above a trigger up to its clause boundary, plus the governor of an `xcomp` (`ready to`)."""
        out, cur = [], tok
        for _ in range(depth):
            if cur.head.i == cur.i or cur.dep_ in CLAUSE_BOUNDARIES - {"xcomp"}:
                break
            cur = cur.head
            out.append(cur)
        return out

    def negated(self, tok: Token) -> bool:
        if self.lex.verbs.get(tok.lemma_.lower(), {}).get("class") == "Denial":
            return False
        chain = [tok]
        if tok.pos_ == "NOUN":
            chain += [t for t in self.governing_verbs(tok, 3) if t.pos_ in {"VERB", "AUX"}][:1]
        return any(
            c.dep_ == "neg" or (c.lower_ in {"never", "no"} and c.dep_ in {"neg", "det", "advmod"})
            for t in chain
            for c in t.children
        )

    def finish(self, draft: Draft) -> None:
        tok = draft.trigger
        chain = [tok, *self.clause_heads(tok)]
        aux = {c.lower_ for t in chain[:3] for c in t.children if c.dep_ in {"aux", "advmod", "auxpass"}}
        lemmas = {t.lemma_.lower() for t in chain[1:3]}
        if any(c.lower_ in self.lex.report_words for c in tok.children) or (
            tok.dep_ == "pcomp" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in ACCUSING
        ):
            draft.modality = "reported"
        if aux & self.lex.hedges:
            draft.modality = "hedged"
        elif aux & {"will", "would", "shall", "'ll"} or lemmas & (self.lex.plans - {"will", "would"}) or draft.type == "Pledge":
            draft.modality = "planned"
        self.attribute(draft)
        draft.time = self.date_for(tok)
        if draft.type in {"Displacement", "Evacuation", "Disarmament", "AidDelivery", "Attack"} and not draft.quantities:
            for child in tok.children:
                if child.dep_ in {"dobj", "nsubjpass"} or (child.dep_ == "nsubj" and draft.type == "Displacement"):
                    self.add_quantity(draft, child)

    def _attribution_cues(self, tok) -> tuple[list, list]:
        """The reporting verbs (`said`, `reported`) and `according (to)` of a token's sentence, found once
        per sentence: every event of the sentence asks for them."""
        sent = tok.sent
        found = self._cues.get(sent.start)
        if found is None:
            found = self._cues[sent.start] = (
                [t for t in sent if t.lemma_.lower() in self.lex.reporting],
                [t for t in sent if t.lower_ == "according" and t.dep_ == "prep"],
            )
        return found

    def attribute(self, draft: Draft) -> None:
        """Who claims the event (`X said that ...`) and which outlet reports it (`Reuters reported`)."""
        tok = draft.trigger
        reporting, according = self._attribution_cues(tok)
        for t in reporting:
            if t is tok:
                continue
            governs = any(c.dep_ in {"ccomp", "parataxis", "xcomp"} and tok in c.subtree for c in t.children)
            attached = t.dep_ in {"parataxis", "ccomp", "advcl"} and (t.head == tok or t.head in tok.ancestors) and t.i > tok.i
            if not (governs or attached):
                continue
            speakers = [k for s in self.subjects(t) for k in self.fillers(s)]
            for child in t.children:
                if child.dep_ == "dative":
                    speakers_media = [k for k in self.fillers(child) if self.types.get(k) == "MediaOrganization"]
                    if speakers_media and not draft.source:
                        draft.source = speakers_media[0]
                if child.dep_ in {"advcl", "xcomp"} and child.lemma_.lower() == "cite":
                    for obj in (g for g in child.children if g.dep_ == "dobj"):
                        cited = self.fillers(obj)
                        if cited and not draft.attributed_to:
                            draft.attributed_to = cited[0]
            for key in speakers:
                if self.types.get(key) == "MediaOrganization":
                    draft.source = draft.source or key
                elif not draft.attributed_to and draft.type != "Statement":
                    draft.attributed_to = key
            if draft.type != "Statement" and draft.modality == "asserted" and (speakers or draft.source):
                draft.modality = "reported"
        for t in according:
            for to in t.children:
                for pobj in to.children:
                    for key in self.fillers(pobj):
                        if self.types.get(key) == "MediaOrganization":
                            draft.source = draft.source or key
                        else:
                            draft.attributed_to = draft.attributed_to or key

    def _date_owners(self) -> dict[int, TimeExpr]:
        """Each DATE entity belongs to the nearest verb or event noun above it."""
        owners: dict[int, TimeExpr] = {}
        for ent in self.doc.ents:
            if ent.label_ not in {"DATE", "TIME"}:
                continue
            resolved = resolve_relative_date(ent.text, self.document.date)
            if not resolved:
                continue
            offset = self.offset
            expr = TimeExpr(ent.text, resolved[0], resolved[1], offset + ent.start_char, offset + ent.end_char)
            cur = ent.root
            while cur.head.i != cur.i:
                cur = cur.head
                if cur.pos_ in {"VERB", "AUX"} or self.lex.nouns.get(cur.lemma_.lower()):
                    break
            owners.setdefault(cur.i, expr)
            owners.setdefault(-ent.root.i - 1, expr)
        return owners

    def date_for(self, tok: Token) -> TimeExpr | None:
        if tok.i in self.dates:
            return self.dates[tok.i]
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in {"after", "following", "since", "during", "in"}:
                for pobj in child.children:
                    if pobj.i in self.dates and self.lex.nouns.get(pobj.lemma_.lower()):
                        return self.dates[pobj.i]
        cur, hops = tok, 0
        while cur.head.i != cur.i and hops < 6 and cur.dep_ != "ccomp":
            cur, hops = cur.head, hops + 1
            if -cur.i - 1 in self.dates and cur.ent_type_ in {"DATE", "TIME"}:
                return self.dates[-cur.i - 1]
            if cur.i in self.dates:
                return self.dates[cur.i]
        return None

    # -- quantities -------------------------------------------------------------------------------
    def add_quantity(self, draft: Draft, tok: Token, item_role: bool = False) -> None:
        for t in [tok, *tok.conjuncts]:
            q = self.quantity(t, item_role)
            if q and all((q.start, q.end) != (o.start, o.end) for o in draft.quantities):
                draft.quantities.append(q)
            for child in t.children:
                if child.dep_ == "prep" and child.lower_ in {"including", "among"}:
                    for pobj in child.children:
                        q2 = self.quantity(pobj, item_role)
                        if q2:
                            draft.quantities.append(q2)

    def quantity(self, tok: Token, item_role: bool) -> Quantity | None:
        """`311 civilians`, `a total of 130,000 munitions`, `125 tons of food`, `Thousands of Karabakh Armenians`."""
        number_tok, item_tok, unit = None, tok, None
        if (
            tok.like_num
            or tok.ent_type_ == "CARDINAL"
            or tok.lemma_.lower() in {"thousand", "hundred", "million", "dozen", "total", "number"}
        ):
            of_obj = next(
                (g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), None
            )
            if tok.lemma_.lower() in {"total", "number"}:
                if of_obj is None:
                    return None
                return self.quantity(of_obj, item_role)
            number_tok, item_tok = tok, of_obj
        else:
            number_tok = next(
                (c for c in tok.children if c.dep_ in {"nummod", "quantmod"} or (c.like_num and c.dep_ == "amod")), None
            )
            if number_tok is None:
                return None
            if tok.lower_ in UNITS:
                unit = tok.lower_
                item_tok = next(
                    (g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"),
                    None,
                )
        span = self._number_span(number_tok)
        amount, approx = parse_amount(span.text)
        offset = self.offset
        end_tok = max(span.end, (item_tok.i + 1) if item_tok is not None else span.end)
        text = self.doc[span.start : end_tok].text if item_tok is not None and item_tok.i >= span.start else span.text
        item = None
        if item_tok is not None:
            item = " ".join(
                t.text for t in item_tok.subtree if (t.i <= item_tok.i and t.dep_ in {"amod", "compound"}) or t.i == item_tok.i
            )
        return Quantity(
            text,
            amount,
            unit or "count",
            item,
            offset + self.doc[span.start].idx,
            offset + self.doc[end_tok - 1].idx + len(self.doc[end_tok - 1].text),
            approx,
        )

    def _number_span(self, tok: Token) -> Span:
        for ent in self.doc.ents:
            if ent.start <= tok.i < ent.end and ent.label_ in {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}:
                return ent
        left = min([tok.i] + [c.i for c in tok.subtree if c.i < tok.i and c.dep_ in {"quantmod", "advmod", "compound", "nummod"}])
        return self.doc[left : tok.i + 1]

    # -- episodes -----------------------------------------------------------------------------------
    def share_episode_roles(self, drafts: list[Draft]) -> None:
        """Events one inside the other (`took control ... in a swift operation`) share place and time."""
        by_token = {d.trigger.i: d for d in drafts}
        for d in drafts:
            cur = d.trigger
            for _ in range(5):
                if cur.head.i == cur.i or cur.dep_ in CLAUSE_BOUNDARIES:
                    break
                cur = cur.head
                other = by_token.get(cur.i)
                if other is None or other.type in {"Statement"} or d.type == "Statement":
                    continue
                for a, b in ((d, other), (other, d)):
                    if (
                        not a.roles.get("location")
                        and b.roles.get("location")
                        and a.type in {"Attack", "TerritorialControl", "Deployment"}
                    ):
                        a.add("location", b.roles["location"])
                    if a.time is None and b.time is not None:
                        a.time = b.time
                break


def _compatible_time(a: TimeExpr | None, b: TimeExpr | None) -> bool:
    if a is None or b is None:
        return True
    return a.value.startswith(b.value) or b.value.startswith(a.value)


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """Mentions of one event in an article become one event that keeps every sentence.

    Same type, same modality family, compatible dates, and the same core participant (or, for an event
    without one, the same type in the next sentences: `A total of 130,000 munitions ... have been surrendered`).
    """
    merged: list[Draft] = []
    for d in drafts:
        target = None
        for m in merged:
            if m.type != d.type or not _compatible_time(m.time, d.time) or (m.modality == "planned") != (d.modality == "planned"):
                continue
            if (d.core and m.core and set(d.core) & set(m.core) and not _conflicting(m, d)) or (
                (
                    (not d.core or not m.core)
                    and (d.definite or min(abs(s - t) for s in d.sentences for t in m.sentences) <= 1)
                    and d.type != "Statement"
                )
                and not _conflicting(m, d)
            ):
                target = m
            if target:
                break
        if target is None:
            merged.append(d)
            continue
        for role, keys in d.roles.items():
            target.add(role, keys)
        if d.time and (target.time is None or len(d.time.value) > len(target.time.value)):
            target.time = d.time
        target.quantities += [q for q in d.quantities if all((q.start, q.end) != (o.start, o.end) for o in target.quantities)]
        target.sentences |= d.sentences
        target.attributed_to = target.attributed_to or d.attributed_to
        target.source = target.source or d.source
        target.evidence = max(target.evidence, d.evidence)
    return merged


def _conflicting(a: Draft, b: Draft) -> bool:
    for role in ("agent", "target", "location", "origin", "destination"):
        if a.roles.get(role) and b.roles.get(role) and not set(a.roles[role]) & set(b.roles[role]):
            return True
    return False


def extract_events(
    doc: Doc, document: Document, found: ArticleEntities, sentence_of, ontology_dir: str | None = None, offset: int | None = None
) -> list[Event]:
    """Every event of one parsed article (or segment starting at `offset`), merged, with stable keys."""
    offset = document.title_start if offset is None else offset
    extractor = EventExtractor(doc, document, found, sentence_of, load_lexicon(ontology_dir), offset)
    drafts = [d for d in merge_drafts(extractor.run()) if d.roles or d.quantities]
    events = []
    for d in drafts:
        tok = d.trigger
        start = offset + tok.idx
        key = hashlib.sha1(f"{document.id}|{d.type}|{start}".encode()).hexdigest()[:12]
        roles = tuple(
            Role(name, k) for name in ("agent", "target", "location", "origin", "destination") for k in d.roles.get(name, [])
        )
        evidence = d.evidence if (d.roles.get("agent") or d.roles.get("target")) else d.evidence - 0.2
        confidence = round(evidence * MODALITY_FACTOR[d.modality], 2)
        events.append(
            Event(
                key,
                document.id,
                d.type,
                tok.text,
                roles,
                tuple(sorted(d.sentences)),
                start,
                start + len(tok.text),
                d.time,
                tuple(d.quantities),
                d.modality,
                d.attributed_to,
                d.source,
                confidence,
            )
        )
    return events
