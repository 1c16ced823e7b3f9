"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.types import Article, Facts


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
