"""How fast graph.html opens in headless Chromium: time to first paint and until each view is drawn.

    .venv/bin/python bench/viewer.py [--entities 2000] [--events 5000] [--articles 200]

Two synthetic graphs (deterministic, seed 7): `--entities` entities and `--events` events over 500 articles,
and one of `--articles` articles (10 events each). Events have dates, places with points and tolls, as a
build's do. For each, prints the page size, the render time, and per view (`#summary`, `#map`, `#timeline`,
`#events`, `#actors`) the first contentful paint and the time until the view is drawn (`kg.ready`), each from
a fresh load. One run, printed as measured; this machine is noisy, so compare ratios within a run.
"""

import argparse
import random
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

from kg.graph.vocab import CONF, GEO
from kg.views import page

C = lambda name: URIRef(str(CONF._NS) + name)  # classes the closed vocabulary does not list

ENTITY_CLASSES = ["Country", "Government", "ArmedForce", "ArmedGroup", "PopulationGroup", "Person", "City", "Region"]
EVENT_CLASSES = ["Attack", "Displacement", "Evacuation", "Statement", "Support", "TerritorialControl", "AidDelivery"]
VIEWS = ["summary", "map", "timeline", "events", "actors"]
FLAGS = list(page.CHROMIUM_FLAGS)


def synthetic(n_entities: int, n_events: int, n_articles: int, seed: int = 7) -> Graph:
    rnd = random.Random(seed)
    g = Graph()
    base = "https://w3id.org/conflict-kg/data/"
    ents = [URIRef(f"{base}entity/e{i}") for i in range(n_entities)]
    weights = [1 / (i + 1) ** 0.8 for i in range(n_entities)]  # a few very active actors, a long tail
    places = []
    for i, e in enumerate(ents):
        cls = rnd.choice(ENTITY_CLASSES)
        g.add((e, RDF.type, C(cls)))
        g.add((e, RDFS.label, Literal(f"Entity {i}")))
        if cls in ("City", "Region"):
            geometry = URIRef(f"{e}/geometry")
            g.add((e, GEO.hasGeometry, geometry))
            point = f"POINT({rnd.uniform(-10, 50):.3f} {rnd.uniform(-30, 40):.3f})"
            g.add((geometry, GEO.asWKT, Literal(point, datatype=GEO.wktLiteral)))
            g.add((e, C("countryCode"), Literal(rnd.choice(["SDN", "COD", "ETH", "SOM", "NGA", "MLI", "YEM", "SYR"]))))
            places.append(e)
    for a in range(n_articles):
        article = URIRef(f"{base}article/a{a}")
        g.add((article, RDF.type, C("Article")))
        g.add((article, DCTERMS.title, Literal(f"Article {a}: fighting reported in the region")))
        g.add((article, DCTERMS.date, Literal(f"2024-{a % 12 + 1:02}-{a % 28 + 1:02}", datatype=XSD.date)))
    for j in range(n_events):
        ev = URIRef(f"{base}article/a{j % n_articles}/event/{j}")
        g.add((ev, RDF.type, C(rnd.choice(EVENT_CLASSES))))
        g.add((ev, C("inArticle"), URIRef(f"{base}article/a{j % n_articles}")))
        g.add((ev, C("trigger"), Literal("attacked")))
        g.add((ev, C("modality"), C("asserted")))
        g.add((ev, C("date"), Literal(f"2024-{rnd.randint(1, 12):02}-{rnd.randint(1, 28):02}", datatype=XSD.date)))
        g.add((ev, C("datePrecision"), C("day")))
        a, t = rnd.choices(ents, weights, k=2)
        g.add((ev, C("agent"), a))
        g.add((ev, C("target"), t))
        if places and rnd.random() < 0.7:
            g.add((ev, C("location"), rnd.choice(places)))
            g.add((ev, C("geoPrecision"), Literal(1)))
        if rnd.random() < 0.3:
            toll = URIRef(f"{ev}/casualties/1")
            g.add((ev, C("casualties"), toll))
            g.add((toll, C("kind"), C("killed")))
            g.add((toll, C("amount"), Literal(rnd.randint(1, 40))))
    return g


def measure(driver, path: Path, view: str) -> tuple[float, float]:
    """First contentful paint and time until drawn, in seconds, from a fresh load of one view."""
    driver.get("about:blank")
    t0 = time.perf_counter()
    driver.get(path.as_uri() + "#" + view)
    WebDriverWait(driver, 300).until(lambda d: d.execute_script("return !!(window.kg && window.kg.ready)"))
    ready = time.perf_counter() - t0
    paint = driver.execute_script(
        "const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : null"
    )
    return (paint or float("nan")) / 1000, ready


def run(driver, label: str, g: Graph) -> None:
    t0 = time.perf_counter()
    html = page.render(g)
    render_s = time.perf_counter() - t0
    path = Path(tempfile.mkdtemp()) / "graph.html"
    path.write_text(html, encoding="utf-8")
    print(f"{label}: {len(g):,} triples; graph.html {len(html) / 2**20:.1f} MiB, rendered in {render_s:.2f} s")
    for view in VIEWS:
        paint, ready = measure(driver, path, view)
        print(f"  #{view:<9} first paint {paint:5.2f} s   drawn {ready:5.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entities", type=int, default=2000)
    ap.add_argument("--events", type=int, default=5000)
    ap.add_argument("--articles", type=int, default=200)
    args = ap.parse_args()
    opts = webdriver.ChromeOptions()
    for flag in [*FLAGS, "--window-size=1400,900"]:
        opts.add_argument(flag)
    opts.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        run(driver, f"{args.entities} entities, {args.events} events, 500 articles", synthetic(args.entities, args.events, 500))
        run(
            driver,
            f"{args.articles} articles, {args.articles * 10} events",
            synthetic(args.articles * 3, args.articles * 10, args.articles),
        )
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
