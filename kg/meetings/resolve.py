"""Resolution: after a build, the reports of the changed articles and every report or
meeting that shares a block key with them, transitively, are resolved again from scratch.

Why from scratch and not by adding to the stored meetings: clustering a closed set of
reports in content order gives the meetings that resolving the whole store would give,
so the same corpus built in any order, in batches or with workers, has the same
meetings and IRIs; and the work grows with the new reports, not with the store.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from kg.meetings import storage
from kg.meetings.canonical import Meeting, merge
from kg.meetings.cluster import Outcome, cluster
from kg.meetings.reports import Report, read_reports
from kg.meetings.rule import probe_keys
from kg.store.base import Store


@dataclass(frozen=True)
class Resolution:
    """What one resolution did: reports and meetings considered, meetings rewritten, and
    the seconds spent reading the store, clustering, and writing. One of several steps
    (:data:`STEP`) counts the reports of its articles, the meetings the store then
    holds, and the meetings its steps removed and wrote, added up."""

    reports: int
    meetings: int
    removed: int
    written: int
    read: float
    clustering: float
    write: float

    @property
    def seconds(self) -> float:
        """The whole resolution."""
        return self.read + self.clustering + self.write

    def __str__(self) -> str:
        return (f"{self.reports} reports resolved into {self.meetings} meetings "
                f"({self.written} written, {self.removed} replaced or removed) "
                f"in {self.seconds:.1f} s")


@dataclass(frozen=True)
class Neighbourhood:
    """A closed set of reports (everything that could share a meeting with them) and the
    stored meetings they are in."""

    reports: dict[str, Report]
    stored: dict[str, storage.Stored]

    def resolve(self) -> tuple[list[Meeting], dict[str, Outcome]]:
        """The meetings of these reports, and each report's outcome."""
        clusters, outcomes = cluster(self.reports.values())
        return [merge(c) for c in clusters], outcomes


def neighbourhood(
    store: Store, reports: Iterable[Report], meetings: Iterable[str] = ()
) -> Neighbourhood:
    """Close ``reports`` and ``meetings`` over block keys: every stored meeting filed under a
    key they probe, and that meeting's reports, until nothing new turns up."""
    known = {r.iri: r for r in reports}
    stored: dict[str, storage.Stored] = {}
    frontier = list(known.values())
    found = set(meetings)
    probed: set[str] = set()
    while True:
        keys = {k for r in frontier for k in probe_keys(r)} - probed
        probed |= keys
        found |= storage.filed_under(store, keys) if keys else set()
        found -= stored.keys()
        if not found:
            return Neighbourhood(known, stored)
        stored.update(storage.statements(store, found))
        missing = {e for m in found if m in stored for e in stored[m].reports} - known.keys()
        frontier = read_reports(store, events=missing) if missing else []
        known.update((r.iri, r) for r in frontier)
        found = set()


#: Articles a step of a resolution reads: its memory follows this, not the store.
STEP = 1_000


def resolve(store: Store, articles: Iterable[str] | None = None, *,
            step: int = STEP) -> Resolution:
    """Resolve the reports of ``articles`` (IRIs) into canonical meetings, or of every article.

    With articles, only the meetings that can change are read and rewritten: those the
    articles report now or reported before, and those sharing a block key with them.
    Without, or in a store that holds no canonical meetings yet (a first build, or one
    built with resolution off), the meetings graph is emptied and rebuilt from every
    report. Either way the articles are taken ``step`` at a time, each step an incremental
    resolution (which gives the meetings resolving them all at once would give, since each
    step reads back the meetings the steps before wrote under the same block keys): memory
    stays flat in the size of the store and of the build.
    """
    if articles is not None and storage.resolved(store):
        steps = _steps(store, sorted(set(articles)), step)
        if len(steps) == 1:
            return steps[0][0]
        removed = sum(done.removed for done, _ in steps)
        written = sum(done.written for done, _ in steps)
        meetings = storage.count(store)
    else:
        removed = storage.clear(store)
        steps = _steps(store, storage.articles(store), step)
        meetings = written = storage.count(store)
    return Resolution(sum(own for _, own in steps), meetings, removed, written,
                      sum(done.read for done, _ in steps),
                      sum(done.clustering for done, _ in steps),
                      sum(done.write for done, _ in steps))


def _steps(store: Store, articles: list[str], step: int) -> list[tuple[Resolution, int]]:
    """Resolve these articles ``step`` at a time (one step at least): each step's
    resolution, and the reports its own articles hold."""
    return [_resolve_changed(store, set(articles[start:start + step]))
            for start in range(0, max(len(articles), 1), step)]


def _resolve_changed(store: Store, changed: set[str]) -> tuple[Resolution, int]:
    """Resolve again the meetings these articles can change; and how many reports the
    articles themselves hold."""
    started = time.perf_counter()
    own = read_reports(store, articles=changed)
    area = neighbourhood(store, own, storage.reported_in(store, changed))
    read = time.perf_counter()
    meetings, _ = area.resolve()
    clustered = time.perf_counter()
    names = storage.labels(store, {s for m in meetings for s in m.sides})
    new = {m.iri: m.triples(names) for m in meetings}
    old = {iri: stored.lines for iri, stored in area.stored.items()}
    removed, written = storage.write(store, old, new)
    return Resolution(len(area.reports), len(meetings), removed, written, read - started,
                      clustered - read, time.perf_counter() - clustered), len(own)
