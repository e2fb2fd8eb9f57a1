"""Names the gazetteer knows, and the descriptions that type a name (`the town of Midi`).

Example: `Baku's rule` -> Government of Azerbaijan (a metonym); `in Baku` -> the city; `North Darfur` -> a region
that is part of Darfur; `an alleged Armenian buildup` -> Armenia.
"""

from __future__ import annotations

from kg.analysis.entities.evidence import place_named, place_type
from kg.analysis.entities.state import Linker, capitalised
from kg.analysis.nlp import DATELINE_KEY, SPAN_KEY
from kg.ingest import slugify

NAMED_TAGS = {"NNP", "NNPS"}


def pass_gazetteer(lk: Linker) -> None:
    """Every gazetteer span the `kg_gazetteer` component marked, metonyms resolved by context."""
    for span in lk.doc.spans.get(SPAN_KEY, []):
        key = span.kb_id_
        if span.start and lk.doc[span.start - 1].text in lk.words.geographic_heads:
            continue  # `Lake Chad`: a feature's name (the NER's), not Chad
        if not lk.free(span.start, span.end):
            continue  # `the US dollar` (`pass_money`)
        if span.label_ == "metonym" and _city_of_a_district(lk, span.end):
            continue  # `Mogadishu-Hodan district`: one place's name, no metonym of Mogadishu's government
        if (
            span.start
            and lk.doc[span.start - 1].text in lk.words.directions
            and lk.gaz.entries[key].type in {"Region", "Country"}
        ):
            # `North Darfur`, `Southern Lebanon`: a part of the named place, a region of its own.
            whole = lk.doc[span.start - 1 : span.end]
            draft = lk.entity(f"region:{slugify(whole.text)}", whole.text, "Region", part_of=key)
            lk.add_mention(whole.start, whole.end, draft.key)
            continue
        compass = compass_part(lk, span.start) if lk.gaz.entries[key].type == "Country" else None
        if compass:
            # `southern Lebanon`, `south Lebanon`, `north-eastern Nigeria`: one region, named by the adjective
            start, adjective = compass
            lk.gazetteer_draft(key)  # the country it is part of counts as spoken of (`soldiers` there are its army)
            label = f"{adjective} {lk.gaz.entries[key].label}"
            draft = lk.entity(f"region:{slugify(label)}", label, "Region", part_of=key)
            lk.add_mention(start, span.end, draft.key, alias=lk.doc[start : span.end].text)
            continue
        if span.label_ == "metonym":
            governed = lk.gaz.entries[key].governs
            if lk.is_locative(span) or venue(lk, span):
                gov_entry = lk.gaz.entries.get(governed) if governed else None
                if gov_entry and gov_entry.type == "Country":
                    draft = lk.entity(f"city:{slugify(span.text)}", span.text, "City", part_of=governed)
                    city = lk.gaz.city(span.text)
                    if city:
                        draft.label = city["name"]
                    key = draft.key
                elif governed:
                    key = governed
        lk.gazetteer_draft(key) if key in lk.gaz.entries else None
        lk.add_mention(span.start, span.end, key)


def _city_of_a_district(lk: Linker, end: int) -> bool:
    """Whether a name is glued by a hyphen to a capitalised name after it (`Mogadishu-Hodan`, `Beirut-Achrafieh`):
    the first part of one name, as coders and local reports write a city's district."""
    doc = lk.doc
    return (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].text[:1].isupper()
    )


def pass_money(lk: Linker) -> None:
    """`the US dollar`, `the Lebanese pound`: a name before a currency names money, not its country; its
    words are set aside so no later pass reads a mention (and a country the article is about) in them."""
    for token in lk.doc:
        if token.lower_ in lk.words.currency_nouns and token.pos_ == "NOUN":
            i = token.i - 1  # the capitalised words right before it (`the high US dollar exchange rate`)
            while i >= token.sent.start and (lk.doc[i].text[:1].isupper() or lk.doc[i].text == "."):
                lk.covered.add(i)
                i -= 1


def venue(lk: Linker, span) -> bool:
    """`the Pretoria peace deal`, `the Doha talks`: the city names where it was agreed or held."""
    root = span.root
    head = root.head
    while root.dep_ == "compound" and head.dep_ == "compound" and head.i > root.i:  # `Pretoria peace deal`
        root, head = head, head.head
    return root.dep_ in {"compound", "nmod", "amod"} and head.lower_ in lk.words.venue_heads


def compass_part(lk: Linker, start: int) -> tuple[int, str] | None:
    """Where a lower-case compass word before the name at `start` begins, and its adjective (`south`,
    `southern` -> southern; `north-east`, `north-eastern` -> northeastern); None without one."""
    doc = lk.doc
    if start >= 3 and doc[start - 2].text == "-" and doc[start - 3].is_lower:
        joined = lk.words.compass_parts.get(doc[start - 3].text + doc[start - 1].text)
        if joined:
            return start - 3, joined
    if start >= 1 and doc[start - 1].is_lower and doc[start - 1].text in lk.words.compass_parts:
        return start - 1, lk.words.compass_parts[doc[start - 1].text]
    return None


