"""World leaders by name: heads of state and government and foreign ministers, 1980 on.

News names officials without their state ("President Bush threatened ..."); a table of
who held which office when (kg/data/leaders.csv, written from general knowledge) tells
which state they act for. Soviet leaders are listed under Russia, Yugoslav ones under
Serbia, the continuing states. Lookups are by full name or by the surname news uses;
a surname that several states' leaders share is only resolved when the year tells them
apart.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from kg.linking._tables import data_text, fold

_PUNCT = re.compile(r"[.,'’]")


@dataclass(frozen=True)
class Term:
    """One person in one office, for the years ``start`` to ``end`` (None: still in office)."""

    name: str
    iso3: str
    role: str
    start: int
    end: int | None

    def covers(self, year: int) -> bool:
        """Whether the term includes ``year``."""
        return self.start <= year <= (self.end if self.end is not None else 9999)


def _key(text: str) -> str:
    return " ".join(_PUNCT.sub("", fold(text)).replace("-", " ").split())


@cache
def _index() -> tuple[dict[str, list[Term]], dict[str, list[Term]]]:
    """(full name -> terms, surname form -> terms), keys normalised by :func:`_key`."""
    names: dict[str, list[Term]] = {}
    surnames: dict[str, list[Term]] = {}
    for row in csv.DictReader(data_text("leaders.csv").splitlines()):
        term = Term(row["name"], row["iso3"], row["role"], int(row["from"]),
                    int(row["to"]) if row["to"] else None)
        names.setdefault(_key(row["name"]), []).append(term)
        for form in row["surname"].split("|"):
            surnames.setdefault(_key(form), []).append(term)
    return names, surnames


def _candidates(key: str) -> list[Term]:
    """Terms for the longest tail of ``key`` that is a full name or a surname form."""
    names, surnames = _index()
    words = key.split()
    for start in range(len(words)):
        tail = " ".join(words[start:])
        found = names.get(tail) or surnames.get(tail)
        if found:
            return found
    return []


def find_leader(name: str, year: int | None = None) -> tuple[str, str, str] | None:
    """(full name, ISO3, role) of the leader ``name`` refers to, or None.

    ``name`` may carry a title ("President Bush", "King Hassan"); ``year`` (the article's)
    picks the term. Names that stay ambiguous between states give None.
    """
    terms = _candidates(_key(name))
    if year is not None:
        terms = [t for t in terms if t.covers(year)]
    if not terms or len({t.iso3 for t in terms}) > 1:
        return None
    latest = max(terms, key=lambda t: t.start)
    return latest.name, latest.iso3, latest.role
