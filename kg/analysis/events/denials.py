"""Which claims of an article a denial answers: `Kyiv accused Moscow of the blast, a charge the Kremlin
denied` -> the Kremlin's denial answers Kyiv's accusation.

Decided once per article, after its segments are joined, because a denial and the claim it answers are
often paragraphs apart. The answer is a link in the data (`conf:denies`), so a claim's denials are one
lookup, not a look through every node of its article by every claim (the `claims` question paid that for
each claim of a scope: 80 ms for a month at 10,000 articles).

A claim is an event someone is said to claim (`..., the ministry said`) that is not itself a plain
statement, or an event of a class whose agent is its claimant (`claimant` in `events.json`: an accusation).
A denial answers a claim when its denier is a party the claim is about (its target, or for a claim whose
agent is only the claimant, not that agent: the accuser does not deny its own charge), governs such a
party, governs the same place as one, or governs the state a party belongs to (`Moscow` for a claim about
`Russian forces`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kg.analysis.events.lexicon import Lexicon
from kg.records import Entity, Event


def is_claim(lex: Lexicon, event: Event) -> bool:
    if lex.flag(event.type, "claimant"):
        return bool(event.role("agent"))
    return bool(event.attributed_to) and not lex.flag(event.type, "report")


def parties(lex: Lexicon, claim: Event) -> set[str]:
    """Who a claim is about, so who could deny it."""
    about = set(claim.role("target"))
    return about if lex.flag(claim.type, "claimant") else about | set(claim.role("agent"))


def speaks_for(denier: str, about: set[str], governs: dict[str, str], part_of: dict[str, str]) -> bool:
    """Whether a denier answers for one of the parties a claim is about: it is one, or governs one, or
    governs what one governs or belongs to."""
    ruled = governs.get(denier)
    if denier in about:
        return True
    return ruled is not None and (ruled in about or any(ruled in (governs.get(p), part_of.get(p)) for p in about))


def link_denials(lex: Lexicon, events: tuple[Event, ...], entities: Iterable[Entity]) -> tuple[Event, ...]:
    """The article's events, each denial with the keys of the claims it answers (`Event.denies`), in order."""
    governs, part_of = {}, {}
    for e in entities:
        if e.governs:
            governs[e.key] = e.governs
        if e.part_of:
            part_of[e.key] = e.part_of
    claims = [(c, parties(lex, c)) for c in events if is_claim(lex, c)]
    out = []
    for event in events:
        if lex.flag(event.type, "denies") and claims:
            deniers = event.role("agent")
            denied = tuple(
                c.key for c, about in claims if c is not event and any(speaks_for(d, about, governs, part_of) for d in deniers)
            )
            if denied:
                event = replace(event, denies=denied)
        out.append(event)
    return tuple(out)
