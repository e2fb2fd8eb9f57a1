"""RDF stage: article results become N-Quads under the conflict ontology, one named graph per article.

Every IRI is minted from stable keys (gazetteer ids, article ids, character offsets) and percent-encoded,
so two builds of the same input give the same graph, and any input text gives IRIs that Jena, GraphDB
and Oxigraph accept. No blank nodes: a quantity is `<event>/quantity/N`, so graphs from several files
merge without collisions (rdflib #980). This module never calls spaCy.

The stage writes N-Triples lines as text rather than rdflib objects: adding a triple to an rdflib graph
costs microseconds of index upkeep that a build of thousands of articles pays half a million times, while
Oxigraph (Rust) parses the text into its store, dedupes and serialises it far faster. The terms are
still checked: class and property names come from `vocab.CONF`, which raises on a typo.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from rdflib import Dataset, Graph
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.errors import UsageError
from kg.graph import keys
from kg.graph.vocab import CONF, GEO, GEONAMES, SEM, WD
from kg.knowledge.ontology import classes
from kg.records import ArticleResult, Casualties, Entity, Event, Location, deaths

DEFAULT_BASE = "https://w3id.org/conflict-kg/data/"
PREFIXES = {
    "conf": CONF._NS,
    "sem": SEM,
    "prov": PROV,
    "rdfs": RDFS,
    "skos": SKOS,
    "owl": OWL,
    "xsd": XSD,
    "wd": WD,
    "dcterms": DCTERMS,
    "rdf": RDF,
    "geo": GEO,
}
DATE_TYPES = {"day": XSD.date, "week": XSD.gYearMonth, "month": XSD.gYearMonth, "year": XSD.gYear, "decade": XSD.gYear}


def iri_segment(text: str) -> str:
    """Percent-encode one path segment: `Côte d'Ivoire` -> `C%C3%B4te%20d%27Ivoire`; never a space or quote."""
    return quote(text, safe="-_.~")


# -- N-Triples terms ---------------------------------------------------------------------------------
# Oxigraph's canonical N-Triples escapes (a store dumps them so): control characters, quote, backslash
_ESCAPES = str.maketrans(
    {
        **{chr(c): f"\\u{c:04X}" for c in (*range(0x20), 0x7F)},
        "\b": "\\b",
        "\t": "\\t",
        "\n": "\\n",
        "\f": "\\f",
        "\r": "\\r",
        '"': '\\"',
        "\\": "\\\\",
    }
)


def term(iri: str) -> str:
    return f"<{iri}>"


def literal(value: object, datatype: str | None = None) -> str:
    """A literal in N-Triples syntax, escaped exactly as Oxigraph writes it (checked by a property test)."""
    text = f'"{str(value).translate(_ESCAPES)}"'
    return f"{text}^^<{datatype}>" if datatype else text


def integer(value: int) -> str:
    return f'"{int(value)}"^^<{XSD.integer}>'


def decimal_literal(value: float) -> str:
    """An xsd:decimal in canonical form (`0.9`, not `0.90`): Oxigraph canonicalises decimals, so a graph read
    back from a store is byte-identical to one built fresh."""
    text = f"{Decimal(str(round(value, 4))):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f'"{text}"^^<{XSD.decimal}>'


A, LABEL, ALT = term(RDF.type), term(RDFS.label), term(SKOS.altLabel)
SAME_AS = term(OWL.sameAs)
HAS_GEOMETRY, AS_WKT, GEOMETRY = term(GEO.hasGeometry), term(GEO.asWKT), term(GEO.Geometry)
BEGIN, UNTIL = term(SEM.hasEarliestBeginTimeStamp), term(SEM.hasLatestEndTimeStamp)
DERIVED = term(PROV.wasDerivedFrom)
C = {name: term(CONF[name]) for name in CONF.__annotations__}  # checked once: a typo fails at import
C.update({name: term(str(CONF._NS) + name) for name in classes().events})


IRI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


def check_base(base: str) -> None:
    """Every IRI a build mints starts with the base, so it must be an absolute IRI with nothing a parser
    refuses (`http://example.org/data/`, `urn:example:`); checked before any work is done."""
    bad = IRI_FORBIDDEN.search(base)
    if not IRI_SCHEME.match(base) or bad:
        why = f"it holds {bad.group()!r}" if bad else "it has no scheme (http:, https:, urn:)"
        raise UsageError(f"--base {base!r} is not an absolute IRI ({why}); write e.g. https://example.org/data/")


@dataclass(slots=True)
class Minter:
    """IRIs for what a build mints, as plain strings (write them with `term`)."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        check_base(self.base)
        if not self.base.endswith(("/", "#")):
            self.base += "/"

    def entity(self, key: str) -> str:
        return self.base + "entity/" + "/".join(iri_segment(p) for p in key.split(":"))

    def article(self, doc_id: str) -> str:
        return self.base + "article/" + iri_segment(doc_id)

    def graph(self, doc_id: str) -> str:
        return self.base + "graph/" + iri_segment(doc_id)

    def entities_graph(self) -> str:
        """The graph of entity descriptions; article ids are slugs, so `graph/_entities` cannot clash."""
        return self.base + "graph/_entities"

    def incidents_graph(self) -> str:
        """The graph of incidents across articles (`_` cannot start an article id either)."""
        return self.base + "graph/_incidents"

    def incident(self, key: str) -> str:
        return self.base + "incident/" + iri_segment(key)

    def sentence(self, doc_id: str, index: int) -> str:
        return f"{self.article(doc_id)}/sentence/{index}"

    def mention(self, doc_id: str, start: int, end: int) -> str:
        return f"{self.article(doc_id)}/mention/{start}-{end}"

    def event(self, doc_id: str, key: str) -> str:
        return f"{self.article(doc_id)}/event/{iri_segment(key)}"


