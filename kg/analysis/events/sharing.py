"""Where and when an event with none of its own happened: what its sentence, its clause or its scene says.

Wire leads put the when and where once (`Seven soldiers were killed when militants stormed a post in North
Waziristan early Saturday`); an event the sentence tells without a place of its own takes the one its
sentence, the clause it continues or the sentences before it give, never where someone spoke (`said in
Geneva`, `In New York, the Secretary-General condemned the attacks`) nor where talks were held.

Example: `Clashes broke out, killing three, in Kora on Monday` -> the killing is in Kora, on Monday.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span, Token

from kg.analysis.events.context import Context, Draft, sentences_of
from kg.records import TimeExpr


def share_sentence_context(ctx: Context, drafts: list[Draft], dates: dict[int, TimeExpr]) -> None:
    """Wire leads put the when and where once: `Seven soldiers were killed when militants stormed a post in
    North Waziristan early Saturday, the military said`. An event with no date of its own takes the one
    date its sentence gives; one of a class that happens somewhere (`shares_place`) and has no place takes
    the one place its sentence names in a locative phrase (after merging, `share_sentence_place` looks
    further)."""
    places_by_sentence: dict[int, list[tuple[Token, str]]] = {}
    for tok in ctx.doc:
        key = ctx.found.token_entity.get(tok.i)
        if not key or ctx.types.get(key) not in ctx.lex.place_types:
            continue
        prep = tok.head if tok.dep_ == "pobj" else dangling_prep(ctx, tok)
        if prep is not None and prep.lower_ in ctx.lex.event_place_prepositions and not spoken_at(ctx, prep):
            places_by_sentence.setdefault(tok.sent.start, []).append((tok, key))
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
        said = places_by_sentence.get(start, [])
        places = {key for tok, key in said if not other_time(ctx, tok, d.trigger)} - venues.get(start, set())
        if not d.roles.get("location") and ctx.lex.flag(d.type, "shares_place"):
            above = clause_place(d, by_trigger)
            if above:
                d.add("location", above)
            elif len(places) == 1:
                d.add("location", sorted(places))


def dangling_prep(ctx: Context, tok: Token) -> Token | None:
    """The preposition written right before a name the parser hung elsewhere, when it governs nothing of its
    own (`As reported on 28 April, in X, Y, workers demonstrated`: `in` left on `reported`, `X` made a
    modifier of `workers`): the name is its object, as written."""
    first = min((t.i for t in tok.subtree if t.dep_ == "compound" and t.i < tok.i), default=tok.i)
    before = ctx.doc[first - 1] if first > tok.sent.start else None
    if before is None or before.dep_ != "prep" or any(c.dep_ == "pobj" for c in before.children):
        return None
    return before


def spoken_at(ctx: Context, prep: Token) -> bool:
    """A locative phrase that says where someone spoke (`said in Geneva`, `telling reporters in Maputo`, `In
    New York, the Secretary-General condemned the attacks`): no other event of its sentence happened there.
    A phrase set before a reporting verb, or on a passive one, sets the scene (`On 5 May, in X, it was
    reported that a shoot-out took place`); before a verb that condemns, accuses or denies, it is where the
    speaker spoke."""
    attach = prep.head
    if attach.dep_ in {"dobj", "dative"} and attach.head.pos_ == "VERB":
        attach = attach.head
    lemma = attach.lemma_.lower()
    if attach.pos_ != "VERB" or (lemma not in ctx.lex.reporting and lemma not in ctx.lex.accusing):
        return False
    if prep.i < attach.i and lemma not in ctx.lex.accusing:
        return False
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in attach.children):
        return False
    # someone spoke: a subject of its own (`the minister said in X`) or a participle of one (`telling reporters
    # in X`); not `As reported on 28 April, in X, ...`, whose place is the scene's
    speaker = any(c.dep_ == "nsubj" and c.lower_ != "it" for c in attach.children)
    return speaker or attach.tag_ == "VBG"


CLAUSE_DEPS = {"advcl", "conj", "xcomp"}


def other_time(ctx: Context, tok: Token, trigger: Token) -> bool:
    """Whether `tok` lies in a clause or phrase set after `trigger` that tells another time (`letting them
    launch raids ... since the Taliban seized power in Kabul`, `killed five villagers, two days after clashes
    in X`): the place is that clause's event's, not the trigger's. A clause set before it sets the scene
    (`After clashes in X, soldiers arrested five`); `when` tells the same time and shares its place."""
    for a in tok.ancestors:
        if a.left_edge.i <= trigger.i <= a.right_edge.i:
            return False  # up to the clause both lie in
        if a.i < trigger.i:
            continue
        if a.dep_ == "prep" and a.lower_ in ctx.lex.other_time_words:
            return True
        if any(c.dep_ == "mark" and c.lower_ in ctx.lex.other_time_words for c in a.children):
            return True
    return False


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
    places: dict[tuple[int, int], list[str]] = {}
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
            # a clause of another time (`since ...`) is skipped only in the trigger's own sentence, and only a
            # sentence with such a word has a place of its own for each trigger
            own = sent.start <= d.trigger.i < sent.end and any(t.lower_ in ctx.lex.other_time_words for t in sent)
            at = (sent.start, d.trigger.i if own else -1)
            if at not in places:
                places[at] = sentence_place(ctx, sent, frozenset(venues.get(sent.start, ())), d.trigger if at[1] >= 0 else None)
            if places[at]:
                d.add("location", places[at])
                break
        else:
            d.add("location", only_place(ctx, d.trigger, frozenset().union(*venues.values())))


def only_place(ctx: Context, trigger: Token, venues: frozenset[str] = frozenset()) -> list[str]:
    """The one town, site or region the paragraph of an event no sentence places names anywhere: a short
    report that names one place tells what happened there (`Residents of X said ...`, then `two soldiers
    were killed`); a town named with regions is the place. Not across a paragraph break: another paragraph
    may be another story."""
    text = ctx.text
    start = text.rfind("\n", 0, trigger.idx) + 1
    end = text.find("\n", trigger.idx)
    end = len(text) if end < 0 else end
    paragraph = ctx.doc.char_span(start, end, alignment_mode="expand") or ctx.doc[:]
    found = {
        key
        for tok in paragraph
        if (key := ctx.found.token_entity.get(tok.i))
        and ctx.types.get(key) in {"City", "Place", "Region"}
        and key not in venues  # where talks were held (`held_at_venue`) tells no other event's place
        and not _where_spoken(ctx, tok)
        and not other_time(ctx, tok, trigger)
    }
    if len(found) > 1:  # `citizens from Redeyef (Gafsa) protested`: a town and its region name one place
        found = {k for k in found if ctx.types.get(k) != "Region" and not _in_chain(ctx, paragraph, k)}
    return sorted(found) if len(found) == 1 else []


def _in_chain(ctx: Context, span: Span, key: str) -> bool:
    """Whether every mention of a place in `span` follows another place's name and a bracket or comma
    (`Redeyef (Gafsa)`, `Sinop, Mato Grosso`): it says where that place is, not another place."""
    mentions = [t for t in span if ctx.found.token_entity.get(t.i) == key]
    places = {"City", "Place", "Region"}

    def after_place(t: Token) -> bool:
        first = t.i
        while first > 0 and ctx.found.token_entity.get(first - 1) == key:
            first -= 1
        if first < 2 or ctx.doc[first - 1].text not in {"(", ","}:
            return False
        before = ctx.found.token_entity.get(first - 2)
        return before is not None and before != key and ctx.types.get(before) in places

    return bool(mentions) and all(after_place(t) for t in mentions)


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
        if "\n" in ctx.text[before.start_char : sent.start_char]:
            break
        out.append(before)
        sent = before
    return out


_CHAIN_DEPS = {"compound", "amod", "appos", "npadvmod", "nmod", "conj"}
_TIERS = ({"City", "Place"}, {"Region"}, {"Country"})


def sentence_place(ctx: Context, sent, venues: frozenset[str] = frozenset(), trigger: Token | None = None) -> list[str]:
    """The one place a sentence says things happened in, with the places it is said to lie in; none when
    it names two. Every place in a locative phrase counts (`in X`, `at X`, `near X`), through the nouns
    that carry a place (`in the area of X`, `in the Y village of X district`, `on the outskirts of X`) with
    the chain written after it (`in X city, Y`, `at X town (Y district, Z)`, `in the town of X in Y`: Y and
    Z only say where X lies). Of those, the one town or site; else the one region; else the one country."""
    groups: dict[int, list[str]] = {}  # the locative phrase's noun -> the places in it, in the order written
    peers: set[int] = set()  # phrases that name places side by side (`between Harim and Sarmada`)
    fronted: set[int] = set()  # phrases set before the sentence's verb
    for tok in sent:
        key = ctx.found.token_entity.get(tok.i)
        if not key or ctx.types.get(key) not in ctx.lex.place_types or key in venues:
            continue
        if trigger is not None and other_time(ctx, tok, trigger):
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
        governor = cur.head if cur.dep_ == "pobj" else dangling_prep(ctx, tok)
        prep = governor.lower_ if governor is not None else ""
        if governor is not None and spoken_at(ctx, governor):
            continue
        if prep in ctx.lex.event_place_prepositions or (prep == "on" and cur.lemma_.lower() in ctx.lex.place_nouns):
            # `in the town of X in Y`: a locative phrase inside another place's phrase says where that one lies
            outer = next((a.i for a in cur.head.ancestors if a.i in groups), None)
            group = groups.setdefault(cur.i if outer is None else outer, [])
            if key not in group:
                group.append(key)
            if joined:
                peers.add(cur.i)
            if outer is None and governor is not None and governor.i < sent.root.i:
                fronted.add(cur.i)
    heads = {k: i for i, group in groups.items() for k in (group if i in peers else group[:1])}
    for tier in _TIERS:
        found = [k for k in heads if ctx.types[k] in tier]
        if len(found) > 1:
            # `On 1 May, in X, Y, police raided a house in Z`: a place set before the sentence's verb sets its
            # scene; the others are where one of its events happened
            ahead = [k for k in found if heads[k] in fronted and heads[k] not in peers]
            return groups[heads[ahead[0]]] if len(ahead) == 1 else []
        if found:  # the place, then the places its chain says it lies in: the finest located one is shown
            return groups[heads[found[0]]] if heads[found[0]] not in peers else found
    return []
