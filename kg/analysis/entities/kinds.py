"""The entity a kind-of-actor noun phrase names, one function per kind of head noun.

Example: `Rwandan soldiers` -> Rwandan armed forces (ArmedForce of Rwanda); `Russian peacekeepers` -> Russian
peacekeeping force; `the authorities in Nagorno-Karabakh` -> Government of Nagorno-Karabakh; `ethnic Armenians`
-> Armenians of this article; `the group` -> the armed group mentioned last (a reference back).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from kg.analysis.entities.evidence import np_span
from kg.analysis.entities.names import NAMED_TAGS
from kg.analysis.entities.state import EntityDraft, Linker
from kg.ingest import slugify

Found = tuple[str, bool] | None  # (entity key, refers back only) or nothing


@dataclass(frozen=True, slots=True)
class NounPhrase:
    """A kind-of-actor head noun with what its modifiers say: whose it is and whether it is definite."""

    head: Token
    owner: str | None
    owner_draft: EntityDraft | None
    owner_type: str | None
    country: str | None
    demonym: str | None
    definite: bool

    @property
    def iso(self) -> str | None:
        return self.country.split(":")[1] if self.country else None


def noun_phrase(lk: Linker, head: Token, owner: str | None) -> NounPhrase:
    gaz = lk.gaz
    owner_draft = lk.drafts.get(owner) if owner else None
    owner_entry = gaz.entries.get(owner) if owner else None
    owner_type = owner_draft.type if owner_draft else (owner_entry.type if owner_entry else None)
    country = owner if owner and owner.startswith("country:") else None
    if owner and owner.startswith("government:") and owner in gaz.entries:
        country = gaz.entries[owner].governs
    demonym = gaz.demonym_of(country or owner or "") or (owner_draft.label if owner_draft else None)
    definite = any(c.lower_ in lk.words.determiners or c.tag_ == "PRP$" for c in head.children)
    return NounPhrase(head, owner, owner_draft, owner_type, country, demonym, definite)


def new(lk: Linker, key: str, label: str, type_: str, **kw) -> tuple[str, bool]:
    return lk.entity(key, label, type_, **kw).key, False


def back(lk: Linker, np: NounPhrase, types: set[str]) -> Found:
    """`the rebels`: the entity of these types last called by the same noun, else the last one mentioned."""
    word = np.head.lower_
    key = lk.most_recent(types, np.head.i, called=word) or lk.most_recent(types, np.head.i)
    return (key, True) if key else None


def peacekeeping(lk: Linker, np: NounPhrase) -> Found:
    if np.iso:
        return new(lk, f"peacekeeping:{np.iso}", f"{np.demonym} peacekeeping force", "PeacekeepingForce", part_of=np.country)
    if np.owner_type == "PeacekeepingForce" and np.owner:
        return np.owner, False
    return back(lk, np, {"PeacekeepingForce"}) or (generic(lk, np.head, "PeacekeepingForce"), False)


def ministry(lk: Linker, np: NounPhrase) -> Found:
    head = np.head
    if np.iso:
        words = [
            t.text
            for t in lk.doc[np_span(lk, head)[0] : head.i + 1]
            if t.lower_ not in lk.words.determiners and not lk.gaz.demonyms.get(t.lower_) and t.i not in lk.covered
        ]
        topic = slugify(" ".join(w for w in words if w.lower() not in {"ministry", "of", "the"}).replace("efence", "efense"))
        return new(
            lk, f"ministry:{np.iso}:{topic or 'ministry'}", f"{np.demonym} {' '.join(words)}", "Government", part_of=np.country
        )
    return back(lk, np, {"Government"}) if np.definite and recent_is_ministry(lk, head) else None


def armed(lk: Linker, np: NounPhrase, kind: str) -> Found:
    """`Rwandan troops`, `M23 rebels`, `federal forces`, `the army` (back to the last one), `the gunmen`."""
    head = np.head
    if off_duty(lk, head):  # `an off-duty police officer`: a civilian, as ACLED codes one
        words = lk.doc[np_span(lk, head)[0] : head.i + 1]
        label = " ".join(t.lower_ for t in words if t.dep_ != "det" and t.lower_ not in lk.words.determiners and not t.like_num)
        return new(lk, f"population-group:{lk.doc_id}:{slugify(label)}", label.replace(" - ", "-"), "PopulationGroup")
    loyalty = loyal_to(lk, head)
    if loyalty is not None:  # `militias loyal to Dbeibah`, `fighters allied with Dbeibah`, `pro-Bashagha forces`
        patron, end = loyalty
        label = lk.surface(lk.doc[np_span(lk, head)[0] : end])
        return new(lk, f"armed-group:{lk.doc_id}:for-{slugify(patron.split()[-1])}", label, "ArmedGroup")
    if np.owner_type in {"ArmedGroup", "ArmedForce", "PeacekeepingForce"} and np.owner:
        return np.owner, False
    group = group_named_beside(lk, head)
    if group is not None:  # `the NAF rebel forces`: NAF's men, coded as NAF
        return group, True
    if np.country and kind == "armed_force":
        return state_forces(lk, np.country, np.demonym), False
    if np.owner and np.country and kind == "armed_group" and np.country == lk.most_salient({"Country"}):
        # `Rebels in the Central African Republic` in a story about it: where the rebels are, not who they
        # are (`Russian paramilitaries` there are foreigners, a group of their own)
        earlier = lk.most_recent({"ArmedGroup"}, head.i, named_only=True)
        return (earlier, True) if earlier else (unnamed(lk, head, "ArmedGroup"), False)
    if np.owner:
        label = f"{np.demonym or (np.owner_draft.label if np.owner_draft else '')} {head.lower_}"
        return new(lk, f"armed-group:{np.owner.replace(':', '-')}", label, "ArmedGroup", part_of=np.owner)
    bare_army = (
        head.lower_ in lk.words.bare_army
        and np.definite
        and not any(c.dep_ in {"amod", "compound", "poss"} for c in head.children)
    )
    if bare_army and lk.most_recent({"ArmedForce"}, head.i):
        return back(lk, np, {"ArmedForce"})
    if kind == "armed_force" and not any(c.dep_ == "poss" for c in head.children):  # `whose troops`: the owner's
        # `federal forces`, `government troops`, `soldiers`: the army of the state the article is about.
        country = lk.most_salient({"Country"})
        if country:
            return state_forces(lk, country), False
        if named_modifier(lk, head) is None and demonym_modifier(lk, head) is None:
            return unnamed(lk, head, "ArmedForce"), False  # `policemen`, `the army` in a story that names no state
    opposed = prefixed(lk, head, "anti", lambda t: t.text[:1].isupper())
    if opposed is not None:  # `anti-Balaka militias`
        between = lk.doc[opposed.i + 1 : head.i]
        if len(between) and all(t.text[:1].isupper() and t.pos_ == "PROPN" for t in between):
            # `anti-Houthi National Resistance forces`: a name of its own after whom it fights
            label = f"{between.text} {head.lower_}"
            return new(lk, f"armed-group:{slugify(label)}", label, "ArmedGroup")
        return new(lk, f"armed-group:anti-{slugify(opposed.text)}", f"anti-{opposed.text} {head.lower_}", "ArmedGroup")
    named = named_modifier(lk, head)
    if named is None and head.dep_ == "compound" and head.head.pos_ == "NOUN":
        # `the NAF rebel forces`: the name compounds the noun `rebel` itself compounds
        named = next((t for t in [named_modifier(lk, head.head)] if t is not None and t.i < head.i), None)
    if named is not None:  # `M23 rebels`
        # a name of several words hangs its first words on its last (`the Karen National Union troops`)
        first = min((t.i for t in named.children if t.dep_ == "compound" and t.tag_ in NAMED_TAGS), default=named.i)
        label = lk.surface(lk.doc[first : named.i + 1]) if first < named.i else named.text
        if head.lower_ in lk.words.unit_name_heads and head.text[:1].isupper() and named.i < head.i:
            label = lk.surface(lk.doc[named.i : head.i + 1])  # `the Sinaloa Cartel`: the head is part of the name
        return new(lk, f"armed-group:{slugify(label)}", label, "ArmedGroup")
    modifier = demonym_modifier(lk, head)
    if modifier:
        label = f"{modifier} {head.lower_}"
        return new(lk, f"armed-group:{slugify(label)}", label, "ArmedGroup")
    if kind == "armed_group":
        # `gunmen`, `the attackers`, `suspected militants`: the article's unnamed attackers, one entity (a
        # definite one refers back to the group named last, as `the group` does)
        if np.definite:
            return back(lk, np, {"ArmedGroup"}) or (unnamed(lk, head, "ArmedGroup"), False)
        if _named_unit_after(lk, head):
            return None  # `a fighter of the SDF`: whose it is, once the names are found; not the last group
        if any(c.lower_ in lk.words.unknown_modifiers for c in head.children if c.dep_ in {"amod", "compound"}):
            return unnamed(lk, head, "ArmedGroup"), False  # `X clashed with unidentified gunmen`: not X
        earlier = lk.most_recent({"ArmedGroup"}, head.i, named_only=True)  # `M23 rebels ... rebels took Goma`
        return (earlier, True) if earlier else (unnamed(lk, head, "ArmedGroup"), False)
    return None


def off_duty(lk: Linker, head: Token) -> bool:
    """A soldier or officer described as off duty or retired, before the noun (`an off-duty officer`) or in
    brackets right after it (`a soldier (assumed off-duty)`): not acting for the force."""
    before = lk.doc[np_span(lk, head)[0] : head.i].text.lower()
    after = lk.doc[head.i + 1 : head.i + 9].text.lower()
    inside = after[: after.index(")")] if after.startswith("(") and ")" in after else ""
    return any(w in before or w in inside for w in lk.words.off_duty_words)


def _named_unit_after(lk: Linker, head: Token) -> bool:
    """A name the statistical NER tagged, not yet linked, after `of`/`from` on an armed noun (`a fighter of
    the SDF`, `a fighter from the 41st brigade of the PMF`): the noun is that group's, known after the NER pass."""
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in {"of", "from"}):
        for pobj in (c for c in prep.subtree if c.dep_ in {"pobj", "appos"}):
            if pobj.ent_type_ in {"ORG", "NORP", "GPE"} and lk.key_at(pobj.i) is None:
                return True
    return False


