"""What the entity passes build for one article: entity drafts and the token spans that mention them.

`Linker` is the one mutable object of the stage: each pass (`names`, `noun_phrases`, `ner`, `coreference`)
adds drafts and mentions to it in turn, so a later pass sees what earlier ones claimed. `result()` freezes it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from kg.analysis.entities.lexicon import EntityWords
from kg.knowledge import gazetteer
from kg.records import Entity, Mention


@dataclass(slots=True)
class EntityDraft:
    key: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    governs: str | None = None
    part_of: str | None = None
    roles: list[str] = field(default_factory=list)

    def freeze(self) -> Entity:
        aliases = tuple(sorted({a for a in self.aliases if a and a != self.label}))
        return Entity(
            self.key, self.label, self.type, aliases, self.wikidata, self.governs, self.part_of, tuple(dict.fromkeys(self.roles))
        )


@dataclass(slots=True)
class ArticleEntities:
    """What the stage returns for one article; `token_entity` serves the events stage."""

    entities: dict[str, Entity]
    mentions: list[Mention]
    token_entity: dict[int, str]
    outlet: str | None = None  # the agency of the story's dateline: the source of what it reports


def surface(span: Span, words: EntityWords) -> str:
    """The name as written, without a leading determiner or trailing possessive: `the Russian peacekeepers'` ->
    `Russian peacekeepers`."""
    tokens = list(span)
    while tokens and (
        tokens[0].lower_ in words.determiners | words.quantifiers or tokens[0].like_num or tokens[0].tag_ in {"PRP$", "POS", "DT"}
    ):
        hyphenated = tokens[0].like_num and len(tokens) > 2 and tokens[1].text == "-"  # `a nine-man army patrol`
        tokens = tokens[3:] if hyphenated else tokens[1:]
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct):
        tokens = tokens[:-1]
    if not tokens:
        return span.text
    return span.doc[tokens[0].i : tokens[-1].i + 1].text.replace("\u2019", "'")


def capitalised(text: str) -> bool:
    """Whether text is written as a place's or a person's name is: with a capital somewhere (`el Mina`). A
    headline cut short (`... a protest outside geo`) leaves a lower-case word the tagger may call a name."""
    return any(ch.isupper() for ch in text)


def is_locative(span: Span, words: EntityWords) -> bool:
    """`in Baku`, `to Armenia`, `the road from Goma`, `the Hodan district of Mogadishu`, `Beirut's southern
    suburbs`: the span names where, not who."""
    root = span.root
    head = root.head
    before = span.doc[span.start - 1] if span.start else None
    if (
        before is not None
        and before.dep_ == "prep"
        and before.lower_ in words.place_prepositions
        and before not in root.ancestors
    ):
        # `On 3 May, near X, Y state, police were ambushed`: the parser hung X elsewhere than on `near`; where
        # it hangs it there, the tree decides (`at Qasbah sector area` names an area, not Qasbah)
        return True
    if root.dep_ == "pobj" and head.lower_ in words.locative_prepositions:
        governor = head.head
        return not (head.lower_ == "to" and governor.lemma_.lower() in words.non_locative_heads)
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in words.place_part_nouns:
        return True
    if root.dep_ == "poss" and head.lower_ in words.place_part_nouns:
        return True
    return bool(root.dep_ in {"compound", "nmod"} and root.head.lower_ in words.place_heads)


class Linker:
    """The drafts and mention spans of one parsed article, and the lookups every pass shares."""

    def __init__(
        self,
        doc: Doc,
        doc_id: str,
        offset: int,
        sentence_of: Callable[[int], int],
        gaz: gazetteer.Gazetteer,
        nouns: dict[str, frozenset[str]],
        words: EntityWords,
    ):
        self.doc, self.doc_id, self.offset, self.sentence_of = doc, doc_id, offset, sentence_of
        self.gaz, self.nouns, self.words = gaz, nouns, words
        self.drafts: dict[str, EntityDraft] = {}
        self.spans: list[tuple[int, int, str]] = []
        self.covered: set[int] = set()
        self.outlet: str | None = None
        self.place_texts = self._place_evidence()

    def surface(self, span: Span) -> str:
        return surface(span, self.words)

    def is_locative(self, span: Span) -> bool:
        return is_locative(span, self.words)

    def entity(self, key: str, label: str, type_: str, **kw) -> EntityDraft:
        draft = self.drafts.get(key)
        if draft is None:
            entry = self.gaz.entries.get(key)
            if entry:
                draft = EntityDraft(
                    key, entry.label, entry.type, list(entry.aliases), entry.wikidata, entry.governs, entry.part_of
                )
            else:
                draft = EntityDraft(key, label, type_, **kw)
            self.drafts[key] = draft
        return draft

    def add_mention(self, start: int, end: int, key: str, alias: str | None = None) -> None:
        span = self.doc[start:end]
        self.spans.append((start, end, key))
        self.covered.update(range(start, end))
        self.drafts[key].aliases.append(alias or self.surface(span))

    def free(self, start: int, end: int) -> bool:
        return not any(i in self.covered for i in range(start, end))

    def gazetteer_draft(self, key: str) -> EntityDraft:
        entry = self.gaz.entries[key]
        return self.entity(key, entry.label, entry.type)

    def _place_evidence(self) -> set[str]:
        """Surface forms the article itself shows to be places (GPE/LOC tags, `in X`, `the town of X`)."""
        texts = set()
        for ent in self.doc.ents:
            if ent.label_ in {"GPE", "LOC", "FAC"} or (ent.label_ in {"PERSON", "ORG"} and self.is_locative(ent)):
                texts.add(ent.text)
        return texts

    def key_at(self, i: int) -> str | None:
        for start, end, key in reversed(self.spans):
            if start <= i < end:
                return key
        return None

    def is_place_at(self, i: int) -> bool:
        """Whether token `i` is part of a mention of a place."""
        key = self.key_at(i)
        return key is not None and self.drafts[key].type in self.words.place_types

    def most_recent(self, types: set[str], before: int, named_only: bool = False, called: str | None = None) -> str | None:
        """The entity of one of `types` mentioned last before token `before`; with `named_only`, one with a
        name of its own (not an article's unnamed `gunmen`); with `called`, one a mention called by that word."""
        for start, end, key in sorted(self.spans, key=lambda s: s[0], reverse=True):
            if start >= before or self.drafts[key].type not in types or (named_only and ":unnamed" in key):
                continue
            if called is None or called in (t.lower_ for t in self.doc[start:end]):
                return key
        return None

    def most_salient(self, types: set[str]) -> str | None:
        """The entity of `types` the article speaks of most: its own mentions, and those of what belongs to
        it or is governed from it (`Ethiopian troops`, `Addis Ababa` count for Ethiopia)."""
        counts: Counter[str] = Counter()
        for _s, _e, key in self.spans:
            draft = self.drafts[key]
            for owner in (key, draft.part_of, draft.governs):
                if owner and owner in self.drafts and self.drafts[owner].type in types:
                    counts[owner] += 1
                    break
        return counts.most_common(1)[0][0] if counts else None

    def merge(self, old: str, new: str) -> None:
        self.spans = [(s, e, new if k == old else k) for s, e, k in self.spans]
        self.drafts[new].aliases += self.drafts[old].aliases
        self.drafts[new].roles += self.drafts[old].roles
        del self.drafts[old]

    def result(self) -> ArticleEntities:
        used = {key for _s, _e, key in self.spans}
        mentions, token_entity = [], {}
        for start, end, key in sorted(self.spans, key=lambda s: (s[0], -s[1])):
            span = self.doc[start:end]
            mentions.append(
                Mention(
                    self.doc_id,
                    self.offset + span.start_char,
                    self.offset + span.end_char,
                    span.text,
                    key,
                    self.sentence_of(start),
                    start,
                    end,
                )
            )
        for start, end, key in sorted(self.spans, key=lambda s: s[1] - s[0], reverse=True):
            for i in range(start, end):
                token_entity[i] = key
        for key in list(used):
            # `Russian peacekeepers` speak of Russia: what an entity belongs to or governs is a node too.
            for link in (self.drafts[key].part_of, self.drafts[key].governs):
                if link and link in self.gaz.entries and link not in used:
                    self.gazetteer_draft(link)
                    used.add(link)
        entities = {k: d.freeze() for k, d in self.drafts.items() if k in used}
        return ArticleEntities(entities, mentions, token_entity, self.outlet)
