"""Entities stage: mentions in a parsed article, each linked to one canonical entity.

Evidence, strongest first:

1. the gazetteer (`Azerbaijan`, `Reuters`); a capital used as an actor stands for the government
   (`Baku's rule` -> Government of Azerbaijan) and as a place for the city (`in Baku`);
2. noun phrases whose head noun says the kind of actor (`Rwandan soldiers` -> Rwandan armed forces,
   `Russian peacekeepers`, `M23 rebels`, `the authorities in Nagorno-Karabakh`, `ethnic Armenians`);
3. the statistical NER, re-typed by context (`the town of Shire` -> City, `President X` -> Person);
4. coreference within the article: surnames to full names (`Babayan` -> David Babayan), acronyms to
   their expansion, appositions (`The UN peacekeeping mission, MONUSCO`), and definite descriptions to
   the most salient entity of their kind (`the breakaway region` -> Nagorno-Karabakh).

Keys are stable across articles (gazetteer keys, or kind + slug of the canonical name), so the same
actor in two articles is one node. Generic groups (`civilians`) are scoped to their article.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from . import gazetteer
from .ingest import slugify
from .nlp import SPAN_KEY
from .records import Entity, Mention

PLACE_TYPES = {"Country", "Region", "City", "Place"}
LOCATIVE_PREPS = {
    "in",
    "into",
    "at",
    "near",
    "toward",
    "towards",
    "from",
    "across",
    "inside",
    "outside",
    "around",
    "to",
    "through",
    "within",
    "throughout",
}
NON_LOCATIVE_HEADS = {
    "say",
    "tell",
    "told",
    "said",
    "talk",
    "speak",
    "belong",
    "react",
    "respond",
    "loyal",
    "close",
    "adviser",
    "advisor",
}
DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her"}
NAMED_TAGS = {"NNP", "NNPS"}
DIRECTIONS = {"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central", "Upper", "Lower"}
QUANTIFIERS = {
    "a",
    "an",
    "between",
    "and",
    "at",
    "least",
    "more",
    "than",
    "some",
    "about",
    "around",
    "over",
    "up",
    "to",
    "as",
    "many",
    "all",
    "nearly",
    "almost",
    "roughly",
    "approximately",
    "several",
    "dozens",
    "hundreds",
    "thousands",
    "of",
    "total",
}
THE_NAMES = (
    "Democratic",
    "Republic",
    "United",
    "Central",
    "Czech",
    "Dominican",
    "Gambia",
    "Philippines",
    "Netherlands",
    "Bahamas",
    "Comoros",
    "Maldives",
    "Holy",
    "State",
)


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


def surface(span: Span) -> str:
    """The name as written, without a leading determiner or trailing possessive: `the Russian peacekeepers'` ->
    `Russian peacekeepers`."""
    tokens = list(span)
    while tokens and (
        tokens[0].lower_ in DEFINITE | QUANTIFIERS or tokens[0].like_num or tokens[0].tag_ in {"PRP$", "POS", "DT"}
    ):
        tokens = tokens[1:]
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct):
        tokens = tokens[:-1]
    if not tokens:
        return span.text
    return span.doc[tokens[0].i : tokens[-1].i + 1].text.replace("\u2019", "'")


def is_locative(span: Span) -> bool:
    """`in Baku`, `to Armenia`, `the road from Goma`: the span names where, not who."""
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPS:
        governor = head.head
        return not (head.lower_ == "to" and governor.lemma_.lower() in NON_LOCATIVE_HEADS)
    return bool(
        root.dep_ in {"compound", "nmod"}
        and root.head.lower_ in {"airport", "border", "city", "region", "province", "streets", "outskirts"}
    )


class EntityLinker:
    """Links the mentions of one parsed article. One instance per article; `run()` does the work."""

    def __init__(
        self, doc: Doc, doc_id: str, offset: int, sentence_of, gaz: gazetteer.Gazetteer, nouns: dict[str, frozenset[str]]
    ):
        self.doc, self.doc_id, self.offset, self.sentence_of = doc, doc_id, offset, sentence_of
        self.gaz, self.nouns = gaz, nouns
        self.drafts: dict[str, EntityDraft] = {}
        self.spans: list[tuple[int, int, str]] = []
        self.covered: set[int] = set()
        self.place_texts = self._place_evidence()

    # -- drafts ---------------------------------------------------------------------------------
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
        self.drafts[key].aliases.append(alias or surface(span))

    def free(self, start: int, end: int) -> bool:
        return not any(i in self.covered for i in range(start, end))

    def gazetteer_draft(self, key: str) -> EntityDraft:
        entry = self.gaz.entries[key]
        return self.entity(key, entry.label, entry.type)

    # -- evidence -------------------------------------------------------------------------------
    def _place_evidence(self) -> set[str]:
        """Surface forms the article itself shows to be places (GPE/LOC tags, `in X`, `the town of X`)."""
        texts = set()
        for ent in self.doc.ents:
            if ent.label_ in {"GPE", "LOC", "FAC"} or (ent.label_ in {"PERSON", "ORG"} and is_locative(ent)):
                texts.add(ent.text)
        return texts

    def place_type(self, span: Span, ner_label: str) -> str:
        """City, Region or Place for a place the gazetteer does not know, from the words around it."""
        kind = self._described_as(span)
        if kind:
            return kind
        if self.gaz.city(span.text):
            return "City"
        if ner_label == "LOC" or any(t.lower_ in self.nouns["region"] for t in span):
            return "Region"
        return "Place"

    def _described_as(self, span: Span) -> str | None:
        """`the town of Shire`, `Goma, the largest city`, `Mekelle, the regional capital`."""
        root = span.root
        candidates = []
        if root.dep_ == "pobj" and root.head.lower_ == "of":
            candidates.append(root.head.head)
        if root.dep_ == "appos":
            candidates.append(root.head)
        candidates += [c for c in root.children if c.dep_ == "appos"]
        candidates += [c for c in root.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
        for c in candidates:
            phrase = " ".join(t.lower_ for t in c.subtree if t.i <= c.i)[-30:]
            if c.lower_ in self.nouns["city"] or any(phrase.endswith(n) for n in self.nouns["city"]):
                return "City"
            if c.lower_ in self.nouns["region"]:
                return "Region"
        return None

    def owner(self, head: Token) -> str | None:
        """The state, region or group a noun phrase belongs to: `Rwandan` troops, `Nagorno-Karabakh`
        authorities, authorities `in Nagorno-Karabakh`, `M23` rebels."""
        for child in head.children:
            if child.dep_ in {"amod", "compound", "nmod", "poss", "npadvmod"}:
                key = self.key_at(child.i) or self.gaz.demonyms.get(child.lower_)
                if key:
                    return key
                for grand in child.children:
                    if grand.dep_ in {"amod", "advmod"} and self.gaz.demonyms.get(grand.lower_):
                        return self.gaz.demonyms[grand.lower_]
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in {"of", "in", "from", "for"}:
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and self.key_at(pobj.i):
                        return self.key_at(pobj.i)
        return None

    def key_at(self, i: int) -> str | None:
        for start, end, key in reversed(self.spans):
            if start <= i < end:
                return key
        return None

    def most_recent(self, types: set[str], before: int) -> str | None:
        for start, _end, key in sorted(self.spans, key=lambda s: s[0], reverse=True):
            if start < before and self.drafts[key].type in types:
                return key
        return None

    def most_salient(self, types: set[str]) -> str | None:
        counts = Counter(key for _s, _e, key in self.spans if self.drafts[key].type in types)
        return counts.most_common(1)[0][0] if counts else None

    # -- passes ---------------------------------------------------------------------------------
    def run(self) -> ArticleEntities:
        self.pass_gazetteer()
        self.pass_noun_phrases()
        self.pass_ner()
        self.pass_described_places()
        self.pass_demonyms()
        self.pass_appositions()
        self.pass_coreference()
        return self.result()

    def pass_gazetteer(self) -> None:
        for span in self.doc.spans.get(SPAN_KEY, []):
            key = span.kb_id_
            if span.start and self.doc[span.start - 1].text in DIRECTIONS and self.gaz.entries[key].type in {"Region", "Country"}:
                # `North Darfur`, `Southern Lebanon`: a part of the named place, a region of its own.
                whole = self.doc[span.start - 1 : span.end]
                draft = self.entity(f"region:{slugify(whole.text)}", whole.text, "Region", part_of=key)
                self.add_mention(whole.start, whole.end, draft.key)
                continue
            if span.label_ == "metonym":
                governed = self.gaz.entries[key].governs
                if is_locative(span):
                    gov_entry = self.gaz.entries.get(governed) if governed else None
                    if gov_entry and gov_entry.type == "Country":
                        draft = self.entity(f"city:{slugify(span.text)}", span.text, "City", part_of=governed)
                        city = self.gaz.city(span.text)
                        if city:
                            draft.label = city["name"]
                        key = draft.key
                    elif governed:
                        key = governed
            self.gazetteer_draft(key) if key in self.gaz.entries else None
            self.add_mention(span.start, span.end, key)

    def _np_span(self, head: Token) -> tuple[int, int]:
        """The noun phrase of a head noun, from its first pre-modifier to the head."""
        left = head.i
        for child in head.lefts:
            if child.dep_ in {"det", "amod", "compound", "nmod", "poss", "advmod", "npadvmod"}:
                left = min(left, child.left_edge.i)
        return left, head.i + 1

    def pass_noun_phrases(self) -> None:
        for token in self.doc:
            if token.pos_ not in {"NOUN", "PROPN"} or token.i in self.covered:
                continue
            kinds = self._noun_kinds(token)
            if not kinds:
                continue
            start, end = self._np_span(token)
            found = self._appositive_entity(token) or self._np_entity(token, kinds, self.owner(token))
            if found is None:
                continue
            key, anaphoric = found
            mention_start = start
            if not self.free(start, end):
                # The owner is a mention of its own (`Nagorno-Karabakh` authorities): the new span starts after it.
                mention_start = max(i for i in range(start, end) if i in self.covered) + 1
                if mention_start >= end:
                    continue
            self.spans.append((mention_start, end, key))
            self.covered.update(range(mention_start, end))
            if not anaphoric:
                self.drafts[key].aliases.append(surface(self.doc[start : self._np_right(token)]))
            self._coordinated_owners(token, kinds)

    def _np_right(self, head: Token) -> int:
        """End of the name-like part of a noun phrase: `authorities in Nagorno-Karabakh` keeps its place."""
        for child in head.rights:
            if (
                child.dep_ == "prep"
                and child.lower_ in {"in", "of"}
                and any(self.key_at(g.i) for g in child.children if g.dep_ == "pobj")
            ):
                return child.right_edge.i + 1
        return head.i + 1

    def _appositive_entity(self, head: Token) -> tuple[str, bool] | None:
        """`The UN peacekeeping mission, MONUSCO`: a description in apposition names the same entity."""
        partners = [c for c in head.children if c.dep_ == "appos"] + ([head.head] if head.dep_ == "appos" else [])
        for partner in partners:
            key = self.key_at(partner.i)
            if key and self.drafts[key].type not in PLACE_TYPES | {"Person"}:
                return key, False
        return None

    def _coordinated_owners(self, head: Token, kinds: list[str]) -> None:
        """`Ethiopian and Eritrean troops`: each demonym in the coordination owns a force of its own."""
        for child in head.children:
            if child.dep_ not in {"amod", "compound"} or not self.gaz.demonyms.get(child.lower_):
                continue
            for conj in child.conjuncts:
                owner = self.gaz.demonyms.get(conj.lower_)
                if owner and conj.i in self.covered:
                    found = self._np_entity(head, kinds, owner)
                    if found:
                        self.spans.append((conj.i, conj.i + 1, found[0]))
                        self.drafts[found[0]].aliases.append(f"{conj.text} {head.text}")

    def _noun_kinds(self, token: Token) -> list[str]:
        word = token.lower_
        prev = self.doc[token.i - 1].lower_ if token.i else ""
        two = f"{prev} {word}"
        kinds = []
        if word in self.nouns["peacekeeping"] or two in self.nouns["peacekeeping"]:
            kinds.append("peacekeeping")
        for kind in ("ministry", "armed_group", "armed_force", "government", "population", "media"):
            if word in self.nouns[kind] or two in self.nouns[kind]:
                kinds.append(kind)
        if word in self.nouns["region"] and any(c.lower_ in DEFINITE for c in token.children):
            kinds.append("region_description")
        return kinds

    def _np_entity(self, head: Token, kinds: list[str], owner: str | None) -> tuple[str, bool] | None:
        """The entity a noun phrase with a kind-of-actor head names, and whether it only refers back."""
        gaz = self.gaz
        owner_draft = self.drafts.get(owner) if owner else None
        owner_entry = gaz.entries.get(owner) if owner else None
        owner_type = owner_draft.type if owner_draft else (owner_entry.type if owner_entry else None)
        country = owner if owner and owner.startswith("country:") else None
        if owner and owner.startswith("government:") and owner in gaz.entries:
            country = gaz.entries[owner].governs
        demonym = gaz.demonym_of(country or owner or "") or (owner_draft.label if owner_draft else None)
        definite = any(c.lower_ in DEFINITE or c.tag_ == "PRP$" for c in head.children)
        iso = country.split(":")[1] if country else None
        kind = kinds[0]

        def new(key: str, label: str, type_: str, **kw) -> tuple[str, bool]:
            return self.entity(key, label, type_, **kw).key, False

        def back(types: set[str]) -> tuple[str, bool] | None:
            key = self.most_recent(types, head.i)
            return (key, True) if key else None

        if kind == "peacekeeping":
            if iso:
                return new(f"peacekeeping:{iso}", f"{demonym} peacekeeping force", "PeacekeepingForce", part_of=country)
            if owner_type == "PeacekeepingForce":
                return owner, False
            return back({"PeacekeepingForce"}) or (self._generic(head, "PeacekeepingForce"), False)
        if kind == "ministry":
            if iso:
                words = [
                    t.text
                    for t in self.doc[self._np_span(head)[0] : head.i + 1]
                    if t.lower_ not in DEFINITE and not gaz.demonyms.get(t.lower_) and t.i not in self.covered
                ]
                topic = slugify(
                    " ".join(w for w in words if w.lower() not in {"ministry", "of", "the"}).replace("efence", "efense")
                )
                return new(f"ministry:{iso}:{topic or 'ministry'}", f"{demonym} {' '.join(words)}", "Government", part_of=country)
            return back({"Government"}) if definite and self._recent_is_ministry(head) else None
        if kind in {"armed_force", "armed_group"}:
            if owner_type in {"ArmedGroup", "ArmedForce", "PeacekeepingForce"}:
                return owner, False
            if iso and kind == "armed_force":
                return new(f"armed-force:{iso}", f"{demonym} armed forces", "ArmedForce", part_of=country)
            if owner:
                label = f"{demonym or owner_draft.label} {head.lower_}"
                return new(f"armed-group:{owner.replace(':', '-')}", label, "ArmedGroup", part_of=owner)
            bare_army = (
                head.lower_ in {"army", "military"}
                and definite
                and not any(c.dep_ in {"amod", "compound", "poss"} for c in head.children)
            )
            if bare_army and self.most_recent({"ArmedForce"}, head.i):
                return back({"ArmedForce"})
            if kind == "armed_force" and (
                bare_army or self._has_modifier(head, {"federal", "government", "state", "national", "regime"})
            ):
                # `federal forces`, `government troops`: the army of the state the article is about.
                country = self.most_salient({"Country"})
                if country:
                    iso = country.split(":")[1]
                    dem = gaz.demonym_of(country) or self.drafts[country].label
                    return new(f"armed-force:{iso}", f"{dem} armed forces", "ArmedForce", part_of=country)
            named = self._named_modifier(head)
            if named is not None:
                return new(f"armed-group:{slugify(named.text)}", named.text, "ArmedGroup")
            dem = self._demonym_modifier(head)
            if dem:
                label = f"{dem} {head.lower_}"
                return new(f"armed-group:{slugify(label)}", label, "ArmedGroup")
            return back({"ArmedGroup"}) if kind == "armed_group" and definite else None
        if kind == "government":
            if owner and owner_type in PLACE_TYPES:
                place = self.drafts.get(owner) or self.gazetteer_draft(owner)
                name = place.label if not place.label.startswith(THE_NAMES) else f"the {place.label}"
                return new(gaz.government_key(owner), f"Government of {name}", "Government", governs=owner)
            if owner_type == "Government":
                return owner, False
            if head.lower_ in {"government", "authorities", "leadership", "administration"} and definite:
                return back({"Government"})
            return None
        if kind == "population":
            dem = self._demonym_modifier(head)
            if dem:
                label = f"{dem}s" if head.lower_ == "population" else f"{dem} {head.lower_}"
                return self._population(label, dem), False
            if head.lower_ == "population":
                return None
            return self._generic(head, "PopulationGroup"), False
        if kind == "media":
            return back({"MediaOrganization"}) if definite else None
        if kind == "region_description" and not owner and self._is_description(head):
            key = self.most_salient({"Region"})
            return (key, True) if key else None
        return None

    def _recent_is_ministry(self, head: Token) -> bool:
        key = self.most_recent({"Government"}, head.i)
        return bool(key and key.startswith("ministry:"))

    def _is_description(self, head: Token) -> bool:
        """`the breakaway region` refers back; `the region of X` names X and is handled as evidence."""
        return not any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)

    def _has_modifier(self, head: Token, words: set[str]) -> bool:
        return any(c.lower_ in words for c in head.children)

    def _named_modifier(self, head: Token) -> Token | None:
        for child in head.children:
            if (
                child.dep_ in {"compound", "nmod", "amod"}
                and child.tag_ in NAMED_TAGS
                and not self.gaz.demonyms.get(child.lower_)
            ):
                return child
        return None

    def _demonym_modifier(self, head: Token) -> str | None:
        """`ethnic Armenians` -> Armenian; `Karabakh Armenians` -> Armenian; `ethnically Armenian militias` -> Armenian."""
        for tok in [head, *head.children, *(g for c in head.children for g in c.children)]:
            text = tok.text
            if tok.i in self.covered and tok is not head:
                continue
            if self.gaz.demonyms.get(text.lower()):
                return text
            if tok is head and tok.tag_ == "NNPS" and self.gaz.demonyms.get(text[:-1].lower()):
                return text[:-1]
            if tok is not head and tok.ent_type_ == "NORP":
                return text
        return None

    def _population(self, label: str, demonym: str) -> str:
        key = f"population:{slugify(demonym)}s-{self.doc_id}"
        draft = self.entity(key, label, "PopulationGroup")
        return draft.key

    def _generic(self, head: Token, type_: str) -> str:
        """Unnamed groups (`civilians`) are one entity per article: civilians in two wars are not one node."""
        label = head.lower_
        return self.entity(f"{slugify(type_)}:{self.doc_id}:{slugify(label)}", label, type_).key

    def pass_ner(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ not in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}:
                continue
            for start, end in self._free_runs(ent):
                span = self.doc[start:end]
                if not any(t.pos_ == "PROPN" or t.tag_ in NAMED_TAGS for t in span):
                    continue
                key = self._ner_entity(span, ent.label_)
                if key:
                    self.add_mention(start, end, key)

    def pass_described_places(self) -> None:
        """`the town of Midi`, `the region of Afar`: the description types a name the NER missed."""
        for token in self.doc:
            if token.lower_ not in self.nouns["city"] | self.nouns["region"]:
                continue
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
                for pobj in (c for c in prep.children if c.dep_ == "pobj" and c.tag_ in NAMED_TAGS and c.i not in self.covered):
                    start = min(t.i for t in pobj.subtree if t.dep_ == "compound" or t.i == pobj.i)
                    if not self.free(start, pobj.i + 1):
                        continue
                    text = self.doc[start : pobj.i + 1].text
                    type_ = "City" if token.lower_ in self.nouns["city"] else "Region"
                    key = self._place_named(text) or self.entity(f"{type_.lower()}:{slugify(text)}", text, type_).key
                    self.add_mention(start, pobj.i + 1, key)

    def pass_demonyms(self) -> None:
        """`an alleged Armenian buildup`: a state's adjective the NER left untagged still names the state."""
        for token in self.doc:
            key = self.gaz.demonyms.get(token.lower_)
            if key and token.i not in self.covered and token.dep_ in {"amod", "compound"} and token.text[:1].isupper():
                self.gazetteer_draft(key)
                self.add_mention(token.i, token.i + 1, key, alias=self.gaz.entries[key].label)

    def _free_runs(self, ent: Span):
        """The parts of an NER span the gazetteer did not claim (`Armenia Nikol Pashinyan` -> `Nikol Pashinyan`)."""
        start = None
        for i in range(ent.start, ent.end + 1):
            free = i < ent.end and i not in self.covered and not (start is None and self.doc[i].lower_ in DEFINITE)
            if free and start is None:
                start = i
            elif not free and start is not None:
                while start < i and self.doc[i - 1].tag_ == "POS":
                    i -= 1
                if start < i:
                    yield start, i
                start = None

    def _ner_entity(self, span: Span, label: str) -> str | None:
        text = surface(span)
        titled = self._title_before(span)
        country = self.gaz.demonyms.get(text.lower())
        if country and label in {"NORP", "GPE"}:
            # `Angolan President Joao Lourenco`: the adjective names the state the person acts for.
            self.gazetteer_draft(country)
            self.add_mention(span.start, span.end, country, alias=self.gaz.entries[country].label)
            return None
        if label == "NORP":
            if span.root.tag_ == "NNPS" or (text.endswith("s") and self.gaz.demonyms.get(text[:-1].lower())):
                dem = text[:-1] if text.endswith("s") else text
                return self._population(f"{dem}s", dem)
            return None
        known_place = self._place_named(text)
        if known_place:
            return known_place
        described = self._described_as(span)
        city = self.gaz.city(text)
        is_place = (
            text in self.place_texts
            or is_locative(span)
            or described
            or (label == "PERSON" and len(span) == 1 and city and city["population"] >= 100_000)
        )
        if label == "PERSON" and (titled or not is_place):
            return self._person(span, text, titled)
        if label in {"PERSON", "GPE", "LOC", "FAC"} or is_place:
            type_ = self.place_type(span, label)
            return self.entity(f"{type_.lower()}:{slugify(text)}", text, type_).key
        if titled or self._appos_title(span):
            return self._person(span, text, titled)
        return self._organization(span, text)

    def _place_named(self, text: str) -> str | None:
        """One place per name within an article, typed by its strongest evidence."""
        for key, draft in self.drafts.items():
            if draft.type in PLACE_TYPES and draft.label == text:
                return key
        return None

    def _person(self, span: Span, text: str, title: str | None) -> str:
        for key, draft in self.drafts.items():
            if draft.type == "Person" and len(span) == 1 and draft.label.split()[-1] == text:
                return key
        draft = self.entity(f"person:{slugify(text)}", text, "Person")
        for role in filter(None, (title, self._appos_title(span))):
            draft.roles.append(role)
        return draft.key

    def _title_before(self, span: Span) -> str | None:
        """`Prime Minister of Armenia Nikol Pashinyan`, `Angolan President Joao Lourenco`: the title's words."""
        left = span.start
        while left > 0 and span.start - left < 6:
            tok = self.doc[left - 1]
            if tok.is_punct or tok.pos_ not in {"PROPN", "NOUN", "ADJ", "ADP", "DET"} or tok.is_sent_end:
                break
            left -= 1
        words = [t.text for t in self.doc[left : span.start] if t.lower_ not in {"the", "a", "an"}]
        phrase = " ".join(words).lower()
        for title in self.nouns["person_title"]:
            if re.search(rf"\b{re.escape(title)}$", phrase) or re.search(rf"\b{re.escape(title)} of\b", phrase):
                return " ".join(words)
        return None

    def _appos_title(self, span: Span) -> str | None:
        """`Olusegun Obasanjo, the former Nigerian president`: the role from the apposition."""
        for child in span.root.children:
            if child.dep_ == "appos" and child.lower_ in self.nouns["person_title"]:
                words = [t.text for t in child.subtree if t.i >= child.left_edge.i and not t.is_punct]
                words = words[1:] if words and words[0].lower() in {"a", "an", "the"} else words
                return " ".join(words)
        return None

    def _organization(self, span: Span, text: str) -> str:
        words = {t.lower_ for t in span}
        if words & {"front", "army", "militia", "brigade", "brigades", "rebels"} or words & self.nouns["armed_group"]:
            type_ = "ArmedGroup"
        elif words & {"news", "times", "post", "agency", "television", "tv", "radio"}:
            type_ = "MediaOrganization"
        elif words & {"ministry", "government", "parliament", "cabinet"}:
            type_ = "Government"
        else:
            type_ = "Organization"
        acronym = self._acronym_of(text)
        if acronym:
            return acronym
        return self.entity(f"{slugify(type_)}:{slugify(text)}", text, type_).key

    def _acronym_of(self, text: str) -> str | None:
        if not (text.isupper() and 2 <= len(text) <= 8 and text.isalpha()):
            return None
        for key, draft in self.drafts.items():
            initials = "".join(
                w[0]
                for w in re.findall(r"[A-Za-z][\w'-]*", draft.label)
                if w.lower() not in {"of", "the", "and", "for", "s"} and w[0].isupper()
            )
            if initials == text:
                return key
        return None

    def pass_appositions(self) -> None:
        """`The UN peacekeeping mission, MONUSCO,`: the description becomes a name of the entity."""
        for start, end, key in list(self.spans):
            root = self.doc[start:end].root
            partner = root.head if root.dep_ == "appos" else next((c for c in root.children if c.dep_ == "appos"), None)
            if partner is None or partner.i in self.covered or partner.lower_ not in self.nouns["organization"]:
                continue
            if self.drafts[key].type not in {
                "InternationalOrganization",
                "Organization",
                "PeacekeepingForce",
                "ArmedGroup",
                "MediaOrganization",
            }:
                continue
            left, right = self._np_span(partner)
            self.spans.append((partner.i, partner.i + 1, key))
            self.covered.add(partner.i)
            self.drafts[key].aliases.append(surface(self.doc[left:right]))

    def pass_coreference(self) -> None:
        """Surnames to full names, across the whole article (a surname can precede nothing here)."""
        people = {key: d for key, d in self.drafts.items() if d.type == "Person" and " " in d.label}
        for key, draft in list(self.drafts.items()):
            if draft.type != "Person" or " " in draft.label:
                continue
            full = [k for k, d in people.items() if d.label.split()[-1] == draft.label]
            if len(full) == 1:
                self._merge(key, full[0])

    def _merge(self, old: str, new: str) -> None:
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
        return ArticleEntities(entities, mentions, token_entity)


def link_entities(doc: Doc, doc_id: str, offset: int, sentence_of, ontology_dir: str | None = None) -> ArticleEntities:
    """Find and link every actor and place mention of one parsed article."""
    return EntityLinker(
        doc, doc_id, offset, sentence_of, gazetteer.load(ontology_dir), gazetteer.entity_nouns(ontology_dir)
    ).run()
