"""The explorer in a real headless Chromium: each view draws, links list their meetings,
the map places its cities, exports parse, and nothing is fetched from anywhere."""

from __future__ import annotations

import base64
import csv
import io
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from browser import browser, clean, click_canvas, details, load, requests, screenshot

pytestmark = pytest.mark.slow  # a headless Chromium drives every test

LOCAL = ("file:", "data:", "blob:")
# The page position of the middle of link `id` in the countries view.
LINK_POINT = """
const net = kgExplorer.network, edge = kgExplorer.edges.get(arguments[0]);
const pos = net.getPositions([edge.from, edge.to]);
const a = net.canvasToDOM(pos[edge.from]), b = net.canvasToDOM(pos[edge.to]);
return [(a.x + b.x) / 2, (a.y + b.y) / 2];
"""
PAIR = """const label = (i) => KG.data.entities[i].label;
return kgExplorer.edges.get()
  .filter(e => [label(e.from), label(e.to)].sort().join() === arguments[0])
  .map(e => ({id: e.id, value: e.value}))"""


@pytest.fixture
def url(page_path: Path) -> str:
    return page_path.as_uri()


@pytest.mark.parametrize("view", ["countries", "entities", "map", "timeline"])
@browser
def test_each_view_draws(driver: Any, url: str, view: str) -> None:
    load(driver, f"{url}#{view}")
    drawn = driver.execute_script(
        "const box = document.querySelector(`#kg-view-${arguments[0]} canvas`)"
        ".getBoundingClientRect(); return [box.width, box.height]",
        view,
    )
    assert min(drawn) > 200
    assert driver.execute_script("return location.hash") == f"#{view}"
    counts = {
        "countries": "return [kgExplorer.nodes.length, kgExplorer.edges.length]",
        "entities": "return [kgExplorer.nodes.length > 8, kgExplorer.edges.length > 8]",
        "map": "return [KG.map.cities().length, KG.map.rows().length]",
        "timeline": "return [KG.timeline.rows().filter(r => r.meetings).length, 1]",
    }
    expected = {"countries": [3, 3], "entities": [True, True], "map": [2, 2], "timeline": [1, 1]}
    assert driver.execute_script(counts[view]) == expected[view]
    screenshot(driver, f"explorer-{view}")
    assert not [u for u in requests(driver) if not u.startswith(LOCAL)]
    clean(driver)


@browser
def test_countries_are_placed_by_python_and_stay(driver: Any, url: str, page: Any) -> None:
    load(driver, f"{url}#countries")
    first = driver.execute_script("return kgExplorer.network.getPositions()")
    time.sleep(0.5)
    assert driver.execute_script("return kgExplorer.network.getPositions()") == first
    placed = driver.execute_script(
        "return kgExplorer.nodes.get().map(n => [n.label, KG.data.entities[n.id].x, n.x])"
    )
    assert all(data_x == shown_x for _, data_x, shown_x in placed)
    assert driver.execute_script("return kgExplorer.network.physics.physicsEnabled") is False


@browser
def test_clicking_a_link_lists_its_meetings_newest_first(driver: Any, url: str) -> None:
    load(driver, f"{url}#countries")
    (link,) = driver.execute_script(PAIR, "China,Japan")
    assert link["value"] == 2  # two canonical meetings (three reports)
    driver.execute_script("KG.PAGE_SIZE = 1")
    click_canvas(
        driver, "#kg-view-countries canvas", *driver.execute_script(LINK_POINT, link["id"])
    )
    text = details(driver)
    assert text.startswith(("China \u2014 Japan", "Japan \u2014 China")) and "page 1 of 2" in text
    first = driver.execute_script("return document.querySelector('.kg-meeting').textContent")
    assert first.startswith("2023-11-26") and "Busan" in first and "occurred" in first
    driver.find_element("xpath", "//*[@id='kg-details']//button[contains(., 'Older')]").click()
    time.sleep(0.2)
    second = driver.execute_script("return document.querySelector('.kg-meeting').textContent")
    assert second.startswith("2023-11") and "Tokyo" in second and "2 reports" in second
    links = driver.execute_script(
        "return [...document.querySelectorAll('#kg-details a')].map(a => [a.textContent, a.href])"
    )
    assert links == [["Seoul follow-up", "https://example.org/seoul"]]  # javascript: is no link
    assert "Tokyo talks" in second and "Chinese and Japanese officials" in second
    clean(driver)


@browser
def test_map_draws_its_cities_and_lists_their_meetings(driver: Any, url: str) -> None:
    load(driver, f"{url}#map")
    labels = driver.execute_script(
        "return KG.map.cities().map(c => KG.data.entities[c.city].label)"
    )
    assert sorted(labels) == ["Busan", "Tokyo"]
    busan = driver.execute_script(
        "return KG.map.cityPoint(KG.data.entities.findIndex(e => e.label === 'Busan'))"
    )
    pixel = driver.execute_script(
        "const [x, y] = arguments; return [...KG.map.canvas.getContext('2d')"
        ".getImageData(Math.round(x), Math.round(y), 1, 1).data]",
        *busan,
    )
    assert pixel[:3] != [238, 243, 248]  # not the sea: a circle is drawn there
    click_canvas(driver, "#kg-view-map canvas", *busan)
    assert details(driver).startswith("Busan") and "2023-11-26" in details(driver)
    clean(driver)


@browser
def test_the_fragment_shares_a_view(driver: Any, url: str) -> None:
    load(driver, f"{url}#entities&focus=KOR")
    assert driver.execute_script("return [KG.state.view, KG.entityRef(KG.state.focus)]") == [
        "entities",
        "KOR",
    ]
    shown = driver.execute_script("return kgExplorer.nodes.get().map(n => n.label)")
    assert "South Korea" in shown and "Tokyo" not in shown  # one hop from Korea
    driver.find_element("id", "kg-country").send_keys("China")
    assert "country=CHN" in driver.execute_script("return location.hash")


@pytest.mark.parametrize("view", ["countries", "entities"])
@browser
def test_exports_of_the_current_view(driver: Any, url: str, view: str) -> None:
    load(driver, f"{url}#{view}")
    shown = driver.execute_script("return [kgExplorer.nodes.length, kgExplorer.edges.length]")
    for fmt in ("graphml", "gexf"):
        text = driver.execute_script("return KG.exporter.text(arguments[0])", fmt)
        graph = (
            nx.read_graphml(io.StringIO(text))
            if fmt == "graphml"
            else nx.read_gexf(io.BytesIO(text.encode()))
        )
        assert [graph.number_of_nodes(), graph.number_of_edges()] == shown
        ET.fromstring(text)
    rows = list(csv.reader(io.StringIO(driver.execute_script("return KG.exporter.text('csv')"))))
    assert len(rows) == shown[1] + 1
    png = driver.execute_script("return KG.exporter.png()")
    assert base64.b64decode(png.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    clean(driver)


@browser
def test_article_page_runs_no_payload(driver: Any, article_page: Path) -> None:
    load(driver, article_page.as_uri())
    assert driver.execute_script("return KG.data.meetings.length") > 0
    assert driver.execute_script("return document.querySelectorAll('img, svg').length") == 0
    clean(driver)
