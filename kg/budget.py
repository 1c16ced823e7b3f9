"""A time and memory budget per article, enforced in the process that extracts it.

Extraction cost grows faster than the text (a dense 2 MB article took half an hour and
2.8 GB), so each article runs under a budget: wall-clock seconds, and megabytes of growth
of the process's resident memory from the moment the article started. A watcher thread
looks at both every :data:`TICK_SECONDS` and, past either, raises :class:`OverTime` or
:class:`OverMemory` in the extracting thread (``PyThreadState_SetAsyncExc``), which stops
spaCy at its next Python step; the article becomes one error and the build goes on. The
check lives where the work runs (this process, a worker process, a Dask worker's thread),
so it holds whether or not the process that started the work is still there.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

#: Defaults: a 200 KB article of dense prose (one line) took 29 s and grew the process
#: by 360 MB on a busy 2-core machine.
DEFAULT_SECONDS = 300.0
DEFAULT_MEGABYTES = 2048
#: How often the budget is looked at.
TICK_SECONDS = 0.2
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Budget:
    """What one article may take: ``seconds`` of wall time, ``megabytes`` of memory growth
    (0 for either: no limit)."""

    seconds: float = DEFAULT_SECONDS
    megabytes: int = DEFAULT_MEGABYTES

    def explain(self, overrun: OverBudget) -> str:
        """The one-line reason for an article stopped by ``overrun``, with the way out."""
        if isinstance(overrun, OverTime):
            return (
                f"over the time budget of {self.seconds:g} s per article; stopped "
                "(raise it with --article-timeout)"
            )
        return (
            f"over the memory budget of {self.megabytes} MB per article; stopped "
            "(raise it with --article-memory)"
        )


#: The budget of a build that names none.
DEFAULT_BUDGET = Budget()


class OverBudget(BaseException):
    """Raised in the extracting thread when an article overruns its budget.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` on the way
    up (spaCy's, kg's own per-article guard) takes it for an ordinary failure.
    """


class OverTime(OverBudget):
    """The article ran past its time budget."""


class OverMemory(OverBudget):
    """The article grew the process past its memory budget."""


def resident_bytes() -> int:
    """This process's resident memory now (from ``/proc/self/statm``)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * _PAGE


def _raise_in(ident: int, kind: type[BaseException] | None) -> None:
    """Raise ``kind`` in thread ``ident`` at its next Python step (None: cancel that)."""
    exc = ctypes.py_object(kind) if kind is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), exc)


@contextmanager
def within(budget: Budget) -> Iterator[None]:
    """Run the block under ``budget``: OverTime or OverMemory out of it on an overrun."""
    if not (budget.seconds or budget.megabytes):
        yield
        return
    target = threading.get_ident()
    started = time.monotonic()
    baseline = resident_bytes()
    lock = threading.Lock()
    finished = threading.Event()

    def watch() -> None:
        while not finished.wait(TICK_SECONDS):
            overrun: type[OverBudget] | None = None
            if budget.seconds and time.monotonic() - started > budget.seconds:
                overrun = OverTime
            elif budget.megabytes and resident_bytes() - baseline > budget.megabytes * 2**20:
                overrun = OverMemory
            if overrun is not None:
                with lock:
                    if not finished.is_set():
                        _raise_in(target, overrun)
                return

    watcher = threading.Thread(target=watch, name="kg-budget", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        with lock:
            finished.set()
            _raise_in(target, None)
        watcher.join()
