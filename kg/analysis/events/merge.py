"""One event per occurrence in an article: mentions merged, events inside each other sharing place and time.

Example: `Azerbaijan took control ... in a swift operation`: the operation's place is the takeover's too
Example: `130,000 munitions were surrendered` + `The surrender ...` next sentence -> one Disarmament
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span, Token

from kg.analysis.events.context import CLAUSE_BOUNDARIES, PLACE_ROLES, Context, Draft, sentences_of
from kg.analysis.events.lexicon import Lexicon
from kg.analysis.events.owners import cause_clauses
from kg.records import TimeExpr


def share_episode_roles(ctx: Context, drafts: list[Draft]) -> None:
    """Events one inside the other (`took control ... in a swift operation`) share place and time."""
    by_token = {d.trigger.i: d for d in drafts}
    for d in drafts:
        cur = d.trigger
        for _ in range(5):
            if cur.head.i == cur.i or cur.dep_ in CLAUSE_BOUNDARIES:
                break
            cur = cur.head
            other = by_token.get(cur.i)
            if other is None or ctx.lex.flag(other.type, "report") or ctx.lex.flag(d.type, "report"):
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
        elif partner.roles.get("agent") and not _inside(partner, d) and not _told_how(partner, d):
            _absorb(partner, d)
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
    return bool(a.roles.get("agent")) != bool(b.roles.get("agent"))  # the toll may name its dead otherwise


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


def share_sentence_context(ctx: Context, drafts: list[Draft], dates: dict[int, TimeExpr]) -> None:
    """Wire leads put the when and where once: `Seven soldiers were killed when militants stormed a post in
    North Waziristan early Saturday, the military said`. An event with no date of its own takes the one
    date its sentence gives; one of a class that happens somewhere (`shares_place`) and has no place takes
    the one place its sentence names in a locative phrase (after merging, `share_sentence_place` looks
    further)."""
    places_by_sentence: dict[int, set[str]] = {}
    for tok in ctx.doc:
        key = ctx.found.token_entity.get(tok.i)
        if (
            key
            and ctx.types.get(key) in ctx.lex.place_types
            and tok.dep_ == "pobj"
            and tok.head.lower_ in ctx.lex.event_place_prepositions
            and not spoken_at(ctx, tok.head)
        ):
            places_by_sentence.setdefault(tok.sent.start, set()).add(key)
    counts = Counter(m.entity for m in ctx.found.mentions if ctx.types.get(m.entity) == "Country")
    home = counts.most_common(1)[0][0] if counts else None
    by_trigger = {d.trigger.i: d for d in drafts}
    venues = venues_by_sentence(ctx, drafts)
    for d in drafts:
        start = d.trigger.sent.start
        agents = set(d.roles.get("agent", []))
        if (
            home
            and ctx.lex.flag(d.type, "destination_default")
            and not d.roles.get("destination")
            and not d.roles.get("location")
            and agents
            and home not in agents
        ):
            d.add("destination", [home])
        if d.time is None and start in dates:
            d.time = dates[start]
        places = places_by_sentence.get(start, set()) - venues.get(start, set())
        if not d.roles.get("location") and ctx.lex.flag(d.type, "shares_place"):
            above = clause_place(d, by_trigger)
            if above:
                d.add("location", above)
            elif len(places) == 1:
                d.add("location", sorted(places))


def spoken_at(ctx: Context, prep: Token) -> bool:
    """A locative phrase that says where someone spoke (`said in Geneva`, `telling reporters in Maputo`):
    no other event of its sentence happened there. A phrase set before the verb, or on a passive one, sets
    the scene (`On 5 May, in X, it was reported that a shoot-out took place`)."""
    attach = prep.head
    if attach.dep_ in {"dobj", "dative"} and attach.head.pos_ == "VERB":
        attach = attach.head
    if attach.pos_ != "VERB" or attach.lemma_.lower() not in ctx.lex.reporting or prep.i < attach.i:
        return False
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in attach.children):
        return False
    # someone spoke: a subject of its own (`the minister said in X`) or a participle of one (`telling reporters
    # in X`); not `As reported on 28 April, in X, ...`, whose place is the scene's
    speaker = any(c.dep_ == "nsubj" and c.lower_ != "it" for c in attach.children)
    return speaker or attach.tag_ == "VBG"


CLAUSE_DEPS = {"advcl", "conj", "xcomp"}


def clause_place(d: Draft, by_trigger: dict[int, Draft]) -> list[str]:
    """The place of the event whose clause this one's verb continues: `struck the port of X, killing three`
    (the killing was at X, not at the town a later clause of the sentence names). A participle continues
    it; a clause with its own conjunction (`before troops regained control`) tells another event."""
    tok = d.trigger
    for _ in range(3):
        if tok.dep_ not in CLAUSE_DEPS or tok.head.i == tok.i:
            return []
        if tok.dep_ == "advcl" and (tok.tag_ not in {"VBG", "VBN"} or any(c.dep_ == "mark" for c in tok.children)):
            return []  # `before troops regained control`: a clause of its own, maybe elsewhere
        tok = tok.head
        above = by_trigger.get(tok.i)
        if above is not None and above.roles.get("location"):
            return list(above.roles["location"])
    return []


def venues_by_sentence(ctx: Context, drafts: list[Draft]) -> dict[int, set[str]]:
    """Sentence start -> the places of events held at a venue (`held_at_venue`: talks, a deal signed): where
    talks were held is no place the sentence's other events share (`ambushed an army team ..., less than a
    week after a truce tied to peace talks in Norway lapsed`). Where someone spoke is `spoken_at`'s to judge."""
    venues: dict[int, set[str]] = {}
    for d in drafts:
        if ctx.lex.flag(d.type, "held_at_venue"):
            venues.setdefault(d.trigger.sent.start, set()).update(d.roles.get("location", ()))
    return venues


def share_sentence_place(ctx: Context, drafts: list[Draft]) -> None:
    """An event of a class that happens somewhere (`shares_place`) still without a place after merging
    takes the one its sentence says things happened in (`sentence_place`): coders and reporters hang the
    place on whatever noun is nearest (`an attack by militants in X city`, `shells fell in Y street in X`).
    After merging, so that two mentions of one event are compared by the places they name themselves; and
    only for an event that names someone or something: a place alone does not make a word an event
    (`a furnace exploded in X`, `police seized counterfeit goods in X`), except for a class `told_by_place`
    (`a demonstration took place in X`)."""
    places: dict[int, list[str]] = {}
    venues = venues_by_sentence(ctx, drafts)
    for d in drafts:
        named = d.roles or d.quantities or d.casualties or ctx.lex.flag(d.type, "told_by_place")
        if not named or d.roles.get("location") or not ctx.lex.flag(d.type, "shares_place"):
            continue
        # Its trigger's sentence first, then the others that tell it (a headline cut before its place), then
        # the sentences before it in its paragraph, which set its scene
        told = [d.trigger.sent]
        if len(d.sentences) > 1:
            told += [s for s in sentences_of(ctx, d.sentences) if s.start != told[0].start]
        told += scene(ctx, d.trigger.sent)
        for sent in told:
            if sent.start not in places:
                places[sent.start] = sentence_place(ctx, sent, frozenset(venues.get(sent.start, ())))
            if places[sent.start]:
                d.add("location", places[sent.start])
                break
        else:
            d.add("location", only_place(ctx, d.trigger))


def only_place(ctx: Context, trigger: Token) -> list[str]:
    """The one town, site or region the paragraph of an event no sentence places names anywhere: a short
    report that names one place tells what happened there (`Residents of X said ...`, then `two soldiers
    were killed`). Not across a paragraph break: another paragraph may be another story."""
    text = ctx.doc.text
    start = text.rfind("\n", 0, trigger.idx) + 1
    end = text.find("\n", trigger.idx)
    end = len(text) if end < 0 else end
    found = {
        key
        for i, key in ctx.found.token_entity.items()
        if start <= ctx.doc[i].idx < end
        and ctx.types.get(key) in {"City", "Place", "Region"}
        and not _where_spoken(ctx, ctx.doc[i])
    }
    return sorted(found) if len(found) == 1 else []


def _where_spoken(ctx: Context, tok: Token) -> bool:
    """Whether a place's phrase says where someone spoke (`told reporters in Goma`)."""
    cur = tok
    for _ in range(4):
        if cur.dep_ == "pobj":
            return spoken_at(ctx, cur.head)
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def scene(ctx: Context, sent: Span, back: int = 2) -> list[Span]:
    """The sentences before `sent` in its paragraph, nearest first, at most `back`: coders put `A shoot-out
    broke out and a man was killed` where the sentence before set the scene (`On 5 May, in X, police raided
    a community`); a paragraph break (a headline, another story's paragraph) ends the scene."""
    out: list[Span] = []
    while len(out) < back and sent.start > 0:
        before = ctx.doc[sent.start - 1].sent
        if "\n" in ctx.doc.text[before.start_char : sent.start_char]:
            break
        out.append(before)
        sent = before
    return out


_CHAIN_DEPS = {"compound", "amod", "appos", "npadvmod", "nmod", "conj"}
_TIERS = ({"City", "Place"}, {"Region"}, {"Country"})


def sentence_place(ctx: Context, sent, venues: frozenset[str] = frozenset()) -> list[str]:
    """The one place a sentence says things happened in, with the places it is said to lie in; none when
    it names two. Every place in a locative phrase counts (`in X`, `at X`, `near X`), through the nouns
    that carry a place (`in the area of X`, `in the Y village of X district`, `on the outskirts of X`) with
    the chain written after it (`in X city, Y`, `at X town (Y district, Z)`, `in the town of X in Y`: Y and
    Z only say where X lies). Of those, the one town or site; else the one region; else the one country."""
    groups: dict[int, list[str]] = {}  # the locative phrase's noun -> the places in it, in the order written
    peers: set[int] = set()  # phrases that name places side by side (`between Harim and Sarmada`)
    for tok in sent:
        key = ctx.found.token_entity.get(tok.i)
        if not key or ctx.types.get(key) not in ctx.lex.place_types or key in venues:
            continue
        cur, joined = tok, False
        for _ in range(8):
            if cur.dep_ in _CHAIN_DEPS and cur.head.i != cur.i:
                joined = joined or (cur.dep_ == "conj" and any(c.dep_ == "cc" for c in cur.head.children))
                cur = cur.head
            elif cur.dep_ == "pobj" and cur.head.lower_ == "of" and cur.head.head.lemma_.lower() in ctx.lex.place_nouns:
                cur = cur.head.head
            else:
                break
        prep = cur.head.lower_ if cur.dep_ == "pobj" else ""
        if prep and spoken_at(ctx, cur.head):
            continue
        if prep in ctx.lex.event_place_prepositions or (prep == "on" and cur.lemma_.lower() in ctx.lex.place_nouns):
            # `in the town of X in Y`: a locative phrase inside another place's phrase says where that one lies
            outer = next((a.i for a in cur.head.ancestors if a.i in groups), None)
            group = groups.setdefault(cur.i if outer is None else outer, [])
            if key not in group:
                group.append(key)
            if joined:
                peers.add(cur.i)
    heads = {k: i for i, group in groups.items() for k in (group if i in peers else group[:1])}
    for tier in _TIERS:
        found = [k for k in heads if ctx.types[k] in tier]
        if len(found) > 1:
            return []
        if found:  # the place, then the places its chain says it lies in: the finest located one is shown
            return groups[heads[found[0]]] if heads[found[0]] not in peers else found
    return []
