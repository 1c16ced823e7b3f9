"""Which sentences a frame row could match, found from the words its pattern names.

A DependencyMatcher tests every node of its rows against every token it is given, so its
cost grows with the tokens times the rows. A row can only match a sentence that holds, for
each of its nodes that names words (a LEMMA or LOWER value or ``IN`` list), a token with
one of those words: "have" is no trigger of "have talks" in a sentence without "talks".
The gate reads the words of the Doc once and gives each row the sentences where every word
it names is present; that row's matcher then runs on those alone. Every relation of a row
is ``>`` or ``>>``, so a match never leaves its trigger's sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.nlp.document import Sentences
from kg.nlp.frames.rows import Row


def _accepted(vocab: Vocab, value: Any) -> frozenset[int] | None:
    """The words a LEMMA or LOWER value names (as string hashes): a word, or an ``IN``
    list; None where it names none."""
    if isinstance(value, str):
        return frozenset({vocab.strings.add(value)})
    if isinstance(value, Mapping) and set(value) == {"IN"}:
        return frozenset(vocab.strings.add(word) for word in value["IN"])
    return None


def _named(vocab: Vocab, attrs: Mapping[str, Any]) -> tuple[frozenset[int], ...]:
    """The word sets a node names, one a token must hit for each of LEMMA and LOWER."""
    return tuple(words for name in ("LEMMA", "LOWER")
                 if (words := _accepted(vocab, attrs.get(name))) is not None)


class SentenceGate:
    """For each row, the sentences of a Doc it could match, from the words it names."""

    def __init__(self, vocab: Vocab, rows: Iterable[Row]) -> None:
        rows = tuple(rows)
        self.rows = [tuple(words for node in row.pattern
                           for words in _named(vocab, node["RIGHT_ATTRS"])) for row in rows]
        self.open = [not _named(vocab, row.pattern[0]["RIGHT_ATTRS"]) for row in rows]
        self.named = numpy.array(sorted({w for named in self.rows for ws in named for w in ws}),
                                 dtype="uint64")

    def sentences(self, doc: Doc, index: Sentences) -> list[list[int]]:
        """For each row in order, the numbers of the sentences it could match (every
        sentence where its trigger names no word)."""
        words = doc.to_array([LEMMA, LOWER]).reshape(-1, 2)
        hits = numpy.flatnonzero(numpy.isin(words, self.named).any(axis=1))
        where: dict[int, set[int]] = {}
        for i, (lemma, lower) in zip(hits.tolist(), words[hits].tolist(), strict=True):
            n = index.number(i)
            where.setdefault(lemma, set()).add(n)
            where.setdefault(lower, set()).add(n)
        every = set(range(len(index.starts)))
        found = []
        for named, open_ in zip(self.rows, self.open, strict=True):
            possible = every
            for accepted in named:
                possible = possible & set().union(*(where.get(w, ()) for w in accepted))
            found.append(sorted(every if open_ else possible))
        return found
