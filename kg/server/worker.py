"""A query worker process: answers queries on its own read-only handle to the store.

The server sends a :class:`Job` down a pipe and gets back ``("ok", body, media type)``,
``("problem", status, message)`` or ``("error", exception)``. A worker is disposable: the
server kills it when a query overruns the time or memory limit (pyoxigraph cannot cancel
a query) and starts another, which frees the CPU and the memory the query held.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from kg.errors import KGError
from kg.lifeline import limit_memory, watch_process
from kg.server.answer import answer_query
from kg.server.protocol import Problem
from kg.store.oxigraph import OxigraphStore
from kg.store.parsing import warm_up

#: How much lower a worker's CPU priority is than the server's.
NICENESS = 5
#: Seconds a worker lets a query run past the server's deadline before its own timer
#: kills it: the server normally kills it first; the timer holds if the server cannot.
GRACE_SECONDS = 2.0
#: A worker's own memory cap, as a multiple of the server's limit on its resident size:
#: the cap counts reserved memory (``RLIMIT_DATA``), which runs ahead of resident memory.
MEMORY_HEADROOM = 2
#: What a worker sends back (see the module notes).
Reply = tuple[object, ...]


@dataclass(frozen=True)
class Settings:
    """Fixed for a worker's life."""

    path: Path
    max_results: int
    federation: bool
    #: The server's pid: the worker exits when that process does.
    server: int
    #: The server's limit on a worker's resident size, in MB (0: none).
    memory_mb: int


@dataclass(frozen=True)
class Job:
    """One query; ``version`` counts the server's own updates, so the worker reopens the
    store to see one at once instead of at its next periodic look; ``seconds`` is the time
    left before the server's deadline."""

    sparql: str
    accept: str | None
    version: int
    seconds: float


def reply_for(store: OxigraphStore, job: Job, settings: Settings) -> Reply:
    """The answer to ``job`` as a picklable reply, never an exception."""
    try:
        payload = answer_query(
            store,
            job.sparql,
            job.accept,
            max_results=settings.max_results,
            federation=settings.federation,
        )
    except Problem as problem:
        return ("problem", problem.status, problem.message)
    except KGError as exc:
        return ("error", exc)
    except Exception as exc:
        return ("error", KGError(f"query failed ({type(exc).__name__}: {exc})"))
    return ("ok", payload.body, payload.media_type)


def serve_queries(conn: Connection, settings: Settings) -> None:
    """A worker's life: open the store, warm the parser, say ready, answer until closed.

    Workers run at a lower priority than the server: when queries take every core, the
    server still accepts, queues, refuses and answers /healthz at once. A worker bounds
    itself too, so that nothing depends on a server that may be gone: it exits when the
    server does, caps its own memory, and runs each query under its own timer (SIGALRM
    left at its default action ends the process, even inside native code).
    """
    watch_process(settings.server)
    os.nice(NICENESS)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    store = OxigraphStore(settings.path, read_only=True)
    warm_up()
    if settings.memory_mb:
        limit_memory(MEMORY_HEADROOM * settings.memory_mb * 1024 * 1024)
    version = 0
    conn.send(("ready",))
    while True:
        try:
            job: Job = conn.recv()
        except (EOFError, OSError):
            return
        signal.setitimer(signal.ITIMER_REAL, max(job.seconds, 0.0) + GRACE_SECONDS)
        if job.version != version:
            store.follow(force=True)
            version = job.version
        reply = reply_for(store, job, settings)
        if reply[0] == "error" and "IO error" in str(reply[1]):
            store.follow(force=True)  # the writer compacted away a file this handle needed
            reply = reply_for(store, job, settings)
        signal.setitimer(signal.ITIMER_REAL, 0)
        conn.send(reply)
