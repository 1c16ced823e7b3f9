"""Orchestration: readers -> extractor -> RDF -> store, streaming in batches.

The only module that wires every stage together; the CLI and the Python API call it.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.budget import DEFAULT_BUDGET, Budget
from kg.corpus import ARTICLE_SUFFIXES, is_article_file, iter_articles
from kg.errors import InputError, KGError, StoreUnavailable
from kg.graph import KnowledgeGraph
from kg.guard import Failure, where
from kg.types import Article, Facts
from kg.workers import extract_here, extract_in_processes, extract_on_dask

if TYPE_CHECKING:
    from kg.meetings import Resolution

ErrorHandler = Callable[[InputError], None]


@dataclass(frozen=True)
class BuildSummary:
    """What one build did: counts for the closing line of ``kg build``."""

    articles: int
    facts: int
    errors: int
    seconds: float
    #: Why the build stopped before the end of its input (the store went away), if it did.
    stopped: str | None = None
    meetings: Resolution | None = None

    def __str__(self) -> str:
        line = (
            f"{self.articles} articles, {self.facts} facts, {self.errors} errors "
            f"in {self.seconds:.1f} s"
        )
        if self.meetings:
            line = f"{line}; {self.meetings}"
        return f"{line}; stopped early: {self.stopped}" if self.stopped else line


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


#: Articles in one build from which the store is compacted at the end: worth seconds
#: after a bulk load, not after a few articles added to a large store.
OPTIMIZE_AFTER = 1000


def ingest(
    graph: KnowledgeGraph,
    paths: Iterable[str | Path],
    *,
    on_error: ErrorHandler = warn_input_error,
    workers: int = 1,
    dask: str | None = None,
    progress: bool = False,
    resolve: bool = True,
    min_confidence: float = 0.0,
    budget: Budget = DEFAULT_BUDGET,
) -> BuildSummary:
    """Read, extract and store every article under ``paths``; bad inputs go to ``on_error``.

    Each article is its own failure domain: whatever goes wrong while it is read,
    extracted or stored becomes one error naming it, and the build goes on. Each article
    is extracted under ``budget`` (time and memory) in the process that extracts it, and
    stored as soon as its batch is done, in whatever order batches finish. Only a store
    that can take no more writes (gone, disk full) stops it; the summary says so, and
    which articles were stored.

    Extraction runs in this process, in ``workers`` local processes, or on the
    Dask cluster at ``dask`` (a scheduler address, or ``"local"``). Articles
    stream through in batches, so memory stays flat however large the corpus. A
    build of ``OPTIMIZE_AFTER`` articles or more compacts the store at the end.
    Then, unless ``resolve`` is false, the meetings the new articles report are resolved
    across articles (:mod:`kg.meetings`). Events the extractor is less sure of than
    ``min_confidence`` are not stored (:meth:`kg.types.Facts.at_least`). Paths that hold
    no article file at all (missing, or folders of other files) raise :class:`InputError`
    before any work.
    """
    started = time.perf_counter()
    errors = 0
    paths = list(paths)
    require_articles(paths)
    order: dict[str, int] = {}

    def fail(error: InputError) -> None:
        nonlocal errors
        errors += 1
        on_error(error)

    articles = numbered(unique_articles(paths, fail), order)
    stream: Iterable[Facts | Failure]
    if dask:
        stream = extract_on_dask(articles, dask, budget)
    elif workers > 1:
        stream = extract_in_processes(articles, workers, budget)
    else:
        stream = extract_here(articles, budget)
    if progress:
        from kg.progress import progress_bar

        stream = progress_bar(stream, paths)
    n_facts = 0
    stored: list[tuple[int, str, str]] = []
    stopped = None
    for item in stream:
        if isinstance(item, Failure):
            fail(InputError(str(item)))
            continue
        try:
            iri = graph.add(item.at_least(min_confidence))
        except StoreUnavailable as exc:
            fail(InputError(f"{where(item.article)}: not stored: {exc}"))
            stopped = f"the store is unavailable; {stored_articles(sorted(stored))}"
            break
        except Exception as exc:
            fail(InputError(f"{where(item.article)}: not stored ({type(exc).__name__}: {exc})"))
            continue
        stored.append((order[item.article.identifier], where(item.article), iri))
        n_facts += count_facts(item)
    stored.sort()
    written = [iri for _, _, iri in stored]
    meetings = None
    try:
        if resolve and stopped is None:
            meetings = graph.resolve_meetings(written)
            graph.resolve_people()
        if len(written) >= OPTIMIZE_AFTER and stopped is None:
            if progress:
                print(
                    f"kg: compacting the store after {len(written):,} articles ...",
                    file=sys.stderr,
                )
            graph.optimize()
    except KGError as exc:
        fail(InputError(f"meetings not resolved: {exc}"))
        stopped = (
            "the store failed after the articles, before the meetings were resolved "
            f"(run 'kg resolve' once it has room); {stored_articles(stored)}"
        )
    seconds = time.perf_counter() - started
    return BuildSummary(len(written), n_facts, errors, seconds, stopped, meetings)


def numbered(articles: Iterable[Article], order: dict[str, int]) -> Iterator[Article]:
    """The articles, each one's position in the input recorded in ``order`` by identifier."""
    for article in articles:
        order[article.identifier] = len(order)
        yield article


def stored_articles(stored: list[tuple[int, str, str]]) -> str:
    """Which articles of the input were stored, for the summary: (position, where, IRI)
    in input order. Few are named; many, by the first, the last and the gaps between."""
    if not stored:
        return "no article was stored"
    if len(stored) <= 3:
        return "stored: " + ", ".join(name for _, name, _ in stored)
    first, last = stored[0], stored[-1]
    missing = last[0] - first[0] + 1 - len(stored)
    gaps = f", {missing} between them not stored" if missing else ""
    return f"stored: {len(stored)} articles, {first[1]} to {last[1]} in input order{gaps}"


def require_articles(paths: list[str | Path]) -> None:
    """Raise :class:`InputError` unless some path is a file or a folder with an article file."""
    for path in map(Path, paths):
        if path.is_file():
            return
        if path.is_dir() and any(
            is_article_file(name) for _, _, names in os.walk(path) for name in names
        ):
            return
    missing = [str(p) for p in paths if not Path(p).exists()]
    where_ = f" ({', '.join(missing)}: no such path from {Path.cwd()})" if missing else ""
    raise InputError(
        f"no article found in {', '.join(map(str, paths)) or 'no path'}{where_}: looked for "
        f"files ending {', '.join(ARTICLE_SUFFIXES)} (folders searched with their subfolders)"
    )


def unique_articles(paths: Iterable[str | Path], on_error: ErrorHandler) -> Iterator[Article]:
    """The articles under ``paths``; bad inputs, and every input whose article IRI an
    earlier input of this build already has, go to ``on_error`` (naming both inputs)."""
    from kg.rdf.namespaces import article_iri

    first: dict[str, str] = {}
    for item in iter_articles(paths):
        if isinstance(item, InputError):
            on_error(item)
            continue
        iri = str(article_iri(item.identifier))
        seen = first.setdefault(iri, where(item))
        if seen != where(item):
            on_error(
                InputError(
                    f"{where(item)}: same article IRI <{iri}> as {seen}; "
                    "not stored (give one of them an 'id')"
                )
            )
            continue
        yield item
