"""One event per occurrence in an article: mentions merged, events inside each other sharing place and time.

Example: `Azerbaijan took control ... in a swift operation`: the operation's place is the takeover's too
Example: `130,000 munitions were surrendered` + `The surrender ...` next sentence -> one Disarmament
"""

from __future__ import annotations

from kg.analysis.events.context import CLAUSE_BOUNDARIES, PLACE_ROLES, Context, Draft
from kg.analysis.events.lexicon import Lexicon
from kg.analysis.events.owners import cause_clauses
from kg.records import TimeExpr


def share_episode_roles(ctx: Context, drafts: list[Draft]) -> None:
    """Events one inside the other (`took control ... in a swift operation`) share place and time; not what
    someone says and what it is about (`In New York, the Secretary-General condemned the attacks`: where and
    when he spoke is not where and when they happened)."""
    by_token = {d.trigger.i: d for d in drafts}
    for d in drafts:
        cur = d.trigger
        for _ in range(5):
            if cur.head.i == cur.i or cur.dep_ in CLAUSE_BOUNDARIES:
                break
            cur = cur.head
            other = by_token.get(cur.i)
            if other is None or any(ctx.lex.flag(x.type, f) for x in (d, other) for f in ("report", "speech_act")):
                continue
            for a, b in ((d, other), (other, d)):
                if not a.roles.get("location") and b.roles.get("location") and ctx.lex.flag(a.type, "shares_place"):
                    a.add("location", b.roles["location"])
                if a.time is None and b.time is not None:
                    a.time = b.time
            break


def _compatible_time(a: TimeExpr | None, b: TimeExpr | None) -> bool:
    if a is None or b is None:
        return True
    return a.value.startswith(b.value) or b.value.startswith(a.value)


def merge_drafts(lex: Lexicon, drafts: list[Draft], headline: int | None = None) -> list[Draft]:
    """Mentions of one event in an article become one event that keeps every sentence.

    Same type, same modality family, compatible dates, and the same core participant (or, for an event
    without one, the same type in the next sentences: `A total of 130,000 munitions ... have been surrendered`).
    The headline (sentence `headline`) tells the story's first event of each type: it is near that event
    however many lines (dateline, byline) lie between. A definite mention (`the fighting`) refers back to an
    event anywhere before it, but not one that carries its own date to an undated one far away.
    """
    drafts = _merge_within_sentences(lex, drafts)
    merged: list[Draft] = []
    told: set[str] = set()  # the types the body has told so far
    for d in drafts:
        target = None
        in_body = headline is not None and headline not in d.sentences
        first_in_body = in_body and d.type not in told
        if in_body:
            told.add(d.type)
        # a toll with no doer (`One man died.`, `A civilian was killed.`) tells of the attack just told
        # (its count of the dead is no quantity of its own: `Ten fighters were killed`)
        counts = {(c.start, c.end) for c in d.casualties}
        doerless_toll = bool(d.casualties) and not d.roles.get("agent") and all((q.start, q.end) in counts for q in d.quantities)
        for m in merged:
            if m.type != d.type or not _compatible_time(m.time, d.time) or (m.modality == "planned") != (d.modality == "planned"):
                continue
            if d.distinct and not d.sentences & m.sentences:
                continue  # `another strike hit a tent`: not the strike told before
            shared_core = bool(d.core and m.core and set(d.core) & set(m.core))
            gap = min(abs(s - t) for s in d.sentences for t in m.sentences)
            refers_back = d.definite and (d.time is None or m.time is not None)
            headline_of = first_in_body and m.sentences == {headline}
            near = (not d.core or not m.core or doerless_toll) and (refers_back or gap <= 1 or headline_of)
            report = lex.flag(d.type, "report")
            named_back = refers_back and not report and bool(d.core) and bool(m.core) and d.core_role != m.core_role
            # `The man died.` after `gunmen attacked a merchant`: a definite victim is the one just told; `One
            # person died.` after `a taxi rank was shot at`: a toll's victims are not the target it names
            roles = ("agent", "location") if doerless_toll and gap <= 1 else _ROLES
            if ((shared_core or named_back or (near and not report)) and not _conflicting(m, d, roles)) or (
                not report and _one_occurrence(m, d)
            ):
                target = m
            if target:
                break
        if target is None:
            merged.append(d)
            continue
        if doerless_toll and target.roles.get("target") and d.roles.get("target"):
            # `armed men clashed with police. Two men died.`: the dead are among those the event names
            # already, not a party of their own (their count stays)
            d.roles.pop("target")
        _absorb(target, d)
    return merged


