"""The PLOVER lexicon as data: kg/data/plover_lexicon.yaml and kg/data/plover_cameo.csv.

Patterns map verbs and nouns to CAMEO codes; the code table (:func:`kg.plover.codes`) maps
a CAMEO code to its PLOVER category, mode and context. Keeping both as data lets a domain
expert extend the coder without touching the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kg.plover import codes

_DATA = Path(__file__).resolve().parent.parent.parent / "data"


@dataclass(frozen=True)
class Lexicon:
    """The coder's patterns, all keyed by spaCy lemma (lower case)."""

    verbs: dict[str, str]
    objects: dict[str, dict[str, str | None]]
    classes: dict[str, str]
    nouns: dict[str, str]
    light_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    planning_verbs: frozenset[str]
    aspect_verbs: frozenset[str]
    intent_verbs: frozenset[str]
    intent_codes: dict[str, dict[str, str]]
    hostile: frozenset[str]
    officials: frozenset[str]
    negating_verbs: frozenset[str]
    by_state: dict[str, str]
    stative_participles: frozenset[str]


def category(cameo: str) -> str:
    """The PLOVER category of a CAMEO code in the table; KeyError for unknown codes."""
    return codes()[cameo].category


@cache
def lexicon() -> Lexicon:
    """The patterns from kg/data/plover_lexicon.yaml, parsed and indexed once."""
    import yaml

    raw: dict[str, Any] = yaml.safe_load((_DATA / "plover_lexicon.yaml").read_text("utf-8"))
    classes = {noun: name for name, nouns in raw["classes"].items() for noun in nouns}
    return Lexicon(
        verbs={str(k): str(v) for k, v in raw["verbs"].items()},
        objects={str(k): dict(v) for k, v in raw["objects"].items()},
        classes=classes,
        nouns={str(k): str(v) for k, v in raw["nouns"].items()},
        light_verbs=frozenset(raw["light_verbs"]),
        reporting_verbs=frozenset(raw["reporting_verbs"]),
        planning_verbs=frozenset(raw["planning_verbs"]),
        aspect_verbs=frozenset(raw["aspect_verbs"]),
        intent_verbs=frozenset(raw["intent_verbs"]),
        intent_codes={k: dict(v) for k, v in raw["intent_codes"].items()},
        hostile=frozenset(raw["hostile"]),
        officials=frozenset(raw["officials"]),
        negating_verbs=frozenset(raw["negating_verbs"]),
        by_state={str(k): str(v) for k, v in raw["by_state"].items()},
        stative_participles=frozenset(raw["stative_participles"]),
    )
