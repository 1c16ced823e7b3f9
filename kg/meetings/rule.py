"""The merge rule: when a report is one more report of a meeting, and why (or why not).

A report joins a meeting (the reports already gathered, its first report first) when:

- **mode**: both are calls, or both are in person (a call never merges with a meeting);
- **articles**: no report of the meeting comes from the same article (an article that
  reports two encounters of the same sides tells them apart itself);
- **sides**: the same set of sides as the meeting; or a subset of a multilateral
  meeting's sides, reported on the same day and in the same city as one of its reports
  that names all of them;
- **place**: the same city, or the city is unknown on one side;
- **date**: compatible with every report's date: equal at the coarser precision
  (``2023-11`` agrees with ``2023-11-26``), or one day apart where one of the two days was
  read from a day word ("on Sunday") against a publication date. A report with no date
  but a city ("when Blinken met Wang Yi in Beijing") is compatible with a report dated in
  the ``WINDOW`` days up to its article's publication date in the same city. Two undated
  reports (a syndicated story's copies) are dated by their articles' publication for
  blocking, and join when those are at most ``SYNDICATED`` days apart and their cities
  agree (unknown on both, or the same).

Only reports of meetings that took place are resolved, so statuses never mix. Every
verdict carries its reasons, which ``kg explain`` prints.

Blocking: :func:`file_keys` are the keys a report is filed under (its sides and month,
and its city, day and each pair of its sides), :func:`probe_keys` those it is compared
under. Two reports the rule
could join always share a key, so resolving the reports that share keys with new ones,
transitively, gives the same meetings as resolving the whole store.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from kg.meetings.reports import DAY, MONTH, YEAR, Report
from kg.rdf.namespaces import side_key

#: Days before its publication in which an undated report's meeting may have taken place.
WINDOW = 31
#: Days apart that two undated reports' articles may be published and still report one
#: meeting (copies of one story).
SYNDICATED = 3


@dataclass(frozen=True)
class Verdict:
    """Whether a report joins a meeting, and the reasons (all of them, or the first failure)."""

    joins: bool
    reasons: tuple[str, ...]


def sides_text(sides: frozenset[str]) -> str:
    """Sides by key, sorted: ``CHN, JPN, KOR``."""
    return ", ".join(sorted(side_key(s) for s in sides))


def _day(date: str) -> dt.date:
    return dt.date.fromisoformat(date)


def _window(report: Report) -> tuple[dt.date, dt.date] | None:
    """The days an undated report's meeting may have taken place in."""
    if report.date is not None or report.published is None:
        return None
    published = _day(report.published)
    return published - dt.timedelta(days=WINDOW), published


def _in_window(undated: Report, dated: Report) -> Verdict:
    window = _window(undated)
    if window is None or dated.precision < MONTH or dated.date is None:
        return Verdict(False, ("no date on one report and no day or month on the other: which "
                               "meeting of these sides it is cannot be told",))
    first, last = window
    start = _day(dated.date if dated.precision == DAY else f"{dated.date}-01")
    end = start if dated.precision == DAY else _day(
        f"{dated.date}-{calendar.monthrange(start.year, start.month)[1]:02d}")
    if start <= last and end >= first:
        return Verdict(True, (f"no date, published {undated.published}: {dated.date} is within "
                              f"the {WINDOW} days before",))
    return Verdict(False, (f"no date, published {undated.published}: {dated.date} is not within "
                           f"the {WINDOW} days before",))


def _published_together(a: Report, b: Report) -> Verdict:
    """Two undated reports: one meeting where their articles came out within days."""
    if a.published is None or b.published is None:
        return Verdict(False, ("no date on either report, and no publication date to go by",))
    days = abs((_day(a.published) - _day(b.published)).days)
    if days <= SYNDICATED:
        return Verdict(True, (f"no date on either report, published {days} day(s) apart",))
    return Verdict(False, (f"no date on either report, published {days} days apart",))


def compare_dates(a: Report, b: Report) -> Verdict:
    """Dates equal at the coarser precision, or a day apart where one came from a day word;
    an undated report against a date in the window before its publication."""
    if a.date is None and b.date is None:
        return _published_together(a, b)
    if a.date is None or b.date is None:
        return _in_window(a, b) if a.date is None else _in_window(b, a)
    cut = {YEAR: 4, MONTH: 7, DAY: 10}[min(a.precision, b.precision)]
    if a.date == b.date:
        return Verdict(True, (f"same date {a.date}",))
    if a.date[:cut] == b.date[:cut]:
        return Verdict(True, (f"dates {a.date} and {b.date} agree to the "
                              f"{ {4: 'year', 7: 'month', 10: 'day'}[cut] }",))
    relative = a.basis == "relative" or b.basis == "relative"
    if cut == 10 and relative and abs((_day(a.date) - _day(b.date)).days) == 1:
        return Verdict(True, (f"dates {a.date} and {b.date} a day apart, one read from a "
                              "day word against its publication date",))
    return Verdict(False, (f"dates {a.date} and {b.date} differ",))


