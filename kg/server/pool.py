"""Queries in a pool of worker processes, behind a bounded queue, under hard limits.

pyoxigraph evaluates a query in native code with no way to cancel it, so a query that
runs past the time limit, or grows past the memory limit, is stopped the only sure way:
its worker process is killed (CPU and memory come back at once) and a fresh one takes its
place. Requests wait for a free worker in a queue of at most ``queue``; beyond that the
server answers 503 with ``Retry-After`` at once. The time limit counts from arrival, so a
request that waited its whole time in the queue gets its 503 then, without running.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from kg.errors import KGError
from kg.server.protocol import Problem
from kg.server.results import Payload
from kg.server.runner import Busy, no_worker, queue_full
from kg.server.worker import Job, Reply, Settings, serve_queries
from kg.store.base import Store

#: How often a running query's worker is looked at (memory, still alive).
POLL_SECONDS = 0.05
STARTUP_SECONDS = 60.0


class Overrun(Exception):
    """A query went past a limit; its worker must go."""


@dataclass(eq=False)
class Worker:
    """One worker process and the server's end of its pipe."""

    process: Any
    conn: Connection
    started: float = field(default_factory=time.monotonic)

    def stop(self) -> None:
        """Kill the process and reap it: its memory is returned now, not later."""
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def rss(self) -> int:
        """Resident bytes of the process (0 if it cannot be read)."""
        import psutil

        try:
            return int(psutil.Process(self.process.pid).memory_info().rss)
        except psutil.Error:
            return 0


class QueryPool:
    """``workers`` processes answering queries on a read-only store (see module notes)."""

    def __init__(
        self, settings: Settings, *, workers: int, queue: int, timeout: float, memory_mb: int
    ) -> None:
        self.settings = settings
        self.size = max(1, workers)
        self.queue = max(0, queue)
        self.timeout = timeout
        self.memory = memory_mb * 1024 * 1024
        self.version = 0
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["kg.server.worker"])
        self._threads = ThreadPoolExecutor(self.size + 1, thread_name_prefix="kg-query")
        self._idle: asyncio.Queue[Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiting = 0
        self._none_free_since: float | None = None
        self._all: set[Worker] = set()
        self._lock = threading.Lock()

    async def start(self) -> None:
        """Start the workers and wait until each has opened the store."""
        self._loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        started = await asyncio.gather(
            *(self._loop.run_in_executor(self._threads, self._spawn) for _ in range(self.size))
        )
        for worker in started:
            self._idle.put_nowait(worker)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)

    def _spawn(self) -> Worker:
        """A new worker, once it says it is ready (blocking: runs in a thread)."""
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=serve_queries, args=(theirs, self.settings), name="kg-query", daemon=True
        )
        process.start()
        theirs.close()
        worker = Worker(process, ours)
        with self._lock:
            self._all.add(worker)
        if not ours.poll(STARTUP_SECONDS):
            worker.stop()
            raise KGError(f"a query worker did not start within {STARTUP_SECONDS:g} s")
        try:
            ours.recv()
        except EOFError:
            raise KGError(f"a query worker could not open {self.settings.path}") from None
        return worker

    def _replace(self, worker: Worker) -> None:
        """Kill ``worker`` and put a fresh one in its place (runs in a thread)."""
        with self._lock:
            self._all.discard(worker)
        worker.stop()
        try:
            fresh = self._spawn()
        except KGError:
            return
        assert self._loop is not None and self._idle is not None
        self._loop.call_soon_threadsafe(self._release, fresh)

    def _release(self, worker: Worker) -> None:
        """Give ``worker`` back; it counts as free only if no request is waiting for it."""
        assert self._idle is not None
        self._idle.put_nowait(worker)
        if self._waiting == 0:
            self._none_free_since = None

    def store_changed(self) -> None:
        """The server wrote to the store: workers reopen it before their next query."""
        self.version += 1

    def busy_for(self) -> float:
        """Seconds since a worker was last free for a new request (0 while one is)."""
        since = self._none_free_since
        return 0.0 if since is None else time.monotonic() - since

    async def answer(self, sparql: str, accept: str | None) -> Payload:
        """The serialized answer; Problem/KGError as the endpoint reports them."""
        assert self._idle is not None and self._loop is not None
        deadline = time.monotonic() + self.timeout
        # Requests that arrive together all register before any of them takes a worker,
        # so the bound counts every registered request against the free workers.
        if self._waiting >= self._idle.qsize() + self.queue:
            raise queue_full(self.queue)
        self._waiting += 1
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            raise Busy(no_worker(self.timeout)) from None
        finally:
            self._waiting -= 1
        if self._idle.empty() and self._none_free_since is None:
            self._none_free_since = time.monotonic()
        job = Job(sparql, accept, self.version, deadline - time.monotonic())
        try:
            reply = await self._loop.run_in_executor(
                self._threads, self._exchange, worker, job, deadline
            )
        except Overrun as exc:
            self._loop.run_in_executor(self._threads, self._replace, worker)
            raise Busy(str(exc)) from None
        self._release(worker)
        return _payload(reply)

    def _exchange(self, worker: Worker, job: Job, deadline: float) -> Reply:
        """Send the job, wait for the reply while watching time, memory and life."""
        try:
            worker.conn.send(job)
            while not worker.conn.poll(POLL_SECONDS):
                if time.monotonic() > deadline:
                    raise Overrun(f"the query ran past the time limit of {self.timeout:g} s")
                if self.memory and worker.rss() > self.memory:
                    raise Overrun(
                        f"the query needed more than the memory limit of "
                        f"{self.memory // (1024 * 1024)} MB"
                    )
            return worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            raise Overrun("the query's worker process died") from None


def _payload(reply: Reply) -> Payload:
    kind = reply[0]
    if kind == "ok":
        return Payload(reply[1], reply[2])  # type: ignore[arg-type]
    if kind == "problem":
        raise Problem(reply[1], reply[2])  # type: ignore[arg-type]
    raise reply[1]  # type: ignore[misc]


def make_pool(store: Store, options: Any) -> QueryPool | None:
    """A pool for an on-disk Oxigraph store (its workers open it read-only); None for the
    other stores, whose queries the thread runner can stop or bound by itself."""
    from kg.store.oxigraph import OxigraphStore

    if not isinstance(store, OxigraphStore):
        return None
    settings = Settings(
        store.path,
        options.max_results,
        options.allow_federation,
        server=os.getpid(),
        memory_mb=options.max_query_memory_mb,
    )
    return QueryPool(
        settings,
        workers=options.workers,
        queue=options.queue,
        timeout=options.timeout,
        memory_mb=options.max_query_memory_mb,
    )


@contextlib.asynccontextmanager
async def running(pool: QueryPool | None) -> Any:
    """Start ``pool`` with the app and stop it with the app (a Starlette lifespan)."""
    if pool is not None:
        await pool.start()
    try:
        yield
    finally:
        if pool is not None:
            pool.close()
