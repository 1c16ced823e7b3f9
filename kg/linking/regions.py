"""Regions, continents and seas: places that are neither a state nor a city.

"Latin America", "the Korean Peninsula", "Crimea" are typed as regions (kg/data/regions.json)
and never linked to a state or a city, whatever GeoNames' alternate names say.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kg.linking._tables import data_json, fold


@dataclass(frozen=True)
class Region:
    """A named region; ``within`` is the state it lies in, where that is uncontested."""

    name: str
    kind: str
    within: str | None = None


@cache
def region_names() -> tuple[tuple[str, Region], ...]:
    """(name or alias as written, with and without "the", Region): gazetteer patterns."""
    found = []
    for row in data_json("regions.json"):
        region = Region(row["name"].removeprefix("the "), row["kind"], row.get("within"))
        for form in (row["name"], *row.get("aliases", ())):
            found += [(form, region), (form.removeprefix("the "), region)]
    return tuple(dict.fromkeys(found))


@cache
def region_forms() -> dict[str, Region]:
    """Every name and alias, folded and without "the", -> its Region."""
    return {_key(form): region for form, region in region_names()}


def _key(text: str) -> str:
    return fold(text).removeprefix("the ").strip()


def find_region(text: str) -> Region | None:
    """The region a name refers to, if it is one."""
    return region_forms().get(_key(text))
