"""Where the tagger's names end: at line breaks and brackets, before a preposition the parser hangs outside
the name, whole across hyphens, two place names with nothing between them as one, a date written in full as
one date. Each is a fix of the statistical tagger's spans on conflict news, read by the `kg_entity_lines`
component of `kg.analysis.nlp` before the entities stage reads `doc.ents`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from spacy.attrs import IDX
from spacy.tokens import Doc, Span

from kg.analysis.dates import DAY_MONTH_YEAR, MONTH_DAY_YEAR
from kg.knowledge.place_names import place_words


def entity_edges(doc: Doc) -> Doc:
    """Names end where words end: cut at line breaks and brackets and before a preposition outside the
    name, whole across hyphens, and a date written in full is one date (see the functions below)."""
    return whole_dates(
        whole_place_names(names_across_particles(whole_hyphenated_names(places_cut_at_prepositions(entities_within_lines(doc)))))
    )


PLACE_LABELS = {"GPE", "LOC"}
NAME_LABELS = PLACE_LABELS | {"PERSON", "ORG", "FAC", "NORP"}


def whole_place_names(doc: Doc) -> Doc:
    """Two place names with nothing between them are one name: the tagger split `Baja California` into
    `Baja` and `California`. A list or a chain of places is written with commas or words between its names,
    but not always (`in Tijuana Baja California`): names are joined in pairs from the right, each once, so
    that a town before a two-word region stays a town of its own. A quarter's word and the name after it
    (`Colonia` `Las Lomas`, places.json `quarter_words`) are one place whatever the tagger called the name."""
    quarter_words = {w for w in place_words()["quarter_words"] if " " not in w}
    ents = list(doc.ents)
    merged: list[Span] = []
    joined = False
    for ent in reversed(ents):
        after = merged[-1] if merged else None
        if (
            after is not None
            and not joined
            and ent.end == after.start
            and (ent.label_ in PLACE_LABELS or ent.text.lower() in quarter_words)
            and (after.label_ in PLACE_LABELS or (ent.text.lower() in quarter_words and after.label_ in NAME_LABELS))
            and not doc[ent.end - 1].is_space
        ):
            merged[-1] = Span(doc, ent.start, after.end, label=after.label_)
            joined = True
        else:
            merged.append(ent)
            joined = False
    if len(merged) != len(ents):
        doc.ents = merged[::-1]
    return doc


PARTICLES = (
    ("de", "la"),
    ("de", "las"),
    ("de", "los"),
    ("do",),
    ("da",),
    ("dos",),
    ("das",),
    ("de",),
    ("del",),
    ("di",),
    ("du",),
)


def names_across_particles(doc: Doc) -> Doc:
    """A name goes on across a lower-case particle to the capitalised words after it: the tagger cut
    `Jardim do Trevo` into `Jardim` and `Trevo` (a town in another state and a person), `Vila da Paz` into
    `Vila`. The whole is one name, with the first part's label (a place's where either part is one)."""
    ents, changed, taken = list(doc.ents), False, -1
    for ent in list(ents):
        if ent.label_ not in NAME_LABELS or ent.start < taken or ent not in ents:
            continue
        after = next((ent.end + len(p) for p in PARTICLES if _written(doc, ent.end, p)), None)
        if after is None or after >= len(doc) or not doc[after].is_title or doc[ent.end - 1].is_space:
            continue
        end = after
        while end < len(doc) and doc[end].is_title and doc[end].sent_start != 1 and not doc[end].is_punct:
            end += 1
        inside = [e for e in ents if e.start < end and e.end > ent.end]
        end = max([end, *(e.end for e in inside)])
        places = {e.label_ for e in (ent, *inside)} & PLACE_LABELS
        ents = [e for e in ents if e is not ent and e not in inside] + [
            Span(doc, ent.start, end, label=places.pop() if places and ent.label_ not in PLACE_LABELS else ent.label_)
        ]
        changed, taken = True, end
    if changed:
        doc.ents = sorted(ents, key=lambda e: e.start)
    return doc


def _written(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    return i + len(words) <= len(doc) and all(doc[i + k].text == w for k, w in enumerate(words))


FULL_DATE = re.compile(rf"\b(?:{DAY_MONTH_YEAR}|{MONTH_DAY_YEAR})\b", re.IGNORECASE)


def whole_dates(doc: Doc) -> Doc:
    """A day, month and year written out is one DATE, whatever the tagger made of it: it tagged `7 May 2020`
    after `Around` as `May 2020` (the day lost: a month), and `28 Apr 2020` as a number and a year. A date
    the tagger found whole, or inside a longer date (`around 5 May 2020`), is left as it is."""
    ents, changed = list(doc.ents), False
    for m in FULL_DATE.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="contract")
        if span is None or len(span) == 0:
            continue
        if any(e.label_ in {"DATE", "TIME"} and e.start <= span.start and e.end >= span.end for e in ents):
            continue
        ents = [e for e in ents if e.end <= span.start or e.start >= span.end] + [Span(doc, span.start, span.end, label="DATE")]
        changed = True
    if changed:
        doc.ents = sorted(ents, key=lambda e: e.start)
    return doc


def whole_hyphenated_names(doc: Doc) -> Doc:
    """A hyphenated name is one name, but the tagger splits the long ones it never saw: `Jaish-e-Fursan-e-
    Muhammad` came out as `Jaish` (NORP) and `Muhammad` (PERSON), `Tehreek-e-Jihad` as `Tehreek`. An entity
    covering part of a hyphenated word grows to the whole word, joined with any other entity inside it; it
    keeps their label if they agree, else is an ORG (such names are mostly groups: `Lashkar-e-Taiba`). One of
    three parts or more, capitalised at both ends and not tagged at all, is an ORG too."""
    ents, changed = list(doc.ents), False
    for i, j in hyphenated_words(doc):
        inside = [e for e in ents if e.start <= j and e.end > i]
        if not inside and j - i >= 4 and doc[i].is_title and doc[j].is_title:
            ents.append(Span(doc, i, j + 1, label="ORG"))  # `Liwa-e-Zainab-e-Hind`, untagged: a name all the same
            changed = True
        elif inside and not any(e.start <= i and e.end > j for e in inside):
            start, end = min(i, *(e.start for e in inside)), max(j + 1, *(e.end for e in inside))
            labels = {e.label_ for e in inside}
            ents = [e for e in ents if e not in inside] + [
                Span(doc, start, end, label=labels.pop() if len(labels) == 1 else "ORG")
            ]
            changed = True
    if changed:
        doc.ents = sorted(ents, key=lambda e: e.start)
    return doc


def hyphenated_words(doc: Doc) -> list[tuple[int, int]]:
    """The first and last token of each word joined by hyphens (`Jaish`, `-`, `e`, `-`, `Adl`), left to right,
    never overlapping. Found from the hyphens in the text, as `paragraph_boundaries` finds line breaks: this
    runs on every article, so it visits the hyphens, not every token."""
    text = doc.text
    if "-" not in text:
        return []
    starts = doc.to_array(IDX).tolist()
    words: list[tuple[int, int]] = []
    at, last = -1, -1
    while (at := text.find("-", at + 1)) >= 0:
        k = bisect_right(starts, at) - 1  # the token holding this hyphen
        if k == last or not (0 < k < len(doc) - 1) or doc[k].text != "-":
            continue
        last = k
        if doc[k - 1].whitespace_ or doc[k].whitespace_:
            continue
        if words and k == words[-1][1] + 1:
            words[-1] = (words[-1][0], k + 1)  # one more part: `...-e` `-` `Muhammad`
        elif not words or k - 1 > words[-1][1]:
            words.append((k - 1, k + 1))
    return words


BRACKETS = {"(", ")", "[", "]"}


def entities_within_lines(doc: Doc) -> Doc:
    """No name runs across a line break or a bracket, but the tagger's entities can: `...ambush near
    Kismayo` ending a headline and `Police said ...` starting the body came out as one ORG, `Rawson (Chubut`
    as one place. Each is cut at its breaks, blank tokens and brackets, every piece kept with its label."""
    if "\n" not in doc.text and "(" not in doc.text and "[" not in doc.text:
        return doc
    return _cut(doc, lambda ent: [t.i for t in ent if t.is_space or t.text in BRACKETS])


def _cut(doc: Doc, cuts: Callable[[Span], list[int]]) -> Doc:
    """Each entity split at the tokens `cuts` names for it (those tokens dropped), every piece kept with
    its label; the doc's entities are set only when one was cut."""
    ents, cut = [], False
    for ent in doc.ents:
        at = cuts(ent)
        if not at:
            ents.append(ent)
            continue
        cut, start = True, ent.start
        for i in [*at, ent.end]:
            if start < i:
                ents.append(Span(doc, start, i, label=ent.label))
            start = i + 1
    if cut:
        doc.ents = ents
    return doc


CUT_PREPOSITIONS = frozenset({"in", "near"})


def places_cut_at_prepositions(doc: Doc) -> Doc:
    """A name ends before a lower-case `in` or `near` that the parser hangs outside it: the tagger's `Bennsh
    in Idleb` (shelled Bennsh, in Idleb) is a town and the province it lies in, two names, each kept with
    the label; `the UN Mission in South Sudan`, whose `in` belongs to `Mission`, stays one."""
    return _cut(doc, lambda ent: [t.i for t in ent[1:-1] if t.text in CUT_PREPOSITIONS and not ent.start <= t.head.i < ent.end])
