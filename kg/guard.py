"""Each article in its own failure domain: guarded extraction, long articles in chunks.

An exception while one article is extracted becomes a :class:`Failure` naming it, and the
other articles of its batch are still extracted. An article longer than ``CHUNK_CHARS``
is cut at paragraph breaks into pieces extracted one at a time through :mod:`kg.nlp`'s
public functions, and their facts merged with the evidence offsets shifted back into the
whole text: spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters) and needs
about 1 GB per 100,000 characters parsed at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from kg.budget import DEFAULT_BUDGET, Budget, OverBudget, within
from kg.types import Action, Article, Event, Evidence, Facts, Person

#: Longest text extracted in one piece.
CHUNK_CHARS = 100_000
#: Where to cut a long text, best first: a paragraph, a line, a sentence, a space.
_BREAKS = ("\n\n", "\n", ". ", " ")

T = TypeVar("T", Person, Event, Action)


@dataclass(frozen=True)
class Failure:
    """An article that could not be extracted: where it came from and why, on one line."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {' '.join(self.message.split())}"


def where(article: Article) -> str:
    """The file (and line) an article was read from, else its identifier."""
    return article.origin or article.identifier


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """``(offset, piece)`` pairs covering ``text`` exactly, each at most ``limit`` long,
    cut after the last paragraph break in reach (else line, sentence, space, anywhere)."""
    pieces = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = end
        for mark in _BREAKS:
            found = text.rfind(mark, start + 1, end)
            if found > start:
                cut = min(found + len(mark), end)
                break
        pieces.append((start, text[start:cut]))
        start = cut
    pieces.append((start, text[start:]))
    return pieces


def _shift(item: T, offset: int) -> T:
    evidence: Evidence | None = item.evidence
    if evidence is None or offset == 0:
        return item
    moved = Evidence(evidence.text, evidence.start + offset, evidence.end + offset)
    return dataclasses.replace(item, evidence=moved)


def merge_facts(article: Article, parts: Sequence[tuple[int, Facts]]) -> Facts:
    """One article's facts from its pieces' facts (``(offset, facts)``), in text order."""
    people: dict[tuple[object, ...], Person] = {}
    for offset, facts in parts:
        for person in facts.people:
            people.setdefault((person.name, person.role, person.side), _shift(person, offset))
    return Facts(
        article=article,
        countries=tuple(dict.fromkeys(c for _, f in parts for c in f.countries)),
        organizations=tuple(dict.fromkeys(o for _, f in parts for o in f.organizations)),
        people=tuple(people.values()),
        cities=tuple(dict.fromkeys(c for _, f in parts for c in f.cities)),
        events=tuple(_shift(e, offset) for offset, f in parts for e in f.events),
        actions=tuple(_shift(a, offset) for offset, f in parts for a in f.actions),
    )


def extract_article(article: Article) -> Facts:
    """The article's facts, extracted piece by piece if it is longer than ``CHUNK_CHARS``."""
    from kg.nlp import extract_facts

    pieces = split_text(article.text, CHUNK_CHARS)
    if len(pieces) == 1:
        return extract_facts(article)
    parts = [
        (offset, extract_facts(dataclasses.replace(article, text=piece)))
        for offset, piece in pieces
    ]
    return merge_facts(article, parts)


def extract_one(article: Article, budget: Budget = DEFAULT_BUDGET) -> Facts | Failure:
    """The article's facts under ``budget``, or a Failure naming it: never an exception."""
    try:
        with within(budget):
            return extract_article(article)
    except OverBudget as overrun:
        return Failure(where(article), budget.explain(overrun))
    except Exception as exc:
        return Failure(where(article), f"extraction failed ({type(exc).__name__}: {exc})")


def extract_batch(
    batch: Sequence[Article], budget: Budget = DEFAULT_BUDGET
) -> list[Facts | Failure]:
    """Facts (or a Failure) for each article, in order.

    Short articles go through ``nlp.pipe`` together, under one article's budget; if that
    fails or overruns, each is extracted again alone under its own budget, so that only
    the article at fault fails.
    """
    from kg.nlp import extract_many, load_pipeline

    load_pipeline()  # once per process, and outside the budget of its first batch
    short = [a for a in batch if len(a.text) <= CHUNK_CHARS]
    try:
        with within(budget):
            done = dict(zip(map(id, short), extract_many(short), strict=True))
    except OverBudget as overrun:
        if len(batch) == 1:
            return [Failure(where(batch[0]), budget.explain(overrun))]
        done = {}
    except Exception:
        done = {}
    return [done[id(a)] if id(a) in done else extract_one(a, budget) for a in batch]
