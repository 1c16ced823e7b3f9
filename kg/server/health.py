"""Health checks and the store's presence.

``/healthz`` says the server process is alive and answering (200 while it can answer at
all). ``/readyz`` says whether a query would be answered now: the store is there, a
trivial query answers within :data:`READY_SECONDS`, and requests are not piling up; the
reason is in the body, with 503, when it is not ready.

A store deleted or unmounted under a running server would answer some queries from
files still open and fail others; :class:`StoreGuard` answers every request but the
health checks 503 with one message as soon as the store's directory is gone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.responses import JSONResponse, PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from kg.store.base import Store

#: How long the trivial query of ``/readyz`` may take.
READY_SECONDS = 2.0
#: Paths that report on the store themselves, so the guard lets them through.
HEALTH_PATHS = frozenset({"/healthz", "/readyz"})
#: Probes still running after their answer was given up on (kept from the collector).
_LATE: set[asyncio.Future[object]] = set()


def missing(store: Store) -> str | None:
    """Why ``store`` cannot be read any more (its directory is gone), or None."""
    from kg.store.oxigraph import OxigraphStore

    if isinstance(store, OxigraphStore) and not (store.path / "CURRENT").is_file():
        return (
            f"the store {store.path} is gone (deleted, moved or unmounted); "
            "this server answers no query until it is restarted on a store"
        )
    return None


class StoreGuard:
    """ASGI middleware: 503 for every request but the health checks once the store is gone."""

    def __init__(self, app: ASGIApp, store: Store) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] not in HEALTH_PATHS:
            reason = missing(self.store)
            if reason is not None:
                response = PlainTextResponse(reason + "\n", 503, headers={"Retry-After": "60"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def alive(request: Any) -> JSONResponse:
    """``/healthz``: the process answers."""
    return JSONResponse({"status": "alive"})


async def ready(
    store: Store, probe: Callable[[], Awaitable[object]], busy_for: float, timeout: float
) -> JSONResponse:
    """``/readyz``: 200 ``{"status": "ready"}``, or 503 with the reason.

    ``probe`` runs a trivial query the way a request's query would run; ``busy_for`` is
    how long no worker has been free for a new request.
    """

    def not_ready(reason: str, **more: object) -> JSONResponse:
        return JSONResponse({"status": "not ready", "reason": reason, **more}, 503)

    reason = missing(store)
    if reason is not None:
        return not_ready(reason)
    if busy_for > timeout:
        return not_ready(
            f"no query worker has been free for {busy_for:.1f} s, longer than the time limit",
            seconds=round(busy_for, 1),
        )
    # A probe given up on runs to its end, so that it gives back what it took (a worker).
    running = asyncio.ensure_future(probe())
    try:
        await asyncio.wait_for(asyncio.shield(running), READY_SECONDS)
    except TimeoutError:
        _LATE.add(running)
        running.add_done_callback(_LATE.discard)
        return not_ready(f"a trivial query did not answer within {READY_SECONDS:g} s")
    except Exception as exc:
        return not_ready(f"a trivial query failed: {' '.join(str(exc).split())}")
    return JSONResponse({"status": "ready"})
