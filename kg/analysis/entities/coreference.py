"""Names of one entity found apart: appositions and surnames.

Example: `The UN peacekeeping mission, MONUSCO,` -> the description is a name of MONUSCO; `Babayan` after
`David Babayan` -> the same person.
"""

from __future__ import annotations

from kg.analysis.entities.evidence import initials, is_acronym, np_span
from kg.analysis.entities.state import Linker

ORGANIZATION_TYPES = {"InternationalOrganization", "Organization", "PeacekeepingForce", "ArmedGroup", "MediaOrganization"}


def pass_appositions(lk: Linker) -> None:
    """`The UN peacekeeping mission, MONUSCO,`: the description becomes a name of the entity."""
    for start, end, key in list(lk.spans):
        root = lk.doc[start:end].root
        partner = root.head if root.dep_ == "appos" else next((c for c in root.children if c.dep_ == "appos"), None)
        if partner is None or partner.i in lk.covered or partner.lower_ not in lk.nouns["organization"]:
            continue
        if lk.drafts[key].type not in ORGANIZATION_TYPES:
            continue
        left, right = np_span(lk, partner)
        lk.spans.append((partner.i, partner.i + 1, key))
        lk.covered.add(partner.i)
        lk.drafts[key].aliases.append(lk.surface(lk.doc[left:right]))


def pass_coreference(lk: Linker) -> None:
    """Surnames to full names, across the whole article (a surname can precede nothing here)."""
    people = {key: d for key, d in lk.drafts.items() if d.type == "Person" and " " in d.label}
    for key, draft in list(lk.drafts.items()):
        if draft.type != "Person" or " " in draft.label:
            continue
        full = [k for k, d in people.items() if d.label.split()[-1] == draft.label]
        if len(full) == 1:
            lk.merge(key, full[0])


def pass_acronyms(lk: Linker) -> None:
    """`ENA said ... the Ethiopian News Agency (ENA)`: an acronym named before its expansion is the same
    organisation, whichever came first."""
    for key, draft in list(lk.drafts.items()):
        if draft.type != "Organization" or not is_acronym(draft.label):
            continue
        for other, full in list(lk.drafts.items()):
            if other != key and initials(full.label) == draft.label:
                lk.merge(key, other)
                break


def pass_repeated_names(lk: Linker) -> None:
    """`Fano fighters seized Lalibela ... Fano accuses the government`: a name the article has given an
    entity names it wherever it appears again, though the NER tagged it only once. Only proper names (each
    word capitalised) of actors, as the article tokenised them where they were linked, and as named."""
    patterns: dict[tuple[str, ...], str] = {}
    for start, end, key in list(lk.spans):
        if ":unnamed" in key or lk.drafts[key].type not in lk.words.actor_types:
            continue
        kept = [t for t in lk.doc[start:end] if t.lower_ not in lk.words.determiners]
        words = tuple(t.text for t in kept)
        common = all(t.tag_ in {"NN", "NNS"} for t in kept)  # `Helicopters flown by X` opening a sentence
        if words and not common and len("".join(words)) >= 3 and all(w[:1].isupper() or not w[:1].isalpha() for w in words):
            patterns.setdefault(words, key)
        for name in (lk.drafts[key].label, *lk.drafts[key].aliases):  # and the names it was given
            named = tuple(name.split())
            if len(name) >= 3 and all(w[:1].isupper() for w in named):
                patterns.setdefault(named, key)
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, key in sorted(patterns.items(), key=lambda item: -len(item[0])):
        by_first.setdefault(words[0], []).append((words, key))
    for tok in lk.doc:
        for words, key in by_first.get(tok.text, ()):
            end = tok.i + len(words)
            if tuple(t.text for t in lk.doc[tok.i : end]) == words and lk.free(tok.i, end):
                lk.add_mention(tok.i, end, key)
                break
