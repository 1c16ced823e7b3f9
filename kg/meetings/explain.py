"""``kg explain``: a canonical meeting's reports, why each joined, and what was kept apart.

The explanation is worked out again from the store: the meeting's reports and their
neighbourhood are resolved as the build resolved them, with the rule's reasons kept. If
the store changed since (articles added without resolving), it says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.errors import KGError
from kg.meetings import storage
from kg.meetings.canonical import Meeting
from kg.meetings.cluster import Outcome
from kg.meetings.reports import Report, read_reports
from kg.meetings.resolve import neighbourhood
from kg.meetings.rule import compare, sides_text
from kg.store.base import Store

RULE = (
    "Rule: the same sides (or a subset of a multilateral meeting's, on the same day and in\n"
    "the same city as a report naming all of them); the same city, or one unknown; dates\n"
    "equal at the coarser precision (a day apart where one was read from a day word); only\n"
    "meetings that took place; calls apart from in-person meetings; reports of one article\n"
    "never merged; a report that could join several meetings kept apart."
)


@dataclass(frozen=True)
class Explanation:
    """Why a canonical meeting holds the reports it holds; ``str()`` gives the text."""

    meeting: Meeting
    outcomes: tuple[Outcome, ...]
    apart: tuple[tuple[Report, str], ...]
    names: dict[str, str]
    stale: bool = False
    roles: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    def _report(self, report: Report) -> str:
        city = self.names.get(report.city or "", report.city or "no city")
        date = f"{report.date} ({report.basis})" if report.basis else report.date or "no date"
        kinds = ", ".join(sorted(report.kinds)) or "Meeting"
        return f"{sides_text(report.sides)} · {city} · {date} · {kinds}"

    def _roles(self, report: Report) -> str:
        """"USA visitor 0.91, VNM host 0.88": who took part how, and how sure."""
        parts = [f"{self.names.get(side, side.rsplit('/', 1)[-1])} {role}"
                 + (f" {float(sure):.2f}" if sure else "")
                 for side, role, sure in self.roles.get(report.iri, [])]
        return ", ".join(parts)

    def __str__(self) -> str:
        m = self.meeting
        where = f" in {self.names.get(m.city, m.city)}" if m.city else ""
        lines = [
            m.label(self.names),
            f"<{m.iri}>",
            f"occurred on {m.date or 'an unknown date'}{where}; {len(m.reports)} report(s) "
            f"in {len(m.articles)} article(s).",
        ]
        if self.stale:
            lines.append("The store changed since this meeting was resolved: run `kg resolve`. "
                         "Below, the meeting its reports give now.")
        lines += ["", RULE, "", "Reports:"]
        for n, outcome in enumerate(self.outcomes, start=1):
            how = "; ".join(outcome.reasons)
            lines += [f"{n}. <{outcome.report.iri}> in <{outcome.report.article}>",
                      f"   {self._report(outcome.report)}"]
            if roles := self._roles(outcome.report):
                lines.append(f"   took part: {roles}")
            lines.append(f"   {how if n == 1 else 'joined: ' + how}")
        if self.apart:
            lines += ["", "Kept apart:"]
            lines += [f"- <{r.iri}> ({self._report(r)}): {why}" for r, why in self.apart]
        return "\n".join(lines)


#: An absolute IRI with nothing in it that SPARQL's IRI syntax refuses.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+")


def explain(store: Store, iri: str) -> Explanation:
    """Explain the canonical meeting ``iri``, or the one that the report ``iri`` is in."""
    if not _IRI.fullmatch(iri):
        raise KGError(f"{iri!r} is not an IRI: give a canonical meeting's "
                      "(https://diplomatic-kg.org/id/meeting/...) or a report's "
                      "(https://diplomatic-kg.org/id/event/...)")
    stored = storage.statements(store, [iri])
    if iri not in stored:
        found = sorted(storage.reported_as(store, [iri]))
        if not found:
            raise KGError(f"{iri}: no canonical meeting, or report of one, in the store "
                          "(only meetings that took place are resolved; `kg resolve` if the "
                          "store was built with --no-resolve)")
        iri = found[0]
        stored = storage.statements(store, [iri])
    reports = read_reports(store, events=stored[iri].reports)
    meetings, outcomes = neighbourhood(store, reports, [iri]).resolve()
    by_iri = {m.iri: m for m in meetings}
    meeting = by_iri.get(iri) or max(
        meetings, key=lambda m: (len({r.iri for r in m.reports} & stored[iri].reports), m.iri))
    members = {r.iri for r in meeting.reports}
    apart = []
    for outcome in sorted(outcomes.values(), key=lambda o: o.report.iri):
        report = outcome.report
        if report.iri not in members and len(report.sides & meeting.sides) >= 2:
            verdict = compare(report, meeting.reports)
            why = verdict.reasons if not verdict.joins else outcome.reasons
            apart.append((report, "; ".join(why)))
    names = storage.labels(store, {*meeting.sides, *(r.city for r in reports if r.city),
                                   *(r.city for r, _ in apart if r.city)})
    stale = meeting.iri != iri or meeting.triples(names) != stored[iri].lines
    roles = storage.participations(store, members)
    return Explanation(meeting, tuple(outcomes[r.iri] for r in meeting.reports), tuple(apart),
                       names, stale=stale, roles=roles)
