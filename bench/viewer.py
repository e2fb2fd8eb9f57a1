"""How fast graph.html opens in headless Chromium for a large graph (default 2,000 entities, 5,000 events).

    .venv/bin/python bench/viewer.py [--entities 2000] [--events 5000]

Prints the page size, the time to render the HTML, the time until the page is ready (the most connected
nodes shown, layout settled) and the time to show every node. Synthetic graph, deterministic (seed 7).
"""

import argparse
import random
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

from kg import viz
from kg.vocab import CONF

ENTITY_CLASSES = ["Country", "Government", "ArmedForce", "ArmedGroup", "PopulationGroup", "Person", "City", "Region"]
EVENT_CLASSES = ["Attack", "Displacement", "Evacuation", "Statement", "Support", "TerritorialControl", "AidDelivery"]


def synthetic(n_entities: int, n_events: int, seed: int = 7) -> Graph:
    rnd = random.Random(seed)
    g = Graph()
    base = "https://w3id.org/conflict-kg/data/"
    ents = [URIRef(f"{base}entity/e{i}") for i in range(n_entities)]
    weights = [1 / (i + 1) ** 0.8 for i in range(n_entities)]  # a few very active actors, a long tail
    for i, e in enumerate(ents):
        g.add((e, RDF.type, CONF[rnd.choice(ENTITY_CLASSES)]))
        g.add((e, RDFS.label, Literal(f"Entity {i}")))
    for j in range(n_events):
        ev = URIRef(f"{base}article/a{j // 10}/event/{j}")
        g.add((ev, RDF.type, CONF[rnd.choice(EVENT_CLASSES)]))
        g.add((ev, CONF.trigger, Literal("attacked")))
        g.add((ev, CONF.modality, CONF.asserted))
        g.add((ev, CONF.date, Literal(f"2024-{rnd.randint(1, 12):02}-{rnd.randint(1, 28):02}")))
        a, t = rnd.choices(ents, weights, k=2)
        g.add((ev, CONF.agent, a))
        g.add((ev, CONF.target, t))
    return g


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entities", type=int, default=2000)
    ap.add_argument("--events", type=int, default=5000)
    args = ap.parse_args()
    g = synthetic(args.entities, args.events)
    t0 = time.perf_counter()
    html = viz.render_html(g)
    render_s = time.perf_counter() - t0
    path = Path(tempfile.mkdtemp()) / "graph.html"
    path.write_text(html, encoding="utf-8")
    opts = webdriver.ChromeOptions()
    for flag in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1400,900",
    ]:
        opts.add_argument(flag)
    opts.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        t0 = time.perf_counter()
        driver.get(path.as_uri())
        WebDriverWait(driver, 300).until(lambda d: d.execute_script("return !!(window.kg && window.kg.ready)"))
        open_s = time.perf_counter() - t0
        shown = driver.execute_script("return kg.nodes.length")
        t0 = time.perf_counter()
        driver.execute_script("kg.ready = false; document.getElementById('all').click();")
        WebDriverWait(driver, 600).until(lambda d: d.execute_script("return kg.ready"))
        all_s = time.perf_counter() - t0
        total = driver.execute_script("return kg.nodes.length")
    finally:
        driver.quit()
    print(f"graph: {args.entities} entities, {args.events} events, {len(g)} triples")
    print(f"graph.html: {len(html) / 2**20:.1f} MiB, rendered in {render_s:.2f} s")
    print(f"open in Chromium until settled: {open_s:.2f} s ({shown} most connected nodes shown)")
    print(f"show all {total} nodes until settled: {all_s:.2f} s")


if __name__ == "__main__":
    main()
