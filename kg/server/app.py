"""The Starlette application: /sparql (a query editor without a query), the explorer at /
(kg.server.explorer), /stats, /healthz and /readyz (kg.server.health)."""

from __future__ import annotations

import dataclasses
import hmac
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.errors import KGError, QueryError, StoreError
from kg.rdf.namespaces import SPARQL_PREFIXES
from kg.server.answer import answer_query
from kg.server.clients import ClientCaps, Meter
from kg.server.explorer import Explorer
from kg.server.health import StoreGuard, alive, ready
from kg.server.pool import make_pool, running
from kg.server.protocol import Operation, Problem, read_operation
from kg.server.results import Payload, TooLarge
from kg.server.runner import Busy, Runner
from kg.server.safety import inspect_update
from kg.sparql import prepare
from kg.store.base import Store
from kg.store.parsing import warm_up
from kg.view.editor import editor_page

T = TypeVar("T")

STATS_QUERY = (
    SPARQL_PREFIXES
    + """SELECT (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?c) AS ?countries)
WHERE { { ?a a dip:Article } UNION { ?c a dip:Country } }"""
)


@dataclass(frozen=True)
class Options:
    """The endpoint's limits and permissions (see :func:`create_app`)."""

    allow_update: bool = False
    update_token: str | None = None
    timeout: float = 30.0
    max_results: int = 10_000
    max_request_bytes: int = 1_000_000
    allow_federation: bool = False
    refresh_seconds: float = 60.0
    workers: int = 4
    queue: int = 64
    max_query_memory_mb: int = 1024
    client_queries: int = 16
    client_seconds: float = 120.0


class Endpoint:
    """The request handlers over one store; holds the explorer/stats cache."""

    def __init__(self, store: Store, options: Options) -> None:
        if options.allow_update and not options.update_token:
            raise KGError("updates need a token: set KG_UPDATE_TOKEN (update_token)")
        self.store = store
        self.options = options
        self.runner = Runner(options.timeout, options.workers, options.queue)
        self.pool = make_pool(store, options)
        self.clients = ClientCaps(options.client_queries, options.client_seconds)
        self.version = 0
        self._cache: dict[str, tuple[int, float, Any]] = {}

    async def sparql(self, request: Request) -> Response:
        if request.method in ("GET", "HEAD") and not request.url.query:
            return HTMLResponse(editor_page())
        operation = await read_operation(request, self.options.max_request_bytes)
        operation = dataclasses.replace(
            operation, text=prepare(operation.text, update=operation.kind == "update")
        )
        if operation.kind == "update":
            return await self._update(request, operation)
        accept = request.headers.get("accept")
        client = client_of(request)
        with self.clients.admit(client) as meter:
            payload = await self._query(operation.text, accept, client, meter)
        return Response(payload.body, media_type=payload.media_type, headers={"Vary": "Accept"})

    async def _query(
        self, sparql: str, accept: str | None, client: str, meter: Meter | None = None
    ) -> Payload:
        """A query answered in the worker pool, or by the runner for other stores; the
        pool charges ``meter`` with the time the query held a worker."""
        if self.pool is not None:
            return await self.pool.answer(sparql, accept, client, meter)
        return await self.runner.run(lambda: self._answer(sparql, accept))

    def _answer(self, sparql: str, accept: str | None) -> Payload:
        """Inspect, negotiate, evaluate, serialize: all in the worker, under the deadline."""
        with self.runner.lock.read():
            return answer_query(
                self.store,
                sparql,
                accept,
                max_results=self.options.max_results,
                federation=self.options.allow_federation,
            )

    async def _update(self, request: Request, operation: Operation) -> Response:
        if not self.options.allow_update:
            raise Problem(403, "SPARQL Update is disabled: this endpoint is read-only")
        if not self._authorized(request.headers.get("authorization", "")):
            raise Problem(403, "SPARQL Update needs the header 'Authorization: Bearer <token>'")

        def apply() -> None:
            inspect_update(operation.text, federation=self.options.allow_federation)
            with self.runner.lock.write():
                try:
                    self.store.update(operation.text)
                finally:
                    self.version += 1
                    if self.pool is not None:
                        self.pool.store_changed()

        await self.runner.run(apply, interruptible=False)
        return PlainTextResponse("update applied\n")

    def _authorized(self, header: str) -> bool:
        scheme, _, given = header.partition(" ")
        token = self.options.update_token or ""
        return scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode(), token.encode()
        )

    def _cached(self, key: str, make: Callable[[], T]) -> T:
        """``make()``, reused until an update here or ``refresh_seconds`` later.

        Why a time limit and not the store's size: counting a large store takes seconds
        (3.5 s at 100k articles), and a remote store may change under us without telling.
        """
        with self.runner.lock.read():
            now = time.monotonic()
            hit = self._cache.get(key)
            if hit is not None:
                version, made, value = hit
                if version == self.version and now - made < self.options.refresh_seconds:
                    return value
            value = make()
            self._cache[key] = (self.version, now, value)
            return value

    def _stats(self) -> dict[str, int | bool]:
        """Articles, triples, countries, and meetings and reports as :mod:`kg.counts` counts."""
        from kg.counts import totals

        row = next(iter(self.store.query(STATS_QUERY)))
        found = totals(self.store.query)
        return {
            "articles": int(row["articles"]),
            "triples": len(self.store),
            "countries": int(row["countries"]),
            "meetings": found.meetings,
            "reports": found.reports,
            "canonical": found.canonical,
        }

    async def stats(self, request: Request) -> Response:
        return JSONResponse(await self.runner.run(lambda: self._cached("stats", self._stats)))

    async def readyz(self, request: Request) -> Response:
        """Ready for a query: see :func:`kg.server.health.ready`."""
        busy_for = (self.pool or self.runner).busy_for()
        return await ready(
            self.store,
            lambda: self._query("ASK {}", "application/sparql-results+json", "kg:readyz"),
            busy_for,
            self.options.timeout,
        )