def military_craft(lk: Linker, np: NounPhrase) -> Found:
    """`Israeli jets`, `Russia's warplanes` -> the state's armed forces; `the army's helicopters`, `helicopters
    from the coalition force`, `helicopters flown by X` -> their operator; a bare `helicopters` names no one
    (not the army of the story's state: private companies and rescuers fly them too)."""
    for verb in (c for c in np.head.children if c.dep_ == "acl" and c.tag_ == "VBN"):  # `flown by X`, `operated by X`
        for by in (c for c in verb.children if c.dep_ == "agent"):
            operator = next((lk.key_at(p.i) for p in by.children if p.dep_ == "pobj" and lk.key_at(p.i)), None)
            if operator and lk.drafts[operator].type not in lk.words.place_types:
                return operator, True
    if np.owner_type in {"ArmedGroup", "ArmedForce", "PeacekeepingForce", "Organization"} and np.owner:
        return np.owner, True
    if np.country:
        return state_forces(lk, np.country, np.demonym), False
    return None


def positions(lk: Linker, np: NounPhrase) -> Found:
    """`the governmental positions`, `regime positions`, `Ukrainian positions`, `the army's positions`, `NAF
    positions`: the force that holds them, which is what was fired at (coders code it as the second actor);
    the force of the state the story is about for a state's word. A bare `positions` names no one."""
    head = np.head
    if np.owner_type in {"ArmedGroup", "ArmedForce", "PeacekeepingForce"} and np.owner:
        return np.owner, True
    group = group_named_beside(lk, head)
    if group is not None:
        return group, True
    for mod in (c for c in head.children if c.dep_ in {"compound", "amod"} and c.i < head.i):
        key = lk.key_at(mod.i)  # `army positions`, `rebel positions`: the modifier's own mention
        if key and key in lk.drafts and lk.drafts[key].type in {"ArmedGroup", "ArmedForce"}:
            return key, True
    if np.country:
        return state_forces(lk, np.country, np.demonym), True
    if any(c.lower_ in lk.words.state_modifiers for c in head.children):
        country = lk.most_salient({"Country"})
        if country:
            return state_forces(lk, country), True
        return lk.entity(f"armedforce:{lk.doc_id}:unnamed", "government forces", "ArmedForce").key, True
    return None


