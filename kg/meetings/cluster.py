"""Clustering: reports into meetings, the same whatever order the reports came in.

Reports are taken in an order fixed by their content (most sides first, then the most
precise date, a known city, the date, the IRI), so a multilateral meeting's full report
leads and its partial reports find it. Each report joins the one meeting the rule lets it
join; a report that several meetings would take is kept apart rather than guessed, and
one that none would take starts a meeting. Candidates are the meetings filed under the
report's block keys, so each report is compared with nearby meetings only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.meetings.reports import Report
from kg.meetings.rule import compare, file_keys, probe_keys


@dataclass(frozen=True)
class Outcome:
    """What became of one report: the first report of its meeting, and why it is there."""

    report: Report
    first: str
    reasons: tuple[str, ...]


def content_order(report: Report) -> tuple[int, int, bool, str, str]:
    """The order reports are resolved in: it depends on nothing but the reports."""
    return (-len(report.sides), -report.precision, report.city is None, report.date or "",
            report.iri)


def cluster(reports: Iterable[Report]) -> tuple[list[tuple[Report, ...]], dict[str, Outcome]]:
    """Meetings (each a tuple of reports, first report first) and each report's outcome."""
    meetings: list[list[Report]] = []
    filed: dict[str, set[int]] = defaultdict(set)
    outcomes: dict[str, Outcome] = {}
    for report in sorted(reports, key=content_order):
        candidates = sorted({i for key in probe_keys(report) for i in filed.get(key, ())})
        joins = [(i, v) for i in candidates if (v := compare(report, meetings[i])).joins]
        if len(joins) == 1:
            index, verdict = joins[0]
            meetings[index].append(report)
            reasons = verdict.reasons
        else:
            index = len(meetings)
            meetings.append([report])
            reasons = ("first report of its meeting",)
            if joins:
                firsts = ", ".join(meetings[i][0].iri for i, _ in joins)
                reasons = (f"could join {len(joins)} meetings (first reports {firsts}): "
                           "kept apart rather than guessed",)
        outcomes[report.iri] = Outcome(report, meetings[index][0].iri, reasons)
        for key in file_keys(report):
            filed[key].add(index)
    return [tuple(m) for m in meetings], outcomes
