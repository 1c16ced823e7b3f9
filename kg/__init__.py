"""diplomatic-kg: a knowledge graph of diplomatic relations built from news articles.

>>> import kg
>>> facts = kg.extract(
...     "Japan's foreign minister, Yoko Kamikawa, met her Chinese counterpart Wang Yi "
...     "in Busan on Sunday.", date="2023-11-27")
>>> sorted(c.iso3 for c in facts.countries)
['CHN', 'JPN']
>>> [(p.name, p.side.iso3, p.role) for p in facts.people]
[('Yoko Kamikawa', 'JPN', 'foreign minister'), ('Wang Yi', 'CHN', 'foreign minister')]
>>> [(m.place.name, m.date, m.status) for m in facts.meetings]
[('Busan', '2023-11-26', 'occurred')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from kg.budget import DEFAULT_BUDGET, Budget
from kg.build import BuildSummary, ErrorHandler, warn_input_error
from kg.errors import InputError, KGError, QueryError, StoreError
from kg.graph import KnowledgeGraph, Rows
from kg.store import Store, open_store
from kg.types import (
    Action,
    Article,
    City,
    Country,
    Event,
    Evidence,
    Facts,
    Organization,
    Person,
)

__all__ = [
    "Action",
    "Article",
    "Budget",
    "BuildSummary",
    "City",
    "Country",
    "Event",
    "Evidence",
    "Facts",
    "InputError",
    "KGError",
    "KnowledgeGraph",
    "Organization",
    "Person",
    "QueryError",
    "Rows",
    "Store",
    "StoreError",
    "build",
    "extract",
    "open_store",
]


def build(
    paths: Iterable[str | Path] | str | Path,
    store: str | Path | None = None,
    *,
    workers: int = 1,
    dask: str | None = None,
    on_error: ErrorHandler = warn_input_error,
    resolve: bool = True,
    min_confidence: float = 0.0,
    budget: Budget = DEFAULT_BUDGET,
) -> KnowledgeGraph:
    """Build a knowledge graph from files or folders of articles.

    ``store`` is None for an in-memory graph, or a directory for an on-disk
    Oxigraph store (see :func:`open_store`). Extraction runs in ``workers``
    processes, or on the Dask cluster at ``dask`` (an address, or ``"local"``).
    Each bad input is passed to
    ``on_error`` (a warning by default) and the build goes on. Then the meetings the
    articles report are resolved across articles into canonical meetings, unless
    ``resolve`` is false (see :mod:`kg.meetings`). Events the extractor is less sure of
    than ``min_confidence`` (0 to 1, ``dip:confidence``) are left out. ``budget`` bounds
    each article's extraction in time and memory (:class:`kg.budget.Budget`; 300 s and
    2,048 MB by default); an article over it is one error.
    """
    from kg.build import ingest

    if isinstance(paths, str | Path):
        paths = [paths]
    graph = KnowledgeGraph(open_store(store))
    ingest(
        graph,
        paths,
        on_error=on_error,
        workers=workers,
        dask=dask,
        resolve=resolve,
        budget=budget,
        min_confidence=min_confidence,
    )
    return graph


def extract(
    text: str,
    *,
    date: dt.date | str | None = None,
    title: str | None = None,
    source: str | None = None,
    identifier: str = "text",
) -> Facts:
    """Extract the facts of one article given as a string."""
    from kg.nlp import extract_facts

    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    article = Article(identifier=identifier, text=text, title=title, date=date, source=source)
    return extract_facts(article)
