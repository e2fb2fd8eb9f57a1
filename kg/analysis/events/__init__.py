"""Events stage: who did what to whom, where, when and how many, as the text holds it.

Triggers come from the event lexicon (`ontology/lexicon/events.json`): verbs (`evacuated`), phrasal verbs
(`took control`), event nouns (`exodus`, `ceasefire`), whose agent may come from a support verb
(`Azerbaijan launched counter-terrorism measures`), and adjectives (`ready to`). One module per job, each
a set of functions over a frozen `Context`:

- `triggers`: which tokens trigger which lexicon entry (pure matching);
- `roles`: roles from the dependency parse, never from word order (`were evacuated ... by` -> agent,
  `to Armenia` -> destination, subjects of the clause a verb depends on, relative clauses);
- `fillers`: which entities a token stands for (conjuncts, relative and personal pronouns);
- `modality`: negation, hedging, plans, attribution (`X said that`, `Reuters reported, citing Y`), denial;
- `timing`: dates; `amounts`: counts; `casualties`: tolls (killed, injured, missing, abducted) per source;
- `merge`: mentions of one event in an article become one event;
- `coding`: which kind of its class an event is, as coders code it (`protests`: how a protest went);
- `denials`: which claims of the article a denial answers (once the article's segments are joined).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from spacy.tokens import Doc

from kg.analysis.entities import ArticleEntities
from kg.analysis.events.amounts import add_quantity
from kg.analysis.events.casualties import attach_tolls, toll_words
from kg.analysis.events.coding import code
from kg.analysis.events.context import Context, Draft
from kg.analysis.events.denials import link_denials
from kg.analysis.events.fillers import places_inside
from kg.analysis.events.lexicon import Lexicon, coding_words, load_lexicon
from kg.analysis.events.merge import merge_drafts, share_episode_roles
from kg.analysis.events.modality import attribute, mark_denied, negated, set_modality, unreal
from kg.analysis.events.protests import intervening
from kg.analysis.events.roles import fill_adjective, fill_noun, fill_verb
from kg.analysis.events.sharing import share_sentence_context, share_sentence_place
from kg.analysis.events.sides import fold_countered
from kg.analysis.events.timing import date_for, date_owners, reporting_window, sentence_dates
from kg.analysis.events.triggers import match_adjective, match_noun, match_participants, match_verb
from kg.records import Document, Event, Role

__all__ = ["Lexicon", "extract_events", "link_denials", "load_lexicon"]

ROLE_ORDER = ("agent", "target", "location", "origin", "destination")
ARMED = {"ArmedGroup", "ArmedForce"}  # `the assailants fled with 130 cattle` is no displacement of people


def draft_events(ctx: Context) -> list[Draft]:
    """Every trigger of the article with its roles, modality, attribution, date and counts, before merging."""
    drafts: list[Draft] = []
    for tok in ctx.doc:
        draft = None
        if (tok.pos_ in {"VERB", "AUX"} or tok.tag_.startswith("VB")) and not nominal_gerund(tok):
            entry = match_verb(ctx.lex, tok)
            draft = fill_verb(ctx, tok, entry) if entry else None
            if draft is None:  # no entry, or one whose subject it does not fit (`rioters fought the police`)
                crowd = match_participants(ctx.lex, tok)
                draft = fill_verb(ctx, tok, crowd) if crowd else None
        elif tok.pos_ in {"NOUN", "PROPN"} or nominal_gerund(tok):
            entry = match_noun(ctx.lex, tok)
            draft = fill_noun(ctx, tok, entry) if entry else None
        elif tok.pos_ == "ADJ":
            entry = match_adjective(ctx.lex, tok)
            draft = fill_adjective(ctx, tok, entry) if entry else None
        if draft is None or negated(ctx, tok) or unreal(ctx, tok):
            continue
        draft.sentences.add(ctx.sentence_of(tok.i))
        finish(ctx, draft)
        drafts.append(draft)
    attach_tolls(ctx, drafts, lambda tok, tolls: toll_attack(ctx, tok, tolls))
    drafts = fold_countered(ctx, drafts)
    share_episode_roles(ctx, drafts)
    share_sentence_context(ctx, drafts, sentence_dates(ctx))
    mark_denied(ctx, drafts)
    return drafts


def narrative_dates(ctx: Context, drafts: list[Draft], dates: dict) -> None:
    """An event the text dates nowhere happened when the story last said things happened: `On 9 May 2020,
    militants attacked a post in X. Two soldiers were killed.` dates the deaths too. The date is the last
    day or month a sentence before it gives; statements and reports keep their own (they are told when
    they are said)."""
    told = sorted((start, expr) for start, expr in dates.items() if expr.precision in {"day", "month"})
    for d in drafts:
        if d.time is not None or ctx.lex.flag(d.type, "report") or ctx.lex.flag(d.type, "speech_act"):
            continue
        start = d.trigger.sent.start
        before = [expr for s, expr in told if s < start]
        if before:
            d.time = before[-1]


def places_as_agents(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """A town, region or site the parser made a subject (`In Carora, Lara state, drivers protested`: `Carora`;
    `Kankara LGA` before `killed`) is where, never who: no agent, the event's place if it has none. A country
    stays an agent (`Turkey shelled ...`: its state), and so does a name the place data do not hold, which the
    entity stage typed a town for want of anything better (`dahalo clashed with soldiers`: bandits)."""
    from kg.analysis.geocode import named_places
    from kg.knowledge.places import index

    def known(key: str) -> bool:
        entity = ctx.found.entities.get(key)
        return entity is not None and bool(named_places(entity, index()))

    for d in drafts:
        places = [
            k
            for k in d.roles.get("agent", [])
            if ctx.types.get(k) in ctx.lex.place_types and ctx.types.get(k) != "Country" and known(k)
        ]
        if places:
            d.roles["agent"] = [k for k in d.roles["agent"] if k not in places]
            if not d.roles["agent"]:
                del d.roles["agent"]
            if not d.roles.get("location"):
                d.add("location", places)
    return drafts


def nominal_gerund(tok) -> bool:
    """`Russian shelling killed three civilians`: a gerund standing where a noun does, with no subject or object
    of its own, is the event noun (the model tags the same word a verb or a noun as the text before it shifts)."""
    return (
        tok.tag_ == "VBG"
        and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}
        and not any(c.dep_ in {"nsubj", "nsubjpass", "dobj", "aux", "auxpass"} for c in tok.children)
    )


def toll_attack(ctx: Context, tok, tolls) -> Draft | None:
    """`Nine soldiers were killed on Friday`, `12 dead in market blast`: a toll of dead or injured with no
    attack word around it still tells of an attack, on the people it counts. A count of lives or deaths a
    war has claimed is no attack, and is kept only on an attack its sentence tells."""
    if not any(t.kind in {"killed", "injured"} for t in tolls) or negated(ctx, tok) or unreal(ctx, tok):
        return None
    if tok.pos_ == "NOUN":  # `the insurgency has claimed 2,600 lives`: a war's running toll, not one attack
        return harm_of_toll(ctx, tok)
    draft = Draft("Attack", tok)
    draft.add("target", [t.party for t in tolls])
    for prep in (c for c in tok.children if c.dep_ == "prep" and ctx.lex.prepositions.get(c.lower_) == "location"):
        draft.add("location", places_inside(ctx, prep))  # `a man was found dead in X`, `in X, two were killed`
    draft.sentences.add(ctx.sentence_of(tok.i))
    finish(ctx, draft)
    return draft


def harm_of_toll(ctx: Context, tok) -> Draft | None:
    """`The death toll from the twin blasts in X has risen to 120`: a toll noun that says what it counts
    (`from`, `in`, `of` a harm noun) tells that harm as an attack, at the places its phrase names."""
    harms = toll_words().harm_nouns
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in {"from", "in", "of"}):
        for noun in (p for p in prep.children if p.dep_ == "pobj" and p.lower_ in harms):
            draft = Draft("Attack", noun)
            draft.add("location", places_inside(ctx, noun))
            draft.sentences.add(ctx.sentence_of(noun.i))
            finish(ctx, draft)
            return draft
    return None


def finish(ctx: Context, draft: Draft) -> None:
    """Modality, attribution, date, and the count on the trigger's object where the class counts one."""
    tok = draft.trigger
    set_modality(ctx, draft)
    attribute(ctx, draft)
    draft.time = date_for(ctx, tok)
    if ctx.lex.flag(draft.type, "counts_target") and not draft.quantities:
        for child in tok.children:
            if child.dep_ in {"dobj", "nsubjpass"} or (child.dep_ == "nsubj" and ctx.lex.flag(draft.type, "counts_subject")):
                add_quantity(ctx, draft, child)
            elif child.dep_ in {"oprd", "xcomp", "ccomp"}:  # `left at least 26 people dead`
                for subject in (g for g in child.children if g.dep_ in {"nsubj", "dobj"}):
                    add_quantity(ctx, draft, subject)