def client_of(request: Request) -> str:
    """Who sends ``request``, for the per-client caps: its address, and the web page's
    origin when a browser sends one (a page on another site gets caps of its own, apart
    from the user's own tools on the same machine)."""
    address = request.client.host if request.client else "unknown"
    origin = request.headers.get("origin")
    return f"{address} ({origin})" if origin else address


_STATUS: list[tuple[type[Exception], int]] = [
    (Problem, 0),
    (TooLarge, 413),
    (Busy, 503),
    (QueryError, 400),
    (StoreError, 503),
    (KGError, 500),
]


async def _error(request: Request, exc: Exception) -> Response:
    """Every refusal as plain text with the status that names it."""
    if isinstance(exc, Problem):
        return PlainTextResponse(exc.message + "\n", exc.status, headers=exc.headers)
    status = next(code for kind, code in _STATUS if isinstance(exc, kind))
    return PlainTextResponse(f"{exc}\n", status)


@asynccontextmanager
async def _serving(app: Starlette, endpoint: Endpoint, explorer: Explorer) -> AsyncIterator[None]:
    """The query workers and the explorer's tables live as long as the app; the tables are
    loaded or read while the workers start."""
    async with explorer.lifespan(app), running(endpoint.pool):
        yield


def create_app(
    store: Store,
    *,
    allow_update: bool = False,
    update_token: str | None = None,
    timeout: float = 30.0,
    max_results: int = 10_000,
    max_request_bytes: int = 1_000_000,
    allow_federation: bool = False,
    refresh_seconds: float = 60.0,
    workers: int = 4,
    queue: int = 64,
    max_query_memory_mb: int = 1024,
    client_queries: int = 16,
    client_seconds: float = 120.0,
) -> Starlette:
    """The ASGI app serving ``store`` over the SPARQL 1.1 Protocol, read-only by default.

    Why these defaults: an endpoint on a laptop is reachable by every web page the user
    opens (CORS is open for reads), so writes need an explicit flag and a bearer token,
    and nothing a query says may make the server fetch from the network or disk. Queries
    on an on-disk store run in ``workers`` processes, killed and replaced when one runs
    past ``timeout`` or ``max_query_memory_mb``; ``queue`` more requests may wait. Each
    client (address) may have ``client_queries`` queries running or waiting, and spend
    ``client_seconds`` of query time a minute (0: no cap); past that it gets 429.
    """
    warm_up()
    endpoint = Endpoint(
        store,
        Options(
            allow_update=allow_update,
            update_token=update_token,
            timeout=timeout,
            max_results=max_results,
            max_request_bytes=max_request_bytes,
            allow_federation=allow_federation,
            refresh_seconds=refresh_seconds,
            workers=workers,
            queue=queue,
            max_query_memory_mb=max_query_memory_mb,
            client_queries=client_queries,
            client_seconds=client_seconds,
        ),
    )
    routes = [
        Route("/sparql", endpoint.sparql, methods=["GET", "POST"]),
        Route("/stats", endpoint.stats, methods=["GET"]),
        Route("/healthz", alive, methods=["GET"]),
        Route("/readyz", endpoint.readyz, methods=["GET"]),
    ]
    explorer = Explorer(store, lambda: endpoint.version)
    cors = Middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST"],
        allow_headers=["Accept", "Content-Type"],
    )
    app = Starlette(
        routes=[*routes, *explorer.routes()],
        middleware=[cors, Middleware(StoreGuard, store=store)],
        exception_handlers={KGError: _error, Problem: _error},
        lifespan=lambda app: _serving(app, endpoint, explorer),
    )
    app.state.endpoint = endpoint
    return app
