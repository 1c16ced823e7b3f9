"""The query editor of `kg serve` in headless Chromium: prefixed IRIs that open the
explorer or the editor, downloads, the query in the address, completion of dip: terms."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from browser import browser, clean, screenshot
from http_server import running
from view_pages import hostile_graph

QUERY = "SELECT ?c ?type WHERE { ?c a dip:Country ; a ?type ; dip:isoCode \"JPN\" }"
ROWS = "return document.getElementById('status').textContent.includes('rows')"
CELLS = ("return [...document.querySelectorAll('#results td a')]"
         ".map(a => [a.textContent, a.getAttribute('href')])")
FETCH = """
const [id, done] = [arguments[0], arguments[arguments.length - 1]];
const a = document.getElementById(id);
fetch(a.href).then(r => r.text()).then(text => done([a.download, text]));
"""


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running(hostile_graph().store) as url:
        yield url


def wait(driver: Any, script: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(lambda d: d.execute_script(script))


@browser
def test_a_shared_query_runs_with_prefixed_links_and_downloads(driver: Any, base: str) -> None:
    driver.get(f"{base}/sparql#{urlencode({'query': QUERY})}")
    wait(driver, ROWS)
    assert driver.find_element("id", "query").get_attribute("value") == QUERY
    cells = dict(driver.execute_script(CELLS))
    jpn = "https%3A%2F%2Fdiplomatic-kg.org%2Fid%2Fcountry%2FJPN"
    assert cells["id:country/JPN"] == f"./#entities&focus={jpn}"
    assert cells["dip:Country"].startswith("#query=DESCRIBE")
    wait(driver, "return document.getElementById('download-json')")
    name, text = driver.execute_async_script(FETCH, "download-csv")
    assert name == "results.csv" and text.splitlines()[0] == "c,type"
    name, text = driver.execute_async_script(FETCH, "download-json")
    assert name == "results.json" and '"bindings"' in text
    screenshot(driver, "issue15-editor")
    driver.find_element("link text", "dip:Country").click()
    wait(driver, "return document.getElementById('query').value.startsWith('DESCRIBE')")
    assert "DESCRIBE" in driver.current_url
    clean(driver)


@browser
def test_dip_terms_complete(driver: Any, base: str) -> None:
    from selenium.webdriver.common.keys import Keys

    driver.get(f"{base}/sparql")
    box = driver.find_element("id", "query")
    box.clear()
    box.send_keys("SELECT * WHERE { ?m a dip:CanonicalM")
    offered = driver.execute_script(
        "return [...document.querySelectorAll('#complete li')]"
        ".map(li => li.firstChild.textContent)")
    assert offered == ["dip:CanonicalMeeting"]
    box.send_keys(Keys.TAB)
    assert box.get_property("value") == "SELECT * WHERE { ?m a dip:CanonicalMeeting"
    clean(driver)


MEETINGS = "SELECT ?m WHERE { ?m a dip:CanonicalMeeting ; dip:participant/dip:isoCode \"KOR\" }"


@browser
def test_a_meeting_opens_in_the_explorer(driver: Any, base: str) -> None:
    from browser import READY, details

    driver.get(f"{base}/sparql#{urlencode({'query': MEETINGS})}")
    wait(driver, ROWS)
    link = driver.find_elements("css selector", "#results td a")[0]
    assert link.text.startswith("id:meeting/")
    link.click()
    wait(driver, READY)
    wait(driver, "return document.querySelector('#kg-details .kg-meeting') !== null")
    assert "South Korea" in details(driver)
    clean(driver)
