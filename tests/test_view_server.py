"""The explorer and the query editor as `kg serve` sends them, over real HTTP on loopback."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from browser import browser, clean, click_canvas, details, load, requests, screenshot
from http_server import TOKEN, call, get, running
from view_pages import CHN, EVIL_EVIDENCE, JPN, hostile_graph

from kg.cli import main
from kg.network import read_records
from kg.view.data import Caps, explorer_data

LINK_POINT = """
const net = kgExplorer.network, [a, b] = arguments;
const pos = net.getPositions([a, b]);
const p = net.canvasToDOM(pos[a]), q = net.canvasToDOM(pos[b]);
return [(p.x + q.x) / 2, (p.y + q.y) / 2];
"""


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, Any]]:
    graph = hostile_graph()
    with running(graph.store, allow_update=True, update_token=TOKEN) as base:
        yield base, graph


def test_the_page_fetches_its_data(served: tuple[str, Any]) -> None:
    base, graph = served
    status, headers, page = call(base, "GET", "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert 'data-src="explorer/data.json"' in page and EVIL_EVIDENCE not in page
    status, headers, _ = call(base, "GET", "/explorer/data.json")
    assert status == 200 and "content-encoding" not in headers
    data = json.loads(call(base, "GET", "/explorer/data.json")[2])
    expected = explorer_data(
        read_records(graph.store.query), title="diplomatic-kg", caps=Caps(), inline=False
    )
    assert data == json.loads(json.dumps(expected))
    assert not data["meta"]["inline"] and "reports" not in data


def test_the_data_is_sent_compressed(served: tuple[str, Any]) -> None:
    import http.client

    host, port = served[0].removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=20)
    connection.request("GET", "/explorer/data.json", headers={"Accept-Encoding": "gzip"})
    response = connection.getresponse()
    assert response.getheader("content-encoding") == "gzip"
    assert json.loads(gzip.decompress(response.read()))["meta"]["counted"] == "canonical meetings"
    connection.close()


def test_details_on_request(served: tuple[str, Any]) -> None:
    base, _ = served
    data = json.loads(call(base, "GET", "/explorer/data.json")[2])
    ids = {e["id"]: n for n, e in enumerate(data["entities"])}
    pair = [n for n, m in enumerate(data["meetings"]) if {ids[CHN], ids[JPN]} <= set(m[5])]
    answer = json.loads(
        call(base, "GET", "/explorer/reports?meetings=" + ",".join(map(str, pair)))[2]
    )
    sources = sorted(r["url"] for n in pair for r in answer[str(n)])
    assert sources == [
        "https://example.org/busan",
        "https://example.org/seoul",
        "javascript:window.__pwned=1",
    ]
    assert any(r["evidence"] == EVIL_EVIDENCE for r in answer[str(pair[0])] + answer[str(pair[1])])
    action = json.loads(call(base, "GET", "/explorer/reports?actions=0")[2])
    assert action["0"][0]["evidence"] == "Washington sanctioned Beijing."
    mentions = json.loads(call(base, "GET", f"/explorer/entity?index={ids[JPN]}")[2])
    assert mentions["total"] == 3 and mentions["articles"][0]["date"] == "2024-05-27"
    for target in (
        "/explorer/reports?meetings=999",
        "/explorer/reports?meetings=x",
        "/explorer/entity",
        "/explorer/entity?index=1,2",
    ):
        assert call(base, "GET", target)[0] == 400, target


def test_an_update_refreshes_the_views(served: tuple[str, Any]) -> None:
    base, _ = served
    before = json.loads(call(base, "GET", "/explorer/data.json")[2])
    update = (
        "INSERT DATA { GRAPH <https://diplomatic-kg.org/id/article/x> { "
        "<https://diplomatic-kg.org/id/article/x> a dip:Article } }"
    )
    status, _, text = call(
        base,
        "POST",
        "/sparql",
        urlencode({"update": update}),
        **{"Content-Type": "application/x-www-form-urlencoded", "Authorization": f"Bearer {TOKEN}"},
    )
    assert status == 200, text
    after = json.loads(call(base, "GET", "/explorer/data.json")[2])
    assert after["meta"]["articles"] == before["meta"]["articles"] + 1


def test_the_editor_and_predeclared_prefixes(served: tuple[str, Any]) -> None:
    base, _ = served
    status, headers, page = call(base, "GET", "/sparql")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "<textarea" in page and "dip:" in page and "http" not in page.split("<script")[0]
    status, _, text = call(
        base, "GET", get('SELECT ?c WHERE { ?c dip:isoCode "KOR" }'), Accept="text/csv"
    )
    assert status == 200 and "country/KOR" in text
    status, _, text = call(
        base, "GET", get("CONSTRUCT WHERE { ?c dip:isoCode 'KOR' ; ?p ?o }"), Accept="text/turtle"
    )
    assert "@prefix dip: <https://diplomatic-kg.org/ontology#>" in text and "dip:isoCode" in text


def test_a_parse_error_reads_the_same_in_the_cli_and_the_server(
    served: tuple[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    query = "SELECT ?c\nWHERE { ?c a dip:Country"
    status, _, text = call(served[0], "GET", get(query))
    assert status == 400
    assert main(["query", query, "--store", "memory"]) == 1
    printed = capsys.readouterr().err
    assert printed == f"kg: error: {text}"
    assert "line 2, column 25" in text and text.splitlines()[-1].strip() == "^"


@browser
@pytest.mark.slow
def test_the_served_explorer_in_a_browser(driver: Any, served: tuple[str, Any]) -> None:
    base, _ = served
    load(driver, f"{base}/#countries")
    ids = driver.execute_script(
        "return ['CHN', 'JPN'].map(k => KG.data.entities.findIndex(e => e.key === k))"
    )
    click_canvas(driver, "#kg-view-countries canvas", *driver.execute_script(LINK_POINT, *ids))
    driver.implicitly_wait(0)
    for _ in range(50):
        if "example.org/seoul" in driver.execute_script(
            "return [...document.querySelectorAll('#kg-details a')].map(a => a.href).join()"
        ):
            break
        driver.execute_script("return new Promise(r => setTimeout(r, 100))")
    assert "Seoul follow-up" in details(driver)
    assert not [u for u in requests(driver) if not u.startswith((base, "data:", "blob:"))]
    screenshot(driver, "served-countries")
    clean(driver)


@browser
@pytest.mark.slow
def test_the_editor_in_a_browser(driver: Any, served: tuple[str, Any]) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    base, _ = served
    driver.get(f"{base}/sparql")
    driver.find_element("id", "run").click()
    WebDriverWait(driver, 20).until(
        lambda d: d.execute_script("return document.querySelectorAll('#results tr').length") > 1
    )
    assert "China" in driver.find_element("id", "results").text
    screenshot(driver, "sparql-editor")
    assert not [u for u in requests(driver) if not u.startswith((base, "data:"))]
