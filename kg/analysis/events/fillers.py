"""Which entities a token stands for: names, conjuncts, relative and personal pronouns, `thousands of X`.

Example: `The US and Britain, which backed Kyiv, ...`: fillers(ctx, `US`) -> [US, UK]; `which` -> the same
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.analysis.events.context import SUBJECT_DEPS, Context, entity_at

PERSONAL_PRONOUNS = {"it", "they", "them", "he", "him", "she", "we", "its", "their", "his", "her"}
REFLEXIVES = {"itself", "themselves", "himself", "herself"}
ARMED_ACTORS = {"ArmedGroup", "ArmedForce", "PeacekeepingForce"}
OWNED_ACTOR_NOUNS = {"nation", "country", "government", "side", "forces", "troops"}


def fillers(ctx: Context, tok: Token) -> list[str]:
    """Entities a noun phrase headed by `tok` names, with its conjuncts: `the US and Britain` -> both."""
    out: list[str] = []
    for t in [tok, *tok.conjuncts]:
        for key in (filler(ctx, t), *_counted_conjuncts(ctx, t)):
            if key and key not in out:
                out.append(key)
    return out


def _counted_conjuncts(ctx: Context, t: Token) -> list[str | None]:
    """`members of X and Y`, `the forces of India and Pakistan`: the groups a collective head counts, or the
    states whose forces a force noun names, beyond the first (`filler` gives it); `Indian and Pakistani
    troops`: the second demonym's force (the entity stage gives each demonym a force of its own)."""
    owners = [
        entity_at(ctx, conj)
        for mod in t.children
        if mod.dep_ in {"amod", "compound", "nmod"}
        for conj in mod.conjuncts
        if ctx.types.get(entity_at(ctx, conj) or "") in {"ArmedForce", "ArmedGroup"}
    ]
    forces = ctx.types.get(entity_at(ctx, t) or "") == "ArmedForce"
    if t.lemma_.lower() not in ctx.lex.collective_heads and t.lower_ not in ctx.lex.collective_heads and not forces:
        return owners
    of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if pobj is None:
        return owners
    if forces and ctx.types.get(entity_at(ctx, pobj) or "") != "Country":
        return owners  # `forces of the interior ministry`: one force
    return owners + [filler(ctx, c) for c in pobj.conjuncts]


def _is_place(ctx: Context, t: Token) -> bool:
    """A place's name or a place noun (`bridge`, `city`), which `who` cannot stand for."""
    return ctx.types.get(entity_at(ctx, t) or "") in ctx.lex.place_types or t.lemma_.lower() in ctx.lex.place_nouns


def filler(ctx: Context, t: Token) -> str | None:
    """The one entity `t` names or refers to: `which` -> its antecedent, `they` -> a recent actor."""
    key = entity_at(ctx, t)
    if key:
        return key
    if t.lower_ in {"which", "who", "that"} and t.head.dep_ in {"relcl", "acl"}:
        antecedent = t.head.head
        if t.lower_ == "who":  # `laborers on a bridge in X city, who were facing starvation`: people, not X
            nouns = (a for a in [antecedent, *antecedent.ancestors] if a.pos_ in {"NOUN", "PROPN", "PRON"})
            antecedent = next((a for a in nouns if not _is_place(ctx, a)), antecedent)
        return filler(ctx, antecedent)
    if (
        t.lower_ == "it"
        and any(c.dep_ in {"ccomp", "xcomp"} for c in t.head.children)
        and t.dep_ in {"nsubjpass", "nsubj"}
        and t.head.lemma_.lower() in ctx.lex.reporting | {"be"}
    ):
        return None  # expletive: `It was also said that ...`
    if t.pos_ == "PRON" and t.lower_ in PERSONAL_PRONOUNS:
        return resolve_pronoun(ctx, t)
    if t.lower_ in REFLEXIVES:
        # `soldiers who found themselves encircled`: a reflexive stands for the nearest subject above it
        cur = t.head
        for _ in range(4):
            subject = next((c for c in cur.children if c.dep_ in SUBJECT_DEPS and c.i != t.i), None)
            if subject is not None:
                return filler(ctx, subject)
            if cur.head.i == cur.i:
                break
            cur = cur.head
        return None
    if t.like_num or t.lemma_.lower() in ctx.lex.collective_heads or t.lower_ in ctx.lex.collective_heads:
        # the word as written too: the model lemmatises `Scores` (of residents) to `score`
        for child in t.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return filler(ctx, pobj)
    for child in t.children:
        if child.dep_ == "poss" and child.lower_ == "whose" and t.head.dep_ == "relcl":
            return filler(ctx, t.head.head)
        if child.dep_ == "poss" and child.tag_ == "PRP$" and t.lower_ in OWNED_ACTOR_NOUNS:
            return resolve_pronoun(ctx, child)
        named = entity_at(ctx, child)
        if child.dep_ in {"compound", "appos", "flat"} and named and (ctx.types.get(named) == "Person" or child.dep_ == "appos"):
            return named
    return settlement_antecedent(ctx, t)


