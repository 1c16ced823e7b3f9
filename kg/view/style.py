"""How each kind of node looks in the explorer, and what its tooltip says.

Kept apart from the page builder so the legend, the node styles and the tests share one
table: a colour-blind-friendly palette (Okabe-Ito) plus a distinct shape per kind, so the
kinds stay apart in greyscale too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

EDGE_FIELDS = ("relation", "date", "status", "article", "evidence")


@dataclass(frozen=True)
class KindStyle:
    """The look of one kind of node: vis-network shape, colour, legend name and glyph."""

    name: str
    color: str
    shape: str
    glyph: str
    size: int


KIND_STYLES: dict[str, KindStyle] = {
    "country": KindStyle("Country", "#0072B2", "dot", "\u25cf", 22),
    "person": KindStyle("Person", "#E69F00", "triangle", "\u25b2", 16),
    "city": KindStyle("City", "#009E73", "square", "\u25a0", 14),
    "organization": KindStyle("Organisation", "#CC79A7", "hexagon", "\u2b22", 18),
    "event": KindStyle("Event", "#D55E00", "star", "\u2605", 18),
    "other": KindStyle("Other", "#999999", "diamond", "\u25c6", 12),
}

_ALIASES = {"organisation": "organization", "org": "organization"}


def kind_of(attrs: Mapping[str, Any]) -> str:
    """The style key of a node: its ``kind`` attribute if known, else ``"other"``."""
    kind = str(attrs.get("kind") or "").strip().lower()
    kind = _ALIASES.get(kind, kind)
    return kind if kind in KIND_STYLES else "other"


def text_or_none(value: Any) -> str | None:
    """A display string for an attribute value, or None when it is missing or blank.

    Dates may arrive as ``datetime.date`` or rdflib literals; ``str`` gives their ISO form.
    """
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def iso_day(value: Any) -> str | None:
    """The ``YYYY-MM-DD`` prefix of a date-like value, for the date filter; None if absent."""
    text = text_or_none(value)
    if text is None or len(text) < 10 or text[4] != "-" or text[7] != "-":
        return None
    return text[:10]
