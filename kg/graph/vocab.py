"""The conflict ontology's terms for Python: a typo in a term name raises instead of minting a new IRI.

The event classes are not listed here: they come from the ontology itself (`kg.knowledge.ontology.classes`), so adding
one is a change to `conflict.ttl` and the lexicon only. `tests/test_rdf.py` checks that these terms and the
event classes together are exactly the ontology's.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class CONF(DefinedNamespace):
    _NS = Namespace("https://w3id.org/conflict-kg/ontology#")
    _fail = True

    Actor: URIRef
    ArmedForce: URIRef
    ArmedGroup: URIRef
    Article: URIRef
    CAMEO: URIRef
    Casualties: URIRef
    CasualtyKind: URIRef
    City: URIRef
    Country: URIRef
    DatePrecision: URIRef
    Event: URIRef
    Government: URIRef
    Incident: URIRef
    InternationalOrganization: URIRef
    MediaOrganization: URIRef
    Mention: URIRef
    Modality: URIRef
    Organization: URIRef
    PeacekeepingForce: URIRef
    Person: URIRef
    Place: URIRef
    PopulationGroup: URIRef
    Quantity: URIRef
    Region: URIRef
    Sentence: URIRef
    abducted: URIRef
    admin1: URIRef
    admin2: URIRef
    agent: URIRef
    amount: URIRef
    amountText: URIRef
    approximate: URIRef
    articleCount: URIRef
    asserted: URIRef
    attributedTo: URIRef
    casualties: URIRef
    confidence: URIRef
    contentHash: URIRef
    countryCode: URIRef
    nameKey: URIRef
    period: URIRef
    date: URIRef
    datePrecision: URIRef
    dateText: URIRef
    day: URIRef
    deaths: URIRef
    deathsHigh: URIRef
    deathsLow: URIRef
    decade: URIRef
    denied: URIRef
    denies: URIRef
    destination: URIRef
    end: URIRef
    eventClass: URIRef
    geoPrecision: URIRef
    geoPrecisionOf: URIRef
    governs: URIRef
    hedged: URIRef
    high: URIRef
    inArticle: URIRef
    inSentence: URIRef
    incident: URIRef
    injured: URIRef
    item: URIRef
    killed: URIRef
    kind: URIRef
    location: URIRef
    low: URIRef
    mergeReason: URIRef
    missing: URIRef
    modality: URIRef
    month: URIRef
    origin: URIRef
    partOf: URIRef
    party: URIRef
    planned: URIRef
    plover: URIRef
    quantity: URIRef
    refersTo: URIRef
    report: URIRef
    reported: URIRef
    role: URIRef
    source: URIRef
    sourceCount: URIRef
    start: URIRef
    target: URIRef
    text: URIRef
    trigger: URIRef
    unit: URIRef
    week: URIRef
    year: URIRef


SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
GEONAMES = "https://sws.geonames.org/"