def state_forces(lk: Linker, country: str, demonym: str | None = None) -> str:
    """A state's armed forces, one entity however named (`Rwandan troops`, `Rwanda's jets`, `the governmental
    positions` in a story of Rwanda), labelled by `demonym`, else the gazetteer's adjective, else its name."""
    label = demonym or lk.gaz.demonym_of(country) or (lk.drafts[country].label if country in lk.drafts else None)
    return lk.entity(f"armed-force:{country.split(':')[1]}", f"{label} armed forces", "ArmedForce", part_of=country).key


def government(lk: Linker, np: NounPhrase) -> Found:
    if np.owner and np.owner_type in lk.words.place_types:
        place = lk.drafts.get(np.owner) or lk.gazetteer_draft(np.owner)
        name = place.label if not place.label.startswith(lk.words.the_names) else f"the {place.label}"
        return new(lk, lk.gaz.government_key(np.owner), f"Government of {name}", "Government", governs=np.owner)
    if np.owner_type == "Government" and np.owner:
        return np.owner, False
    if np.owner_type == "Person" and np.owner:  # `Dbeibah's government`, `Bashagha's administration`
        leader = lk.drafts[np.owner].label
        return new(lk, f"government:{lk.doc_id}:of-{slugify(leader)}", f"{leader}'s {np.head.lower_}", "Government")
    bare = not np.definite and not np.owner and np.head.lower_ == "officials"  # `officials said`: the state's
    if bare or any(c.lower_ in lk.words.state_modifiers for c in np.head.children):
        # `the federal government`, `the central authorities`: of the state the article is about
        country = lk.most_salient({"Country"})
        if country:
            return new(
                lk, lk.gaz.government_key(country), f"Government of {lk.drafts[country].label}", "Government", governs=country
            )
    if np.head.lower_ in lk.words.government_heads and np.definite:
        return back(lk, np, {"Government"})
    return None