def _sides(report: Report, meeting: Sequence[Report]) -> Verdict:
    """Equal sides, or a subset of a multilateral meeting's on a full report's day and city."""
    sides = meeting[0].sides
    if report.sides == sides:
        return Verdict(True, ("same sides",))
    if not report.sides < sides:
        return Verdict(False, (f"sides {sides_text(report.sides)} are not "
                               f"{sides_text(sides)}",))
    for full in meeting:
        if (full.sides == sides and full.precision == report.precision == DAY
                and full.date == report.date and full.city is not None
                and full.city == report.city):
            return Verdict(True, (f"sides {sides_text(report.sides)} within the multilateral "
                                  f"{sides_text(sides)}, same day and city as {full.iri}",))
    return Verdict(False, (f"sides {sides_text(report.sides)} within {sides_text(sides)}, "
                           "but no report naming all of them has the same day and city",))


def compare(report: Report, meeting: Sequence[Report]) -> Verdict:
    """Whether ``report`` joins ``meeting`` (its reports, first report first), and why."""
    first = meeting[0]
    if report.call != first.call:
        return Verdict(False, ("a call and an in-person meeting",))
    same_article = next((r for r in meeting if r.article == report.article), None)
    if same_article is not None:
        return Verdict(False, (f"its article also reports {same_article.iri} apart",))
    sides = _sides(report, meeting)
    if not sides.joins:
        return sides
    reasons = list(sides.reasons)
    city = next((r.city for r in meeting if r.city is not None), None)
    if report.city is not None and city is not None and report.city != city:
        return Verdict(False, ("cities differ",))
    undated = all(r.date is None for r in meeting)
    if report.date is None and undated and report.city != city:
        return Verdict(False, ("no date, and a city known on one side only",))
    if report.date is None and not undated and (report.city is None or report.city != city):
        return Verdict(False, ("no date, and no city to match the meeting's: which meeting "
                               "of these sides it reports cannot be told",))
    reasons.append("same city" if report.city == city and city else
                   "city known on one side only" if report.city or city else "no city known")
    for other in meeting:
        dates = compare_dates(report, other)
        if not dates.joins:
            return dates
    dated = max(meeting, key=lambda r: r.precision)
    reasons.extend(compare_dates(report, dated).reasons)
    return Verdict(True, tuple(reasons))


def _months(report: Report) -> list[str]:
    """The months a report's meeting falls in: its month, and the next or previous one for
    a first or last day of a month; for an undated report, those of its window."""
    window = _window(report)
    if window is not None:
        first, last = window
        return sorted({(first + dt.timedelta(days=n)).isoformat()[:7]
                       for n in range((last - first).days + 1)})
    if report.precision < MONTH or report.date is None:
        return []
    months = [report.date[:7]]
    if report.precision == DAY:
        day = _day(report.date)
        last = calendar.monthrange(day.year, day.month)[1]
        if day.day in (1, last):
            step = dt.timedelta(days=-1 if day.day == 1 else 1)
            months.append((day + step).isoformat()[:7])
    return months


def file_keys(report: Report) -> frozenset[str]:
    """The keys a meeting with this report is filed under (``dip:blockKey``)."""
    sides = sides_text(report.sides)
    keys = {f"{sides}|{month}" for month in _months(report)}
    if report.precision == YEAR:
        keys.add(f"{sides}|{report.date}")
    if report.precision == DAY and report.city is not None:
        pairs = itertools.combinations(sorted(side_key(s) for s in report.sides), 2)
        keys.update(f"{report.city}|{report.date}|{a}, {b}" for a, b in pairs)
    return frozenset(keys)


def probe_keys(report: Report) -> frozenset[str]:
    """The keys of the meetings this report may join: its own, plus year and month links.

    A month or a day also looks for reports dated only to its year; a year for every
    month of it. The relation is symmetric: r probes a key s files under exactly when s
    probes a key r files under.
    """
    keys = set(file_keys(report))
    sides = sides_text(report.sides)
    keys.update(f"{sides}|{month[:4]}" for month in _months(report))
    if report.precision == YEAR:
        keys.update(f"{sides}|{report.date}-{m:02d}" for m in range(1, 13))
    return frozenset(keys)
