"""Integrity of the gazetteer tables under kg/data, read with csv/json only (not through kg).

The tables are written by hand from general knowledge; these checks catch what hand-editing
breaks: a malformed date, an unknown side or role, two holders of one office at once, an alias
claimed by two states, a member code that names nothing. One test per table checks every
row and lists each bad row with what is wrong with it.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from typing import Any

import pycountry
import pytest

DATA = Path(__file__).resolve().parents[1] / "kg" / "data"

#: GOLD.md's role values (section "people").
GOLD_ROLES = frozenset({
    "head of state", "president", "vice president", "prime minister", "chancellor",
    "foreign minister", "deputy foreign minister", "defence minister", "minister", "ambassador",
    "envoy", "national security adviser", "spokesperson", "secretary-general", "legislator",
    "military officer", "official",
})
#: Offices held by one person at a time: two rows of one side and role may not overlap.
SINGLE_HOLDER_ROLES = frozenset({
    "head of state", "president", "vice president", "prime minister", "chancellor",
    "foreign minister", "defence minister", "secretary-general", "national security adviser",
})
#: (side, role) pairs held by several people at once, and why.
SHARED_OFFICES = {
    ("BIH", "head of state"): "three-member collective Presidency of Bosnia and Herzegovina",
    ("AND", "head of state"): "two co-princes of Andorra",
    ("EU", "president"): "presidents of the European Commission and of the European Council",
}
#: Overlaps allowed on a side before a date, and why.
OVERLAPS_ALLOWED_UNTIL = {
    "RUS": (dt.date(1991, 12, 26), "Soviet and Russian (RSFSR) offices coexisted until 1991-12-25"),
    "LBY": (dt.date(2011, 8, 23), "Gaddafi and the National Transitional Council in the 2011 war"),
}
#: States ISO 3166 does not list: user-assigned codes in common use.
USER_ASSIGNED_ISO3 = frozenset({"XKX"})
ORG_KEYS = frozenset({"short", "name", "wikidata", "aliases", "kind", "country", "members", "also",
                      "forum"})
REGION_KINDS = frozenset({"continent", "region", "sea", "subnational", "disputed territory"})
ORG_KINDS = frozenset({"igo", "ngo", "armed group"})
MAX_OVERLAP = dt.timedelta(days=31)
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
LEADER_HEADER = ["name", "variants", "surname", "side", "role", "from", "to"]


def _csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


LEADERS = _csv("leaders.csv")
COUNTRIES = _csv("countries.csv")
ORGANIZATIONS = _json("organizations.json")
REGIONS = _json("regions.json")
SEATS = _json("seats.json")
ISO3 = {row["iso3"] for row in COUNTRIES}
ORG_SHORTS = {org["short"] for org in ORGANIZATIONS}


def _split(field: str) -> list[str]:
    return [part for part in field.split("|") if part]


def _bounds(value: str) -> tuple[dt.date, dt.date]:
    """Earliest and latest day a (possibly partial) ISO date can mean; open end = far future."""
    if not value:
        far = dt.date(9999, 12, 31)
        return far, far
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def _certain_overlap(a: dict[str, str], b: dict[str, str]) -> dt.timedelta:
    """Days two terms surely share: the latest possible start to the earliest possible end."""
    start = max(_bounds(a["from"])[1], _bounds(b["from"])[1])
    stop = min(_bounds(a["to"])[0], _bounds(b["to"])[0])
    return stop - start


def _allowed(a: dict[str, str], b: dict[str, str]) -> bool:
    """Whether two overlapping terms fall in a documented transition (OVERLAPS_ALLOWED_UNTIL)."""
    until = OVERLAPS_ALLOWED_UNTIL.get(a["side"])
    return until is not None and min(_bounds(a["to"])[0], _bounds(b["to"])[0]) <= until[0]


def test_leaders_header() -> None:
    with open(DATA / "leaders.csv", encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == LEADER_HEADER


def _leader_id(row: dict[str, str]) -> str:
    return f"{row['side']}-{row['name']}-{row['from']}"


def _bad(rows: list[Any], ident: Callable[[Any], str],
         check: Callable[[Any], list[str]]) -> dict[str, list[str]]:
    """Each row that fails a check, by its id, with what is wrong with it."""
    return {ident(row): problems for row in rows if (problems := check(row))}


def _leader_problems(row: dict[str, str]) -> list[str]:
    if None in row:
        return ["too many fields"]
    variants = _split(row["variants"])
    try:
        ordered = _bounds(row["from"])[0] <= _bounds(row["to"])[1]
    except ValueError:  # a month or day out of range
        ordered = False
    checks = [
        (bool(row["name"]) and row["name"] == row["name"].strip(), "name empty or padded"),
        (row["side"] in ISO3 | ORG_SHORTS, f"unknown side {row['side']}"),
        (row["role"] in GOLD_ROLES, f"role {row['role']!r} is not one of GOLD's"),
        (bool(DATE.match(row["from"])), f"bad from {row['from']!r}"),
        (not row["to"] or bool(DATE.match(row["to"])), f"bad to {row['to']!r}"),
        (ordered, "term ends before it starts, or no such day"),
        (bool(_split(row["surname"])), "no surname form"),
        (row["name"] not in variants and len(set(variants)) == len(variants),
         "name among its variants, or a variant twice"),
        (all(form == form.strip() for form in [*variants, *_split(row["surname"])]),
         "a padded variant or surname"),
    ]
    return [message for ok, message in checks if not ok]


def test_leader_rows() -> None:
    assert _bad(LEADERS, _leader_id, _leader_problems) == {}


def test_leaders_unique() -> None:
    counts = Counter(tuple(row.values()) for row in LEADERS)
    assert [row for row, n in counts.items() if n > 1] == []


def test_leaders_sorted() -> None:
    keys = [(row["side"], row["from"]) for row in LEADERS]
    assert keys == sorted(keys)


def _offices() -> dict[tuple[str, str], list[dict[str, str]]]:
    offices: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in LEADERS:
        if row["role"] in SINGLE_HOLDER_ROLES and (row["side"], row["role"]) not in SHARED_OFFICES:
            offices[row["side"], row["role"]].append(row)
    return offices


OFFICES = _offices()


def _clashes(office: tuple[str, str]) -> list[str]:
    return [
        f"{a['name']} ({a['from']}) and {b['name']} ({b['from']})"
        for a, b in combinations(OFFICES[office], 2)
        if _certain_overlap(a, b) > MAX_OVERLAP and not _allowed(a, b)
    ]


def test_single_holder_offices_do_not_overlap() -> None:
    assert _bad(sorted(OFFICES), "-".join, _clashes) == {}


@pytest.mark.parametrize("office", sorted(SHARED_OFFICES), ids="-".join)
def test_shared_office_exceptions_are_used(office: tuple[str, str]) -> None:
    assert any((row["side"], row["role"]) == office for row in LEADERS)


def test_countries_header() -> None:
    with open(DATA / "countries.csv", encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == ["iso3", "wikidata", "demonyms", "aliases"]


def _country_problems(row: dict[str, str]) -> list[str]:
    code = row["iso3"]
    checks = [
        (code in USER_ASSIGNED_ISO3 or bool(pycountry.countries.get(alpha_3=code)),
         f"{code} is no ISO 3166 code"),
        (bool(re.match(r"^Q\d+$", row["wikidata"])), f"bad wikidata {row['wikidata']!r}"),
        (bool(_split(row["demonyms"])), f"{code} has no demonym"),
    ]
    return [message for ok, message in checks if not ok]


def test_country_rows() -> None:
    assert _bad(COUNTRIES, lambda row: row["iso3"], _country_problems) == {}


def test_country_codes_unique() -> None:
    assert [c for c, n in Counter(row["iso3"] for row in COUNTRIES).items() if n > 1] == []


def _country_names() -> dict[str, set[str]]:
    """Lower-cased alias -> the states that claim it (pycountry's names count as aliases)."""
    claims: dict[str, set[str]] = defaultdict(set)
    for row in COUNTRIES:
        names = _split(row["aliases"])
        country = pycountry.countries.get(alpha_3=row["iso3"])
        if country:
            names += [country.name, getattr(country, "common_name", country.name)]
        for name in names:
            claims[name.casefold()].add(row["iso3"])
    return claims


def test_no_alias_shared_by_two_states() -> None:
    assert {name: codes for name, codes in _country_names().items() if len(codes) > 1} == {}


def test_organizations_schema() -> None:
    shorts = Counter(org["short"] for org in ORGANIZATIONS)
    assert [s for s, n in shorts.items() if n > 1] == []
    for org in ORGANIZATIONS:
        assert set(org) <= ORG_KEYS, org["short"]
        assert org.get("kind", "igo") in ORG_KINDS, org["short"]
        assert org.get("country") in ISO3 | {None}, org["short"]


def test_organization_aliases_unique() -> None:
    claims: dict[str, set[str]] = defaultdict(set)
    for org in ORGANIZATIONS:
        for form in [org["short"], org["name"], *org["aliases"]]:
            claims[form.casefold()].add(org["short"])
    assert {form: s for form, s in claims.items() if len(s) > 1} == {}


GROUPINGS = [org for org in ORGANIZATIONS if "members" in org]


@pytest.mark.parametrize("org", GROUPINGS, ids=lambda org: org["short"])
def test_organization_members(org: dict[str, Any]) -> None:
    sides = ISO3 | ORG_SHORTS
    seen = set()
    for member in org["members"]:
        side = member if isinstance(member, str) else member["side"]
        assert side in sides, side
        assert side not in seen, f"{side} listed twice"
        seen.add(side)
        if isinstance(member, dict):
            assert set(member) <= {"side", "from", "to"}
            assert all(DATE.match(member[key]) for key in ("from", "to") if key in member)
    assert all(side in sides for side in org.get("also", []))


def _region_problems(region: dict[str, Any]) -> list[str]:
    if set(region) != {"name", "aliases", "kind", "within"}:
        return [f"keys {sorted(region)}"]
    checks = [
        (region["kind"] in REGION_KINDS, f"kind {region['kind']!r}"),
        (region["within"] is None or region["within"] in ISO3, f"within {region['within']!r}"),
        (isinstance(region["aliases"], list), "aliases not a list"),
    ]
    return [message for ok, message in checks if not ok]


def test_regions() -> None:
    assert _bad(REGIONS, lambda r: r["name"], _region_problems) == {}


def test_region_names_unique_and_not_states() -> None:
    forms = [form.casefold() for r in REGIONS for form in [r["name"], *r["aliases"]]]
    assert [f for f, n in Counter(forms).items() if n > 1] == []
    assert set(forms) & set(_country_names()) == set()


def test_seats() -> None:
    assert SEATS and all(code in ISO3 for code in SEATS.values())
    assert set(map(str.casefold, SEATS)) & set(_country_names()) == set()
