"""Validation and export: what `kg build` writes conforms, and every export loads in rdflib and Oxigraph."""

import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from kg import pipeline
from kg.exports import interop

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def out(spacy_model, tmp_path_factory):
    d = tmp_path_factory.mktemp("out")
    pipeline.build([str(DATA / "small-article.txt"), str(ROOT / "seeds")], d, html=False)
    return d


def test_built_graphs_conform(out):
    assert interop.validate(out).conforms


def test_violations_are_listed_readably_with_a_failing_exit(out, tmp_path):
    broken = tmp_path / "broken.ttl"
    text = (out / "graph.ttl").read_text().replace("conf:modality conf:", "conf:modalityX conf:", 1)
    broken.write_text(text)
    r = subprocess.run([sys.executable, "-m", "kg", "validate", str(broken)], capture_output=True, text=True)
    assert r.returncode == 1 and "modality" in r.stdout and "violation" in r.stderr


@pytest.mark.parametrize(
    "fmt, rdflib_fmt, ox_fmt",
    [
        ("ttl", "turtle", pyoxigraph.RdfFormat.TURTLE),
        ("trig", "trig", pyoxigraph.RdfFormat.TRIG),
        ("nq", "nquads", pyoxigraph.RdfFormat.N_QUADS),
        ("nt", "nt", pyoxigraph.RdfFormat.N_TRIPLES),
        ("jsonld", "json-ld", pyoxigraph.RdfFormat.JSON_LD),
    ],
)
def test_exports_load_unchanged_in_rdflib_and_oxigraph(out, fmt, rdflib_fmt, ox_fmt):
    text = interop.export(out, fmt)
    ds = rdflib.Dataset()
    ds.parse(data=text, format=rdflib_fmt)
    store = pyoxigraph.Store()
    store.load(text.encode(), format=ox_fmt)  # strict: no lenient parsing
    assert len(store) == len(set(ds.quads((None, None, None, None)))) > 500


def test_export_can_carry_the_ontology(out):
    text = interop.export(out, "ttl", with_ontology=True)
    assert "owl:Class" in text or "owl#Class" in text


def test_credentials_in_an_endpoint_url_are_never_printed(out):
    r = subprocess.run(
        [sys.executable, "-m", "kg", "push", str(out), "--endpoint", "http://user:s3cret@127.0.0.1:9/store"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1 and "s3cret" not in r.stderr + r.stdout
