"""Countries: ISO 3166 alpha-3, names, short forms, demonyms, capitals, Wikidata ids."""

from __future__ import annotations

from functools import cache

from kg.errors import InputError
from kg.linking._tables import country_rows, data_json, fold, geonames
from kg.types import Country

_ARTICLES = ("the ",)


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


@cache
def _names() -> dict[str, Country]:
    """Canonical Country objects for every state in the table, by ISO3."""
    import pycountry

    by_iso2 = {info["iso3"]: info for info in geonames().get_countries().values()}
    result = {}
    for iso3, row in country_rows().items():
        info = by_iso2.get(iso3)
        record = pycountry.countries.get(alpha_3=iso3)
        aliases = _split(row["aliases"])
        name = getattr(record, "common_name", None) or (info or {}).get("name", iso3)
        name = name.removeprefix("The ")
        if iso3 in ("PSE", "XKX", "VAT") and aliases:
            name = aliases[0]
        result[iso3] = Country(iso3=iso3, name=name, wikidata=row["wikidata"] or None)
    return result


def all_countries() -> tuple[Country, ...]:
    """Every sovereign state the linker knows."""
    return tuple(_names().values())


def country(iso3: str) -> Country:
    """The Country for an ISO 3166-1 alpha-3 code; raises InputError for unknown codes."""
    found = _names().get(iso3.upper())
    if found is None:
        raise InputError(f"unknown ISO3 country code: {iso3!r}")
    return found


@cache
def country_names() -> dict[str, str]:
    """Every surface form of a state's name (not demonyms), folded, -> ISO3."""
    import pycountry

    table: dict[str, str] = {}
    for iso3, row in country_rows().items():
        forms = [_names()[iso3].name, *_split(row["aliases"])]
        record = pycountry.countries.get(alpha_3=iso3)
        if record is not None:
            forms += [record.name, getattr(record, "official_name", ""),
                      getattr(record, "common_name", "")]
        info = next((c for c in geonames().get_countries().values() if c["iso3"] == iso3), None)
        if info:
            forms.append(info["name"])
        for form in forms:
            if form and "," not in form:
                table.setdefault(fold(form), iso3)
    return table


def country_forms() -> list[tuple[str, str]]:
    """(surface form as written, ISO3) for every name of every state: gazetteer patterns."""
    import pycountry

    forms = []
    for iso3, row in country_rows().items():
        record = pycountry.countries.get(alpha_3=iso3)
        names = {_names()[iso3].name, *_split(row["aliases"])}
        if record is not None:
            names |= {record.name, getattr(record, "official_name", ""),
                      getattr(record, "common_name", "")}
        forms += [(name, iso3) for name in names if name and "," not in name]
    return forms


def demonym_forms() -> list[tuple[str, str]]:
    """(demonym as written, ISO3), e.g. ("South Korean", "KOR")."""
    return [(d, iso3) for iso3, row in country_rows().items() for d in _split(row["demonyms"])]


@cache
def demonyms() -> dict[str, str]:
    """Demonyms and adjectives ("Chinese", "South Korean"), folded, -> ISO3."""
    return {fold(d): iso3 for iso3, row in country_rows().items() for d in _split(row["demonyms"])}


@cache
def capitals() -> dict[str, str]:
    """Capital city names, folded, -> ISO3 (for metonyms like "Seoul said")."""
    table = {}
    for info in geonames().get_countries().values():
        if info["iso3"] in country_rows() and info["capital"]:
            table[fold(info["capital"])] = info["iso3"]
    extra = {"kiev": "UKR", "kyiv": "UKR", "new delhi": "IND", "delhi": "IND", "the hague": "NLD",
             "naypyidaw": "MMR", "jerusalem": "ISR", "ramallah": "PSE", "pretoria": "ZAF"}
    return {**table, **extra}


def seat_forms() -> list[tuple[str, str]]:
    """(seat of government as written, ISO3): "the Kremlin said" speaks for Russia."""
    return list(data_json("seats.json").items())


@cache
def _seats() -> dict[str, str]:
    return {fold(form): iso3 for form, iso3 in seat_forms()}


def _strip(text: str) -> str:
    key = fold(text).replace("’", "'")
    for prefix in _ARTICLES:
        if key.startswith(prefix):
            key = key[len(prefix):]
    return key.removesuffix("'s").strip()


def find_country(text: str) -> Country | None:
    """The state a name, short form, official name, demonym or seat of government
    ("the Kremlin") refers to, if any."""
    key = _strip(text)
    iso3 = country_names().get(key) or demonyms().get(key) or _seats().get(key)
    if iso3 is None and key.endswith("s"):
        iso3 = demonyms().get(key[:-1])
    return _names()[iso3] if iso3 else None


def capital_country(text: str) -> Country | None:
    """The state whose capital is named, for metonyms ("Seoul said", "Moscow and Beijing")."""
    iso3 = capitals().get(_strip(text))
    return _names()[iso3] if iso3 else None
