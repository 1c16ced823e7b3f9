"""The explorer's confidence filter in headless Chromium: a meeting the extractor is less
sure of than the slider says leaves every view, and the empty view says why; a canonical
meeting is as sure as its surest report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from browser import browser, clean, load

import kg
from kg.linking import country
from kg.network.records import read_records
from kg.network.source import runner
from kg.types import Article, Event, Evidence, Facts, Participation

EST, LVA, CHL, ARG = (country(k) for k in ("EST", "LVA", "CHL", "ARG"))


def _article(key: str, text: str, sides: tuple, sure: float) -> Facts:
    parts = tuple(Participation(s, "attendee", sure) for s in sides)
    event = Event("Meeting", sides, Evidence(text, 0, len(text)), date="2032-04-02",
                  participation=parts, confidence=sure)
    return Facts(Article(key, text, date=dt.date(2032, 4, 3)), countries=sides, events=(event,))


ARTICLES = (
    _article("sure", "Estonia and Latvia held talks on energy.", (EST, LVA), 0.95),
    _article("doubtful", "Chile and Argentina may have met in passing.", (CHL, ARG), 0.55),
)


@pytest.fixture(scope="module")
def graph() -> kg.KnowledgeGraph:
    built = kg.KnowledgeGraph(kg.open_store())
    for facts in ARTICLES:
        built.add(facts)
    built.resolve_meetings()
    return built


def test_records_carry_the_surest_report_s_confidence(graph: kg.KnowledgeGraph) -> None:
    records = read_records(runner(graph.store))
    assert records.canonical
    assert sorted(m.confidence for m in records.meetings) == [0.55, 0.95]


@pytest.fixture(scope="module")
def page_url(graph: kg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> str:
    return Path(graph.to_html(tmp_path_factory.mktemp("confidence") / "graph.html")).as_uri()


IN_VIEW = "return KG.selected().length"


def _slide(driver: Any, value: str) -> None:
    driver.execute_script(
        "const s = document.getElementById('kg-confidence'); s.value = arguments[0];"
        "s.dispatchEvent(new Event('input'));", value)


@browser
def test_the_slider_leaves_out_the_less_sure(driver: Any, page_url: str) -> None:
    load(driver, page_url + "#countries")
    assert driver.execute_script(IN_VIEW) == 2
    _slide(driver, "0.8")
    assert driver.execute_script(IN_VIEW) == 1
    assert driver.find_element("id", "kg-confidence-value").text == "0.8"
    _slide(driver, "1")
    assert driver.execute_script(IN_VIEW) == 0
    empty = driver.find_element("id", "kg-empty")
    assert empty.is_displayed() and "confidence below 1 left out" in empty.text
    driver.find_element("id", "kg-widen").click()
    assert driver.execute_script(IN_VIEW) == 2
    assert driver.find_element("id", "kg-confidence").get_attribute("value") == "0"
    clean(driver)
