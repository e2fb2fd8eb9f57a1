"""The conflict ontology's terms for Python: a typo in a term name raises instead of minting a new IRI.

Checked against `ontology/conflict.ttl` both ways by `tests/test_ontology.py`.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class CONF(DefinedNamespace):
    _NS = Namespace("https://w3id.org/conflict-kg/ontology#")
    _fail = True

    Accusation: URIRef
    Actor: URIRef
    Agreement: URIRef
    AidDelivery: URIRef
    Appeal: URIRef
    ArmedForce: URIRef
    ArmedGroup: URIRef
    Article: URIRef
    Attack: URIRef
    CAMEO: URIRef
    Ceasefire: URIRef
    City: URIRef
    Country: URIRef
    Denial: URIRef
    Deployment: URIRef
    Disarmament: URIRef
    Displacement: URIRef
    Evacuation: URIRef
    Event: URIRef
    Government: URIRef
    InternationalOrganization: URIRef
    MediaOrganization: URIRef
    Mention: URIRef
    Modality: URIRef
    Negotiation: URIRef
    Organization: URIRef
    PeacekeepingForce: URIRef
    Person: URIRef
    Place: URIRef
    Pledge: URIRef
    PopulationGroup: URIRef
    Protest: URIRef
    Quantity: URIRef
    Recognition: URIRef
    Region: URIRef
    Secession: URIRef
    Sentence: URIRef
    Statement: URIRef
    Support: URIRef
    TerritorialControl: URIRef
    Threat: URIRef
    Withdrawal: URIRef
    agent: URIRef
    amount: URIRef
    approximate: URIRef
    asserted: URIRef
    attributedTo: URIRef
    confidence: URIRef
    contentHash: URIRef
    date: URIRef
    dateText: URIRef
    denied: URIRef
    destination: URIRef
    end: URIRef
    governs: URIRef
    hedged: URIRef
    inArticle: URIRef
    inSentence: URIRef
    item: URIRef
    location: URIRef
    modality: URIRef
    origin: URIRef
    partOf: URIRef
    planned: URIRef
    plover: URIRef
    quantity: URIRef
    refersTo: URIRef
    reported: URIRef
    role: URIRef
    source: URIRef
    start: URIRef
    target: URIRef
    text: URIRef
    trigger: URIRef
    unit: URIRef


SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")
