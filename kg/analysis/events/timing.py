"""When: each date expression belongs to the verb or event noun above it, resolved against the article date.

Example: In an article of Sunday 2023-09-24, `Azerbaijan attacked on Tuesday` -> 2023-09-19 (day)
"""

from __future__ import annotations

from datetime import date, timedelta

from spacy.tokens import Token

from kg.analysis.dates import resolve_relative_date, span
from kg.analysis.events.context import Context
from kg.records import TimeExpr

TIME_PREPOSITIONS = {"after", "following", "since", "during", "in"}
STRETCH = ("since", "from")  # `since late February`: from then to the article's date


def _opens_stretch(ent) -> bool:
    first = ent.doc[ent.start - 1] if ent.start > 0 else None
    return ent.text.lower().startswith(STRETCH) or (first is not None and first.lower_ in STRETCH)


MODIFIER_DEPS = {"nmod", "compound", "nummod", "amod", "poss"}


def _describes_a_thing(ctx: Context, ent) -> Token | None:
    """The noun a date modifies when that noun is no event: `the 1979 revolution`, `the March 23 Movement`.
    Such a date tells when that thing began or what it is called, never when the clause's event happened."""
    root, head = ent.root, ent.root.head
    if root.dep_ not in MODIFIER_DEPS or head.i == root.i or head.pos_ not in {"NOUN", "PROPN"}:
        return None
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is None or before.tag_ not in {"DT", "PRP$", "POS"} or before.head.i != head.i:
        return None  # `On 3 May 2020 opposition factions ...`: a parse that hangs a clause's date on its subject
    if head.ent_type_ in {"DATE", "TIME"} or ctx.lex.nouns.get(head.lemma_.lower()):
        return None
    return head


def date_owners(ctx: Context) -> dict[int, TimeExpr]:
    """Each DATE entity belongs to the nearest verb or event noun above it, unless it describes a thing."""
    owners: dict[int, TimeExpr] = {}
    for ent in ctx.doc.ents:
        if ent.label_ not in {"DATE", "TIME"}:
            continue
        thing = _describes_a_thing(ctx, ent)
        if thing is not None and thing.pos_ == "PROPN":
            continue  # part of a name: no date at all
        resolved = resolve_relative_date(ent.text, ctx.document.date)
        if not resolved:
            continue
        offset = ctx.offset
        stretch = _opens_stretch(ent)
        bounds = span(ent.text, resolved[0], resolved[1], ctx.document.date, stretch)
        words = f"{ctx.doc[ent.start - 1].text} {ent.text}" if stretch and not ent.text.lower().startswith(STRETCH) else ent.text
        expr = TimeExpr(
            words, resolved[0], resolved[1], offset + ent.start_char, offset + ent.end_char, *(bounds or (None, None))
        )
        cur = ent.root if thing is None else thing
        while thing is None and cur.head.i != cur.i:
            cur = cur.head
            if cur.pos_ in {"VERB", "AUX"} or ctx.lex.nouns.get(cur.lemma_.lower()):
                break
        owners.setdefault(cur.i, expr)
        if thing is None:  # a sentence's own date: not one that tells when a thing began
            owners.setdefault(-ent.root.i - 1, expr)
    return owners


def date_for(ctx: Context, tok: Token) -> TimeExpr | None:
    """The date of the trigger's own clause, or of an event noun it follows (`after talks on Monday`)."""
    if tok.i in ctx.dates:
        return ctx.dates[tok.i]
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in TIME_PREPOSITIONS:
            for pobj in child.children:
                if pobj.i in ctx.dates and ctx.lex.nouns.get(pobj.lemma_.lower()):
                    return ctx.dates[pobj.i]
    cur, hops = tok, 0
    while cur.head.i != cur.i and hops < 6 and cur.dep_ != "ccomp":
        cur, hops = cur.head, hops + 1
        if -cur.i - 1 in ctx.dates and cur.ent_type_ in {"DATE", "TIME"}:
            return ctx.dates[-cur.i - 1]
        if cur.i in ctx.dates:
            return ctx.dates[cur.i]
    return None


def sentence_dates(ctx: Context) -> dict[int, TimeExpr]:
    """The one date each sentence gives, by the index of its first token; a sentence with two different
    dates gives none (`attacked on Monday ... said on Wednesday` cannot say which is which)."""
    found: dict[int, TimeExpr | None] = {}
    for key, expr in ctx.dates.items():
        if key >= 0:
            continue
        start = ctx.doc[-key - 1].sent.start
        seen = found.get(start, expr)
        found[start] = expr if seen is not None and seen.value == expr.value else None
    return {start: expr for start, expr in found.items() if expr is not None}


def reporting_window(ctx: Context, tok: Token) -> TimeExpr | None:
    """The days before the article's publication, for an event the text dates nowhere: news tells what just
    happened, so `Gunmen killed five villagers` in a report of 12 May happened between 9 and 12 May. The
    window is no reading of the text: its words are empty (no `conf:dateText`), its precision a week,
    and incident matching still treats the event as undated. A clause in the past perfect (`had fled`)
    tells of something before the story's own events, and gets no window."""
    published = ctx.document.date
    if published is None or any(c.dep_ == "aux" and c.lower_ in {"had", "'d"} for c in tok.children):
        return None
    days = timedelta(days=ctx.lex.reporting_window_days)
    begin = published - days if published - date.min >= days else date.min  # an article dated 1 January of year 1
    return TimeExpr("", f"{published.year:04d}-{published.month:02d}", "week", 0, 0, begin.isoformat(), published.isoformat())
