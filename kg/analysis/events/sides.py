"""Who fought whom: the sides of a fight as the text tells them.

A clash is mutual: `X and Y clashed`, `X clashed with Y` make each side an agent and a target. An attack
told as what its target met (`troops repelled an attack by militants`) is the attacker's, the side that met
it its target, one occurrence with the dead the countering verb counts. `an attack of X on Y` names X the
attacker. Each reads the parse of one sentence; exports name the first side named as actor1.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.analysis.events.context import PLACE_ROLES, Context, Draft
from kg.analysis.events.fillers import ARMED_ACTORS, fillers
from kg.analysis.events.merge import HOW_MARKS
from kg.analysis.events.owners import by_phrase, cause_clauses


def one_side_each(ctx: Context, draft: Draft, verb: Token) -> None:
    """`the forces of India and Pakistan exchanged fire`, `GNA and LNA forces clashed`: a verb that takes two
    sides as its subject (words.json `reciprocal_verbs`) says each fought the other, so every side is an
    agent and a target; so does one with a side after `with` (`X clashed with Y`). Exports name the first
    side named as actor1 and the next as actor2."""
    agents = draft.roles.get("agent", [])
    if not fighting(ctx, draft.type):
        return
    if verb.lemma_.lower() not in ctx.lex.reciprocal_verbs and verb.lower_ not in ctx.lex.reciprocal_verbs:
        return
    if agents and fought_with(ctx, draft, verb):
        return
    if len(agents) == 1 and among_themselves(ctx, verb):
        draft.add("target", agents)  # `two mobs clashed`, `the factions fought each other`: one kind, both sides
        return
    if len(agents) < 2:
        return
    sent = verb.sent
    named_at: dict[str, int] = {}  # each side by where its sentence first names it: `GNA and LNA forces` is GNA first
    for i in range(sent.start, sent.end):
        key = ctx.found.token_entity.get(i)
        if key in agents and key not in named_at:
            named_at[key] = i
    # a place the parser chained onto the sides (`Paletwa Township, Rakhine State, the military and AA
    # clashed`) is where they fought, no side
    sides = sorted(
        (k for k in agents if ctx.types.get(k) not in ctx.lex.place_types - {"Country"}), key=lambda k: named_at.get(k, sent.end)
    )
    if len(sides) < 2:
        return
    draft.roles["agent"] = sides
    draft.add("target", sides)


def fought_with(ctx: Context, draft: Draft, verb: Token) -> bool:
    """`X clashed with Y`, `X exchanged fire with Y`: the side after `with` fought the subject as much as
    the subject fought it, so each is an agent and a target, the subject named first. Not the dead a toll
    counts, which are no side."""
    heads = [verb, *(c for c in verb.children if c.dep_ == "dobj")]  # `exchanged fire with X`
    preps = [p for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ == "with"]
    actors = ctx.lex.actor_types - ctx.lex.place_types
    sides = [k for p in preps for g in p.children if g.dep_ == "pobj" for k in fillers(ctx, g) if ctx.types.get(k) in actors]
    if not sides:
        return False
    draft.add("agent", [k for k in sides if k not in draft.roles.get("agent", [])])
    draft.add("target", [k for k in draft.roles["agent"] if ctx.types.get(k) in actors])
    return True


def among_themselves(ctx: Context, verb: Token) -> bool:
    """Whether the one subject of a verb of fighting names both sides: two or more of a kind (`two mobs`,
    `armed men`, `rival factions`; words.json `side_nouns`, `side_modifiers`), or sides that fought `each
    other`. `The army clashed near X` does not."""
    if any(c.lower_ in {"other", "another"} for c in verb.subtree if c.dep_ in {"dobj", "pobj"}):
        return True
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return any(
        s.lower_ in ctx.lex.side_nouns
        or (s.tag_ == "NNS" and any(c.dep_ == "nummod" and c.lower_ not in {"one", "1"} for c in s.children))
        or (s.tag_ == "NNS" and any(c.lower_ in ctx.lex.side_modifiers for c in s.children if c.dep_ == "amod"))
        for s in subjects
    )


def fighting(ctx: Context, cls: str) -> bool:
    """An event of the attack tree (a clash, an exchange of fire, shelling): one side against another."""
    return ctx.lex.root(cls) == "Attack"


ON_WHOM = frozenset({"on", "against", "upon"})


def attacked_elsewhere(ctx: Context, noun: Token, cls: str, of_whom: Token, keys: list[str]) -> bool:
    """`an attack of X on Y`: with its target told by `on` or `against`, an attack's `of` names the
    attacker when that is an armed side (`the assault of the rebels on the town`), not what was attacked.
    The model often hangs the `on` on the attacker's noun."""
    return (
        fighting(ctx, cls)
        and bool(keys)
        and all(ctx.types.get(k) in ARMED_ACTORS for k in keys)
        and any(c.dep_ == "prep" and c.lower_ in ON_WHOM for t in (noun, of_whom) for c in t.children)
    )