def people(lk: Linker, np: NounPhrase) -> Found:
    head = np.head
    dem = demonym_modifier(lk, head)
    if dem:
        label = f"{dem}s" if head.lower_ == "population" else f"{dem} {head.lower_}"
        return population(lk, label, dem), False
    return None if head.lower_ == "population" else (generic(lk, head, "PopulationGroup"), False)


def media(lk: Linker, np: NounPhrase) -> Found:
    """`the agency` refers back; `Pakistani media` are a state's press, one collective outlet."""
    if np.country and np.head.lower_ in {"media", "press"}:
        return new(lk, f"media:{np.iso}", f"{np.demonym} media", "MediaOrganization", part_of=np.country)
    return back(lk, np, {"MediaOrganization"}) if np.definite else None


def region_description(lk: Linker, np: NounPhrase) -> Found:
    """`the breakaway region` refers back to the article's most mentioned region; `the region of X` names X."""
    if np.owner or any(c.dep_ == "prep" and c.lower_ == "of" for c in np.head.children):
        return None
    key = lk.most_salient({"Region"})
    return (key, True) if key else None


KINDS: dict[str, Callable[[Linker, NounPhrase], Found]] = {
    "peacekeeping": peacekeeping,
    "ministry": ministry,
    "armed_force": lambda lk, np: armed(lk, np, "armed_force"),
    "armed_group": lambda lk, np: armed(lk, np, "armed_group"),
    "military_craft": military_craft,
    "positions": positions,
    "government": government,
    "population": people,
    "media": media,
    "region_description": region_description,
}


def np_entity(lk: Linker, head: Token, kinds: list[str], owner: str | None) -> Found:
    """The entity a noun phrase with a kind-of-actor head names (its first kind decides), and whether it only
    refers back to one named before. A predicate noun (`The CJTF is a local militia`) describes its subject
    and names nothing of its own."""
    if head.dep_ == "attr" and not owner:
        return None
    resolve = KINDS.get(kinds[0])
    return resolve(lk, noun_phrase(lk, head, owner)) if resolve else None


def loyal_to(lk: Linker, head: Token) -> tuple[str, int] | None:
    """The patron an armed noun serves and where its phrase ends: `militias loyal to X`, `forces backing X`,
    `fighters allied with X`, `pro-X forces`."""
    for child in head.children:
        word = child.lower_
        if word in lk.words.loyalty_words and child.dep_ in {"amod", "acl", "prep", "advmod"}:
            wanted = lk.words.loyalty_words[word]
            objects = [g for g in child.children if g.dep_ in {"dobj", "pobj"}]
            objects += [
                p for g in child.children if g.dep_ == "prep" and g.lower_ == wanted for p in g.children if p.dep_ == "pobj"
            ]
            for obj in objects:
                key = lk.key_at(obj.i)
                end = max((e for s_, e, k in lk.spans if k == key and s_ <= obj.i < e), default=obj.i + 1)
                return (lk.drafts[key].label if key else obj.text), end
    patron = prefixed(lk, head, "pro", lambda t: t.is_alpha)  # `pro-Bashagha`, `pro-government`
    return (patron.text, head.i + 1) if patron is not None else None