@dataclass(frozen=True, slots=True)
class ArticleTriples:
    """One article as N-Triples text: its own graph, and what it says about its entities in its own words,
    from which `entity_graph.merge_entities` makes the shared entities graph (each triple stated once, so a query over
    the union of the graphs never counts an actor's label once per article that names it)."""

    graph: str
    article: str
    entities_graph: str
    entities: str
    marker: str  # the article's content hash: stored last, so an interrupted load is analysed again


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_triples(result: ArticleResult, minter: Minter) -> ArticleTriples:
    """All that one article says, with provenance, as N-Triples."""
    doc = result.document
    art = term(minter.article(doc.id))
    g = " .\n"
    out: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        out.append(f"{s} {p} {o}{g}")

    add(art, A, C["Article"])
    add(art, term(DCTERMS.identifier), literal(doc.id))
    if doc.title:
        add(art, term(DCTERMS.title), literal(doc.title))
    if doc.date:
        add(art, term(DCTERMS.date), literal(doc.date.isoformat(), XSD.date))
    if doc.url:
        add(art, term(DCTERMS.source), literal(doc.url, XSD.anyURI))
    if doc.source:
        add(art, term(DCTERMS.publisher), literal(doc.source))
    if doc.part_of and doc.part_of != doc.id:  # a part of a very long article: offsets are into its file
        add(art, term(DCTERMS.isPartOf), term(minter.article(doc.part_of)))
    o = doc.offset
    for sent in result.sentences:
        s = term(minter.sentence(doc.id, sent.index))
        out.append(
            f"{s} {A} {C['Sentence']}{g}{s} {C['inArticle']} {art}{g}{s} {C['text']} {literal(sent.text)}{g}"
            f"{s} {C['start']} {integer(sent.start + o)}{g}{s} {C['end']} {integer(sent.end + o)}{g}"
        )
    for m in result.mentions:
        n = term(minter.mention(doc.id, m.start + o, m.end + o))
        out.append(
            f"{n} {A} {C['Mention']}{g}{n} {C['refersTo']} <{minter.entity(m.entity)}>{g}"
            f"{n} {C['text']} {literal(m.text)}{g}{n} {C['start']} {integer(m.start + o)}{g}"
            f"{n} {C['end']} {integer(m.end + o)}{g}{n} {C['inSentence']} <{minter.sentence(doc.id, m.sentence)}>{g}"
            f"{n} {DERIVED} {art}{g}"
        )
    located = {e.key: e.location for e in result.entities if e.location}
    for event in result.events:
        _event_quads(add, event, minter, art, located, o)
    said: list[str] = []
    for entity in result.entities:
        _entity_quads(lambda s, p, o: said.append(f"{s} {p} {o} .\n"), entity, minter)
    marker = f"{art} {C['contentHash']} {literal(content_hash(doc.text))}{g}"
    return ArticleTriples(minter.graph(doc.id), "".join(out), minter.entities_graph(), "".join(said), marker)


def _entity_quads(add, entity: Entity, minter: Minter) -> None:
    """What one article says about an entity: its label and class as that article has them, and its aliases."""
    node = term(minter.entity(entity.key))
    label, type_ = entity.label, entity.type
    add(node, A, C[type_])
    add(node, LABEL, literal(label))
    for alias in sorted({entity.label, *entity.aliases} - {label}, key=(entity.label, *entity.aliases).index):
        add(node, ALT, literal(alias))
    for key in sorted({keys.name_key(n) for n in (entity.label, *entity.aliases)}):
        add(node, C["nameKey"], literal(key))  # what a scoped question looks a name up by (kg/query/scope.py)
    if entity.wikidata:
        add(node, SAME_AS, term(WD[entity.wikidata]))
    if entity.location:
        _location_quads(add, node, minter.entity(entity.key), entity.location)
    if entity.governs:
        add(node, C["governs"], term(minter.entity(entity.governs)))
    if entity.part_of:
        add(node, C["partOf"], term(minter.entity(entity.part_of)))
    for role in entity.roles:
        add(node, C["role"], literal(role))


