"""Whose it is: the actor behind a thing a phrase names instead of them. The owner of what is attacked
(`LNA positions`, `an army checkpoint`), who used a weapon (`a landmine planted by X`, `an IS landmine`),
the `by` of a passive, and who caused a harm told without its harmer (`were wounded when forces fired`).

Apart from `fillers`, which finds the entities a token names: these rules name an actor the token does
not, from what the sentence says about the thing.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.analysis.events.context import Context, by_agents, entity_at
from kg.analysis.events.fillers import ARMED_ACTORS, fillers


def owner_of(ctx: Context, tok: Token) -> list[str]:
    """`Baku's sovereignty` -> Baku; `the rights of ethnic Armenians` -> Armenians; `Armenian buildup` -> Armenia."""
    for child in tok.children:
        owner = entity_at(ctx, child)
        if child.dep_ in {"poss", "amod", "compound", "nmod"} and owner:
            return [owner]
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return fillers(ctx, pobj)
    return []


OWNER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})


def owning_actors(ctx: Context, tok: Token) -> list[str]:
    """The actors a phrase that names no one belongs to: `LNA positions`, `an army checkpoint`, `a police
    patrol team`, `the positions of the forces of X`. Attacking a unit's post, vehicle or patrol attacks it.
    A place's owner is not attacked with it (`struck Indonesia's Lombok`), nor is a person's country
    (`the house of an Afghan governor`)."""
    if entity_at(ctx, tok):
        return []
    found: list[str] = []
    stack = [c for c in tok.children if c.dep_ in OWNER_DEPS]
    while stack:
        t = stack.pop(0)
        key = entity_at(ctx, t)
        if key:
            found.append(key)
        elif t.dep_ == "compound":
            stack += [c for c in t.children if c.dep_ in OWNER_DEPS]  # `police patrol team`
    found += [
        k
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children
        if p.dep_ == "pobj"
        for k in fillers(ctx, p)
    ]
    found += used_by(ctx, tok)  # `intercepted a missile fired by X`, `defused a bomb planted by X`
    found += [  # `seized rifles belonging to X`
        k
        for c in tok.children
        if c.dep_ == "acl" and c.lemma_.lower() in ctx.lex.owning
        for p in c.children
        if p.dep_ == "prep" and p.lower_ == "to"
        for g in p.children
        if g.dep_ == "pobj"
        for k in fillers(ctx, g)
    ]
    places = ctx.lex.place_types - {"Country"}  # `areas of X district`: a place holding them is where, not who
    out: list[str] = []
    for key in found:
        if ctx.types.get(key) in ctx.lex.actor_types - places and key not in out:
            out.append(key)
    return out


def used_by(ctx: Context, weapon: Token, owner_too: bool = False) -> list[str]:
    """Who used a weapon, by the participle on it: `a landmine planted by X`, `shells fired by X`; with
    `owner_too`, by the name on it when no participle says (`an IS landmine detonated`)."""
    found = [k for c in weapon.children if c.dep_ == "acl" and c.lemma_.lower() in ctx.lex.delivering for k in by_phrase(ctx, c)]
    # `a Taliban-planted landmine`: the name joined to the participle by a hyphen
    found += [
        k
        for c in weapon.children
        if c.dep_ == "amod" and c.lemma_.lower() in ctx.lex.delivering
        for g in c.children
        if g.dep_ in {"npadvmod", "compound", "nmod"} and (k := entity_at(ctx, g))
    ]
    places = ctx.lex.place_types - {"Country"}
    owners = (k for c in weapon.children if c.dep_ in OWNER_DEPS and (k := entity_at(ctx, c)))
    return found or [k for k in owners if owner_too and ctx.types.get(k) in ctx.lex.actor_types - places]


def by_phrase(ctx: Context, verb: Token) -> list[str]:
    """The entities of a passive verb's `by` phrase (`declared by both sides`), in order."""
    return [k for p in by_agents(verb) for k in fillers(ctx, p)]


CAUSE_MARKS = frozenset({"when", "as", "after"})


def _joined(verb: Token) -> list[Token]:
    """The verb and the verbs joined to it (`two were wounded and houses were damaged`)."""
    return [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB")]


def cause_clauses(verb: Token, marks: frozenset[str] = CAUSE_MARKS) -> list[Token]:
    """The adverbial clauses, marked by one of `marks`, that say how `verb` happened (`were wounded when
    Afghan forces fired mortars`); the clause may hang on a verb joined to it (`two were wounded and houses
    were damaged when ...`)."""
    return [
        c
        for v in _joined(verb)
        for c in v.children
        if c.dep_ == "advcl" and any(m.dep_ in {"advmod", "mark"} and m.lower_ in marks for m in c.children)
    ]


def cause_agents(ctx: Context, verb: Token) -> list[str]:
    """Who harmed the party a passive names without its harmer: the armed subject of the clause that says
    how (`cause_clauses`), or the armed `by` of the operation it happened in (`a commander was killed during
    an operation by police forces`)."""
    out = [
        k
        for clause in cause_clauses(verb)
        if ctx.lex.verb_class(clause.lemma_.lower())
        for s in clause.children
        if s.dep_ == "nsubj"
        for k in fillers(ctx, s)
    ]
    for child in (c for v in _joined(verb) for c in v.children if c.dep_ == "prep" and c.lower_ in {"during", "in"}):
        for noun in (g for g in child.children if g.dep_ == "pobj" and g.lemma_.lower() in ctx.lex.nouns):
            by = [p for b in noun.children if b.dep_ == "prep" and b.lower_ == "by" for p in b.children if p.dep_ == "pobj"]
            out += [k for p in by for k in fillers(ctx, p)]
    return [k for k in out if ctx.types.get(k) in ARMED_ACTORS]
