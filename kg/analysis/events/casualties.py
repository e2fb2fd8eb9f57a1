"""Tolls: how many were killed, injured, went missing or were abducted, whose dead, and who says so.

Conflict datasets keep a toll per source (UCDP: best, low, high), so each toll the text gives is its own
record with its words, bounds and claimant, attached to the attack it counts. The words are data
(`ontology/lexicon/casualties.json`); the constructions are dependency patterns:

- `At least 14 villagers were killed` (passive subject), `gunmen killed 20` (object), `seven died` (subject)
- `... and 30 wounded` (a reduced conjunct), `the 14 people killed in the raid` (participle on its noun)
- `left 26 people dead`, `12 dead`, `two went missing`, `claimed 300 lives`, `the death toll rose to 41`

Vague figures are coded as ACLED codes them (`dozens` -> 12) and say so in their words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Token

from kg.analysis.events.amounts import quantity
from kg.analysis.events.context import Context, Draft, entity_at, has_any
from kg.analysis.events.fillers import filler, fillers
from kg.analysis.events.modality import attribute
from kg.analysis.quantities import parse_amount
from kg.knowledge import schemas
from kg.records import Casualties

SUBJECTS = {"nsubj", "nsubjpass"}


@dataclass(frozen=True, slots=True)
class TollWords:
    verbs: dict[str, str]
    intransitive: dict[str, str]
    adjectives: dict[str, str]
    nouns: dict[str, str]
    of_nouns: dict[str, str]
    toll_nouns: frozenset[str]
    toll_kinds: dict[str, str]
    leaving: frozenset[str]
    finding: frozenset[str]
    remains: frozenset[str]
    taking: dict[str, dict[str, str]]
    singular: frozenset[str]
    vague: dict[str, int]
    lower_bounds: dict[str, int]
    upper_bounds: tuple[str, ...]
    running_words: tuple[str, ...]
    running_doers: frozenset[str]
    harm_nouns: frozenset[str]
    attempts: frozenset[str]


@cache
def toll_words(ontology_dir: str | None = None) -> TollWords:
    data = schemas.load("lexicon/casualties.json", ontology_dir)
    return TollWords(
        verbs=data["verbs"],
        intransitive=data["intransitive"],
        adjectives=data["adjectives"],
        nouns=data["nouns"],
        of_nouns=data["of_nouns"],
        toll_nouns=frozenset(data["toll_nouns"]),
        toll_kinds=data["toll_kinds"],
        leaving=frozenset(data["leaving_verbs"]),
        finding=frozenset(data["finding_verbs"]),
        remains=frozenset(data["remains_nouns"]),
        taking=data["taking_verbs"],
        singular=frozenset(data["singular_determiners"]),
        vague=data["vague"],
        lower_bounds=data["lower_bounds"],
        upper_bounds=tuple(data["upper_bounds"]),
        running_words=tuple(data["running_words"]),
        running_doers=frozenset(data["running_doers"]),
        harm_nouns=frozenset(data["harm_nouns"]),
        attempts=frozenset(data["attempt_verbs"]),
    )


def counted(tok: Token, words: TollWords) -> list[tuple[str, Token]]:
    """What `tok` says was done to how many: [(kind, the counted phrase's head)], from the parse alone."""
    lemma, lower = tok.lemma_.lower(), tok.lower_
    kids = list(tok.children)
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in words.attempts:
        return []  # `attempted to assassinate a man, injuring him`: no one was killed
    if tok.pos_ in {"VERB", "AUX"} and lemma in words.verbs:
        kind = words.verbs[lemma]
        passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in kids)
        heads = [c for c in kids if c.dep_ == ("nsubjpass" if passive else "dobj")]
        if not heads and tok.dep_ == "conj" and tok.tag_ == "VBN":  # `14 were killed and 30 wounded`
            heads = [c for c in kids if c.dep_ in {"nsubj", "dobj", "npadvmod"}]
            # `one policeman was shot and killed`: the passive subject of the verb it is joined to
            heads = heads or [c for c in tok.head.children if c.dep_ == "nsubjpass"]
        # `killing and injuring a number of fighters`: the object of the verb joined to it; not when the
        # verb tells what became of another's object (`leaving him killed and injuring his family`)
        told_of = tok.dep_ in {"xcomp", "oprd", "ccomp"} and any(c.dep_ == "dobj" for c in tok.head.children)
        if not heads and not told_of:
            heads = [g for c in kids if c.dep_ == "conj" and c.pos_ == "VERB" for g in c.children if g.dep_ == "dobj"]
        if not heads and tok.dep_ == "acl" and tok.tag_ == "VBN":  # `the 14 people killed in the raid`
            heads = [tok.head]
        if not heads:  # `55 wounded were brought to hospital`
            heads = [c for c in kids if c.like_num and c.dep_ in {"nsubj", "nummod", "npadvmod"}][:1]
        return [(kind, h) for h in heads]
    if tok.pos_ == "VERB" and lemma not in words.leaving and (result := _resultative(kids, words)):
        passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in kids)
        victims = [(result, c) for c in kids if c.dep_ == ("nsubjpass" if passive else "dobj")]
        if victims:
            return victims
    if lemma in words.finding and tok.pos_ == "VERB":  # `the body of a man was found`, `found two bodies`
        return [("killed", h) for h in _found_dead(kids, words)]
    if lemma in words.intransitive:
        subjects = [c for c in kids if c.dep_ == "nsubj"]
        if not subjects and tok.dep_ == "conj" and tok.head.pos_ == "VERB":  # `a suspect was shot and died`
            subjects = [c for c in tok.head.children if c.dep_ in SUBJECTS]
        if tok.dep_ == "relcl":  # `hit the man, who died`: the relative pronoun stands for its noun
            subjects = [tok.head if c.lower_ in {"who", "that"} else c for c in subjects]
        return [(words.intransitive[lemma], c) for c in subjects]
    if lemma == "go" or lemma in {"be", "remain"}:  # `two went missing`, `five are missing`
        for c in kids:
            if c.dep_ in {"acomp", "xcomp", "oprd", "advcl"} and c.lower_ in words.adjectives:
                return [(words.adjectives[c.lower_], s) for s in kids if s.dep_ == "nsubj"]
        return []
    if lemma in words.leaving:  # `left 26 people dead`, `left 12 dead`
        out = []
        for c in kids:
            if c.dep_ in {"oprd", "ccomp", "xcomp", "acomp"} and c.lower_ in words.adjectives and _number_child(c):
                out.append((words.adjectives[c.lower_], c))
            elif c.dep_ in {"oprd", "ccomp", "xcomp", "acomp"} and c.lower_ in words.adjectives:
                out += [(words.adjectives[c.lower_], s) for s in c.children if s.dep_ in {"nsubj", "dobj"}]
                out += [(words.adjectives[c.lower_], s) for s in kids if s.dep_ == "dobj" and s.lower_ not in words.adjectives]
            elif c.dep_ == "dobj" and c.lower_ in words.adjectives and _number_child(c):
                out.append((words.adjectives[c.lower_], c))
        return out
    if lemma in words.taking:  # `took 12 hostage`
        for c in kids:
            if c.lower_ in words.taking[lemma] and c.dep_ in {"oprd", "advmod", "xcomp", "ccomp", "dobj", "npadvmod"}:
                return [(words.taking[lemma][c.lower_], o) for o in kids if o.dep_ == "dobj" and o.i != c.i]
        return []
    if lower in words.adjectives and any(c.dep_ in {"aux", "cop"} and c.lemma_ == "be" for c in kids):  # `five are missing`
        return [(words.adjectives[lower], c) for c in kids if c.dep_ == "nsubj"]
    if lower in words.adjectives and tok.pos_ in {"ADJ", "NOUN"} and _number_child(tok) and tok.head.lemma_ not in words.leaving:
        return [(words.adjectives[lower], tok)]  # `12 dead`
    if lower in words.nouns and _number_child(tok):  # `claimed 300 lives`, `2,600 deaths`
        return [(words.nouns[lower], tok)]
    if lower in words.of_nouns and tok.pos_ == "NOUN":  # `led to the killing of 3 militants and 2 policemen`
        counted = [g for p in kids if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
        return [(words.of_nouns[lower], c) for c in counted if _number_child(c)]  # (its conjuncts are read with it)
    if lemma in words.toll_nouns:  # `the death toll rose to 41`, `a toll of 41`
        kind = next((words.toll_kinds[c.lemma_.lower()] for c in kids if c.lemma_.lower() in words.toll_kinds), "killed")
        places = [*kids, *(c for c in tok.head.children if c.i != tok.i)] if tok.dep_ in SUBJECTS else kids
        return [  # `a toll of 30 assailants dead`: the count may carry its noun
            (kind, g)
            for p in places
            if p.dep_ == "prep" and p.lower_ in {"of", "to", "at"}
            for g in p.children
            if g.like_num or _number_child(g)
        ]
    return []


def _found_dead(kids: list, words) -> list:
    """Whose remains a finding verb tells of: `the body of a man was found` (the man), `found two bodies`,
    `human remains were found`, `three dead women were found` (an adjective of death on what was found)."""
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in kids)
    found = [
        c
        for c in kids
        if c.dep_ == ("nsubjpass" if passive else "dobj")
        and (
            c.lemma_.lower() in words.remains
            or c.lower_ in words.remains  # `human remains`, lemmatised `remain`
            or any(a.dep_ == "amod" and words.adjectives.get(a.lower_) == "killed" for a in c.children)
        )
    ]
    whose = [
        g for c in found for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"
    ]
    return whose or found


