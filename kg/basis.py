"""How a date was read: the one rule, for the extractor and for reports stored before
``dip:dateBasis`` was written.

``relative`` where a day word ("on Sunday", "yesterday", "last week") was counted from the
publication date, which can be a day off; ``explicit`` where the text gives the day and
month, or any number.
"""

from __future__ import annotations

import re

from kg.types import DateBasis

#: A day word that dates a sentence relative to its publication date.
_DAY_WORD = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight"
    r"|tomorrow)\b",
    re.IGNORECASE,
)
_MONTH_NAME = (
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
)
#: A date the text gives in full: "26 November", "November 26", "2023-11-26".
_DAY_AND_MONTH = re.compile(
    rf"\b\d{{1,2}}(st|nd|rd|th)?\s+(of\s+)?{_MONTH_NAME}(?![a-z])"
    rf"|\b{_MONTH_NAME}\s+\d{{1,2}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b",
    re.IGNORECASE,
)


def date_basis(text: str) -> DateBasis:
    """The basis of a date read from ``text`` (the date's words, or its whole sentence):
    ``explicit`` where it gives the day and month, ``relative`` where it gives a day word
    or no number at all, else ``explicit``."""
    if _DAY_AND_MONTH.search(text):
        return "explicit"
    if _DAY_WORD.search(text) or not any(c.isdigit() for c in text):
        return "relative"
    return "explicit"