def settlement_antecedent(ctx: Context, t: Token) -> str | None:
    """`insurgents overran the northern town`, `killed five of the attackers near the town`: a definite
    settlement noun with no name of its own refers back to the last town named in its sentence or the one
    before. Not `the town of X` (its name follows), nor a town no text before names."""
    if t.lower_ not in ctx.lex.settlement_anaphors or t.tag_ != "NN":
        return None
    if not any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in t.children):
        return None
    if any(c.dep_ in {"prep", "compound", "appos", "relcl", "acl"} or c.ent_type_ for c in t.children):
        return None  # `the town of Sake`, `the border town`, `the town where ...`: the phrase says which
    return next((key for key in named_before(ctx, t) if ctx.types.get(key) == "City"), None)


def named_before(ctx: Context, tok: Token) -> Iterator[str]:
    """The entities named before `tok` in its sentence or the one before, nearest first: what a pronoun, a
    possessive or a definite `the town` may refer back to."""
    start = tok.sent.start
    earliest = ctx.doc[start - 1].sent.start if start > 0 else start
    return (key for begin, key in reversed(ctx.mention_starts) if earliest <= begin < tok.i)


def resolve_pronoun(ctx: Context, pron: Token) -> str | None:
    """A pronoun's actor: the subject of a clause it depends on, else the last actor mentioned before it.
    `he`, `she`, `his`, `her` stand for a person, `it` and `its` never do."""
    fits = _pronoun_types(ctx, pron.lower_)
    if pron.tag_ == "PRP$":
        # `accused Rwanda of sending its own troops`: a possessive points at the nearest actor before it.
        for start, key in reversed(ctx.mention_starts):
            if pron.sent.start <= start < pron.i and ctx.types.get(key) in fits:
                return key
    # `Kabul denies it`: an object pronoun never stands for its own clause's subject (that would be `itself`)
    clause = own_clause(pron).i if pron.dep_ not in SUBJECT_DEPS else None
    barred: set[str] = set()
    cur: Token | None = pron.head
    if caused_subject(ctx, pron):
        # `accuses Y of letting them launch raids`: the subject of a bare infinitive after `let` or `make` is
        # let or made by someone else, not by any subject above it: it points back past them
        barred = {k for subject in subjects(ctx, pron.head.head) if (k := filler_no_pron(ctx, subject))}
        cur = None
    while cur is not None:
        for child in cur.children:
            # never a phrase holding the pronoun itself (`most of them`): that is no antecedent, and a loop
            if child.dep_ in SUBJECT_DEPS and child.i < pron.i and not child.left_edge.i <= pron.i <= child.right_edge.i:
                actor = entity_at(ctx, child) or filler_no_pron(ctx, child)
                if actor and cur.i == clause:
                    barred.add(actor)
                elif actor and ctx.types.get(actor) in fits:
                    return actor
                elif not actor and pron.lower_ in {"they", "their"} and child.tag_ == "NNS" and cur.i != clause:
                    return None  # `the vehicles were patrolling when they came under attack`: they are no actor
        if cur.head.i == cur.i:
            break
        cur = cur.head
    recent = [key for key in named_before(ctx, pron) if ctx.types.get(key) in fits - {"Region"} and key not in barred]
    if pron.dep_ == "nsubj" and ctx.lex.verb_class(pron.head.lemma_.lower()) == "Attack":
        # `the gunmen took 80 students ... "They killed an officer"`: who attacks is the armed actor just named,
        # if there is one, not whoever was named last
        recent = [k for k in recent if ctx.types.get(k) in ARMED_ACTORS] or recent
    return recent[0] if recent else None


def caused_subject(ctx: Context, pron: Token) -> bool:
    """`let them launch raids`, `made them leave`: the pronoun is the subject of a causative's bare infinitive."""
    return (
        pron.dep_ in SUBJECT_DEPS
        and pron.head.dep_ in {"ccomp", "xcomp"}
        and pron.head.head.lemma_.lower() in ctx.lex.causatives
        and not any(c.dep_ in {"aux", "mark"} for c in pron.head.children)
    )


