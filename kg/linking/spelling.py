"""Spelling variants of personal names ("Zelensky" / "Zelenskyy", "Erdogan" / "Erdoğan")."""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz.distance import Levenshtein

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
    return Levenshtein.distance(fold(a), fold(b), score_cutoff=MAX_EDITS) <= MAX_EDITS
