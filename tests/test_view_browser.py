"""The HTML explorer in a real headless Chromium: rendering, tooltips, filters, search."""

from __future__ import annotations

import time
from pathlib import Path

import networkx as nx
import pytest
from view_pages import (
    EVIL_ARTICLE,
    EVIL_EVIDENCE,
    EVIL_IRI,
    EVIL_LABEL,
    KAMIKAWA,
    KOR,
    PARK,
    PageParser,
    embedded_data,
)

from kg.view.style import iso_day

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
browser = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is absent: install Debian chromium and chromium-driver "
    "(tests/install.sh does) to run the browser tests",
)
VISIBLE = (
    "return [kgExplorer.nodes.get({filter: n => !n.hidden}).length,"
    " kgExplorer.edges.get({filter: e => !e.hidden}).length]"
)
# A point on edge `id` away from nodes, in page coordinates relative to the canvas centre.
EDGE_POINT = """
const [id] = arguments, net = kgExplorer.network, edge = kgExplorer.edges.get(id);
const pos = net.getPositions([edge.from, edge.to]);
const a = net.canvasToDOM(pos[edge.from]), b = net.canvasToDOM(pos[edge.to]);
const len = Math.hypot(b.x - a.x, b.y - a.y), nx = (a.y - b.y) / len, ny = (b.x - a.x) / len;
const box = document.querySelector('#kg-network canvas').getBoundingClientRect();
for (let t = 0.5; t > 0.2; t -= 0.05) for (let d = -30; d <= 30; d += 1) {
  const p = {x: a.x + t * (b.x - a.x) + d * nx, y: a.y + t * (b.y - a.y) + d * ny};
  if (net.getEdgeAt(p) === id && net.getNodeAt(p) === undefined)
    return [p.x - box.width / 2, p.y - box.height / 2];
}
return null;
"""
NODE_POINT = """
const [id] = arguments, net = kgExplorer.network;
const p = net.canvasToDOM(net.getPositions([id])[id]);
const box = document.querySelector('#kg-network canvas').getBoundingClientRect();
return [p.x - box.width / 2, p.y - box.height / 2];
"""


@pytest.fixture(scope="session")
def driver(tmp_path_factory: pytest.TempPathFactory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,800",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    chrome = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    chrome.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {"source": "window.alert = () => { window.__pwned = 1; };"},
    )
    yield chrome
    chrome.quit()


@pytest.fixture
def explorer(driver, page_path: Path):
    """The explorer page, loaded and settled; afterwards, no console error and no payload ran."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(page_path.as_uri())
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return !!(window.kgExplorer && kgExplorer.stabilized)")
    )
    yield driver
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    assert driver.execute_script("return window.__pwned") is None


def hover(driver, offset: list[float]) -> str:
    """Move the real mouse over the canvas at ``offset`` and return the tooltip's text."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    canvas = driver.find_element(By.CSS_SELECTOR, "#kg-network canvas")
    ActionChains(driver).move_to_element_with_offset(canvas, *map(round, offset)).perform()
    tip = driver.find_element(By.CSS_SELECTOR, "div.vis-tooltip")
    WebDriverWait(driver, 10).until(lambda d: tip.value_of_css_property("visibility") == "visible")
    assert tip.find_elements(By.CSS_SELECTOR, "script, img, svg, b") == []
    return driver.execute_script("return arguments[0].textContent", tip)


@browser
def test_browser_renders_without_injection(explorer, graph: nx.MultiDiGraph) -> None:
    d = explorer
    assert d.execute_script("return document.querySelectorAll('#kg-network canvas').length") == 1
    counts = d.execute_script("return [kgExplorer.nodes.length, kgExplorer.edges.length]")
    assert counts == [graph.number_of_nodes(), graph.number_of_edges()]
    assert d.execute_script(VISIBLE) == counts
    settled = d.execute_script("return kgExplorer.network.getPositions()")
    time.sleep(0.5)
    assert d.execute_script("return kgExplorer.network.getPositions()") == settled
    assert d.execute_script("return document.getElementById('kg-title').textContent") == (
        "Talks <i>2023</i>"
    )
    assert d.execute_script("return document.querySelectorAll('img, svg, b, i').length") == 0


@browser
def test_browser_node_tooltip_is_text(explorer) -> None:
    text = hover(explorer, explorer.execute_script(NODE_POINT, PARK))
    assert EVIL_LABEL in text and PARK in text


