"""Queries in a pool of worker processes, behind a bounded queue, under hard limits.

pyoxigraph evaluates a query in native code with no way to cancel it, so a query that
runs past the time limit, or grows past the memory limit, is stopped the only sure way:
its worker process is killed (CPU and memory come back at once) and a fresh one takes its
place. Requests wait for a free worker in a queue of at most ``queue``; beyond that the
server answers 503 with ``Retry-After`` at once. The time limit counts from arrival, so a
request that waited its whole time in the queue gets its 503 then, without running.

Two lanes keep quick queries quick under expensive ones. A client that already has a
query running never takes the last free worker: it waits for one of its own to finish,
and another client's query takes that worker. And at most ``workers - 1`` queries may
run past :data:`FAST_SECONDS` (the slow lane): a query that passes it while the slow
lane is full is cut there (503), so one worker is always back for quick queries within
seconds. A query in the slow lane also runs at a lower CPU priority
(:data:`SLOW_NICENESS`), and its worker is replaced when it is done, so that quick
queries get the cores first.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import threading
import time
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from kg.errors import KGError
from kg.server.clients import Meter
from kg.server.protocol import Problem
from kg.server.results import Payload
from kg.server.runner import Busy, no_worker, queue_full
from kg.server.worker import Job, Reply, Settings, serve_queries
from kg.store.base import Store

#: How often a running query's worker is looked at (memory, still alive).
POLL_SECONDS = 0.05
#: A query that runs longer than this is in the slow lane.
FAST_SECONDS = 2.0
#: The CPU priority of a worker in the slow lane (a fresh worker has 5, the server 0).
SLOW_NICENESS = 15
STARTUP_SECONDS = 60.0


class Overrun(Exception):
    """A query went past a limit; its worker must go."""


@dataclass(eq=False)
class Worker:
    """One worker process and the server's end of its pipe."""

    process: Any
    conn: Connection
    started: float = field(default_factory=time.monotonic)
    #: Whether it ran a query in the slow lane (at a lower priority, for good).
    slow: bool = False

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
        self._slow = threading.BoundedSemaphore(self.size - 1 or 1)
        self._idle: list[Worker] = []
        self._waiters: deque[tuple[str, asyncio.Future[Worker]]] = deque()
        self._running: Counter[str] = Counter()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._none_free_since: float | None = None
        self._all: set[Worker] = set()
        self._lock = threading.Lock()

    async def start(self) -> None:
        """Start the workers and wait until each has opened the store."""
        self._loop = asyncio.get_running_loop()
        self._idle = list(
            await asyncio.gather(
                *(self._loop.run_in_executor(self._threads, self._spawn) for _ in range(self.size))
            )
        )

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
        self._idle.append(worker)
        self._dispatch()
        if self._idle:
            self._none_free_since = None

    def _dispatch(self) -> None:
        """Hand free workers to waiting requests, oldest first; a request whose client has
        a query running is passed over for the last free worker."""
        for entry in list(self._waiters):
            if not self._idle:
                break
            client, future = entry
            if not future.done() and len(self._idle) == 1 and self._running[client]:
                continue
            self._waiters.remove(entry)
            if not future.done():
                self._running[client] += 1
                future.set_result(self._idle.pop())
        if not self._idle and self._none_free_since is None:
            self._none_free_since = time.monotonic()

    def _done(self, client: str) -> None:
        self._running[client] -= 1
        if not self._running[client]:
            del self._running[client]

    def store_changed(self) -> None:
        """The server wrote to the store: workers reopen it before their next query."""
        self.version += 1

    def busy_for(self) -> float:
        """Seconds since a worker was last free for a new request (0 while one is)."""
        since = self._none_free_since
        return 0.0 if since is None else time.monotonic() - since

    async def answer(
        self, sparql: str, accept: str | None, client: str = "", meter: Meter | None = None
    ) -> Payload:
        """The serialized answer; Problem/KGError as the endpoint reports them. ``meter``
        is charged with the seconds the query held a worker."""
        assert self._loop is not None
        deadline = time.monotonic() + self.timeout
        waiting = sum(not future.done() for _, future in self._waiters)
        if waiting >= len(self._idle) + self.queue:
            raise queue_full(self.queue)
        future: asyncio.Future[Worker] = self._loop.create_future()
        self._waiters.append((client, future))
        self._dispatch()
        try:
            worker = await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            if future.done() and not future.cancelled():  # a worker came as time ran out
                self._done(client)
                self._release(future.result())
            raise Busy(no_worker(self.timeout)) from None
        job = Job(sparql, accept, self.version, deadline - time.monotonic())
        started = time.monotonic()
        try:
            reply = await self._loop.run_in_executor(
                self._threads, self._exchange, worker, job, deadline
            )
        except Overrun as exc:
            self._loop.run_in_executor(self._threads, self._replace, worker)
            raise Busy(str(exc)) from None
        finally:
            self._done(client)
            if meter is not None:
                meter.charge(time.monotonic() - started)
        if worker.slow:  # its priority cannot be raised again without privileges
            self._loop.run_in_executor(self._threads, self._replace, worker)
        else:
            self._release(worker)
        return _payload(reply)

    def _exchange(self, worker: Worker, job: Job, deadline: float) -> Reply:
        """Send the job, wait for the reply while watching time, memory, lane and life."""
        slow_after = time.monotonic() + FAST_SECONDS
        slow = False
        try:
            worker.conn.send(job)
            while not worker.conn.poll(POLL_SECONDS):
                now = time.monotonic()
                if now > deadline:
                    raise Overrun(f"the query ran past the time limit of {self.timeout:g} s")
                if self.memory and worker.rss() > self.memory:
                    raise Overrun(
                        f"the query needed more than the memory limit of "
                        f"{self.memory // (1024 * 1024)} MB"
                    )
                if not slow and now > slow_after and self.size > 1:
                    slow = self._slow.acquire(blocking=False)
                    if not slow:
                        raise Overrun(
                            f"the query ran past {FAST_SECONDS:g} s while every worker but "
                            "the one kept for quick queries held a slow query; try again later"
                        )
                    worker.slow = True
                    with contextlib.suppress(OSError):
                        os.setpriority(os.PRIO_PROCESS, worker.process.pid, SLOW_NICENESS)
            return worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            raise Overrun("the query's worker process died") from None
        finally:
            if slow:
                self._slow.release()


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
