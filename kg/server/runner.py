"""Run store work off the event loop in threads, with a deadline and a bound on runaway work.

Each operation runs in its own daemon thread. When the deadline passes the request is
answered at once (503) and the thread is interrupted by raising :class:`Deadline` in it
(``PyThreadState_SetAsyncExc``). That stops pure-Python evaluation (the rdflib memory
store) at its next bytecode; it cannot stop native code. So the server runs queries on an
on-disk Oxigraph store in worker processes instead (:mod:`kg.server.pool`), and this
runner serves the other stores, updates, and the page and stats. At most ``slots``
operations run at once, counting timed-out ones still winding down; up to ``queue`` more
wait for a slot; beyond that a request gets 503 with ``Retry-After`` at once.
"""

from __future__ import annotations

import asyncio
import ctypes
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from kg.errors import KGError
from kg.server.protocol import Problem

T = TypeVar("T")
#: What a queue-full 503 asks the client to wait, in seconds.
RETRY_AFTER = "1"


class Deadline(BaseException):
    """Raised inside a worker thread past its deadline (BaseException: not swallowed)."""


class Busy(KGError):
    """No operation could start or finish in time; the HTTP layer answers 503."""


class ReadWriteLock:
    """Many readers or one writer: queries may run together, an update runs alone."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing and not self._readers)
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


def no_worker(timeout: float) -> str:
    """Why a request that waited its whole time in the queue gets 503."""
    return f"no worker was free within the time limit of {timeout:g} s"


def queue_full(queue: int) -> Problem:
    """The 503 for a request that finds every worker busy and the queue full."""
    return Problem(
        503,
        f"the server is busy: every worker is taken and {queue} requests are waiting; "
        "try again shortly",
        {"Retry-After": RETRY_AFTER},
    )


class Runner:
    """Runs blocking store calls in worker threads under a time limit, ``slots`` at once,
    with at most ``queue`` more waiting for a slot."""

    def __init__(self, timeout: float, slots: int = 4, queue: int = 64) -> None:
        self.timeout = timeout
        self.queue = queue
        self.lock = ReadWriteLock()
        self._slots = threading.BoundedSemaphore(slots)
        self._free = slots
        self._waiting = 0
        self._none_free_since: float | None = None

    def busy_for(self) -> float:
        """Seconds since a slot was last free (0 while one is free)."""
        since = self._none_free_since
        return 0.0 if since is None else time.monotonic() - since

    async def _acquire(self, deadline: float) -> None:
        """Take a slot, waiting in the queue until ``deadline`` if there is room in it."""
        if not self._slots.acquire(blocking=False):
            if self._waiting >= self.queue:
                raise queue_full(self.queue)
            self._waiting += 1
            try:
                while not self._slots.acquire(blocking=False):
                    if time.monotonic() > deadline:
                        raise Busy(no_worker(self.timeout))
                    await asyncio.sleep(0.01)
            finally:
                self._waiting -= 1
        self._free -= 1
        if self._free == 0:
            self._none_free_since = time.monotonic()

    def _release(self) -> None:
        """Free a slot; it counts as free only if no request is waiting for one."""
        self._free += 1
        if self._waiting == 0:
            self._none_free_since = None
        self._slots.release()

    async def run(self, work: Callable[[], T], *, interruptible: bool = True) -> T:
        """The result of ``work()``; Busy past the deadline, Problem 503 if the queue is full.

        ``interruptible=False`` (updates) lets late work finish instead of raising in it:
        an rdflib update stopped half way would leave half its changes behind.
        """
        deadline = time.monotonic() + self.timeout
        await self._acquire(deadline)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        state = threading.Lock()
        running = [True]

        def settle(value: T | None, error: BaseException | None) -> None:
            if future.done():
                return
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(value)  # type: ignore[arg-type]

        def target() -> None:
            value: T | None = None
            error: BaseException | None = None
            try:
                try:
                    value = work()
                except BaseException as exc:
                    error = exc
                finally:
                    with state:
                        running[0] = False
                if not loop.is_closed():
                    loop.call_soon_threadsafe(settle, value, error)
            except (Deadline, RuntimeError):
                pass  # the answer was already sent; the loop may be gone
            finally:
                self._release()

        thread = threading.Thread(target=target, name="kg-sparql", daemon=True)
        thread.start()
        try:
            return await asyncio.wait_for(
                asyncio.shield(future), max(0.0, deadline - time.monotonic())
            )
        except TimeoutError:
            future.cancel()
            if interruptible:
                with state:
                    if running[0] and thread.ident is not None:
                        _interrupt(thread.ident)
            raise Busy(f"the query ran past the time limit of {self.timeout:g} s") from None


def _interrupt(ident: int) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(Deadline))