def _merge_within_sentences(lex: Lexicon, drafts: list[Draft]) -> list[Draft]:
    """First the toll and the attack one sentence tells twice (`four soldiers were killed when jihadists
    ambushed troops`), whichever comes first, so neither is taken by a mention in another sentence."""
    kept: list[Draft] = []
    for d in drafts:
        partner = next(
            (
                m
                for m in kept
                if m.type == d.type
                and not lex.flag(d.type, "report")
                and _compatible_time(m.time, d.time)
                and _one_occurrence(m, d)
            ),
            None,
        )
        if partner is None:
            kept.append(d)
        elif _result_of(partner, d) or (partner.roles.get("agent") and not _inside(partner, d) and not _told_how(partner, d)):
            _absorb(partner, d)  # (what an attack left, `injuring two men`, is told by the attack's own word)
        else:  # the attack keeps its trigger; the toll before it gives its dead and count
            _absorb(d, partner)
            kept[kept.index(partner)] = d
    return kept


def _absorb(target: Draft, d: Draft) -> None:
    for role, keys in d.roles.items():
        target.add(role, keys)
    if d.time and (target.time is None or len(d.time.value) > len(target.time.value)):
        target.time = d.time
    target.quantities += [q for q in d.quantities if all((q.start, q.end) != (o.start, o.end) for o in target.quantities)]
    target.casualties += [c for c in d.casualties if c not in target.casualties]
    target.sentences |= d.sentences
    target.attributed_to = target.attributed_to or d.attributed_to
    target.source = target.source or d.source
    target.evidence = max(target.evidence, d.evidence)


def _one_occurrence(a: Draft, b: Draft) -> bool:
    """`Seven soldiers were killed when militants stormed a post`, `32 people were killed in battles between
    rival groups`: in one sentence, a toll without an agent and an attack with one are one attack told twice.
    So are a killing and the attack it happened in (`one person was killed in the clash`), agents or not."""
    if not a.sentences & b.sentences or _conflicting(a, b, roles=("agent", "location", "origin", "destination")):
        return False
    if (_inside(a, b) or _inside(b, a)) and not (a.roles.get("agent") and b.roles.get("agent")):
        return True
    if _told_how(a, b) or _told_how(b, a):
        return True  # the toll took its agent from the clause that tells the attack (`cause_agents`)
    if _result_of(a, b) or _result_of(b, a):
        return True
    return bool(a.roles.get("agent")) != bool(b.roles.get("agent"))  # the toll may name its dead otherwise


def _result_of(a: Draft, b: Draft) -> bool:
    """Whether `b` is a participle telling what `a` left behind: `attacked a checkpoint, leaving four people
    dead` (the dead are the attack's, one occurrence; `a` names no other agent, which `_conflicting` checks)."""
    harmed_doers = set(b.roles.get("target", [])) & set(a.roles.get("agent", []))  # `injuring some of the attackers`
    return b.trigger.dep_ == "advcl" and b.trigger.tag_ == "VBG" and b.trigger.head.i == a.trigger.i and not harmed_doers


HOW_MARKS = frozenset({"when", "as"})


def _told_how(a: Draft, b: Draft) -> bool:
    """Whether `b` is the clause that says how the harm `a` tells in the passive happened: `were killed when
    fighters ambushed troops`, `were wounded and houses were damaged when soldiers fired mortars` (`after`
    tells what came before: `clashed with X after they kidnapped a herder` is two events)."""
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in a.trigger.children)
    return passive and any(c.i == b.trigger.i for c in cause_clauses(a.trigger, HOW_MARKS))


def _inside(a: Draft, b: Draft) -> bool:
    """Whether `a` is told as happening in `b`: `killed in the clash`, `wounded during the raid`."""
    return any(
        prep.dep_ == "prep" and prep.lower_ in {"in", "during", "amid"} and any(p.i == b.trigger.i for p in prep.children)
        for prep in a.trigger.children
    )


_ROLES = ("agent", "target", "location", "origin", "destination")


def _conflicting(a: Draft, b: Draft, roles: tuple[str, ...] = _ROLES) -> bool:
    return any(a.roles.get(role) and b.roles.get(role) and _apart(role, a.roles[role], b.roles[role]) for role in roles)


def _apart(role: str, mine: list[str], theirs: list[str]) -> bool:
    """Whether two mentions name different fillers of a role. A country and a town are not two places: a
    headline's `at Marzili` and its lead's `on the positions of the forces of Azerbaijan` may be one."""
    if role in PLACE_ROLES:
        towns = [k for k in mine if not k.startswith("country:")], [k for k in theirs if not k.startswith("country:")]
        if bool(towns[0]) != bool(towns[1]):
            return False
        if towns[0]:
            mine, theirs = towns
    return not set(mine) & set(theirs)
