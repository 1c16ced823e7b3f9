"""Date expressions resolved against the publication date to ISO strings (YYYY[-MM[-DD]]).

Absolute dates need no publication date; relative ones ("on Sunday", "last year",
"this month", "November 27") resolve only when the article has one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = [
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})"),
    re.compile(_MONTH + r",?\s+(?P<year>\d{4})"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})\b"),
    re.compile(r"\b" + _MONTH + r"\b"),
]


#: A span of days ("7-9 December", "January 6–7"): the text gives the month, not a day.
DAY_RANGE = re.compile(
    r"(?<![\d-])\b\d{1,2}(?:st|nd|rd|th)?\s*(?:[-–—]|to)\s*\d{1,2}(?:st|nd|rd|th)?\b(?![-\d])")


#: "over the past year", "in recent weeks", "the coming months": a stretch of time, no date.
SPAN = frozenset({"past", "recent", "coming", "over", "throughout", "several", "few"})
UNITS = frozenset({"week", "weeks", "month", "months", "year", "years"})


def resolve_date(text: str, published: dt.date | None, future: bool = False) -> str | None:
    """An ISO date (or year / year-month) for a date expression, or None if unresolvable.

    ``future`` picks the next matching day instead of the last one ("on Thursday" in a
    sentence about plans).
    """
    lowered = " ".join(text.lower().replace(",", " , ").split()).replace(" ,", ",")
    lowered = DAY_RANGE.sub("", lowered)
    relative = _relative(lowered, published, future)
    if relative is not None or (published is None and _needs_base(lowered)):
        return relative
    for pattern in _PATTERNS:
        match = pattern.search(lowered)
        if match is not None:
            return _from_match(match, lowered, published, future)
    return None


def dated(text: str, published: dt.date | None, status: str) -> str | None:
    """The date of an encounter or action of ``status``: the next such day for a planned
    one; none after the publication date for one that took place ("by 2060" is a target)."""
    date = resolve_date(text, published, future=status == "planned")
    if date is None or (status == "occurred" and published is not None
                        and date > published.isoformat()[:len(date)]):
        return None
    return date


def _needs_base(text: str) -> bool:
    words = set(re.findall(r"[a-z]+", text))
    return bool(words & (set(WEEKDAYS) | {"today", "yesterday", "tomorrow", "week", "month",
                                          "year", "ago"}))


def _relative(text: str, base: dt.date | None, future: bool) -> str | None:
    if base is None:
        return None
    words = re.findall(r"[a-z]+", text)
    if {"today", "tonight"} & set(words) or (
            "this" in words and {"morning", "afternoon", "evening"} & set(words)):
        return base.isoformat()
    if "yesterday" in words:
        return (base - dt.timedelta(days=1)).isoformat()
    if "tomorrow" in words:
        return (base + dt.timedelta(days=1)).isoformat()
    day = next((WEEKDAYS[w] for w in words if w in WEEKDAYS), None)
    if day is not None:
        return _weekday(base, day, "last" in words, future or "next" in words).isoformat()
    if SPAN & set(words) and UNITS & set(words):
        return None
    if "week" in words and not any(w in MONTHS for w in words):
        shift = -7 if "last" in words or "previous" in words else (7 if "next" in words else 0)
        return _shift(base + dt.timedelta(days=shift), "month", 0)
    for unit in ("month", "year"):
        if unit in words:
            shift = -1 if "last" in words or "previous" in words else (
                1 if "next" in words else 0)
            if not re.search(r"\d{4}", text) and not any(w in MONTHS for w in words):
                return _shift(base, unit, shift)
    return None


def _weekday(base: dt.date, day: int, last: bool, future: bool) -> dt.date:
    if future:
        return base + dt.timedelta(days=(day - base.weekday()) % 7 or 7)
    back = (base.weekday() - day) % 7
    found = base - dt.timedelta(days=back)
    if last and (back == 0 or found.isocalendar()[1] == base.isocalendar()[1]):
        found -= dt.timedelta(days=7)
    return found


def _shift(base: dt.date, unit: str, shift: int) -> str:
    if unit == "year":
        return str(base.year + shift)
    month = base.month - 1 + shift
    return f"{base.year + month // 12:04d}-{month % 12 + 1:02d}"


def _from_match(match: re.Match, text: str, base: dt.date | None, future: bool) -> str | None:
    groups = match.groupdict()
    month = MONTHS.get(groups.get("month") or "") or int(groups.get("mnum") or 0)
    year = int(groups["year"]) if groups.get("year") else None
    day = int(groups["day"]) if groups.get("day") else None
    if year is None:
        if base is None or not month:
            return None
        year = base.year + (-1 if "last year" in text else 0)
        if "last year" not in text and _after(year, month, day, base) and not future:
            year -= 1
    if not month:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def _after(year: int, month: int, day: int | None, base: dt.date) -> bool:
    return (year, month, day or 1) > (base.year, base.month, base.day)