def _resultative(kids: list[Token], words: TollWords) -> str:
    """The kind a verb's result says (`shot dead`, `was beaten to death`, `shot three farmers dead`), or ""."""
    for c in kids:
        if c.dep_ in {"oprd", "acomp", "xcomp"} and c.lower_ in words.adjectives:
            return words.adjectives[c.lower_]
        if c.dep_ == "prep" and c.lower_ == "to" and any(g.dep_ == "pobj" and g.lemma_.lower() == "death" for g in c.children):
            return "killed"
    return ""


def _number_child(tok: Token) -> bool:
    return any(c.dep_ == "nummod" or c.like_num for c in tok.children)


NOT_A_VICTIM = {"DATE", "TIME", "GPE", "LOC"}  # named entity labels of names that are no one killed


def figure(ctx: Context, head: Token, words: TollWords) -> tuple[str, int, int] | None:
    """The words of the count `head` gives and their offsets: `more than 20 people`, `a soldier`, `dozens`."""
    q = quantity(ctx, head, False)
    if q is None:
        if (
            (head.pos_ == "PROPN" and head.ent_type_ not in NOT_A_VICTIM)  # `Jalisco`, `May` as a misparsed subject
            or any(c.dep_ == "det" and c.lower_ in words.singular for c in head.children)
            or (head.tag_ == "NN" and any(c.dep_ in {"det", "poss"} for c in head.children))  # `The officer died.`
            or head.lower_ in {"him", "her"}  # `opened fire on a civilian, killing him`
        ):
            start = ctx.offset + min(t.idx for t in head.subtree if t.i <= head.i)
            end = ctx.offset + head.idx + len(head.text)
            return ctx.text[start - ctx.offset : end - ctx.offset], start, end  # one person
        vague = next((c for c in head.children if c.dep_ in {"amod", "det", "nummod"} and c.lower_ in words.vague), None)
        if vague is not None and vague.i < head.i:  # `several soldiers`
            start, end = ctx.offset + vague.idx, ctx.offset + head.idx + len(head.text)
            return ctx.text[vague.idx : head.idx + len(head.text)], start, end
        if head.lower_ not in words.vague:
            return None
        return head.text, ctx.offset + head.idx, ctx.offset + head.idx + len(head.text)
    return q.text, q.start, q.end


