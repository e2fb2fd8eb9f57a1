"""How a protest went, as coders code it: peaceful, met with intervention, met with excessive force, or
turned violent by its protesters (a riot); and force the authorities used on protesters told as an attack.
Read from the sentences that tell the protest and the ones after (`Police dispersed them.`), without what
the protesters protested about and, for a riot, without what the authorities did.

Example: `Workers protested in Vadu and blocked the road with burning tires. Police dispersed them.` ->
Riot; `Inmates protested over food, and prison guards threw tear gas at them.` -> ProtestWithIntervention.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.analysis.events.context import Context, Draft, by_agents, entity_at, has_any, sentences_of, words_text
from kg.analysis.events.lexicon import CodingWords

STATE_FORCES = {"ArmedForce", "Government", "Country"}
RECIPROCAL = {"clash", "clashes", "fight", "battle", "confront", "scuffle"}
OBJECT_DEPS = {"dobj", "prep", "xcomp", "advcl", "nsubjpass"}
AIMED_AT = {"on", "at", "against", "upon", "into", "toward", "towards"}  # not `during a demonstration`


def against_protesters(ctx: Context, draft: Draft, clause: str, words: CodingWords) -> str:
    """Force the authorities used on protesters, told as an attack (`security forces opened fire on peaceful
    protesters`, `officers attacked a student demonstration`): the protest, met with excessive force when it
    killed, wounded or was fired with live rounds, else with intervention (`hit a demonstrator with a baton`).
    Not a clash, which protesters fight too (a riot)."""
    agents = draft.roles.get("agent", [])
    if not agents or not all(ctx.types.get(k) in STATE_FORCES for k in agents):
        return ""
    if draft.trigger.lemma_.lower() in RECIPROCAL or draft.trigger.lower_ in RECIPROCAL:
        return ""
    crowds = [ctx.found.entities[k].label.lower() for k in draft.roles.get("target", []) if k in ctx.found.entities]
    named = any(set(label.split()) & words.protest_words for label in crowds)
    # what the force was used on or for (`attacked a student demonstration`, `to clear protests`), not a
    # protest the sentence tells beside it (`a demonstration over a teenager killed by police`)
    on = {
        t.lower_
        for c in draft.trigger.children
        if c.dep_ in OBJECT_DEPS and (c.dep_ != "prep" or c.lower_ in AIMED_AT)
        for t in c.subtree
        if t.tag_ not in {"NNP", "NNPS"}  # `On 4 March`: the month is no march
    }
    if not named and not on & words.protest_words:
        return ""
    hurt = any(c.kind in {"killed", "injured"} for c in draft.casualties)
    return "ExcessiveForceAgainstProtesters" if hurt or has_any(clause, words.excessive) else "ProtestWithIntervention"


def protest_kind(ctx: Context, draft: Draft, words: CodingWords) -> str:
    """A protest the authorities met with lethal force, with other intervention, a protest turned violent by
    its protesters, or a peaceful one, from the sentences that tell it and the one after."""
    near = _lower_text(sentences_of(ctx, _told_in(draft, 1)))  # lethal force is told with the protest or right after it
    if has_any(near, words.authorities) and (has_any(near, words.excessive) or any(c.kind == "killed" for c in draft.casualties)):
        return "ExcessiveForceAgainstProtesters"
    sentences = sentences_of(ctx, _told_in(draft, 2))
    deeds = _deeds(sentences, words)  # (`demanding the prosecutor be removed` is no removal by the police)
    if has_any(_deeds(sentences, words, by_authorities=False), words.riot):
        return "Riot"  # protesters who turn violent riot, whether or not the police then step in
    if has_any(_lower_text(sentences), words.authorities) and has_any(deeds, words.intervention):
        return "ProtestWithIntervention"
    return "Protest"


def intervening(ctx: Context, draft: Draft, words: CodingWords) -> list[str]:
    """The forces that intervened in a protest, where the text names them (`Police dispersed them with tear
    gas`): the doers of the authorities' deeds of intervention in the sentences that tell it and the two after.
    Coders name them as the protest's or the riot's other side (ACLED's actor2)."""
    out: list[str] = []
    for sentence in sentences_of(ctx, _told_in(draft, 2)):
        for verb in sentence:
            if verb.pos_ != "VERB" or not _by_authorities(verb, words):
                continue
            if not has_any(words_text(sorted((verb.doc[i] for i in _own_words(verb)), key=lambda t: t.i)), words.intervention):
                continue
            for doer in _doers(verb):
                key = entity_at(ctx, doer)
                if key and ctx.types.get(key) in STATE_FORCES and key not in out:
                    out.append(key)
    return out


def _deeds(sentences, words: CodingWords, by_authorities: bool = True) -> str:
    """The words of what was done, without what the protesters protested about (`against domestic violence`,
    `demanding the arrest of those who set fire to the crops`): a grievance is no riot and no intervention.
    Without `by_authorities`, also without what the police or soldiers did (`guards threw tear gas`,
    `an officer beat up a trader`): their force is an intervention, not the protesters' riot."""
    about: set[int] = set()
    for s in sentences:
        for t in s:
            if not by_authorities and t.pos_ == "VERB" and _by_authorities(t, words):
                about |= _own_words(t)
            if t.dep_ == "prep" and t.lower_ in words.grievance:
                about |= {g.i for g in t.subtree}
            elif t.pos_ == "VERB" and t.lemma_.lower() in words.grievance:
                for c in t.children:
                    if c.dep_ in {"dobj", "prep", "xcomp", "ccomp", "attr"}:
                        about |= {g.i for g in c.subtree}
    return words_text([t for s in sentences for t in s if t.i not in about])


def _by_authorities(verb: Token, words: CodingWords) -> bool:
    """Whether a verb's doer is the authorities by its head noun (`police fired`, `a police officer beat`,
    `was beaten by soldiers`)."""
    names = {
        w for d in _doers(verb) for t in (d, *(c for c in d.children if c.dep_ == "compound")) for w in (t.lower_, t.lower_ + "s")
    }
    return not names.isdisjoint(words.authorities)


def _doers(verb: Token) -> list[Token]:
    """Who does what a verb says: its subject or by-agent, or, for a conjunct with neither, its head verb's
    (`dispersed them and beat several`)."""
    doers = [c for c in verb.children if c.dep_ == "nsubj"]
    doers += by_agents(verb)
    if not doers and verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        return _doers(verb.head)
    return doers


def _own_words(verb: Token) -> set[int]:
    """A verb with its objects and adjuncts, not the clauses told inside them (`dispersed the workers, who
    had pelted stones`: the pelting is the workers')."""
    out = {verb.i}
    for c in verb.children:
        if c.dep_ in {"nsubj", "nsubjpass", "conj", "cc", "advcl", "ccomp", "parataxis", "punct"}:
            continue
        clauses = {g.i for r in c.subtree if r.dep_ in {"relcl", "acl", "conj"} and r.pos_ == "VERB" for g in r.subtree}
        out |= {g.i for g in c.subtree} - clauses
    return out


def _lower_text(sentences) -> str:
    """The sentences' words in lower case, spaced at both ends, as `has_any` reads whole phrases."""
    return " " + " ".join(t.lower_ for s in sentences for t in s) + " "


def _told_in(draft: Draft, after: int) -> set[int]:
    """The sentences of an event and the `after` ones after each: coders read `Police dispersed them.` with
    the protest before it, also past a sentence on what the protesters demanded."""
    return draft.sentences | {s + n for s in draft.sentences for n in range(1, after + 1)}
