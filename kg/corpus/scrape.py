"""Clean plain text scraped from a news site: find the headline, drop the site chrome.

A scrape typically reads: site name and section (short lines), the headline (often
twice), maybe a date or byline, the body, an agency tag glued to the last sentence
("./REL", ". (Reuters)") and navigation ("Latest news", "Read more"). The rules below
are about the shape of such lines, never about the words of one article.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

#: How many non-empty lines at the top may hold chrome and the headline.
HEAD_LINES = 12
#: A line of at most this many words without closing punctuation is chrome at the edges.
SHORT_WORDS = 5
#: Headlines have at least (single occurrence) / at most this many words.
HEADLINE_MIN_WORDS = 4
HEADLINE_MAX_WORDS = 30

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE = re.compile(
    r"\b(?:(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    rf"|(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<dm>{_MONTH}),?\s+(?P<dy>\d{{4}})"
    rf"|(?P<mm>{_MONTH})\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}}))\b",
    re.IGNORECASE,
)
_DATELINE_PLACE = re.compile(r"^[A-ZÀ-Þ][^.!?]{0,50},\s*$")
_DATELINE_END = re.compile(r"^\s*(?:\([^)]{1,30}\)\s*)?(?:-{1,2}|[\u2013\u2014:])")
_BYLINE = re.compile(r"^(?:By|BY)\s+[A-Z]")
_NAVIGATION = re.compile(
    r"^(?:latest(?: news)?|read (?:more|also|next)|related(?: \w+)?|more (?:from|on|news|stories)"
    r"|most (?:read|popular|viewed)|share(?: this| on)?|follow us|subscribe|sign up"
    r"|advertisement|tags?:|topics?:|comments?|leave a comment|copyright|©"
    r"|all rights reserved|recommended|you may also like|see also|back to top|print|email)(?!\w)",
    re.IGNORECASE,
)
#: An agency tag glued to the end of the last sentence: "./REL", ". (Reuters)", ". - AFP".
_AGENCY_TAIL = re.compile(
    r"(?<=[.!?\"'\u201d\u2019)])\s*(?:/\s*[A-Z][A-Za-z]{1,9}|\(\s*[A-Z][A-Za-z.&/ ]{1,20}\)"
    r"|[-\u2013\u2014]\s*[A-Z][A-Za-z]{1,9})\s*$"
)
_CLOSES_SENTENCE = re.compile(r"[.!?…][\"'\u201d\u2019)\]]*$")
_HEADING_MARK = re.compile(r"^#{1,6}\s+")


@dataclass(frozen=True)
class Scraped:
    """A scrape split into headline, clean body and the date its chrome gave, if any."""

    title: str | None
    text: str
    date: dt.date | None


def find_date(text: str) -> dt.date | None:
    """The first full calendar date (ISO, "26 November 2023", "Nov. 26, 2023") in text."""
    for match in _DATE.finditer(text):
        parts = match.groupdict()
        if parts["iy"]:
            year, month, day = int(parts["iy"]), int(parts["im"]), int(parts["id"])
        elif parts["dy"]:
            year, day = int(parts["dy"]), int(parts["dd"])
            month = _MONTHS[parts["dm"].rstrip(".").lower()]
        else:
            year, day = int(parts["my"]), int(parts["md"])
            month = _MONTHS[parts["mm"].rstrip(".").lower()]
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def dateline_date(paragraph: str) -> dt.date | None:
    """The date of a dateline opening a paragraph: "BEIJING, Nov. 26, 2023 (Xinhua) --"."""
    match = _DATE.search(paragraph, 0, 80)
    if match is None or not _DATELINE_PLACE.match(paragraph[: match.start()]):
        return None
    if not _DATELINE_END.match(paragraph[match.end() :]):
        return None
    return find_date(match.group())


def _words(line: str) -> int:
    return len(line.split())


def _norm(line: str) -> str:
    return " ".join(_HEADING_MARK.sub("", line).split()).casefold()


def _is_date_line(line: str) -> bool:
    return _words(line) <= 10 and not line.rstrip().endswith(".") and find_date(line) is not None


def _is_short_chrome(line: str) -> bool:
    return _words(line) <= SHORT_WORDS and not _CLOSES_SENTENCE.search(line.strip())


def _is_byline(line: str) -> bool:
    return bool(_BYLINE.match(line)) and _words(line) <= 10 and not _CLOSES_SENTENCE.search(line)


def _is_navigation(line: str) -> bool:
    return bool(_NAVIGATION.match(line.strip()))


def _is_tail_chrome(line: str) -> bool:
    """Navigation ("Read more: ...") or a short line that closes no sentence ("/AFP")."""
    closes = _CLOSES_SENTENCE.search(line.strip())
    return _is_short_chrome(line) or (_is_navigation(line) and not closes)


def _is_headline(line: str, min_words: int) -> bool:
    if _HEADING_MARK.match(line):
        return True
    words = _words(line)
    return min_words <= words <= HEADLINE_MAX_WORDS and not re.search(r"[.,;:]$", line.strip())


def _is_head_chrome(line: str, title: str | None) -> bool:
    """A date, a byline or another copy of the title between headline and body."""
    if _is_date_line(line) or _is_byline(line):
        return True
    return title is not None and _norm(line) == _norm(title)


def _repeated_headline(head: list[int], lines: list[str]) -> tuple[int, int] | None:
    """Indices (first, last) of a headline printed twice within a few lines."""
    for a, i in enumerate(head):
        if not _is_headline(lines[i], 2):
            continue
        for j in head[a + 1 : a + 4]:
            if _norm(lines[j]) == _norm(lines[i]):
                return i, j
    return None


def _single_headline(head: list[int], lines: list[str]) -> tuple[int | None, int]:
    """(headline index or None, first body index) from the first line after short chrome."""
    for a, i in enumerate(head):
        line = lines[i]
        if _is_date_line(line) or _is_byline(line):
            continue
        if _HEADING_MARK.match(line) or not _is_short_chrome(line):
            has_body = a + 1 < len(head)
            if has_body and _is_headline(line, HEADLINE_MIN_WORDS):
                return i, head[a + 1]
            return None, i
    return None, head[0]


def clean_scrape(raw: str) -> Scraped:
    """Split a scraped page into headline, body and date by the shape of its lines."""
    lines = [line.rstrip() for line in raw.split("\n")]
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return Scraped(None, "", None)
    head = filled[:HEAD_LINES]
    repeated = _repeated_headline(head, lines)
    if repeated is not None:
        title_at, last_copy = repeated
        body = [i for i in filled if i > last_copy]
    else:
        title_at, first_body = _single_headline(head, lines)
        body = [i for i in filled if i >= first_body]
    chrome = [i for i in filled if not body or i < body[0]]
    title = _HEADING_MARK.sub("", lines[title_at]).strip() if title_at is not None else None
    date = next((find_date(lines[i]) for i in chrome if _is_date_line(lines[i])), None)
    start = 0
    while start < len(body) and _is_head_chrome(lines[body[start]], title):
        date = date or find_date(lines[body[start]])
        start += 1
    body = _drop_tail(lines, body[start:])
    if date is None and body:
        date = dateline_date(lines[body[0]])
    kept = [i for i in body if not (_words(lines[i]) <= 4 and _is_tail_chrome(lines[i]))]
    text = _join(lines, kept)
    return Scraped(title, text, date)


def _drop_tail(lines: list[str], body: list[int]) -> list[int]:
    """Drop trailing navigation and agency lines, then the agency tag on the last line."""
    while True:
        while body and _is_tail_chrome(lines[body[-1]]):
            body.pop()
        if not body:
            return body
        stripped = _AGENCY_TAIL.sub("", lines[body[-1]]).rstrip()
        if stripped == lines[body[-1]]:
            return body
        lines[body[-1]] = stripped
        if not stripped.strip():
            body.pop()


def _join(lines: list[str], kept: list[int]) -> str:
    """Kept lines with their original blank-line layout (at most one blank line between)."""
    if not kept:
        return ""
    keep = set(kept)
    region = [lines[i] for i in range(kept[0], kept[-1] + 1) if i in keep or not lines[i].strip()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(region)).strip()