def amounts(text: str, words: TollWords) -> tuple[int, int | None, int | None] | None:
    """Best, low, high from the words: `at least 14` -> (14, 14, None); `dozens` -> (12, None, None);
    `between 10 and 15` -> (10, 10, 15); `a soldier` -> (1, None, None)."""
    t = " ".join(text.lower().split())
    between = re.match(r"between ([\d,]+) and ([\d,]+)", t)
    if between:
        low, high = (int(x.replace(",", "")) for x in between.groups())
        return low, low, high
    value, _approx = parse_amount(t)
    if value is None:
        vague = [v for w, v in words.vague.items() if re.search(rf"\b{w}\b", t)]
        if not vague:
            return (1, None, None) if t.split()[0] in words.singular or not any(ch.isdigit() for ch in t) else None
        return max(vague), None, None
    n = int(value)
    for prefix, step in sorted(words.lower_bounds.items(), key=lambda kv: -len(kv[0])):
        if t.startswith(prefix + " "):
            return n + step, n + step, None
    if any(t.startswith(p + " ") for p in words.upper_bounds):
        return n, None, n
    return n, None, None


def tolls_at(ctx: Context, tok: Token, words: TollWords) -> list[Casualties]:
    """Every toll `tok` states, each with whose dead it counts and who says so."""
    out: list[Casualties] = []
    for kind, head in counted(tok, words):
        figures = [(h, fig) for h in [head, *(c for c in head.conjuncts if not c.like_num)] if (fig := figure(ctx, h, words))]
        for h, (text, start, end) in figures:
            numbers = amounts(text, words)
            if numbers is None:
                continue
            best, low, high = numbers
            party = _party(ctx, h, apart=len(figures) > 1)
            claim = Draft("Attack", tok)
            attribute(ctx, claim)
            out.append(
                Casualties(kind, best, text, start, end, ctx.sentence_of(tok.i), low, high, party, claim.attributed_to or None)
            )
    return out