def fold_countered(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """An attack told as what its target met (`troops repelled an attack by militants on their post, killing
    four`, `police foiled an assault of gunmen on the prison`; words.json `countering_verbs`) is one
    occurrence: the attack, its attacker the agent, the side that met it its target. The countering verb's
    own event, when it makes one, gives the attack its dead, place and date and is dropped; the armed side
    it hit becomes the attacker when the attack names none (`repelled an attack on the post, killing four
    militants`)."""
    by_token = {d.trigger.i: d for d in drafts}
    dropped: set[int] = set()
    for attack in drafts:
        verb = attack.trigger.head
        if (
            attack.trigger.dep_ not in {"dobj", "nsubjpass"}
            or attack.trigger.pos_ != "NOUN"
            or ctx.lex.root(attack.type) != "Attack"
            or verb.lemma_.lower() not in ctx.lex.countering_verbs
        ):
            continue
        counter = by_token.get(verb.i)
        if attack.trigger.dep_ == "nsubjpass":
            met_by = by_phrase(ctx, verb)  # `the attack was repelled by the army`
        elif counter is not None:
            met_by = list(counter.roles.get("agent", []))
        else:
            met_by = [k for s in verb.children if s.dep_ == "nsubj" for k in fillers(ctx, s)]
        attackers = set(attack.roles.get("agent", []))
        attack.add("target", [k for k in met_by if k not in attackers])
        # the verb's own event, what it did to the attackers (`..., killing four`) and the toll it tells how
        # came about (`nine were killed when troops repulsed their attack`) are the attack's
        for other in drafts:
            if other is not attack and (
                other.trigger.i == verb.i or _done_by(other, verb, met_by, ctx) or _toll_of(other, verb, met_by)
            ):
                _fold(ctx, attack, other)
                dropped.add(other.trigger.i)
    return [d for d in drafts if d.trigger.i not in dropped]


def _done_by(draft: Draft, verb: Token, met_by: list[str], ctx: Context) -> bool:
    """A participle of the countering verb (`repelled the attack, killing four`) whose doer is the side
    that met the attack."""
    return (
        draft.trigger.head.i == verb.i
        and draft.trigger.dep_ in {"advcl", "xcomp"}
        and ctx.lex.root(draft.type) == "Attack"
        and set(draft.roles.get("agent", [])) <= set(met_by)
    )


def _toll_of(draft: Draft, verb: Token, met_by: list[str]) -> bool:
    """`nine militants were killed when troops repulsed their attack`: a toll in the passive whose `when`
    clause is the countering verb counts the attack's dead (its doer, if any, is the side that met it)."""
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in draft.trigger.children)
    return (
        passive
        and set(draft.roles.get("agent", [])) <= set(met_by)
        and any(c.i == verb.i for c in cause_clauses(draft.trigger, HOW_MARKS))
    )


def _fold(ctx: Context, attack: Draft, other: Draft) -> None:
    attackers = set(attack.roles.get("agent", []))
    hit = [k for k in other.roles.get("target", []) if k not in attackers and ctx.types.get(k) in ARMED_ACTORS]
    if not attackers:
        attack.add("agent", hit)
    for role in PLACE_ROLES:
        if not attack.roles.get(role):
            attack.add(role, other.roles.get(role, []))
    attack.time = attack.time or other.time
    attack.casualties += [c for c in other.casualties if c not in attack.casualties]
    attack.quantities += [q for q in other.quantities if q not in attack.quantities]
    attack.sentences |= other.sentences
    attack.evidence = max(attack.evidence, other.evidence)
