"""How many: counts on an event's participants and items, with the words they came from.

Example: `Russian peacekeepers evacuated 311 civilians` -> Quantity("311 civilians", 311, "count", "civilians")
Example: `a total of 130,000 munitions`, `125 tons of food`, `Thousands of Karabakh Armenians` (amount None)
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from kg.analysis.dates import MONTH_RE
from kg.analysis.events.context import Context, Draft
from kg.analysis.quantities import UNITS, parse_amount
from kg.records import Quantity

NUMBER_WORDS = {"thousand", "hundred", "million", "dozen", "total", "number"}


def add_quantity(ctx: Context, draft: Draft, tok: Token, item_role: bool = False) -> None:
    """The counts of `tok`, its conjuncts and the groups it includes (`including 30 children`)."""
    found = []
    for t in [tok, *tok.conjuncts]:
        found.append(quantity(ctx, t, item_role))
        for child in t.children:
            if child.dep_ == "prep" and child.lower_ in {"including", "among"}:
                found += [quantity(ctx, pobj, item_role) for pobj in child.children]
    for q in found:  # once each: a phrase reached twice (`71 people, including 65 rebels`) counts once
        if q and all((q.start, q.end) != (o.start, o.end) for o in draft.quantities):
            draft.quantities.append(q)


COUNT_NOUNS = frozenset({"total", "number"})  # `a total of 15 projectiles`: the count is of what follows


def _day_of_month(tok: Token) -> bool:
    """A day or a year written beside a month (`7 May`, `May 2020`): a date's number, no count."""
    near = [tok.doc[i].lower_.rstrip(".") for i in (tok.i - 1, tok.i + 1) if 0 <= i < len(tok.doc)]
    dated = tok.text.isdecimal() and (int(tok.text) <= 31 or (len(tok.text) == 4 and 1900 <= int(tok.text) <= 2100))
    return dated and any(re.fullmatch(MONTH_RE, w) for w in near)


def quantity(ctx: Context, tok: Token, item_role: bool) -> Quantity | None:
    """`311 civilians`, `a total of 130,000 munitions`, `125 tons of food`, `Thousands of Karabakh Armenians`."""
    number_tok: Token | None
    item_tok: Token | None = tok
    unit = None
    if tok.like_num or tok.ent_type_ == "CARDINAL" or tok.lemma_.lower() in NUMBER_WORDS:
        of_obj = next(
            (g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), None
        )
        if tok.lemma_.lower() in COUNT_NOUNS:
            if of_obj is None:
                return None
            return quantity(ctx, of_obj, item_role)
        number_tok, item_tok = tok, of_obj
    else:
        number_tok = next(
            (c for c in tok.children if c.dep_ in {"nummod", "quantmod"} or (c.like_num and c.dep_ in {"amod", "compound"})), None
        )
        if number_tok is None:
            return None
        if tok.lower_ in UNITS:
            unit = tok.lower_
            item_tok = next(
                (g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"),
                None,
            )
    if _day_of_month(number_tok):
        return None  # `Around 8 May 2020, a person was found dead`, the 8 or `May 2020` parsed as the subject
    span = number_span(ctx, number_tok)
    amount, approx = parse_amount(span.text)
    offset = ctx.offset
    end_tok = max(span.end, (item_tok.i + 1) if item_tok is not None else span.end)
    text = ctx.doc[span.start : end_tok].text if item_tok is not None and item_tok.i >= span.start else span.text
    item = None
    if item_tok is not None:
        item = " ".join(
            t.text for t in item_tok.subtree if (t.i <= item_tok.i and t.dep_ in {"amod", "compound"}) or t.i == item_tok.i
        )
    return Quantity(
        text,
        amount,
        unit or "count",
        item,
        offset + ctx.doc[span.start].idx,
        offset + ctx.doc[end_tok - 1].idx + len(ctx.doc[end_tok - 1].text),
        approx,
    )


def number_span(ctx: Context, tok: Token) -> Span:
    for ent in ctx.doc.ents:
        if ent.start <= tok.i < ent.end and ent.label_ in {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}:
            return ent
    left = min([tok.i] + [c.i for c in tok.subtree if c.i < tok.i and c.dep_ in {"quantmod", "advmod", "compound", "nummod"}])
    return ctx.doc[left : tok.i + 1]
