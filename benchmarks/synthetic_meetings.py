"""Synthetic news in which each meeting is reported several times, differently.

Facts are built directly (no NLP), day after day: meetings happen at a steady rate
between real states (popular states meet more often: the busiest pair about once a
fortnight), in a participant's capital; each
is reported by one to four articles published up to two days later, each report with
its own variation: the city left out, only the month given, the date read from a day
word ("on Monday", now and then a day off), a multilateral meeting named by two of its
sides, no date at all. Articles come out in publication order, so a store of N articles
covers N / ``ARTICLES_A_DAY`` days and the density of reports a week stays the same as
the store grows. Deterministic for a seed; each event's true meeting is returned beside
the facts.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_store import catalogue

from kg.types import Article, City, Country, Event, Evidence, Facts

ARTICLES_A_DAY = 60
FIRST_DAY = dt.date(2015, 1, 1)
#: Reports of a meeting: 1 to 4, with these weights.
REPORTS = (1, 2, 3, 4)
REPORT_WEIGHTS = (4, 3, 2, 1)


@dataclass(frozen=True)
class Happening:
    """A meeting that took place (the truth the reports vary)."""

    key: str
    sides: tuple[Country, ...]
    city: City
    day: dt.date
    kind: str


def _sentence(meeting: Happening, report: Event) -> str:
    """The report as a sentence: the date as a day word where it was read from one."""
    names = " and ".join(s.name for s in report.participants)
    verb = "spoke by phone" if meeting.kind == "Call" else "held talks"
    place = f" in {report.place.name}" if report.place else ""
    when = ""
    if report.date and len(report.date) == 7:
        when = f" in {meeting.day:%B %Y}"
    elif report.date:
        day = dt.date.fromisoformat(report.date)
        when = f" on {day:%A}" if report.date_basis == "relative" else f" on {day:%d %B %Y}"
    return f"{names} {verb}{place}{when}."


class News:
    """The meetings and reports of a synthetic world, day after day."""

    def __init__(self, seed: int = 7) -> None:
        cat = catalogue()
        self.rng = random.Random(seed)
        states = sorted(cat.countries, key=lambda c: c.iso3)
        self.rng.shuffle(states)
        self.states = states[:150]
        self.weights = [(rank + 1) ** -0.5 for rank in range(len(self.states))]
        self.capitals = cat.capitals
        self.pending: dict[dt.date, list[tuple[Happening, Event]]] = defaultdict(list)
        self.count = 0

    def _happening(self, day: dt.date) -> Happening:
        rng = self.rng
        size = 2 if rng.random() < 0.85 else rng.randint(3, 5)
        sides: list[Country] = []
        while len(sides) < size:
            state = rng.choices(self.states, self.weights)[0]
            if state not in sides:
                sides.append(state)
        kinds = ("Meeting", "Meeting", "Visit", "Summit")
        kind = "Call" if rng.random() < 0.2 else rng.choice(kinds)
        self.count += 1
        return Happening(f"m{self.count}", tuple(sides), self.capitals[sides[0].iso3], day, kind)

    def _report(self, meeting: Happening, published: dt.date) -> Event:
        rng = self.rng
        sides = meeting.sides
        place: City | None = None if meeting.kind == "Call" else meeting.city
        date: str | None = meeting.day.isoformat()
        basis = "relative" if rng.random() < 0.4 else "explicit"
        if len(sides) > 2 and place and rng.random() < 0.3:
            sides = tuple(rng.sample(sides, 2))
        elif rng.random() < 0.3:
            place = None
        draw = rng.random()
        if draw < 0.1:
            date, basis = date[:7], None
        elif draw < 0.14:
            date, basis = None, None
        elif basis == "relative" and draw < 0.17:
            date = (meeting.day + dt.timedelta(days=rng.choice((-1, 1)))).isoformat()
        return Event(kind=meeting.kind, participants=sides, evidence=Evidence("", 0, 0),
                     place=place, date=date, date_basis=basis)  # type: ignore[arg-type]

    def day(self, day: dt.date) -> list[list[tuple[Happening, Event]]]:
        """The articles published on ``day``: each a list of (meeting, report)."""
        rng = self.rng
        for _ in range(int(ARTICLES_A_DAY * 0.75)):
            meeting = self._happening(day)
            for _ in range(rng.choices(REPORTS, REPORT_WEIGHTS)[0]):
                published = day + dt.timedelta(days=rng.choice((0, 0, 1, 2)))
                self.pending[published].append((meeting, self._report(meeting, published)))
        reports = self.pending.pop(day, [])
        rng.shuffle(reports)
        articles: list[list[tuple[Happening, Event]]] = []
        while reports:
            take = 2 if len(reports) > 1 and rng.random() < 0.2 else 1
            articles.append(reports[:take])
            reports = reports[take:]
        return articles


def reported_meetings(count: int, seed: int = 7) -> Iterator[tuple[Facts, tuple[str, ...]]]:
    """``count`` articles' facts in publication order, each with its events' true meetings."""
    news = News(seed)
    day = FIRST_DAY
    n = 0
    while True:
        for reports in news.day(day):
            parts: list[str] = []
            events = []
            for meeting, report in reports:
                text = _sentence(meeting, report)
                start = sum(len(p) + 1 for p in parts)
                parts.append(text)
                evidence = Evidence(text, start, start + len(text))
                events.append(Event(kind=report.kind, participants=report.participants,
                                    evidence=evidence, place=report.place, date=report.date))
            key = f"merge-{n:07d}"
            sides = tuple(dict.fromkeys(s for e in events for s in e.participants))
            yield Facts(
                article=Article(identifier=key, text=" ".join(parts), title=parts[0], date=day),
                countries=sides,
                cities=tuple(dict.fromkeys(e.place for e in events if e.place)),
                events=tuple(events),
            ), tuple(m.key for m, _ in reports)
            n += 1
            if n == count:
                return
        day += dt.timedelta(days=1)
