"""Office holders by name: heads of state and government, ministers, heads of organisations.

News names officials without their state ("Recep Tayyip Erdogan had a telephone
conversation with ..."); a table of who held which office when (kg/data/leaders.csv,
written from general knowledge) tells which side they act for. One row per term in one
office, with its dates; a row lists the full name, its variant spellings and the surname
forms news uses alone.

The table is only ever consulted with a date: a name out of office that day, or one that
fits several sides' office holders, finds nothing. A surname alone is resolved by the
entity layer only under its own conditions (the article named the leader in full, or a
fitting title stands before it), never here.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from kg.linking._tables import data_text, fold
from kg.linking.spelling import skeleton

_PUNCT = re.compile(r"[.,'’]")
#: Offices of heads of state and government: a title of one fits a holder of another.
EXECUTIVE = frozenset({"head of state", "president", "prime minister", "chancellor"})


@dataclass(frozen=True)
class Term:
    """One person in one office for one side (ISO3 or organisation short name)."""

    name: str
    side: str
    role: str
    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` falls within the term."""
        return self.start <= day and (self.end is None or day <= self.end)


def name_key(text: str) -> str:
    """Accents, case, dots and commas folded; hyphens as spaces ("Kassym-Jomart")."""
    return " ".join(_PUNCT.sub("", fold(text)).replace("-", " ").split())


def period(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` period."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return dt.date(*parts), dt.date(*parts)
    year = parts[0]
    first, last = (parts[1], parts[1]) if len(parts) == 2 else (1, 12)
    following = dt.date(year + last // 12, last % 12 + 1, 1)
    return dt.date(year, first, 1), following - dt.timedelta(days=1)


@dataclass(frozen=True)
class _Index:
    full: dict[str, tuple[Term, ...]]
    spellings: dict[str, tuple[Term, ...]]
    surnames: dict[str, tuple[Term, ...]]
    names: tuple[str, ...]


def _spelling_key(key: str) -> str:
    """A full name's key with each word's spelling neutralised ("Mohamed" ~ "Mohammed")."""
    return " ".join(skeleton(word) for word in key.split())


@cache
def _index() -> _Index:
    full: dict[str, list[Term]] = {}
    spellings: dict[str, list[Term]] = {}
    surnames: dict[str, list[Term]] = {}
    written: set[str] = set()
    for row in csv.DictReader(data_text("leaders.csv").splitlines()):
        term = Term(row["name"], row["side"], row["role"], period(row["from"])[0],
                    period(row["to"])[1] if row["to"] else None)
        forms = [row["name"], *filter(None, row["variants"].split("|"))]
        written.update(forms)
        for form in forms:
            full.setdefault(name_key(form), []).append(term)
            spellings.setdefault(_spelling_key(name_key(form)), []).append(term)
        for form in filter(None, row["surname"].split("|")):
            surnames.setdefault(name_key(form), []).append(term)
    return _Index({k: tuple(v) for k, v in full.items()},
                  {k: tuple(dict.fromkeys(v)) for k, v in spellings.items()},
                  {k: tuple(v) for k, v in surnames.items()}, tuple(sorted(written)))


def leader_names() -> tuple[str, ...]:
    """Every full name and variant as written in the table (gazetteer patterns)."""
    return _index().names


def _on(terms: tuple[Term, ...], day: dt.date | None) -> list[Term]:
    return [t for t in terms if day is None or t.covers(day)]


def terms_by_name(name: str, day: dt.date | None) -> list[Term]:
    """The terms a full name (or a variant, or another spelling of one) held on ``day``
    (empty when out of office), or ever held (``day`` None)."""
    key = name_key(name)
    terms = _index().full.get(key) or _index().spellings.get(_spelling_key(key), ())
    return _on(terms, day)


def was_in_office_only_before(name: str, role: str, day: dt.date) -> bool:
    """Whether ``name`` held ``role`` (or another head of state's or government's office,
    for such a role) only in terms that had ended before ``day``."""
    key = name_key(name)
    terms = _index().full.get(key) or _index().spellings.get(_spelling_key(key), ())
    held = [t for t in terms if t.role == role or {t.role, role} <= EXECUTIVE]
    return bool(held) and all(t.end is not None and t.end < day for t in held)


def terms_by_surname(surname: str, day: dt.date | None) -> list[Term]:
    """The terms held on ``day`` (or ever, ``day`` None) by anyone news calls ``surname``
    alone."""
    return _on(_index().surnames.get(name_key(surname), ()), day)


@cache
def _wikidata() -> dict[str, str]:
    rows = csv.DictReader(data_text("wikidata_people.csv").splitlines())
    return {row["name"]: row["wikidata"] for row in rows if row["wikidata"]}


def wikidata_item(name: str) -> str | None:
    """The Wikidata item (``Q7747``) of the office holder the table names ``name``, if known."""
    return _wikidata().get(name)
