"""The page's data without a browser: the same graph gives the same graph.html byte for byte, whatever the
hash seed or the order the triples arrive in (a build reads them from a store, a test from a file)."""

import hashlib
import itertools
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import rdflib

from kg.views import layout, network, occurrences, page, worldmap

ROOT = Path(__file__).resolve().parent.parent
GRAPH = ROOT / "tests" / "golden" / "small-article.ttl"
RENDER = (
    "import hashlib, sys, rdflib; from kg.views import page;"
    "g = rdflib.Graph().parse(sys.argv[1]);"
    "print(hashlib.sha256(page.render(g).encode()).hexdigest())"
)


def digest_under(seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    done = subprocess.run([sys.executable, "-c", RENDER, str(GRAPH)], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_the_page_is_byte_identical_under_two_hash_seeds():
    assert digest_under("1") == digest_under("2")


def test_the_page_does_not_depend_on_the_order_triples_arrive_in():
    triples = sorted(rdflib.Graph().parse(GRAPH))
    forward = page.render(network.Triples.of(triples))
    backward = page.render(network.Triples.of(list(reversed(triples))))
    assert hashlib.sha256(forward.encode()).digest() == hashlib.sha256(backward.encode()).digest()


def test_the_title_says_what_the_page_shows():
    assert occurrences.title([("Rebels take the port", "2024-03-05")]) == "Rebels take the port"
    assert occurrences.title([("A", "2024-03-05"), ("B", "2024-01-02"), ("C", "")]) == "3 articles, 2024-01-02 – 2024-03-05"
    assert occurrences.title([("A", "2024-03-05"), ("B", "2024-03-05")]) == "2 articles, 2024-03-05"
    assert occurrences.title([]) == "conflict-kg: an empty graph"


def test_the_world_outlines_come_from_natural_earth_with_iso_codes():
    countries = {c["code"]: c for c in worldmap.outlines()}
    assert len(countries) > 150
    assert {"FRA", "NOR", "AZE", "ARM", "COD", "MOZ"} <= set(countries)  # France and Norway carry -99 in ISO_A3
    for c in countries.values():
        assert re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]+z)+", c["path"]), c["code"]
    lon, lat = countries["AZE"]["label"]
    assert 44 < lon < 51 and 38 < lat < 42


def test_labels_are_pushed_apart_until_none_overlaps():
    rnd = random.Random(3)
    pos = {f"n{i}": (rnd.uniform(0, 200), rnd.uniform(0, 200)) for i in range(60)}
    boxes = {n: (rnd.uniform(40, 120), rnd.uniform(16, 40)) for n in pos}
    after = layout.separate(pos, boxes, rounds=200)
    for a, b in itertools.combinations(sorted(after), 2):
        over_x = (boxes[a][0] + boxes[b][0]) / 2 - abs(after[a][0] - after[b][0])
        over_y = (boxes[a][1] + boxes[b][1]) / 2 - abs(after[a][1] - after[b][1])
        assert over_x <= 0.01 or over_y <= 0.01, (a, b)
    assert layout.separate(pos, boxes, rounds=200) == after  # the same every time


def test_the_graph_view_lists_unlinked_nodes_and_keeps_edge_words_for_hover():
    data = page.page_data(rdflib.Graph().parse(GRAPH))
    events = data["views"]["events"]
    assert all("label" not in e and e["hover"] for e in events["edges"])
    linked = {x for e in events["edges"] for x in (e["from"], e["to"])}
    assert {n["id"] for n in events["nodes"] if n["isolated"]} == {n["id"] for n in events["nodes"]} - linked
    assert data["title"] == occurrences.title(occurrences.articles(network.Triples.of(rdflib.Graph().parse(GRAPH))))
    assert data["summary"]["marks"] == len(data["marks"]) > 0


def test_a_toll_is_shown_in_its_own_words_with_its_kind_only_when_missing():
    from kg.query.event_rows import Toll

    assert occurrences._toll_words(Toll("killed", 45, None, None, None, None, "at least 45 dead")) == "at least 45 dead"
    assert occurrences._toll_words(Toll("injured", 12, None, None, None, None, "12 people")) == "12 people injured"
    assert occurrences._toll_words(Toll("killed", 3, None, None, None, None, "")) == "3 killed"
