"""RDF output: the ontology's terms, SHACL conformance, stable IRIs, byte-stable files, and a golden graph."""

import os
from pathlib import Path

import pytest
import rdflib
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg import pipeline
from kg.graph import rdf
from kg.graph.rdf import Minter, iri_segment
from kg.graph.vocab import CONF
from kg.knowledge.ontology import classes

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden" / "small-article.ttl"


@pytest.fixture(scope="module")
def small_build(spacy_model, tmp_path_factory):
    out = tmp_path_factory.mktemp("small")
    pipeline.build([str(DATA / "small-article.txt")], out, html=False)
    return out


def test_vocab_and_ontology_define_the_same_terms():
    onto = rdflib.Graph().parse(ROOT / "ontology" / "conflict.ttl")
    ns = str(CONF._NS)
    in_ttl = {str(s)[len(ns) :] for s in onto.subjects() if str(s).startswith(ns)}
    in_py = set(CONF.__annotations__) | classes().events
    assert in_ttl == in_py
    for term in in_ttl:
        assert (rdflib.URIRef(ns + term), rdflib.RDFS.label, None) in onto, f"{term} has no label"


def test_event_classes_of_the_contract_sit_under_event():
    onto = rdflib.Graph().parse(ROOT / "ontology" / "conflict.ttl")
    contract = [
        "Attack",
        "TerritorialControl",
        "Ceasefire",
        "Agreement",
        "Negotiation",
        "Displacement",
        "Evacuation",
        "Disarmament",
        "AidDelivery",
        "Deployment",
        "Withdrawal",
        "Statement",
        "Accusation",
        "Denial",
        "Appeal",
        "Threat",
        "Recognition",
        "Support",
        "Pledge",
        "Secession",
        "Protest",
    ]
    for name in contract:
        assert (rdflib.URIRef(str(CONF._NS) + name), rdflib.RDFS.subClassOf, CONF.Event) in onto


def test_golden_turtle(small_build):
    """A change in output is a visible diff. Regenerate with KG_UPDATE_GOLDEN=1 after checking the diff."""
    produced = (small_build / "graph.ttl").read_text()
    if os.environ.get("KG_UPDATE_GOLDEN"):
        GOLDEN.write_text(produced)
    expected = rdflib.Graph().parse(GOLDEN)
    got = rdflib.Graph().parse(data=produced, format="turtle")
    if not isomorphic(expected, got):
        _, only_expected, only_got = graph_diff(to_isomorphic(expected), to_isomorphic(got))
        pytest.fail(
            "graph differs from golden:\n- " + only_expected.serialize(format="nt") + "\n+ " + only_got.serialize(format="nt")
        )
    assert produced == GOLDEN.read_text()


def test_two_builds_are_byte_identical(tmp_path, small_build):
    pipeline.build([str(DATA / "small-article.txt")], tmp_path, html=False)
    for name in ("graph.ttl", "graph.trig", "graph.nq"):
        assert (tmp_path / name).read_bytes() == (small_build / name).read_bytes(), name


def test_every_built_graph_conforms_to_the_shapes(small_build):
    pyshacl = pytest.importorskip("pyshacl")
    ok, _, text = pyshacl.validate(
        rdflib.Graph().parse(small_build / "graph.ttl"),
        shacl_graph=rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl"),
        ont_graph=rdflib.Graph().parse(ROOT / "ontology" / "conflict.ttl"),
        inference="rdfs",
    )
    assert ok, text


def test_the_shapes_catch_a_broken_event(small_build):
    pyshacl = pytest.importorskip("pyshacl")
    g = rdflib.Graph().parse(small_build / "graph.ttl")
    ev = next(g.subjects(CONF.trigger, None))
    g.remove((ev, CONF.modality, None))
    ok, _, _ = pyshacl.validate(
        g,
        shacl_graph=rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl"),
        ont_graph=rdflib.Graph().parse(ROOT / "ontology" / "conflict.ttl"),
        inference="rdfs",
    )
    assert not ok


def test_trig_keeps_one_named_graph_per_article(small_build):
    ds = rdflib.Dataset()
    ds.parse(small_build / "graph.trig", format="trig")
    names = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert any(n.endswith("/graph/small-article") for n in names)


@pytest.mark.parametrize("text", ["has space", 'quote"mark', "<script>", "Côte d'Ivoire", "a/b#c?d"])
def test_minted_iris_are_valid_for_any_text(text):
    iri = Minter().entity(f"person:{text}")
    assert not any(ch in str(iri) for ch in ' "<>{}|\\^`')
    assert iri_segment(text) and "/" not in iri_segment(text)


def test_every_event_points_back_to_its_sentence(small_build):
    g = rdflib.Graph().parse(small_build / "graph.ttl")
    text = (DATA / "small-article.txt").read_text()
    for ev in g.subjects(CONF.trigger, None):
        for sent in g.objects(ev, rdflib.PROV.wasDerivedFrom):
            start, end = int(g.value(sent, CONF.start)), int(g.value(sent, CONF.end))
            assert text[start:end] == str(g.value(sent, CONF.text))


@settings(max_examples=200, deadline=None)
@given(st.text(), st.sampled_from([None, str(rdflib.XSD.date), str(rdflib.XSD.anyURI)]))
def test_literals_are_written_as_oxigraph_writes_them(text, datatype):
    """Fresh articles are written from our N-Quads text and unchanged ones from the store: both must be
    Oxigraph's canonical form, byte for byte, or an incremental build would differ from a fresh one."""
    import pyoxigraph as ox

    assume(not any(0xD800 <= ord(c) <= 0xDFFF for c in text))
    ours = rdf.literal(text, datatype)
    theirs = str(ox.Literal(text, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(text))
    assert ours == theirs
