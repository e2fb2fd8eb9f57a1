"""The page: `graph.html`, one self-contained file with a summary, a map, a timeline and the two graph views,
linked (a selection in one filters the others), opened from disk with no network.

Python prepares every number the page draws (positions, marks, outlines, the summary), sorted and rounded,
so the same graph gives the same bytes; the page's own script (`templates/*.js`, ours) only draws and
filters. The graph views use vis-network as pyvis ships it, inlined; pyvis's own templates are not used
because every mode still links Bootstrap from a CDN (pyvis #229). Article text reaches the page only inside
a JSON block (`tojson` escapes `<`, `>`, `&`, `'`) and is written into the DOM with `textContent`.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.views import network, occurrences, worldmap

TEMPLATES = Path(__file__).resolve().parent / "templates"
SCRIPTS = ("common.js", "map.js", "timeline.js", "graph.js", "page.js")
# How the page is opened in headless Chromium by the tests, the viewer bench and the README's screenshots,
# each adding its own (window size, scrollbars): no GPU, no network of the browser's own, no first-run
# screens, and no /dev/shm (small in containers).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


def page_data(graph: Graph | network.Triples) -> dict:
    """Everything the page draws, as JSON-ready data."""
    triples = network.Triples.of(graph)
    data = network.build_views(triples)
    entities = {n["id"]: n["label"] for n in data["views"]["events"]["nodes"] if n.get("legend") != "Events"}
    marks = occurrences.marks(triples)
    articles = occurrences.articles(triples)
    data["title"] = occurrences.title(articles)
    data["marks"] = occurrences.as_json(marks)
    data["summary"] = occurrences.summary(marks, entities, len(articles))
    data["eventTypes"] = sorted(set(data["eventTypes"]) | {m.type for m in marks})  # incidents' classes too
    data["eventColours"] = {t: network.event_colour(t) for t in data["eventTypes"]}
    countries = {m.country for m in marks if m.country}
    data["world"] = {"quantum": worldmap.QUANTUM, "countries": worldmap.outlines(), "withEvents": sorted(countries)}
    return data


def render(graph: Graph | network.Triples) -> str:
    """The self-contained page: inline vis-network, inline data, inline script, no external request."""
    import jinja2
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    data = page_data(graph)
    return env.get_template("graph.html").render(
        title=data["title"],
        data=data,
        script="\n".join((TEMPLATES / name).read_text(encoding="utf-8") for name in SCRIPTS),
        vis_js=(lib / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(lib / "vis-network.css").read_text(encoding="utf-8"),
    )