def own_clause(tok: Token) -> Token:
    """The verb of the clause `tok` is in: `denies` for `it` in `Kabul denies it`, and in `fired at it`."""
    cur = tok.head
    while cur.pos_ not in {"VERB", "AUX"} and cur.head.i != cur.i:
        cur = cur.head
    return cur


def _pronoun_types(ctx: Context, word: str) -> frozenset[str]:
    if word in {"he", "she", "his", "her", "him"}:
        return frozenset({"Person"})
    if word in {"it", "its"}:
        return ctx.lex.actor_types - {"Person", "PopulationGroup"}
    return ctx.lex.actor_types


def filler_no_pron(ctx: Context, t: Token) -> str | None:
    return None if t.pos_ == "PRON" else filler(ctx, t)


def subjects(ctx: Context, verb: Token) -> list[Token]:
    """The subject tokens of a verb, climbing to the clause it depends on when it has none."""
    cur, hops = verb, 0
    while hops < 4:
        subj = [_gerund_subject(c) for c in cur.children if c.dep_ in SUBJECT_DEPS]
        if subj:
            return [described_by(ctx, s) or s for s in subj]
        if cur.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in cur.head.children):
            # object control: `urged both sides to agree` -> both sides agree
            return [c for c in cur.head.children if c.dep_ == "dobj"]
        if cur.dep_ == "pcomp" and cur.head.lower_ == "of" and cur.head.head.lemma_.lower() in ctx.lex.accusing:
            # `accused Moscow of blowing up the dam` -> Moscow blew it up (as alleged)
            return [c for c in cur.head.head.children if c.dep_ == "dobj"]
        if cur.dep_ == "relcl" or (cur.dep_ == "acl" and cur.tag_ in {"VBN", "VBD"}):
            # a past tense is no reduced relative: `a group of people protested` parsed as a modifier of `group`
            return [cur.head if cur.dep_ == "relcl" else _whose(ctx, cur.head)]
        if _adjunct_gerund(cur):
            # `was killed after exchanging fire with police`: who exchanged fire is the clause's subject
            cur, hops = cur.head, hops + 1
            continue
        if cur.dep_ not in {"xcomp", "conj", "advcl", "acomp", "pcomp", "ccomp"} or cur.head.i == cur.i:
            break
        cur, hops = cur.head, hops + 1
    passive = any(c.dep_ == "auxpass" for c in cur.children)  # `in X, Y, a man was killed`: the toll rules read it
    return fronted_subject(ctx, cur) if cur.dep_ == "ROOT" and not passive else []


def _adjunct_gerund(prep: Token) -> bool:
    """A preposition that opens a gerund clause on a verb with no object (`killed after exchanging fire`,
    `died while fleeing`): its subject is the verb's. With an object the object may be it (`arrested him
    for killing a guard`), so the climb stops there."""
    return (
        prep.dep_ == "prep"
        and any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in prep.children)
        and prep.head.pos_ in {"VERB", "AUX"}
        and not any(c.dep_ == "dobj" for c in prep.head.children)
    )


def _gerund_subject(subj: Token) -> Token:
    """`armed men driving two vehicles attacked a patrol`: the parser makes `driving` the clausal subject
    and `men` its subject; the men are who attacked (a gerund clause as subject, `shelling the town
    angered them`, has no subject of its own and stays as it is)."""
    if subj.dep_ == "csubj" and subj.tag_ == "VBG":
        return next((c for c in subj.children if c.dep_ == "nsubj" and c.i < subj.i), subj)
    return subj


def _whose(ctx: Context, noun: Token) -> Token:
    """Whose verb the parser hung on `noun` is: `noun`'s, or, when it names no actor, that of the people it
    is said of (`workers of a cleaning company protested`, `nurses of the general hospital marched`)."""
    if noun.dep_ != "pobj" or ctx.types.get(filler(ctx, noun) or "") in ctx.lex.actor_types:
        return noun
    head = noun
    while head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN":
        head = head.head.head
        if is_people(ctx, head):
            return head
    return noun


def described_by(ctx: Context, subj: Token) -> Token | None:
    """`in Goma, Nord Kivu, a group of artists protested`, parsed with the region as the subject and the
    group in apposition to it: a town or region with a common noun in apposition is no subject; the noun is."""
    if ctx.types.get(entity_at(ctx, subj) or "") not in ctx.lex.place_types - {"Country"}:
        return None
    return next(
        (
            c
            for c in subj.children
            if c.dep_ == "appos"
            and c.pos_ == "NOUN"
            and entity_at(ctx, c) is None
            and c.lemma_.lower() not in ctx.lex.place_nouns
        ),
        None,
    )