def make_context(
    doc: Doc, document: Document, found: ArticleEntities, sentence_of: Callable[[int], int], lex: Lexicon, offset: int
) -> Context:
    ctx = Context(
        doc,
        document,
        found,
        sentence_of,
        lex,
        offset,
        {k: e.type for k, e in found.entities.items()},
        sorted((m.token_start, m.entity) for m in found.mentions),
        text=doc.text,
    )
    ctx.dates.update(date_owners(ctx))
    return ctx


def extract_events(
    doc: Doc,
    document: Document,
    found: ArticleEntities,
    sentence_of: Callable[[int], int],
    ontology_dir: str | None = None,
    offset: int | None = None,
) -> list[Event]:
    """Every event of one parsed article (or segment starting at `offset`), merged, with stable keys."""
    offset = document.title_start if offset is None else offset
    lex = load_lexicon(ontology_dir)
    ctx = make_context(doc, document, found, sentence_of, lex, offset)
    headline = sentence_of(0) if document.title and offset == document.title_start and len(doc) else None
    drafts = merge_drafts(lex, places_as_agents(ctx, draft_events(ctx)), headline)
    share_sentence_place(ctx, drafts)
    drafts = [
        d
        for d in drafts
        if (d.roles or d.quantities or d.casualties)
        and (d.roles.get("location") or d.site or not lex.flag(d.type, "needs_place"))
        and not (
            lex.flag(d.type, "moves_people")
            and d.roles.get("target")
            and all(ctx.types.get(k) in ARMED for k in d.roles["target"])
        )
    ]
    narrative_dates(ctx, drafts, sentence_dates(ctx))  # after merging: an undated mention still joins its event
    for d in drafts:
        if d.time is None and (d.modality != "planned" or ctx.lex.flag(d.type, "speech_act")):  # a pledge is made now
            d.time = reporting_window(ctx, d.trigger)
    words = coding_words(ontology_dir)
    events = []
    for d in drafts:
        d.type = code(ctx, d, words)
        if not d.type:
            continue  # a disaster or an accident told with attack words
        if ctx.lex.flag(d.type, "met_by_force") and not d.roles.get("target"):
            d.add("target", intervening(ctx, d, words))  # `... Police dispersed them.`: the protest's (or riot's) other side
        if ctx.lex.flag(d.type, "place_taken_from") and not d.roles.get("location"):
            d.add("location", d.roles.get("origin", []))  # `kidnapped two civilians from X village`
        tok = d.trigger
        start = offset + tok.idx
        key = hashlib.sha1(f"{document.id}|{d.type}|{start}".encode()).hexdigest()[:12]
        roles = tuple(Role(name, k) for name in ROLE_ORDER for k in d.roles.get(name, []))
        evidence = d.evidence if (d.roles.get("agent") or d.roles.get("target")) else d.evidence - 0.2
        confidence = round(evidence * lex.modality_confidence[d.modality], 2)
        events.append(
            Event(
                key,
                document.id,
                d.type,
                tok.text,
                roles,
                tuple(sorted(d.sentences)),
                start,
                start + len(tok.text),
                d.time,
                tuple(d.quantities),
                d.modality,
                d.attributed_to,
                d.source or found.outlet,
                confidence,
                tuple(sorted(d.casualties, key=lambda c: (c.start, c.kind))),
            )
        )
    return events
