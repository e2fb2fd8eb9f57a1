"""The HTML graph in a real headless Chromium (Debian's chromium and chromium-driver), opened from file://
with no network: it loads, requests nothing, logs no error, holds the expected nodes, and shows text as text."""

import json
import shutil
from pathlib import Path

import pytest
import rdflib

from kg import pipeline
from kg.views import network
from kg.views.page import CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = [*CHROMIUM_FLAGS, "--window-size=1400,900", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("chromium and chromium-driver are not installed (.ci/run installs them)")
    opts = webdriver.ChromeOptions()
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.binary_location = CHROMIUM
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    yield driver
    driver.quit()


def open_page(driver, path: Path, view: str = "events"):
    """Open one view of the page (a fresh load: a fragment change alone would not reload), wait until it is
    drawn, and return the URLs it requested and its console errors."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")
    driver.get_log("performance"), driver.get_log("browser")  # start from empty logs
    driver.get(path.resolve().as_uri() + (f"#{view}" if view else ""))
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return !!(window.kg && window.kg.ready)"))
    requests = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
    urls = {r["params"]["request"]["url"].split("#")[0] for r in requests if r["method"] == "Network.requestWillBeSent"}
    urls = {u for u in urls if not u.startswith("data:")}  # inline (the browser's own date-picker icon), not a request
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    return urls, errors


def wait_drawn(driver):
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return !!(window.kg && window.kg.ready)"))


@pytest.fixture(scope="module")
def seed_page(spacy_model, tmp_path_factory):
    out = tmp_path_factory.mktemp("seedhtml")
    pipeline.build([str(ROOT / "seeds")], out)
    return out


def occurrences(graph: rdflib.Graph) -> tuple[int, int]:
    """How many occurrences the map and the timeline should draw, counted from the RDF: incidents, plus events
    no incident holds; located when the occurrence or one of its reports names a place with a point, dated
    when it has a date."""
    conf = rdflib.Namespace("https://w3id.org/conflict-kg/ontology#")
    geo = rdflib.Namespace("http://www.opengis.net/ont/geosparql#")
    event_classes = {conf[c] for c in network.EVENT_CLASSES}
    incidents = set(graph.subjects(rdflib.RDF.type, conf.Incident))
    held = {r for i in incidents for r in graph.objects(i, conf.report)}
    loose = {s for c in event_classes for s in graph.subjects(rdflib.RDF.type, c)} - held

    def placed(node) -> bool:
        places = [p for prop in (conf.location, conf.destination, conf.origin) for p in graph.objects(node, prop)]
        return any(graph.value(graph.value(p, geo.hasGeometry), geo.asWKT) is not None for p in places)

    located = sum(1 for o in incidents | loose if placed(o) or any(placed(r) for r in graph.objects(o, conf.report)))
    dated = sum(1 for o in incidents | loose if graph.value(o, conf.date) is not None)
    return located, dated


def test_every_view_opens_offline_with_no_request_and_no_error(browser, seed_page):
    page = seed_page / "graph.html"
    for view in ("summary", "map", "timeline", "events", "actors"):
        urls, errors = open_page(browser, page, view)
        assert urls == {page.resolve().as_uri()}, view
        assert errors == [], view
        assert browser.execute_script("return kg.state.view") == view
        shown = browser.execute_script("return [...document.querySelectorAll('.view.on')].map(v => v.id)")
        assert shown == [{"events": "v-graph", "actors": "v-graph"}.get(view, f"v-{view}")]
    title = browser.execute_script("return document.getElementById('title').textContent")
    assert title.startswith("Azerbaijan took control")  # the article's headline, not the tool's name


def test_the_map_and_the_timeline_draw_what_the_graph_holds(browser, seed_page):
    located, dated = occurrences(rdflib.Graph().parse(seed_page / "graph.ttl"))
    assert located > 0 and dated > 0
    open_page(browser, seed_page / "graph.html", "map")
    assert browser.execute_script("return document.querySelectorAll('#map circle.mark').length") == located
    open_page(browser, seed_page / "graph.html", "timeline")
    assert browser.execute_script("return document.querySelectorAll('#timeline rect.bar').length") == dated
    assert browser.execute_script("return document.querySelectorAll('#map .land path').length") > 150  # the world


def test_the_graph_view_shows_its_nodes_laid_out(browser, seed_page, tmp_path):
    open_page(browser, seed_page / "graph.html", "events")
    expected = network.build_views(rdflib.Graph().parse(seed_page / "graph.ttl"))["views"]["events"]
    first = [n for n in expected["nodes"] if n["shownFirst"] and not n["isolated"]]
    ids = {n["id"] for n in first}
    shown = browser.execute_script("return [kg.nodes.length, kg.edges.length]")
    assert shown == [len(first), len([e for e in expected["edges"] if e["from"] in ids and e["to"] in ids])]
    labels = set(browser.execute_script("return kg.nodes.get().map(n => n.label)"))
    assert {"Azerbaijan", "Russian peacekeeping force", "Nagorno-Karabakh"} <= labels
    assert browser.execute_script("return kg.network.physics.options.enabled") is False  # laid out, not moving
    assert browser.execute_script("return kg.edges.get().filter(e => e.label).length") == 0  # edge words on hover only
    browser.save_screenshot(str(tmp_path / "seed-graph.png"))
    assert (tmp_path / "seed-graph.png").stat().st_size > 10_000


def test_a_timeline_brush_filters_the_graph_and_the_map(browser, seed_page):
    from selenium.webdriver.common.action_chains import ActionChains

    open_page(browser, seed_page / "graph.html", "events")
    before = browser.execute_script("return kg.nodes.length")
    browser.execute_script("location.hash = '#timeline'")
    wait_drawn(browser)
    bars = browser.find_elements("css selector", "#timeline rect.bar")
    day_bar = next(
        b
        for b in bars
        if browser.execute_script(
            "return kg.data.marks.find(m => m.id === arguments[0]).precision === 'day'", b.get_attribute("data-id")
        )
    )
    plot = browser.find_element("id", "timeline")
    # drag across a few pixels around one day's bar, starting on the empty plot above it
    x = float(day_bar.get_attribute("x")) + 3
    left, top = plot.rect["x"], plot.rect["y"]
    ActionChains(browser).move_to_element_with_offset(
        plot, int(x - plot.rect["width"] / 2 - 2), int(8 - plot.rect["height"] / 2)
    ).click_and_hold().move_by_offset(6, 0).release().perform()
    state = browser.execute_script("return [kg.state.from, kg.state.to]")
    assert state[0] and state[1] and state[0] <= state[1], (state, left, top)
    browser.execute_script("location.hash = '#events'")
    wait_drawn(browser)
    after = browser.execute_script("return kg.nodes.length")
    assert 0 < after < before
    browser.execute_script("location.hash = '#map'")
    wait_drawn(browser)
    marks = browser.execute_script("return [...document.querySelectorAll('#map circle.mark')].map(c => c.dataset.id)")
    inside = browser.execute_script(
        "return kg.data.marks.filter(m => m.lat !== null && m.begin && m.end >= kg.state.from && m.begin <= kg.state.to).map(m => m.id)"
    )
    assert sorted(marks) == sorted(inside)


def test_a_country_chosen_on_the_map_filters_the_timeline(browser, seed_page):
    open_page(browser, seed_page / "graph.html", "timeline")
    all_bars = browser.execute_script("return document.querySelectorAll('#timeline rect.bar').length")
    browser.execute_script("location.hash = '#map'")
    wait_drawn(browser)
    browser.execute_script(
        "document.querySelector('#map .land path[data-code=\"AZE\"]').dispatchEvent(new MouseEvent('click', {bubbles: true}))"
    )
    assert browser.execute_script("return kg.state.country") == "AZE"
    browser.execute_script("location.hash = '#timeline'")
    wait_drawn(browser)
    bars = browser.execute_script("return [...document.querySelectorAll('#timeline rect.bar')].map(b => b.dataset.id)")
    assert 0 < len(bars) < all_bars
    assert browser.execute_script("return arguments[0].every(id => kg.data.marks.find(m => m.id === id).country === 'AZE')", bars)


def test_filters_change_what_the_graph_shows(browser, seed_page):
    from selenium.webdriver.support.ui import Select

    open_page(browser, seed_page / "graph.html", "events")
    events_view = browser.execute_script("return kg.nodes.length")
    browser.execute_script("location.hash = '#actors'")
    wait_drawn(browser)
    actors = browser.execute_script("return kg.nodes.get().map(n => n.legend)")
    assert "Events" not in actors and 0 < len(actors) < events_view
    browser.execute_script("location.hash = '#events'")
    wait_drawn(browser)
    Select(browser.find_element("id", "etype")).select_by_visible_text("Evacuation")
    kinds = set(browser.execute_script("return kg.nodes.get().filter(n => n.legend === 'Events').map(n => n.kind)"))
    assert kinds == {"Evacuation"}


@pytest.mark.model
def test_two_builds_give_the_same_page(seed_page, tmp_path):
    pipeline.build([str(ROOT / "seeds")], tmp_path)
    assert (tmp_path / "graph.html").read_bytes() == (seed_page / "graph.html").read_bytes()


@pytest.mark.model
def test_article_text_is_shown_as_text_and_never_runs(browser, tmp_path):
    article = tmp_path / "xss.txt"
    article.write_text(
        'date 2024-01-01 <script>alert(1)</script> "><img src=x onerror=alert(1)>\n\n'
        'Rebels from <b onmouseover=alert(1)>Xland</b> attacked the town of "><img src=x onerror=alert(1)>Zed. '
        "Sudanese troops shelled <script>alert(2)</script> Khartoum on Monday.\n"
    )
    pipeline.build([str(article)], tmp_path)
    for view in ("summary", "map", "timeline", "actors", "events"):
        urls, errors = open_page(browser, tmp_path / "graph.html", view)  # an alert would block this call
        assert errors == [] and all(u.startswith("file:") for u in urls)
        assert browser.execute_script("return document.querySelectorAll('img, b, main script, aside script').length") == 0
    assert "<script>" in browser.execute_script("return document.title")  # the headline, shown as text
    titles = " ".join(browser.execute_script("return kg.nodes.get().map(n => n.title || '')"))
    assert "Sudanese" in titles


@pytest.mark.model
def test_show_all_reveals_the_less_connected_nodes(browser, tmp_path):
    articles = tmp_path / "many"
    articles.mkdir()
    for n in range(40):
        (articles / f"a{n}.txt").write_text(
            f"date 2024-02-{n % 28 + 1:02} Clashes\n\nSudanese troops shelled Kassala on Tuesday. "
            f"Rebels attacked the town of Village{n} and {n + 3} civilians fled to Chad.\n"
        )
    pipeline.build([str(articles)], tmp_path)
    open_page(browser, tmp_path / "graph.html", "")
    assert browser.execute_script("return kg.state.view") == "summary"  # many articles: the summary, not a hairball
    assert browser.execute_script("return document.getElementById('title').textContent") == "40 articles, 2024-02-01 – 2024-02-28"
    html = (tmp_path / "graph.html").read_text()
    assert '"shownFirst"' in html
    data = network.build_views(rdflib.Graph().parse(tmp_path / "graph.ttl"), max_shown=20)
    assert data["views"]["events"]["shownFirst"] == 20 < data["views"]["events"]["total"]
