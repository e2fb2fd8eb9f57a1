"""The HTML graph in a real headless Chromium (Debian's chromium and chromium-driver), opened from file://
with no network: it loads, requests nothing, logs no error, holds the expected nodes, and shows text as text."""

import json
import shutil
from pathlib import Path

import pytest
import rdflib

from kg import pipeline, viz

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1400,900",
    "--disable-component-update",
    "--disable-sync",
]


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


def open_page(driver, path: Path):
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("performance"), driver.get_log("browser")  # start from empty logs
    driver.get(path.resolve().as_uri())
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return !!(window.kg && window.kg.ready)"))
    requests = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
    urls = {r["params"]["request"]["url"] for r in requests if r["method"] == "Network.requestWillBeSent"}
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    return urls, errors


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory):
    out = tmp_path_factory.mktemp("seedhtml")
    pipeline.build([str(ROOT / "seeds")], out)
    return out


def test_the_seed_graph_opens_offline_with_no_request_and_no_error(browser, seed_page, tmp_path):
    urls, errors = open_page(browser, seed_page / "graph.html")
    assert urls == {(seed_page / "graph.html").resolve().as_uri()}
    assert errors == []
    expected = viz.build_views(rdflib.Graph().parse(seed_page / "graph.ttl"))["views"]["events"]
    shown = browser.execute_script("return [kg.nodes.length, kg.edges.length]")
    first = [n for n in expected["nodes"] if n["shownFirst"]]
    ids = {n["id"] for n in first}
    assert shown == [len(first), len([e for e in expected["edges"] if e["from"] in ids and e["to"] in ids])]
    labels = set(browser.execute_script("return kg.nodes.get().map(n => n.label)"))
    assert {"Azerbaijan", "Russian peacekeeping force", "Nagorno-Karabakh"} <= labels
    assert browser.execute_script("return kg.network.physics.options.enabled") is False  # settled, not moving
    browser.save_screenshot(str(tmp_path / "seed-graph.png"))
    assert (tmp_path / "seed-graph.png").stat().st_size > 10_000


def test_views_and_filters_change_what_is_shown(browser, seed_page):
    open_page(browser, seed_page / "graph.html")
    from selenium.webdriver.support.ui import Select

    events_view = browser.execute_script("return kg.nodes.length")
    Select(browser.find_element("id", "view")).select_by_value("actors")
    actors = browser.execute_script("return kg.nodes.get().map(n => n.legend)")
    assert "Events" not in actors and 0 < len(actors) < events_view
    Select(browser.find_element("id", "view")).select_by_value("events")
    Select(browser.find_element("id", "etype")).select_by_visible_text("Evacuation")
    kinds = set(browser.execute_script("return kg.nodes.get().filter(n => n.legend === 'Events').map(n => n.kind)"))
    assert kinds == {"Evacuation"}


@pytest.mark.model
def test_article_text_is_shown_as_text_and_never_runs(browser, tmp_path):
    article = tmp_path / "xss.txt"
    article.write_text(
        'date 2024-01-01 <script>alert(1)</script> "><img src=x onerror=alert(1)>\n\n'
        'Rebels from <b onmouseover=alert(1)>Xland</b> attacked the town of "><img src=x onerror=alert(1)>Zed. '
        "Sudanese troops shelled <script>alert(2)</script> Khartoum on Monday.\n"
    )
    pipeline.build([str(article)], tmp_path)
    urls, errors = open_page(browser, tmp_path / "graph.html")  # an alert would block this call
    assert errors == [] and all(u.startswith("file:") for u in urls)
    assert browser.execute_script("return document.querySelectorAll('img, b, #network script').length") == 0
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
    html = (tmp_path / "graph.html").read_text()
    assert '"shownFirst"' in html
    data = viz.build_views(rdflib.Graph().parse(tmp_path / "graph.ttl"), max_shown=20)
    assert data["views"]["events"]["shownFirst"] == 20 < data["views"]["events"]["total"]