def prefixed(lk: Linker, head: Token, prefix: str, fits: Callable[[Token], bool]) -> Token | None:
    """The first word after `prefix-` among a noun's modifiers that `fits`: `pro-Bashagha forces` -> Bashagha."""
    words = lk.doc[np_span(lk, head)[0] : head.i]
    for a, b, c in zip(words, words[1:], words[2:], strict=False):
        if a.lower_ == prefix and b.text == "-" and fits(c):
            return c
    return None


def recent_is_ministry(lk: Linker, head: Token) -> bool:
    key = lk.most_recent({"Government"}, head.i)
    return bool(key and key.startswith("ministry:"))


def group_named_beside(lk: Linker, head: Token) -> str | None:
    """An armed group already known by name that compounds the noun, or the noun it is a compound of (`the NAF
    rebel forces`, `Taliban fighters`): the phrase names that group's men. Not after `anti-` (`anti-Balaka
    militias` fight Balaka) nor through a place (`Donetsk rebels`)."""
    if prefixed(lk, head, "anti", lambda t: True) is not None:
        return None
    phrase = head.head if head.dep_ == "compound" and head.head.i > head.i else head
    for tok in (c for c in phrase.children if c.dep_ == "compound" and c.i < phrase.i and c.i != head.i):
        key = lk.key_at(tok.i)
        if key and key in lk.drafts and lk.drafts[key].type == "ArmedGroup":
            return key
    return None


def named_modifier(lk: Linker, head: Token) -> Token | None:
    """The name that says whose the noun is (`M23 rebels`); not a state's word written in capitals (`Govt
    forces`) nor a date the parser hung on it (`Around 1 May 2020 (as reported), ISWAP militants`)."""
    for child in head.children:
        if (
            child.dep_ in {"compound", "nmod", "amod"}
            and child.tag_ in NAMED_TAGS
            and not lk.gaz.demonyms.get(child.lower_)
            and child.lower_ not in lk.words.state_modifiers
            and child.ent_type_ not in {"DATE", "TIME"}
        ):
            return child
    return None


def demonym_modifier(lk: Linker, head: Token) -> str | None:
    """`ethnic Armenians` -> Armenian; `Karabakh Armenians` -> Armenian; `ethnically Armenian militias` -> Armenian."""
    for tok in [head, *head.children, *(g for c in head.children for g in c.children)]:
        text = tok.text
        if tok.i in lk.covered and tok is not head:
            continue
        if lk.gaz.demonyms.get(text.lower()):
            return text
        if tok is head and tok.tag_ == "NNPS" and lk.gaz.demonyms.get(text[:-1].lower()):
            return text[:-1]
        if tok is not head and tok.ent_type_ == "NORP":
            return text
    return None


def population(lk: Linker, label: str, demonym: str) -> str:
    key = f"population:{slugify(demonym)}s-{lk.doc_id}"
    return lk.entity(key, label, "PopulationGroup").key


LABEL_MODIFIERS = frozenset({"unknown", "unidentified", "armed"})  # kept in a label: `armed men` are not any men
COUNT_WORDS = frozenset({"thousands", "hundreds", "dozens", "scores", "tens", "millions"})  # `thousands of people`


def unnamed(lk: Linker, head: Token, type_: str) -> str:
    """The article's one unnamed actor of a type (`gunmen` ... `the attackers` ... `assailants`): wire copy
    names the same attackers many ways; the first word used is the label, the others aliases."""
    prev = lk.doc[head.i - 1].lower_ if head.i else ""
    label = f"{prev} {head.lower_}" if prev in LABEL_MODIFIERS else head.lower_  # `unknown people`, `armed men`
    return lk.entity(f"{slugify(type_)}:{lk.doc_id}:unnamed", label, type_).key


def generic(lk: Linker, head: Token, type_: str) -> str:
    """Unnamed groups (`civilians`) are one entity per article: civilians in two wars are not one node."""
    label = "people" if head.lower_ in COUNT_WORDS else head.lower_  # `hundreds gathered`: people
    return lk.entity(f"{slugify(type_)}:{lk.doc_id}:{slugify(label)}", label, type_).key
