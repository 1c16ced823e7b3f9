"""Where extraction runs: in this process, in local worker processes, or on Dask.

Articles go out in batches (an article longer than :data:`SOLO_CHARS` in a batch of its
own) and their facts come back as each batch finishes, in any order: a slow article holds
back only its own batch, and the build stores every other one as soon as it is done, so
a kill loses only the batches in flight. Each batch runs under the article budget in the
process that extracts it (:mod:`kg.budget`).

Local worker processes die with the build (:func:`kg.lifeline.die_with_parent`) and cap
their own memory at twice the article budget, a backstop for what the budget's watcher
cannot stop. A worker that dies all the same (the kernel's OOM killer) costs the batches
in flight, each reported as an error, and a fresh pool takes the rest.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import chain
from typing import Any, Protocol

from kg.budget import Budget
from kg.guard import Failure, extract_batch, where
from kg.lifeline import die_with_parent, limit_memory
from kg.types import Article, Facts

#: Articles longer than this are extracted in a batch of their own.
SOLO_CHARS = 20_000
Results = list[Facts | Failure]


class Pending(Protocol):
    """A submitted batch: a concurrent.futures or a Dask future."""

    def result(self) -> Results:
        """The batch's facts, waiting for them if need be."""


def batches(articles: Iterable[Article], size: int) -> Iterator[tuple[Article, ...]]:
    """Successive batches of at most ``size`` articles; a long article goes alone."""
    batch: list[Article] = []
    for article in articles:
        if len(article.text) > SOLO_CHARS:
            yield (article,)
            continue
        batch.append(article)
        if len(batch) == size:
            yield tuple(batch)
            batch = []
    if batch:
        yield tuple(batch)


def extract_here(
    articles: Iterable[Article], budget: Budget, batch_size: int = 16
) -> Iterator[Facts | Failure]:
    """Extract in this process, a batch through ``nlp.pipe`` at a time."""
    for batch in batches(articles, batch_size):
        yield from extract_batch(batch, budget)


def _extract_batch(batch: tuple[Article, ...], budget: Budget) -> Results:
    """Run in a worker process: its spaCy pipeline is loaded once and cached there."""
    return extract_batch(batch, budget)


def _start_worker(parent: int, budget: Budget) -> None:
    """A local worker's first act: die with the build, cap its own memory."""
    die_with_parent(parent)
    if budget.megabytes:
        limit_memory(2 * budget.megabytes * 2**20)


def as_finished(
    submit: Callable[[tuple[Article, ...]], Any],
    wait_first: Callable[[set[Any]], tuple[set[Any], set[Any]]],
    batches_in: Iterable[tuple[Article, ...]],
    in_flight: int,
) -> Iterator[tuple[tuple[Article, ...], Any]]:
    """Submit batches, at most ``in_flight`` pending; yield (batch, future) as each finishes.

    The bound keeps memory flat on any corpus size; the order is the order of finishing.
    """
    pending: dict[Any, tuple[Article, ...]] = {}
    source = iter(batches_in)
    while True:
        for batch in source:
            pending[submit(batch)] = batch
            if len(pending) >= in_flight:
                break
        if not pending:
            return
        done, _ = wait_first(set(pending))
        for future in done:
            yield pending.pop(future), future


def _first_done(futures: set[Future]) -> tuple[set[Future], set[Future]]:
    done, rest = wait(futures, return_when=FIRST_COMPLETED)
    return set(done), set(rest)


def _until(
    broken: list[BrokenProcessPool],
    source: Iterator[tuple[Article, ...]],
    held: list[tuple[Article, ...]],
) -> Iterator[tuple[Article, ...]]:
    """Batches from ``source`` until ``broken`` holds something; the one taken then goes to
    ``held``, for the next pool."""
    for batch in source:
        if broken:
            held.append(batch)
            return
        yield batch


def extract_in_processes(
    articles: Iterable[Article], workers: int, budget: Budget, batch_size: int = 16
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
    source: Iterator[tuple[Article, ...]] = batches(articles, batch_size)
    while True:
        held: list[tuple[Article, ...]] = []
        broken: list[BrokenProcessPool] = []
        with ProcessPoolExecutor(
            workers, context, initializer=_start_worker, initargs=(os.getpid(), budget)
        ) as pool:
            finished = as_finished(
                lambda batch: pool.submit(_extract_batch, batch, budget),
                _first_done,
                _until(broken, source, held),
                2 * workers,
            )
            for batch, future in finished:
                try:
                    yield from future.result()
                except BrokenProcessPool as exc:
                    broken.append(exc)
                    reason = f"a worker process died while it was extracted ({exc}); not stored"
                    yield from (Failure(where(article), reason) for article in batch)
        if not broken:
            return
        source = chain(held, source)


def extract_on_dask(
    articles: Iterable[Article], address: str, budget: Budget, batch_size: int = 32
) -> Iterator[Facts | Failure]:
    """Extract facts on a Dask cluster (``"local"`` starts one on this machine)."""
    from dask.distributed import Client, LocalCluster
    from dask.distributed import wait as dask_wait

    def first_done(futures: set[Any]) -> tuple[set[Any], set[Any]]:
        done, rest = dask_wait(list(futures), return_when="FIRST_COMPLETED")
        return set(done), set(rest)

    cluster = LocalCluster(processes=True, threads_per_worker=1) if address == "local" else None
    try:
        with Client(cluster or address) as client:
            in_flight = 2 * max(1, len(client.scheduler_info()["workers"]))
            finished = as_finished(
                lambda batch: client.submit(_extract_batch, batch, budget, pure=False),
                first_done,
                batches(articles, batch_size),
                in_flight,
            )
            for _, future in finished:
                yield from future.result()
    finally:
        if cluster is not None:
            cluster.close()
