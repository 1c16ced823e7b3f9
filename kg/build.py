"""Orchestration: readers -> extractor -> RDF -> store, streaming in batches.

The only module that wires every stage together; the CLI and the Python API call it.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kg.corpus import ARTICLE_SUFFIXES, is_article_file, iter_articles
from kg.errors import InputError, StoreUnavailable
from kg.graph import KnowledgeGraph
from kg.guard import Failure, extract_batch, where
from kg.types import Article, Facts

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
) -> BuildSummary:
    """Read, extract and store every article under ``paths``; bad inputs go to ``on_error``.

    Each article is its own failure domain: whatever goes wrong while it is read,
    extracted or stored becomes one error naming it, and the build goes on. Only a store
    that can take no more writes (gone, disk full) stops it; the summary says so.

    Extraction runs in this process, in ``workers`` local processes, or on the
    Dask cluster at ``dask`` (a scheduler address, or ``"local"``). Articles
    stream through in batches, so memory stays flat however large the corpus. A
    build of ``OPTIMIZE_AFTER`` articles or more compacts the store at the end.
    Then, unless ``resolve`` is false, the meetings the new articles report are resolved
    across articles (:mod:`kg.meetings`). Paths that hold no article file at all (missing,
    or folders of other files) raise :class:`InputError` before any work.
    """
    started = time.perf_counter()
    errors = 0
    paths = list(paths)
    require_articles(paths)

    def fail(error: InputError) -> None:
        nonlocal errors
        errors += 1
        on_error(error)

    stream: Iterable[Facts | Failure]
    if dask:
        stream = extract_on_dask(unique_articles(paths, fail), dask)
    elif workers > 1:
        stream = extract_in_processes(unique_articles(paths, fail), workers)
    else:
        stream = extract_here(unique_articles(paths, fail))
    if progress:
        from kg.progress import progress_bar

        stream = progress_bar(stream, paths)
    n_facts = 0
    written: list[str] = []
    stopped = None
    for item in stream:
        if isinstance(item, Failure):
            fail(InputError(str(item)))
            continue
        try:
            written.append(graph.add(item))
        except StoreUnavailable as exc:
            fail(InputError(f"{where(item.article)}: not stored: {exc}"))
            stopped = f"the store is unavailable ({len(written)} articles were stored before)"
            break
        except Exception as exc:
            fail(InputError(f"{where(item.article)}: not stored ({type(exc).__name__}: {exc})"))
            continue
        n_facts += count_facts(item)
    meetings = graph.resolve_meetings(written) if resolve and stopped is None else None
    if meetings is not None:
        graph.resolve_people()
    if len(written) >= OPTIMIZE_AFTER and stopped is None:
        if progress:
            print(f"kg: compacting the store after {len(written):,} articles ...", file=sys.stderr)
        graph.optimize()
    seconds = time.perf_counter() - started
    return BuildSummary(len(written), n_facts, errors, seconds, stopped, meetings)


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


def extract_here(articles: Iterable[Article], batch_size: int = 16) -> Iterator[Facts | Failure]:
    """Extract in this process, a batch through ``nlp.pipe`` at a time."""
    for batch in batched(articles, batch_size):
        yield from extract_batch(batch)


def batched(items: Iterable[Article], size: int) -> Iterator[tuple[Article, ...]]:
    """Successive tuples of ``size`` items (``itertools.batched`` arrives in Python 3.12)."""
    iterator = iter(items)
    while batch := tuple(islice(iterator, size)):
        yield batch


def _extract_batch(batch: tuple[Article, ...]) -> list[Facts | Failure]:
    """Run in a worker process: its spaCy pipeline is loaded once and cached there."""
    return extract_batch(batch)


class Pending(Protocol):
    """A submitted batch: a concurrent.futures or a Dask future."""

    def result(self) -> list[Facts | Failure]:
        """The batch's facts, waiting for them if need be."""


def _in_order(
    submit: Callable[[tuple[Article, ...]], Pending],
    articles: Iterable[Article],
    batch_size: int,
    in_flight: int,
) -> Iterator[Facts | Failure]:
    """Submit batches, keeping at most ``in_flight`` pending; yield facts in input order.

    The bound keeps memory flat on any corpus size; the order makes a parallel build
    write the same graph, article by article, as a single-process one.
    """
    pending: deque[Pending] = deque()
    for batch in batched(articles, batch_size):
        pending.append(submit(batch))
        if len(pending) >= in_flight:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def extract_in_processes(
    articles: Iterable[Article], workers: int, batch_size: int = 16
) -> Iterator[Facts | Failure]:
    """Extract facts in ``workers`` local processes, forked once the pipeline is loaded.

    Unlike ``nlp.pipe(n_process=...)``, which sends every parsed Doc back to this
    process, the workers run the whole extraction and return only the small Facts.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from kg.nlp import load_pipeline

    load_pipeline()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from _in_order(
            lambda batch: pool.submit(_extract_batch, batch), articles, batch_size, 2 * workers
        )


def extract_on_dask(
    articles: Iterable[Article], address: str, batch_size: int = 32
) -> Iterator[Facts | Failure]:
    """Extract facts on a Dask cluster (``"local"`` starts one on this machine)."""
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(processes=True, threads_per_worker=1) if address == "local" else None
    try:
        with Client(cluster or address) as client:
            in_flight = 2 * max(1, len(client.scheduler_info()["workers"]))
            yield from _in_order(
                lambda batch: client.submit(_extract_batch, batch, pure=False),
                articles,
                batch_size,
                in_flight,
            )
    finally:
        if cluster is not None:
            cluster.close()
