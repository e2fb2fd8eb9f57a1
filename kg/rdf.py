"""RDF stage: article results become triples under the conflict ontology, one named graph per article.

Every IRI is minted from stable keys (gazetteer ids, article ids, character offsets) and percent-encoded,
so two builds of the same input give the same graph, and any input text gives IRIs that Jena, GraphDB
and Oxigraph accept. No blank nodes: a quantity is `<event>/quantity/N`, so graphs from several files
merge without collisions (rdflib #980). This module never calls spaCy.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from .records import ArticleResult, Entity, Event
from .vocab import CONF, SEM, WD

DEFAULT_BASE = "https://w3id.org/conflict-kg/data/"
PREFIXES = {"conf": CONF._NS, "sem": SEM, "prov": PROV, "rdfs": RDFS, "skos": SKOS, "owl": OWL,
            "xsd": XSD, "wd": WD, "dcterms": DCTERMS, "rdf": RDF}
DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def iri_segment(text: str) -> str:
    """Percent-encode one path segment: `Côte d'Ivoire` -> `C%C3%B4te%20d%27Ivoire`; never a space or quote."""
    return quote(text, safe="-_.~")


@dataclass(slots=True)
class Minter:
    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            self.base += "/"

    def entity(self, key: str) -> URIRef:
        return URIRef(self.base + "entity/" + "/".join(iri_segment(p) for p in key.split(":")))

    def article(self, doc_id: str) -> URIRef:
        return URIRef(self.base + "article/" + iri_segment(doc_id))

    def graph(self, doc_id: str) -> URIRef:
        return URIRef(self.base + "graph/" + iri_segment(doc_id))

    def entities_graph(self) -> URIRef:
        """The graph of entity descriptions; article ids are slugs, so `graph/_entities` cannot clash."""
        return URIRef(self.base + "graph/_entities")

    def sentence(self, doc_id: str, index: int) -> URIRef:
        return URIRef(f"{self.article(doc_id)}/sentence/{index}")

    def mention(self, doc_id: str, start: int, end: int) -> URIRef:
        return URIRef(f"{self.article(doc_id)}/mention/{start}-{end}")

    def event(self, doc_id: str, key: str) -> URIRef:
        return URIRef(f"{self.article(doc_id)}/event/{iri_segment(key)}")


@dataclass(slots=True)
class EntityRegistry:
    """One canonical label and type per entity across every article of a build: the first article that names
    an entity fixes its label and class; other names become `skos:altLabel`."""

    labels: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)

    def seed(self, graph: Graph) -> None:
        """Take the labels and classes a previous build gave its entities."""
        for node, label in graph.subject_objects(RDFS.label):
            self.labels.setdefault(str(node), str(label))
        for node, cls in graph.subject_objects(RDF.type):
            self.types.setdefault(str(node), str(cls).rsplit("#", 1)[-1])

    def canonical(self, entity: Entity, iri: str) -> tuple[str, str]:
        label = self.labels.setdefault(iri, entity.label)
        type_ = self.types.setdefault(iri, entity.type)
        return label, type_


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_graph(result: ArticleResult, minter: Minter, registry: EntityRegistry, graph: Graph,
                  entities: Graph | None = None) -> Graph:
    """All that one article says, with provenance, into `graph` (its named graph).

    What the article says about its entities (class, names, Wikidata id) goes into `entities`, one graph
    shared by every article: each such triple is stated once in a store, so a query over the union of the
    graphs never counts an actor's label once per article that names it.
    """
    entities = graph if entities is None else entities
    doc = result.document
    art = minter.article(doc.id)
    add = graph.add
    add((art, RDF.type, CONF.Article))
    add((art, DCTERMS.identifier, Literal(doc.id)))
    if doc.title:
        add((art, DCTERMS.title, Literal(doc.title)))
    if doc.date:
        add((art, DCTERMS.date, Literal(doc.date.isoformat(), datatype=XSD.date)))
    if doc.url:
        add((art, DCTERMS.source, Literal(doc.url, datatype=XSD.anyURI)))
    if doc.source:
        add((art, DCTERMS.publisher, Literal(doc.source)))
    add((art, CONF.contentHash, Literal(content_hash(doc.text))))
    for sent in result.sentences:
        s = minter.sentence(doc.id, sent.index)
        add((s, RDF.type, CONF.Sentence))
        add((s, CONF.inArticle, art))
        add((s, CONF.text, Literal(sent.text)))
        add((s, CONF.start, Literal(sent.start)))
        add((s, CONF.end, Literal(sent.end)))
    for entity in result.entities:
        add_entity(entities, entity, minter, registry)
    for m in result.mentions:
        node = minter.mention(doc.id, m.start, m.end)
        add((node, RDF.type, CONF.Mention))
        add((node, CONF.refersTo, minter.entity(m.entity)))
        add((node, CONF.text, Literal(m.text)))
        add((node, CONF.start, Literal(m.start)))
        add((node, CONF.end, Literal(m.end)))
        add((node, CONF.inSentence, minter.sentence(doc.id, m.sentence)))
        add((node, PROV.wasDerivedFrom, art))
    for event in result.events:
        add_event(graph, event, minter, art)
    return graph


def add_entity(graph: Graph, entity: Entity, minter: Minter, registry: EntityRegistry) -> None:
    node = minter.entity(entity.key)
    label, type_ = registry.canonical(entity, str(node))
    graph.add((node, RDF.type, CONF[type_]))
    graph.add((node, RDFS.label, Literal(label)))
    for alias in (entity.label, *entity.aliases):
        if alias != label:
            graph.add((node, SKOS.altLabel, Literal(alias)))
    if entity.wikidata:
        graph.add((node, OWL.sameAs, WD[entity.wikidata]))
    if entity.governs:
        graph.add((node, CONF.governs, minter.entity(entity.governs)))
    if entity.part_of:
        graph.add((node, CONF.partOf, minter.entity(entity.part_of)))
    for role in entity.roles:
        graph.add((node, CONF.role, Literal(role)))


def add_event(graph: Graph, event: Event, minter: Minter, art: URIRef) -> None:
    node = minter.event(event.doc_id, event.key)
    add = graph.add
    add((node, RDF.type, CONF[event.type]))
    add((node, RDFS.label, Literal(f"{event.type}: {event.trigger}")))
    add((node, CONF.trigger, Literal(event.trigger)))
    for role in event.roles:
        add((node, CONF[role.name], minter.entity(role.entity)))
    if event.time:
        add((node, CONF.date, Literal(event.time.value, datatype=DATE_TYPES.get(event.time.precision))
             if event.time.precision in DATE_TYPES else Literal(event.time.value)))
        add((node, CONF.dateText, Literal(event.time.text)))
    for n, q in enumerate(event.quantities, 1):
        qn = URIRef(f"{node}/quantity/{n}")
        add((node, CONF.quantity, qn))
        add((qn, RDF.type, CONF.Quantity))
        add((qn, RDFS.label, Literal(q.text)))
        if q.amount is not None:
            amount = Literal(int(q.amount)) if float(q.amount).is_integer() else decimal_literal(q.amount)
            add((qn, CONF.amount, amount))
        if q.unit:
            add((qn, CONF.unit, Literal(q.unit)))
        if q.item:
            add((qn, CONF.item, Literal(q.item)))
        if q.approximate:
            add((qn, CONF.approximate, Literal(True)))
    add((node, CONF.modality, CONF[event.modality]))
    if event.attributed_to:
        add((node, CONF.attributedTo, minter.entity(event.attributed_to)))
    if event.source:
        add((node, CONF.source, minter.entity(event.source)))
    add((node, CONF.confidence, decimal_literal(event.confidence)))
    for index in event.sentences:
        add((node, PROV.wasDerivedFrom, minter.sentence(event.doc_id, index)))
    add((node, CONF.inArticle, art))


def decimal_literal(value: float) -> Literal:
    """An xsd:decimal in canonical form (`0.9`, not `0.90`): Oxigraph canonicalises decimals, so a graph read
    back from a store is byte-identical to one built fresh."""
    text = f"{Decimal(str(round(value, 4))):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text, datatype=XSD.decimal)


def new_dataset() -> Dataset:
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    return ds


def merged_graph(ds: Dataset) -> Graph:
    """Every article's facts in one graph (Turtle cannot keep graph names, rdflib #1674)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    for s, p, o, _ctx in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def sorted_nquads(dataset: Dataset) -> str:
    """N-Quads, one quad a line, sorted: diffable and byte-stable."""
    text = dataset.serialize(format="nquads")
    return "".join(sorted(line + "\n" for line in text.splitlines() if line.strip()))
