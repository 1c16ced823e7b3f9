"""Spelling variants of personal names ("Zelensky" / "Zelenskyy", "Erdogan" / "Erdoğan")."""

from __future__ import annotations

import re
from functools import cache

from kg.linking._tables import fold

#: Transliteration pairs that news agencies render differently, most specific first.
_SPELLINGS = (("yy", "y"), ("iy", "y"), ("ij", "i"), ("kh", "h"), ("zh", "j"), ("sch", "sh"),
              ("dzh", "j"), ("dj", "j"), ("ou", "u"), ("ck", "k"), ("ph", "f"), ("ee", "i"),
              ("w", "v"), ("ii", "i"), ("ie", "i"))
MIN_LENGTH = 5
MAX_EDITS = 2


@cache
def skeleton(token: str) -> str:
    """A spelling-neutral key: accents folded, transliteration pairs merged, doubles dropped."""
    key = fold(token)
    for written, said in _SPELLINGS:
        key = key.replace(written, said)
    return re.sub(r"(.)\1+", r"\1", key)


def variant(a: str, b: str) -> bool:
    """True when two name tokens are spellings of one name: same skeleton, or (both long
    enough, same initial) at most two edits apart."""
    if a == b:
        return True
    if skeleton(a) == skeleton(b):
        return True
    if min(len(a), len(b)) < MIN_LENGTH or fold(a[:1]) != fold(b[:1]):
        return False
    return _distance(fold(a), fold(b)) <= MAX_EDITS


def _distance(a: str, b: str) -> int:
    """Levenshtein distance, stopping early once it exceeds MAX_EDITS."""
    if abs(len(a) - len(b)) > MAX_EDITS:
        return MAX_EDITS + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > MAX_EDITS:
            return MAX_EDITS + 1
        previous = current
    return previous[-1]
