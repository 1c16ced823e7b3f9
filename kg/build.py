"""Orchestration: readers -> extractor -> RDF -> store, streaming in batches.

The only module that wires every stage together; the CLI and the Python API call it.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from kg.corpus import iter_articles
from kg.errors import InputError
from kg.graph import KnowledgeGraph
from kg.types import Article, Facts

ErrorHandler = Callable[[InputError], None]


@dataclass(frozen=True)
class BuildSummary:
    """What one build did: counts for the closing line of ``kg build``."""

    articles: int
    facts: int
    errors: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"{self.articles} articles, {self.facts} facts, {self.errors} errors "
            f"in {self.seconds:.1f} s"
        )


def warn_input_error(error: InputError) -> None:
    """Default error handler of the Python API: one warning a bad input."""
    warnings.warn(str(error), stacklevel=3)


def count_facts(facts: Facts) -> int:
    """Facts an article contributed: entities, roles, events and actions."""
    return sum(
        len(group)
        for group in (
            facts.countries,
            facts.organizations,
            facts.people,
            facts.cities,
            facts.events,
            facts.actions,
        )
    )


def ingest(
    graph: KnowledgeGraph,
    paths: Iterable[str | Path],
    *,
    on_error: ErrorHandler = warn_input_error,
    workers: int = 1,
    dask: str | None = None,
    progress: bool = False,
) -> BuildSummary:
    """Read, extract and store every article under ``paths``; bad inputs go to ``on_error``.

    Extraction runs in this process, in ``workers`` local processes, or on the
    Dask cluster at ``dask`` (a scheduler address, or ``"local"``). Articles
    stream through in batches, so memory stays flat however large the corpus.
    """
    from kg.nlp import extract_many

    started = time.perf_counter()
    errors = 0

    def articles() -> Iterator[Article]:
        nonlocal errors
        for item in iter_articles(paths):
            if isinstance(item, InputError):
                errors += 1
                on_error(item)
            else:
                yield item

    stream: Iterable[Facts] = (
        extract_on_dask(articles(), dask) if dask else extract_many(articles(), n_process=workers)
    )
    if progress:
        from tqdm import tqdm

        stream = tqdm(stream, unit=" articles", file=sys.stderr, leave=False)
    n_articles = n_facts = 0
    for facts in stream:
        graph.add(facts)
        n_articles += 1
        n_facts += count_facts(facts)
    return BuildSummary(n_articles, n_facts, errors, time.perf_counter() - started)


def batched(items: Iterable[Article], size: int) -> Iterator[tuple[Article, ...]]:
    """Successive tuples of ``size`` items (``itertools.batched`` arrives in Python 3.12)."""
    iterator = iter(items)
    while batch := tuple(islice(iterator, size)):
        yield batch


def _extract_batch(batch: tuple[Article, ...]) -> list[Facts]:
    """Run on a Dask worker: its spaCy pipeline is loaded once and cached there."""
    from kg.nlp import extract_many

    return list(extract_many(batch))


def extract_on_dask(
    articles: Iterable[Article], address: str, batch_size: int = 32, in_flight: int = 4
) -> Iterator[Facts]:
    """Extract facts on a Dask cluster, keeping at most ``in_flight`` batches submitted."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = LocalCluster(processes=True, threads_per_worker=1) if address == "local" else None
    try:
        with Client(cluster or address) as client:
            pending = as_completed()
            for batch in batched(articles, batch_size):
                pending.add(client.submit(_extract_batch, batch, pure=False))
                while pending.count() >= in_flight:
                    yield from next(pending).result()
            for future in pending:
                yield from future.result()
    finally:
        if cluster is not None:
            cluster.close()