FORCE_TYPES = frozenset({"ArmedForce", "ArmedGroup", "Organization"})  # whose personnel a count may be


def _party(ctx: Context, h: Token, apart: bool) -> str | None:
    """Whose dead the counted noun `h` counts: what it names, else the force or group that modifies it
    (`14 Taliban fighters`, `three CRPF personnel`). One of several conjoined counts (`apart`) names only its
    own party, never the next conjunct's (`three CRPF personnel and one civilian`: 3 of CRPF's and a
    civilian, four in all); a count alone may take its phrase's first party (`a social leader and president
    of X`: one man, whose party the second title names)."""
    own = filler(ctx, h) or next(
        (
            key
            for mod in h.children
            if mod.dep_ in {"compound", "amod", "nmod"} and (key := entity_at(ctx, mod)) and ctx.types.get(key) in FORCE_TYPES
        ),
        None,
    )
    return own if own is not None or apart else next(iter(fillers(ctx, h)), None)


def attach_tolls(ctx: Context, drafts: list[Draft], new_draft) -> None:
    """Each toll goes to the attack it counts: the attack its word triggers, else one the word's clause is
    linked to (`killed when militants stormed`), else the nearest attack of its sentence; a `death toll`
    without one updates the last attack told before it. A toll with no attack at all makes one
    (`Nine soldiers died on Friday`)."""
    words = toll_words()
    last: Casualties | None = None
    for tok in ctx.doc:
        tolls = tolls_at(ctx, tok, words)
        if not tolls or running(tok, words):
            continue
        if last is not None and last.sentence == tolls[0].sentence:  # `seven jihadists were killed and eight wounded`
            tolls = [replace(t, party=last.party) if t.party is None and " " not in t.text else t for t in tolls]
        last = tolls[-1]
        host = _host(ctx, drafts, tok)
        if host is None and tok.lemma_.lower() in words.toll_nouns:
            host = next((d for d in reversed(drafts) if d.type == "Attack" and d.trigger.i < tok.i), None)
        if host is None:
            host = new_draft(tok, tolls)
            if host is None:
                continue
            drafts.append(host)
        if host.attributed_to and host.trigger.sent == tok.sent:  # the claimant of the sentence's attack
            tolls = [t if t.attributed_to else replace(t, attributed_to=host.attributed_to) for t in tolls]
        host.casualties += [t for t in tolls if t not in host.casualties]


def running(tok: Token, words: TollWords) -> bool:
    """Whether the toll `tok` states is a running count of a war or campaign (`The conflict has killed tens of
    thousands since 2019`, `600 had been killed before the latest escalation`): such figures are background,
    and adding them to the attack told beside them made a day's strike a war's dead."""
    if has_any(" ".join(t.lower_ for t in tok.subtree), words.running_words):
        return True
    perfect = any(c.dep_ in {"aux", "auxpass"} and c.lemma_ == "have" for c in tok.children)
    doers = {t.lemma_.lower() for c in tok.children if c.dep_ == "nsubj" for t in c.subtree}
    return perfect and bool(doers & words.running_doers)


def _host(ctx: Context, drafts: list[Draft], tok: Token) -> Draft | None:
    attacks = [d for d in drafts if d.type == "Attack" and d.trigger.sent == tok.sent]
    for d in attacks:
        if d.trigger.i == tok.i:
            return d
    linked = [d for d in attacks if d.trigger in tok.ancestors or tok in d.trigger.ancestors]
    pool = linked or attacks
    return min(pool, key=lambda d: abs(d.trigger.i - tok.i)) if pool else None
