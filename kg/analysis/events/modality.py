"""How the text holds an event (asserted, reported, hedged, planned, denied) and who claims it.

Example: `Fighting might trigger an exodus, Reuters reported, citing the region's leadership`:
    exodus hedged, source Reuters, attributed to the leadership
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.analysis.events.context import CLAUSE_BOUNDARIES, Context, Draft
from kg.analysis.events.fillers import fillers, subjects

FUTURE_AUXILIARIES = {"will", "would", "shall", "'ll"}


def governing_verbs(ctx: Context, tok: Token, depth: int = 4) -> list[Token]:
    out, cur = [], tok
    for _ in range(depth):
        if cur.head.i == cur.i:
            break
        if cur.dep_ == "ccomp":
            break
        cur = cur.head
        out.append(cur)
    return out


def clause_heads(ctx: Context, tok: Token, depth: int = 3) -> list[Token]:
    """Heads above a trigger up to its clause boundary, plus the governor of an `xcomp` (`ready to`)."""
    out, cur = [], tok
    for _ in range(depth):
        if cur.head.i == cur.i or cur.dep_ in CLAUSE_BOUNDARIES - {"xcomp"}:
            break
        cur = cur.head
        out.append(cur)
    return out


def trigger_and_verb(ctx: Context, tok: Token) -> list[Token]:
    """The trigger, and for an event noun the verb it depends on: where negation and mood are marked."""
    chain = [tok]
    if tok.pos_ == "NOUN":
        chain += [t for t in governing_verbs(ctx, tok, 3) if t.pos_ in {"VERB", "AUX"}][:1]
    return chain


def negated(ctx: Context, tok: Token) -> bool:
    """`did not attack`, `no ceasefire was agreed`, `entered without fighting`: a negated trigger is no
    event (a denial verb is one)."""
    if ctx.lex.flag(ctx.lex.verb_class(tok.lemma_.lower()) or "", "denies"):
        return False
    if tok.dep_ in {"pcomp", "pobj"} and tok.head.lower_ == "without":
        return True
    chain = trigger_and_verb(ctx, tok)
    return any(
        c.dep_ == "neg" or (c.lower_ in {"never", "no"} and c.dep_ in {"neg", "det", "advmod"}) for t in chain for c in t.children
    )


def unreal(ctx: Context, tok: Token) -> bool:
    """`It was not clear whether any rebels were hit`, `if the rebels attack the city`, `any attacker who
    entered the country`, `militants who often target the police`: the clause tells of a possibility, of
    whoever might, or of what tends to happen, not of an occurrence."""
    chain = trigger_and_verb(ctx, tok)
    if any(c.dep_ == "mark" and c.lower_ in ctx.lex.unreal_marks for t in chain for c in t.children):
        return True
    if _background_present(tok):
        return True
    if any(c.dep_ == "advmod" and c.lower_ in ctx.lex.habitual for t in chain for c in t.children):
        return True
    if tok.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in ctx.lex.habitual_adjectives for c in tok.children):
        return True  # `carries out frequent bombings in Mogadishu`
    return any(
        t.dep_ == "relcl" and any(c.dep_ == "det" and c.lower_ in ctx.lex.free_choice_determiners for c in t.head.children)
        for t in chain
    )


def _background_present(verb: Token) -> bool:
    """`bombs killed 18 on Sunday, as Iraqi forces fight the Islamic State in Mosul`: a present tense under
    `as` or `while` beside a past one tells the situation the event happened in, not another event."""
    return (
        verb.tag_ in {"VBP", "VBZ"}
        and any(c.dep_ == "mark" and c.lower_ in {"as", "while"} for c in verb.children)
        and any(t.tag_ in {"VBD", "VBN"} and t not in verb.subtree for t in verb.sent)
    )


def set_modality(ctx: Context, draft: Draft) -> None:
    """`alleged buildup` reported, `might flee` hedged, `will disarm` planned (a pledge is planned by nature)."""
    tok = draft.trigger
    chain = [tok, *clause_heads(ctx, tok)]
    aux = {c.lower_ for t in chain[:3] for c in t.children if c.dep_ in {"aux", "advmod", "auxpass"}}
    lemmas = {t.lemma_.lower() for t in chain[1:3]}
    if any(c.lower_ in ctx.lex.report_words for c in tok.children) or (
        tok.dep_ == "pcomp" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in ctx.lex.accusing
    ):
        draft.modality = "reported"
    if aux & ctx.lex.hedges:
        draft.modality = "hedged"
    elif aux & FUTURE_AUXILIARIES or lemmas & (ctx.lex.plans - {"will", "would"}) or ctx.lex.flag(draft.type, "planned"):
        draft.modality = "planned"


def attribution_cues(ctx: Context, tok) -> tuple[list, list]:
    """The reporting verbs (`said`, `reported`) and `according (to)` of a token's sentence, found once
    per sentence: every event of the sentence asks for them."""
    sent = tok.sent
    found = ctx.cues.get(sent.start)
    if found is None:
        found = ctx.cues[sent.start] = (
            [t for t in sent if t.lemma_.lower() in ctx.lex.reporting],
            [t for t in sent if t.lower_ == "according" and t.dep_ == "prep"],
        )
    return found


def attribute(ctx: Context, draft: Draft) -> None:
    """Who claims the event (`X said that ...`) and which outlet reports it (`Reuters reported`)."""
    tok = draft.trigger
    reporting, according = attribution_cues(ctx, tok)
    for t in reporting:
        if t is tok:
            continue
        governs = any(c.dep_ in {"ccomp", "parataxis", "xcomp"} and tok in c.subtree for c in t.children)
        attached = t.dep_ in {"parataxis", "ccomp", "advcl"} and (t.head == tok or t.head in tok.ancestors) and t.i > tok.i
        if not (governs or attached):
            continue
        speakers = [k for s in subjects(ctx, t) for k in fillers(ctx, s)]
        for child in t.children:
            if child.dep_ == "dative":
                speakers_media = [k for k in fillers(ctx, child) if ctx.types.get(k) == "MediaOrganization"]
                if speakers_media and not draft.source:
                    draft.source = speakers_media[0]
            if child.dep_ in {"advcl", "xcomp"} and child.lemma_.lower() in ctx.lex.citing:
                for obj in (g for g in child.children if g.dep_ == "dobj"):
                    cited = fillers(ctx, obj)
                    if cited and not draft.attributed_to:
                        draft.attributed_to = cited[0]
        for key in speakers:
            if ctx.types.get(key) == "MediaOrganization":
                draft.source = draft.source or key
            elif not draft.attributed_to and not ctx.lex.flag(draft.type, "report"):
                draft.attributed_to = key
        if not ctx.lex.flag(draft.type, "report") and draft.modality == "asserted" and (speakers or draft.source):
            draft.modality = "reported"
    for t in according:
        for to in t.children:
            for pobj in to.children:
                for key in fillers(ctx, pobj):
                    if ctx.types.get(key) == "MediaOrganization":
                        draft.source = draft.source or key
                    else:
                        draft.attributed_to = draft.attributed_to or key


def mark_denied(ctx: Context, drafts: list[Draft]) -> None:
    """`an alleged buildup - something Yerevan denied`: the event a denial answers is held as denied."""
    by_token = {d.trigger.i: d for d in drafts}
    for d in drafts:
        if not ctx.lex.flag(d.type, "denies"):
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