@browser
def test_browser_edge_tooltip_and_details_show_evidence(explorer, page: PageParser) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    (edge,) = [e["id"] for e in embedded_data(page)["edges"] if e["from"] == PARK]
    offset = explorer.execute_script(EDGE_POINT, edge)
    assert offset is not None, "no point of the edge is clear of nodes"
    text = hover(explorer, offset)
    assert EVIL_EVIDENCE in text and EVIL_ARTICLE in text and "represents" in text
    ActionChains(explorer).click().perform()
    details = explorer.execute_script("return document.getElementById('kg-details').textContent")
    assert EVIL_EVIDENCE in details


def act(driver, step: tuple[str, str]) -> None:
    """One user action on the filter panel: tick a type or relation, pick, type a date."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    what, value = step
    if what in {"kind", "relation"}:
        panel = "kg-kinds" if what == "kind" else "kg-relations"
        driver.find_element(By.XPATH, f"//*[@id='{panel}']/label[span='{value}']/input").click()
    elif what == "country":
        Select(driver.find_element(By.ID, "kg-country")).select_by_visible_text(value)
    elif what == "click":
        driver.find_element(By.ID, value).click()
    else:  # a date input: its typed format depends on the locale, so set it as a picker does
        driver.execute_script(
            "const input = document.getElementById(arguments[0]); input.value = arguments[1];"
            "input.dispatchEvent(new Event('change'));",
            what,
            value,
        )


Shown = tuple[set[str], set[tuple[str, str, int]]]


def without_people(g: nx.MultiDiGraph) -> Shown:
    nodes = {n for n, kind in g.nodes(data="kind") if kind != "person"}
    return nodes, set(g.subgraph(nodes).edges(keys=True))


def around_korea(g: nx.MultiDiGraph) -> Shown:
    nodes = {KOR, *nx.all_neighbors(g, KOR)}
    return nodes, set(g.subgraph(nodes).edges(keys=True))


def without_meets(g: nx.MultiDiGraph) -> Shown:
    return set(g), {(u, v, k) for u, v, k, r in g.edges(keys=True, data="relation") if r != "meets"}


def since_2024(g: nx.MultiDiGraph, keep_undated: bool) -> set[tuple[str, str, int]]:
    days = {(u, v, k): iso_day(date) for u, v, k, date in g.edges(keys=True, data="date")}
    return {e for e, day in days.items() if (day or "") >= "2024" or (keep_undated and not day)}


def since_2024_with_undated(g: nx.MultiDiGraph) -> Shown:
    return set(g), since_2024(g, keep_undated=True)


def since_2024_dated_only(g: nx.MultiDiGraph) -> Shown:
    edges = since_2024(g, keep_undated=False)
    return {n for e in edges for n in e[:2]}, edges


@pytest.mark.parametrize(
    "steps, expected",
    [
        ([("kind", "Person")], without_people),
        ([("country", "South Korea")], around_korea),
        ([("relation", "meets")], without_meets),
        ([("kg-date-from", "2024-01-01")], since_2024_with_undated),
        (
            [("kg-date-from", "2024-01-01"), ("click", "kg-undated"), ("click", "kg-isolated")],
            since_2024_dated_only,
        ),
    ],
)
@browser
def test_browser_filters(explorer, graph: nx.MultiDiGraph, steps, expected) -> None:
    from selenium.webdriver.common.by import By

    for step in steps:
        act(explorer, step)
    nodes, edges = expected(graph)
    assert explorer.execute_script(VISIBLE) == [len(nodes), len(edges)]
    shown = explorer.execute_script("return document.getElementById('kg-shown').textContent")
    assert f"{len(nodes)} nodes, {len(edges)} edges" in shown
    explorer.find_element(By.ID, "kg-reset").click()
    assert explorer.execute_script(VISIBLE) == [graph.number_of_nodes(), graph.number_of_edges()]


@pytest.mark.parametrize(
    "term, expected",
    [
        ("kamikawa", [KAMIKAWA]),
        ("SOUTH", [KOR]),
        ("<img", [EVIL_IRI]),
        ("no such name", []),
    ],
)
@browser
def test_browser_search_selects_matches(explorer, term: str, expected: list[str]) -> None:
    from selenium.webdriver.common.by import By

    explorer.find_element(By.ID, "kg-search").send_keys(term)
    assert explorer.execute_script("return kgExplorer.network.getSelectedNodes()") == expected
    result = explorer.find_element(By.ID, "kg-search-result").text
    assert result.startswith(str(len(expected)))


@browser
def test_browser_article_page_runs_no_payload(driver, article_page: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(article_page.as_uri())
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return !!(window.kgExplorer && kgExplorer.stabilized)")
    )
    assert driver.execute_script("return kgExplorer.edges.length") > 0
    assert driver.execute_script("return document.querySelectorAll('img, svg').length") == 0
    assert driver.execute_script("return window.__pwned") is None
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
