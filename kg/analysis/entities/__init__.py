"""Entities stage: mentions in a parsed article, each linked to one canonical entity.

Evidence, strongest first, one pass each over a shared `Linker` (`state`):

1. `names`: the gazetteer (`Azerbaijan`, `Reuters`); a capital used as an actor stands for the government
   (`Baku's rule` -> Government of Azerbaijan) and as a place for the city (`in Baku`);
2. `noun_phrases` and `kinds`: noun phrases whose head noun says the kind of actor (`Rwandan soldiers` ->
   Rwandan armed forces, `Russian peacekeepers`, `M23 rebels`, `the authorities in Nagorno-Karabakh`);
3. `ner`: the statistical NER, re-typed by context (`the town of Shire` -> City, `President X` -> Person);
4. `coreference`: surnames to full names (`Babayan` -> David Babayan), acronyms to their expansion,
   appositions (`The UN peacekeeping mission, MONUSCO`); definite descriptions to the most salient entity
   of their kind (`the breakaway region` -> Nagorno-Karabakh) are resolved in `kinds`.

Keys are stable across articles (gazetteer keys, or kind + slug of the canonical name), so the same
actor in two articles is one node. Generic groups (`civilians`) are scoped to their article.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from kg.analysis.entities.coreference import pass_acronyms, pass_appositions, pass_coreference, pass_repeated_names
from kg.analysis.entities.lexicon import entity_words
from kg.analysis.entities.names import (
    pass_bare_places,
    pass_capitals,
    pass_datelines,
    pass_demonyms,
    pass_described_places,
    pass_gazetteer,
    pass_money,
)
from kg.analysis.entities.ner import pass_ner
from kg.analysis.entities.noun_phrases import pass_noun_phrases
from kg.analysis.entities.state import ArticleEntities, EntityDraft, Linker, is_locative, surface
from kg.knowledge import gazetteer

__all__ = ["ArticleEntities", "EntityDraft", "is_locative", "link_entities", "surface"]

PASSES = (
    pass_money,
    pass_gazetteer,
    pass_datelines,
    pass_noun_phrases,
    pass_ner,
    pass_noun_phrases,  # again: `Karim Hassan's government` once the NER has found Karim Hassan
    pass_described_places,
    pass_bare_places,
    pass_capitals,
    pass_demonyms,
    pass_appositions,
    pass_coreference,
    pass_acronyms,
    pass_repeated_names,
)


def link_entities(
    doc: Doc, doc_id: str, offset: int, sentence_of: Callable[[int], int], ontology_dir: str | None = None
) -> ArticleEntities:
    """Find and link every actor and place mention of one parsed article."""
    linker = Linker(
        doc,
        doc_id,
        offset,
        sentence_of,
        gazetteer.load(ontology_dir),
        gazetteer.entity_nouns(ontology_dir),
        entity_words(ontology_dir),
    )
    for run_pass in PASSES:
        run_pass(linker)
    return linker.result()
