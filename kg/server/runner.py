"""Run store work off the event loop, with a deadline and a bound on runaway work.

Each operation runs in its own daemon thread. When the deadline passes the request is
answered at once (503) and the thread is interrupted by raising :class:`Deadline` in it
(``PyThreadState_SetAsyncExc``). That stops pure-Python evaluation (the rdflib memory
store) at its next bytecode; it cannot stop native code: pyoxigraph evaluates a whole
query in Rust and exposes no cancellation (0.5), so an Oxigraph query runs on after its
503 until it finishes. A process could be killed, but the store lives in this process.
What bounds the damage is ``slots``: at most that many operations run at once, counting
timed-out ones still winding down, and a request that finds no free slot gets 503 too.
"""

from __future__ import annotations

import asyncio
import ctypes
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from kg.errors import KGError

T = TypeVar("T")


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


class Runner:
    """Runs blocking store calls in worker threads under a time limit."""

    def __init__(self, timeout: float, slots: int = 4) -> None:
        self.timeout = timeout
        self.lock = ReadWriteLock()
        self._slots = threading.BoundedSemaphore(slots)

    async def run(self, work: Callable[[], T], *, interruptible: bool = True) -> T:
        """The result of ``work()``; Busy past the deadline or when every slot is taken.

        ``interruptible=False`` (updates) lets late work finish instead of raising in it:
        an rdflib update stopped half way would leave half its changes behind.
        """
        if not self._slots.acquire(blocking=False):
            raise Busy("the server is busy with other queries; try again later")
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
                self._slots.release()

        thread = threading.Thread(target=target, name="kg-sparql", daemon=True)
        thread.start()
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout)
        except TimeoutError:
            future.cancel()
            if interruptible:
                with state:
                    if running[0] and thread.ident is not None:
                        _interrupt(thread.ident)
            raise Busy(f"the query ran past the time limit of {self.timeout:g} s") from None


def _interrupt(ident: int) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(Deadline))
