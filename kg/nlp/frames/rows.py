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
    """Every row, in file order; raises ValueError naming a malformed row."""
    import yaml

    rows = []
    for raw in yaml.safe_load(data_text("frames.yaml")):
        try:
            row = Row(id=raw["id"], kind=raw["kind"], pattern=tuple(raw["pattern"]),
                      example=raw["example"], expect_sides=frozenset(raw["expect"]["sides"]),
                      expect_place=raw["expect"].get("place"), party=raw.get("party"),
                      visit=bool(raw.get("visit")), each=raw.get("each"),
                      refers=bool(raw.get("refers")),
                      unless=frozenset(raw.get("unless", ())))
        except (KeyError, TypeError) as exc:
            raise ValueError(f"frames.yaml: row {raw.get('id', raw)!r}: missing {exc}") from exc
        nodes = [node["RIGHT_ID"] for node in row.pattern]
        if row.kind not in KINDS or nodes[0] != "trigger" or (
                row.party is not None and row.party not in nodes) or (
                row.each not in (None, "always", *nodes)):
            raise ValueError(f"frames.yaml: row {row.id!r}: bad kind, trigger or party")
        rows.append(row)
    if len({r.id for r in rows}) != len(rows):
        raise ValueError("frames.yaml: row ids must be unique")
    return tuple(rows)
