"""The explorer as ``kg serve`` sends it: the page at ``/``, its data as JSON, details on click.

The server prepares the explorer's tables (see :mod:`kg.server.tables`) in a background
thread as it starts, and keeps them until the store changes through this server; the
page then fetches them (gzip-compressed) and computes every view in the browser.
Evidence and the articles that mention an entity are looked up per click, so the data
stays a few megabytes at 100,000 articles. An on-disk store keeps the tables saved in
its directory, labelled with its stamp: a start on a store not written since the tables
were saved loads them (well under a second at 100,000 articles). Otherwise the store is
read again (half a minute of CPU at 100,000 articles) and the tables saved: at the
first start on a store, the first start after any write to it (a build, a resolve, an
update), and on the first request after an update through this server. A page asked
for before the tables are ready waits for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from kg.server.protocol import Problem
from kg.server.tables import TITLE, Stale, Tables, Unusable, key, load, refresh, saved_path
from kg.store.base import Store
from kg.store.stamp import stamp
from kg.view.data import DEFAULT_CAPS, Caps
from kg.view.html import page, remote_block
from kg.view.lookup import mention_details, report_details

#: Most meetings or actions one details request may name.
MAX_IDS = 50
LINKS = '<a href="sparql">SPARQL</a> <a href="stats">stats</a>'


class Explorer:
    """The explorer's routes over ``store``; ``version()`` changes when the store does."""

    def __init__(
        self,
        store: Store,
        version: Callable[[], int],
        *,
        title: str = TITLE,
        caps: Caps = DEFAULT_CAPS,
        wait: float = 600.0,
    ) -> None:
        self.store = store
        self.version = version
        self.title = title
        self.caps = caps
        self.wait = wait
        self.saved = saved_path(store)
        self._key = key(title, caps)
        self._lock = threading.Lock()
        self._prepared: tuple[int, Tables] | None = None
        self._building: tuple[int, threading.Event] | None = None
        self._failure: BaseException | None = None
        self._page: str | None = None

    @contextlib.asynccontextmanager
    async def lifespan(self, app: object) -> AsyncIterator[None]:
        """Start reading the store when the server starts: the first page finds it ready."""
        self.start()
        yield

    def routes(self) -> list[Route]:
        """The page at ``/`` and its JSON under ``/explorer/``."""
        return [
            Route("/", self.index, methods=["GET"]),
            Route("/explorer/data.json", self.data, methods=["GET"]),
            Route("/explorer/reports", self.reports, methods=["GET"]),
            Route("/explorer/entity", self.entity, methods=["GET"]),
            Route("/explorer/meeting", self.meeting, methods=["GET"]),
        ]

    def tables(self) -> Tables:
        """The saved tables if they are those of the store as it is now; else the store
        read into new ones, saved for the next start (where the store keeps a stamp).

        Why saved tables are not used is said in one line, but for tables this server
        saved itself before an update through it (expected to be of an earlier state).
        """
        if self.saved is not None and self.saved.exists():
            try:
                return load(self.saved, stamp(self.store.query), self._key)
            except Unusable as why:
                if not (isinstance(why, Stale) and self._prepared is not None):
                    _warn(f"the explorer's saved tables {self.saved} {why}; reading the store")
        return refresh(self.store, title=self.title, caps=self.caps)

    def _build(self, version: int, done: threading.Event) -> None:
        try:
            prepared = (version, self.tables())
            with self._lock:
                self._prepared, self._failure = prepared, None
        except Exception as exc:  # reported to every waiting request
            with self._lock:
                self._failure = exc
        finally:
            with self._lock:
                self._building = None
            done.set()

    def start(self) -> threading.Event | None:
        """Begin reading the store for its current version; None if that is done already."""
        version = self.version()
        with self._lock:
            if self._prepared is not None and self._prepared[0] == version:
                return None
            if self._building is None or self._building[0] != version:
                done = threading.Event()
                self._building = (version, done)
                threading.Thread(
                    target=self._build, args=(version, done), name="kg-explorer", daemon=True
                ).start()
            return self._building[1]

    async def prepared(self) -> Tables:
        """The tables of the store as it is now, waiting (up to ``wait`` s) for them."""
        done = self.start()
        if done is not None and not await asyncio.to_thread(done.wait, self.wait):
            raise Problem(
                503,
                "the explorer is still reading the store; try again shortly",
                {"Retry-After": "10"},
            )
        with self._lock:
            if self._failure is not None:
                raise Problem(503, f"the explorer could not read the store: {self._failure}")
            assert self._prepared is not None
            return self._prepared[1]

    async def index(self, request: Request) -> Response:
        self.start()
        if self._page is None:
            self._page = page(self.title, remote_block("explorer/data.json"), LINKS)
        return HTMLResponse(self._page)

    async def data(self, request: Request) -> Response:
        prepared = await self.prepared()
        headers = {"Vary": "Accept-Encoding", "Cache-Control": "no-cache"}
        if "gzip" in request.headers.get("accept-encoding", ""):
            headers["Content-Encoding"] = "gzip"
            return Response(prepared.gzipped, media_type="application/json", headers=headers)
        return Response(prepared.body, media_type="application/json", headers=headers)

    async def reports(self, request: Request) -> Response:
        """``?meetings=1,2`` or ``?actions=3``: ``{index: [{title, url, date, evidence}]}``."""
        prepared = await self.prepared()
        answer: dict[str, list[dict[str, Any]]] = {}
        reported = (
            ("meetings", [reports for _, reports in prepared.meetings]),
            ("actions", [(iri,) for iri in prepared.actions]),
        )
        for name, table in reported:
            numbers = _indices(request.query_params.get(name, ""), len(table))
            events = {n: table[n] for n in numbers}
            flat = [e for found in events.values() for e in found]
            details = await asyncio.to_thread(report_details, self.store.query, flat)
            for n, found in events.items():
                answer[str(n)] = [item for e in found for item in details.get(e, [])]
        return JSONResponse(answer)

    async def entity(self, request: Request) -> Response:
        """``?index=5``: the newest articles that mention entity 5, and how many there are."""
        prepared = await self.prepared()
        numbers = _indices(request.query_params.get("index", ""), len(prepared.entity_ids))
        if len(numbers) != 1:
            raise Problem(400, "give the index of one entity: ?index=N")
        iri = prepared.entity_ids[numbers[0]]
        found = await asyncio.to_thread(mention_details, self.store.query, iri, self.caps.mentions)
        return JSONResponse(found)

    async def meeting(self, request: Request) -> Response:
        """``?iri=...``: the row of the meeting with that IRI, or that a report is of."""
        prepared = await self.prepared()
        iri = request.query_params.get("iri", "")
        for n, (meeting, reports) in enumerate(prepared.meetings):
            if iri in (meeting, *reports):
                return JSONResponse({"index": n})
        raise Problem(404, f"no meeting {iri!r} in the explorer's tables")


def _warn(message: str) -> None:
    print(f"kg: warning: {message}", file=sys.stderr, flush=True)


def _indices(text: str, size: int) -> list[int]:
    """Comma-separated row numbers within ``size``; Problem 400 for anything else."""
    if not text:
        return []
    parts = text.split(",")
    # isdigit() alone takes '²', which int() refuses, and '٣', which it reads as 3.
    if len(parts) > MAX_IDS or not all(
        p.isascii() and p.isdigit() and int(p) < size for p in parts
    ):
        raise Problem(400, f"give at most {MAX_IDS} row numbers below {size}, comma-separated")
    return [int(p) for p in parts]