def coordinate(value: float) -> str:
    """`-11.35172` as written in WKT: fixed five decimals (about a metre), trailing zeros cut."""
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _location_quads(add, node: str, iri: str, loc: Location) -> None:
    """GeoSPARQL point (longitude first, as WKT requires), GeoNames id, country and regions of a place."""
    geometry = term(iri + "/geometry")
    add(node, HAS_GEOMETRY, geometry)
    add(geometry, A, GEOMETRY)
    add(geometry, AS_WKT, literal(f"POINT({coordinate(loc.lon)} {coordinate(loc.lat)})", GEO.wktLiteral))
    add(node, C["geoPrecisionOf"], integer(loc.precision))
    if loc.country:
        add(node, C["countryCode"], literal(loc.country))
    if loc.admin1:
        add(node, C["admin1"], literal(loc.admin1))
    if loc.admin2:
        add(node, C["admin2"], literal(loc.admin2))
    if loc.geonames:
        add(node, SAME_AS, term(f"{GEONAMES}{loc.geonames}/"))


def _event_quads(add, event: Event, minter: Minter, art: str, located: dict[str, Location], offset: int = 0) -> None:
    iri = minter.event(event.doc_id, event.key)
    node = term(iri)
    add(node, A, C[event.type])
    add(node, LABEL, literal(f"{event.type}: {event.trigger}"))
    add(node, C["trigger"], literal(event.trigger))
    for role in event.roles:
        add(node, C[role.name], term(minter.entity(role.entity)))
    if event.time:
        add(node, C["date"], literal(event.time.value, DATE_TYPES.get(event.time.precision)))
        if event.time.text:  # a reporting window has no words of its own
            add(node, C["dateText"], literal(event.time.text))
        add(node, C["datePrecision"], C[event.time.precision])
        add(node, C["period"], literal(keys.period(event.time.value)))  # a date range's point lookups
        if event.time.begin and event.time.until:
            add(node, BEGIN, literal(event.time.begin, XSD.date))
            add(node, UNTIL, literal(event.time.until, XSD.date))
    where = [located[r.entity] for r in event.roles if r.name == "location" and r.entity in located]
    if where:
        add(node, C["geoPrecision"], integer(min(loc.precision for loc in where)))
    for n, q in enumerate(event.quantities, 1):
        qn = term(f"{iri}/quantity/{n}")
        add(node, C["quantity"], qn)
        add(qn, A, C["Quantity"])
        add(qn, LABEL, literal(q.text))
        if q.amount is not None:
            add(qn, C["amount"], integer(int(q.amount)) if float(q.amount).is_integer() else decimal_literal(q.amount))
        if q.unit:
            add(qn, C["unit"], literal(q.unit))
        if q.item:
            add(qn, C["item"], literal(q.item))
        if q.approximate:
            add(qn, C["approximate"], literal("true", XSD.boolean))
    for n, toll in enumerate(event.casualties, 1):
        _casualty_quads(add, toll, term(f"{iri}/casualties/{n}"), node, minter, event.doc_id, offset)
    dead = deaths((t.kind, t.amount, t.low, t.high, t.party, t.sentence) for t in event.casualties)
    if dead:  # the one rule's figures, stated once so that every reader (SPARQL, page, exports) agrees
        add(node, C["deaths"], integer(dead[0]))
        add(node, C["deathsLow"], integer(dead[1]))
        add(node, C["deathsHigh"], integer(dead[2]))
    add(node, C["modality"], C[event.modality])
    if event.attributed_to:
        add(node, C["attributedTo"], term(minter.entity(event.attributed_to)))
    for key in event.denies:
        add(node, C["denies"], term(minter.event(event.doc_id, key)))
    if event.source:
        add(node, C["source"], term(minter.entity(event.source)))
    add(node, C["confidence"], decimal_literal(event.confidence))
    for index in event.sentences:
        add(node, DERIVED, term(minter.sentence(event.doc_id, index)))
    add(node, C["inArticle"], art)


def _casualty_quads(add, toll: Casualties, cn: str, event: str, minter: Minter, doc_id: str, offset: int) -> None:
    add(event, C["casualties"], cn)
    add(cn, A, C["Casualties"])
    add(cn, LABEL, literal(f"{toll.kind}: {toll.text}"))
    add(cn, C["kind"], C[toll.kind])
    add(cn, C["amount"], integer(toll.amount))
    add(cn, C["amountText"], literal(toll.text))
    if toll.low is not None:
        add(cn, C["low"], integer(toll.low))
    if toll.high is not None:
        add(cn, C["high"], integer(toll.high))
    if toll.party:
        add(cn, C["party"], term(minter.entity(toll.party)))
    if toll.attributed_to:
        add(cn, C["attributedTo"], term(minter.entity(toll.attributed_to)))
    add(cn, C["start"], integer(toll.start + offset))
    add(cn, C["end"], integer(toll.end + offset))
    add(cn, DERIVED, term(minter.sentence(doc_id, toll.sentence)))


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
    return "".join(sorted(line + "\n" for line in text.split("\n") if line.strip()))
