"""Shared fixtures: the spaCy pipeline and the explorer pages, made once per test session;
the hand-built Busan article in a KnowledgeGraph on each store, made per test."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sample_facts import busan_facts
from view_pages import ARTICLE_TEXT, ARTICLE_TITLE, PageParser, hostile_graph, parse

from kg.graph import KnowledgeGraph
from kg.store import open_store
from kg.types import Article, Facts
from kg.view import write_html


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives the headless browser is slow (setup.cfg's ``slow`` marker)."""
    for item in items:
        if "driver" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def nlp():
    """kg's full pipeline (statistical model + gazetteer + components)."""
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def extract(nlp):
    """Extract facts from a text, optionally dated: ``extract(text, "2023-11-27")``."""
    from kg.nlp import extract_facts

    def run(text: str, date: str | None = None) -> Facts:
        published = dt.date.fromisoformat(date) if date else None
        return extract_facts(Article(identifier="test", text=text, date=published), nlp)

    return run


@pytest.fixture(scope="session")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium for every browser test of the session (tests/browser.py)."""
    from browser import start_chromium

    chrome = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield chrome
    chrome.quit()


@pytest.fixture(scope="session")
def hostile() -> KnowledgeGraph:
    """Three hostile articles and their canonical meetings (tests/view_pages.py)."""
    return hostile_graph()


@pytest.fixture(scope="session")
def page_path(hostile: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_html(hostile, tmp_path_factory.mktemp("view") / "graph.html", "Talks <i>2023</i>")


@pytest.fixture(scope="session")
def page(page_path: Path) -> PageParser:
    return parse(page_path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def article_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import kg

    work = tmp_path_factory.mktemp("article")
    record = {"id": "hostile", "title": ARTICLE_TITLE, "date": "2023-11-27", "text": ARTICLE_TEXT}
    (work / "hostile.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return kg.build(work / "hostile.jsonl").to_html(work / "hostile.html")


@pytest.fixture(params=["memory", "oxigraph"])
def busan_graph(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[KnowledgeGraph]:
    """The hand-built Busan article (tests/sample_facts.py) in a KnowledgeGraph."""
    store = open_store(None if request.param == "memory" else tmp_path / "store")
    with KnowledgeGraph(store) as graph:
        graph.add(busan_facts())
        yield graph