def pass_described_places(lk: Linker) -> None:
    """`the town of Midi`, `the region of Afar`, `Tessit, a small town`, `Caoayan village`, `Ifugao
    province`: the description types a name the NER missed."""
    for token in lk.doc:
        if token.lower_ not in lk.nouns["city"] | lk.nouns["region"]:
            continue
        names = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        names += [token.head] if token.dep_ == "appos" else []
        names += [c for c in token.children if c.dep_ == "compound" and c.i == token.i - 1]  # `Asipulo town`
        for name in names:
            if name.tag_ not in NAMED_TAGS or name.i in lk.covered:
                continue
            start = min(t.i for t in name.subtree if t.dep_ == "compound" or t.i == name.i)
            if not lk.free(start, name.i + 1):
                continue
            text = lk.doc[start : name.i + 1].text
            type_ = "City" if token.lower_ in lk.nouns["city"] else "Region"
            key = place_named(lk, text) or lk.entity(f"{type_.lower()}:{slugify(text)}", text, type_).key
            lk.add_mention(start, name.i + 1, key)


def pass_demonyms(lk: Linker) -> None:
    """`an alleged Armenian buildup`: a state's adjective the NER left untagged still names the state."""
    for token in lk.doc:
        key = lk.gaz.demonyms.get(token.lower_)
        if key and token.i not in lk.covered and token.dep_ in {"amod", "compound"} and token.text[:1].isupper():
            lk.gazetteer_draft(key)
            lk.add_mention(token.i, token.i + 1, key, alias=lk.gaz.entries[key].label)


def pass_datelines(lk: Linker) -> None:
    """`PESHAWAR, Pakistan (AP) —`: the dateline's place is a town the story was filed from, written in
    capitals the gazetteer does not match; its agency is the outlet of every event the story reports."""
    for span in lk.doc.spans.get(DATELINE_KEY, []):
        if span.label_ == "place" and lk.free(span.start, span.end):
            name = " ".join(w[:1] + w[1:].lower() for w in span.text.split())
            city = lk.gaz.city(name)
            label = city["name"] if city else name
            lk.add_mention(span.start, span.end, lk.entity(f"city:{slugify(label)}", label, "City").key, alias=label)
        elif span.label_ == "outlet":
            key = lk.key_at(span.start)
            if key is None:
                key = lk.entity(f"mediaorganization:{slugify(span.text)}", span.text, "MediaOrganization").key
                lk.add_mention(span.start, span.end, key)
            if lk.drafts[key].type == "MediaOrganization":
                lk.outlet = lk.outlet or key


def pass_bare_places(lk: Linker) -> None:
    """`regained control of Aleppo`, `fighting near Kidal`: a proper noun the NER missed is a place when a
    locative preposition or `control of` governs it, or when the gazetteer knows it as a town."""
    for token in lk.doc:
        if token.tag_ not in NAMED_TAGS or token.i in lk.covered or token.ent_type_ in {"DATE", "TIME", "PERSON", "ORG"}:
            continue
        if token.dep_ == "compound":
            continue  # the head of the name decides
        start = min(t.i for t in token.subtree if t.dep_ == "compound" or t.i == token.i)
        if not lk.free(start, token.i + 1):
            continue
        span = lk.doc[start : token.i + 1]
        if not capitalised(span.text):
            continue  # `a protest outside geo`: no town
        head = token.head
        governed = token.dep_ == "pobj" and (
            (head.lower_ in lk.words.locative_prepositions and head.head.lemma_.lower() not in lk.words.non_locative_heads)
            or (head.lower_ == "of" and head.head.lower_ == "control")
        )
        listed = token.dep_ == "conj" and lk.is_place_at(head.i)  # `in Finote Selam, Bure and Debre Birhan`
        city = lk.gaz.city(span.text)
        if not (governed or listed or (city and city["population"] >= 100_000)):
            continue
        if any(d.label == span.text and d.type not in lk.words.place_types for d in lk.drafts.values()):
            continue  # `Fano fighters ... Fano said`: an actor's name, whatever town shares it
        type_ = place_type(lk, span, "GPE")
        key = place_named(lk, span.text) or lk.entity(f"{type_.lower()}:{slugify(span.text)}", span.text, type_).key
        lk.add_mention(span.start, span.end, key)


def pass_capitals(lk: Linker) -> None:
    """`the Libyan capital`, `the Norwegian capital`: the capital of the state the adjective names, a town
    the gazetteer knows, whatever its name in this story."""
    for token in lk.doc:
        if token.lower_ != "capital" or token.i in lk.covered:
            continue
        for child in (c for c in token.children if c.dep_ in {"amod", "compound"}):
            country = lk.gaz.demonyms.get(child.lower_) or lk.key_at(child.i)
            capital = lk.gaz.capitals.get(country or "")
            if capital and lk.free(child.i, token.i + 1):
                city = lk.gaz.city(capital)
                label = city["name"] if city else capital
                key = place_named(lk, label) or lk.entity(f"city:{slugify(label)}", label, "City", part_of=country).key
                lk.add_mention(child.i, token.i + 1, key)
                break
