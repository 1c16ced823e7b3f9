"""Per-client caps on queries, as public endpoints have them (the Wikidata Query Service
gives each client a budget of query time per minute).

A client is a remote address. Each may have at most ``queries`` queries running or
waiting at once, and spend at most ``seconds`` of query time (the time its queries held a
worker, queueing not counted: a busy server must not bill its clients for each other) in
any minute. Past either cap a query gets 429 with ``Retry-After`` at once: 1 s, or the
seconds until enough of the last minute's time has aged out.
"""

from __future__ import annotations

import math
import time
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from kg.server.protocol import Problem

#: The window over which a client's query time is counted, in seconds.
WINDOW_SECONDS = 60.0


@dataclass
class Meter:
    """The query time one admitted query is charged: what the code that ran it reports,
    else the time from its admission to its answer."""

    seconds: float | None = None

    def charge(self, seconds: float) -> None:
        """Charge ``seconds`` of worker time."""
        self.seconds = (self.seconds or 0.0) + seconds


class ClientCaps:
    """Caps for every client; ``queries`` or ``seconds`` 0 turns that cap off."""

    def __init__(self, queries: int, seconds: float) -> None:
        self.queries = queries
        self.seconds = seconds
        self._open: Counter[str] = Counter()
        self._spent: dict[str, deque[tuple[float, float]]] = {}

    def spent(self, client: str, now: float) -> float:
        """Seconds of query time ``client`` spent in the window before ``now``."""
        history = self._spent.get(client)
        if history is None:
            return 0.0
        while history and history[0][0] < now - WINDOW_SECONDS:
            history.popleft()
        if not history:
            del self._spent[client]
            return 0.0
        return sum(seconds for _, seconds in history)

    def _refuse(self, client: str, now: float) -> Problem | None:
        if self.queries and self._open[client] >= self.queries:
            return Problem(
                429,
                f"too many queries at once from {client}: at most {self.queries} may run or "
                "wait at a time; send the next when one has answered",
                {"Retry-After": "1"},
            )
        spent = self.spent(client, now)
        if self.seconds and spent >= self.seconds:
            history = self._spent[client]
            total, wait = spent, 0.0
            for finished, seconds in history:
                total -= seconds
                wait = finished + WINDOW_SECONDS - now
                if total < self.seconds:
                    break
            return Problem(
                429,
                f"{client} has used {spent:.0f} s of query time in the last minute, past the "
                f"cap of {self.seconds:g} s; try again in {math.ceil(wait)} s",
                {"Retry-After": str(max(1, math.ceil(wait)))},
            )
        return None

    @contextmanager
    def admit(self, client: str) -> Iterator[Meter]:
        """Run one query of ``client`` if it is within its caps; Problem 429 if not."""
        now = time.monotonic()
        refusal = self._refuse(client, now)
        if refusal is not None:
            raise refusal
        self._open[client] += 1
        meter = Meter()
        try:
            yield meter
        finally:
            self._open[client] -= 1
            if not self._open[client]:
                del self._open[client]
            if self.seconds:
                finished = time.monotonic()
                spent = finished - now if meter.seconds is None else meter.seconds
                self._spent.setdefault(client, deque()).append((finished, spent))