def fronted_subject(ctx: Context, verb: Token) -> list[Token]:
    """`On 6 May, in X, Y, workers protested`: the parser takes the subject after a fronted place and its
    region for an apposition of the place or one more conjunct (`in X, Y, nurses and doctors protested`). A
    common noun so hung on a place before a verb with no subject, naming no place itself, is its subject."""
    for tok in verb.sent:
        if tok.i >= verb.i:
            break
        head = tok.head
        while head.dep_ == "conj" and head.head.i != head.i:  # `in X, Y, workers`: apposition to the pair
            head = head.head
        if (
            (tok.dep_ == "appos" or (tok.dep_ == "conj" and tok.pos_ == "NOUN" and tok.head.dep_ in {"appos", "conj", "pobj"}))
            and tok.pos_ in {"NOUN", "PROPN"}
            and ctx.types.get(entity_at(ctx, head) or "") in ctx.lex.place_types
            and ctx.types.get(entity_at(ctx, tok) or "") not in ctx.lex.place_types
            and tok.lemma_.lower() not in ctx.lex.place_nouns
        ):
            key = filler(ctx, tok)  # an actor it names (`workers`), never the place it hangs on
            actor = ctx.types.get(key or "")
            return [tok] if actor in ctx.lex.actor_types and actor not in ctx.lex.place_types else []
    return []


def dangling_subject(ctx: Context, verb: Token) -> list[str]:
    """`Azerbaijan launched measures, citing an alleged buildup`: a participle clause with no actor of its
    own belongs to the nearest actor that is the subject of an earlier verb in the sentence."""
    if verb.tag_ != "VBG" or verb.dep_ not in {"advcl", "xcomp", "conj"}:
        return []
    if any(c.dep_ in {"aux", "auxpass"} for c in verb.children):
        return []  # `attacks ... were threatening the order`: a finite verb, whose subject is its own
    for tok in reversed(list(verb.sent[: verb.i - verb.sent.start])):
        if tok.pos_ in {"VERB", "AUX"}:
            for subj in (described_by(ctx, c) or c for c in tok.children if c.dep_ == "nsubj"):
                keys = [k for k in fillers(ctx, subj) if ctx.types.get(k) in ctx.lex.actor_types]
                if keys:
                    return keys
    return []


def is_people(ctx: Context, tok: Token) -> bool:
    """`civilians`, `311 people`, `ethnic Armenians`: a phrase that counts or names people."""
    key = filler(ctx, tok)
    return (key is not None and ctx.types.get(key) == "PopulationGroup") or tok.lemma_.lower() in ctx.lex.people or tok.like_num


def _outside_other_events(ctx: Context, tok: Token) -> list[Token]:
    """The words of `tok`'s phrase, less the phrases of event nouns inside it (`hundreds of attacks carried
    out against X`: the count is the phrase's head)."""

    def event_noun(t: Token) -> bool:
        return t.pos_ == "NOUN" and bool(ctx.lex.nouns.get(t.lemma_.lower()))

    def counted_events(t: Token) -> bool:
        if not (t.like_num or t.lower_ in ctx.lex.collective_heads):
            return False
        return any(event_noun(p) for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children)

    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        if t is not tok and (event_noun(t) or counted_events(t)):
            continue
        out.append(t)
        stack.extend(t.children)
    return sorted(out, key=lambda t: t.i)


def places_inside(ctx: Context, tok: Token) -> list[str]:
    """Places named inside a phrase: `airports and federal facilities in Tigray` -> Tigray; not inside a time
    phrase (`in the waning days of the USSR` is a when, not a where), nor inside another event noun's phrase
    (`struck X in response to attacks against Israel`: Israel is where those attacks were aimed)."""
    if tok.lemma_.lower() in ctx.lex.time_nouns:
        return []
    out: list[str] = []
    references: list[str] = []
    for t in _outside_other_events(ctx, tok):
        key = entity_at(ctx, t) or (settlement_antecedent(ctx, t) if t.dep_ == "pobj" else None)
        # `in the Bureij refugee camp`: the name is a compound of the phrase's head noun
        phrase = t.head if t.dep_ == "compound" and t.head.dep_ == "pobj" and entity_at(ctx, t.head) is None else t
        if (
            key
            and ctx.types.get(key) in ctx.lex.place_types
            and phrase.dep_ == "pobj"
            and (phrase.head.lower_ in ctx.lex.prepositions or phrase.head.lower_ == "of")
            and key not in out
        ):
            # `the town of Sake, west of Goma`: Goma is a reference point, where only if nothing else is
            (references if phrase.head.head.lower_ in ctx.lex.reference_points else out).append(key)
    return out or [k for k in dict.fromkeys(references)]
