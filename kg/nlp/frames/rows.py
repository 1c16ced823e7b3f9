"""The frame rows of kg/data/frames.yaml, read and checked once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.linking._tables import data_text

KINDS = frozenset({"Meeting", "Visit", "Call", "Summit", "Agreement"})


@dataclass(frozen=True)
class Row:
    """One pattern of English that reports an encounter (see kg/data/frames.yaml)."""

    id: str
    kind: str
    pattern: tuple[dict[str, Any], ...]
    example: str
    expect_sides: frozenset[str]
    expect_place: str | None = None
    party: str | None = None
    visit: bool = False
    each: str | None = None
    refers: bool = False
    unless: frozenset[str] = frozenset()


@cache
def frame_rows() -> tuple[Row, ...]:
    """Every row of kg/data/frames.yaml, in file order."""
    return parse_rows(data_text("frames.yaml"))


def parse_rows(text: str) -> tuple[Row, ...]:
    """The rows of a frames YAML text, in order; raises ValueError naming a malformed row."""
    import yaml

    rows = []
    for raw in yaml.safe_load(text):
        try:
            row = Row(id=raw["id"], kind=raw["kind"], pattern=tuple(raw["pattern"]),
                      example=raw["example"], expect_sides=frozenset(raw["expect"]["sides"]),
                      expect_place=raw["expect"].get("place"), party=raw.get("party"),
                      visit=bool(raw.get("visit")), each=raw.get("each"),
                      refers=bool(raw.get("refers")),
                      unless=frozenset(raw.get("unless", ())))
        except (KeyError, TypeError) as exc:
            raise ValueError(f"frames.yaml: row {raw.get('id', raw)!r}: missing {exc}") from exc
        if not all(isinstance(word, str) for word in _words(row)):
            raise ValueError(f"frames.yaml: row {row.id!r}: a word is not text "
                             "(YAML reads on, off, yes and no unquoted as true or false)")
        nodes = [node["RIGHT_ID"] for node in row.pattern]
        if row.kind not in KINDS or nodes[0] != "trigger" or (
                row.party is not None and row.party not in nodes) or (
                row.each not in (None, "always", *nodes)):
            raise ValueError(f"frames.yaml: row {row.id!r}: bad kind, trigger or party")
        rows.append(row)
    if len({r.id for r in rows}) != len(rows):
        raise ValueError("frames.yaml: row ids must be unique")
    return tuple(rows)


def _words(row: Row) -> list[object]:
    """Every word a row's nodes name as their LEMMA or LOWER, or in its ``IN`` list."""
    found: list[object] = []
    for node in row.pattern:
        for name in ("LEMMA", "LOWER"):
            value = node["RIGHT_ATTRS"].get(name)
            if isinstance(value, dict):
                found.extend(value.get("IN", ()))
            elif value is not None:
                found.append(value)
    return found
