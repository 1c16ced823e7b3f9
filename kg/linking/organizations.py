"""International organisations: short names, full names and Wikidata ids (kg/data table)."""

from __future__ import annotations

import datetime as dt
from functools import cache

from kg.linking._tables import data_json, fold
from kg.types import Organization


@cache
def all_organizations() -> tuple[Organization, ...]:
    """Every organisation in the table."""
    return tuple(Organization(short_name=r["short"], name=r["name"], wikidata=r["wikidata"])
                 for r in data_json("organizations.json"))


@cache
def organization_names() -> dict[str, tuple[str, Organization]]:
    """Surface form (exact case) -> (form, Organization) for gazetteer patterns."""
    table = {}
    for row, org in zip(data_json("organizations.json"), all_organizations(), strict=True):
        for form in (row["short"], row["name"], *row["aliases"]):
            table[form] = (form, org)
    return table


@cache
def _folded() -> dict[str, Organization]:
    return {fold(form): org for form, (_, org) in organization_names().items()}


def find_organization(text: str) -> Organization | None:
    """The organisation a short or full name refers to ("UN", "the United Nations")."""
    key = fold(text).removeprefix("the ").removesuffix("'s").strip()
    return _folded().get(key)


def is_intergovernmental(org: Organization) -> bool:
    """Only states' organisations (UN, EU, NATO, ...) are sides of diplomacy; NGOs and armed
    groups in the table are not."""
    return _rows().get(org.short_name, {}).get("kind", "igo") == "igo"


def forum_members(org: Organization, day: dt.date | None) -> tuple[str, ...]:
    """The keys of the sides that take part for a forum of states ("G7 leaders"): its
    members on ``day`` (without a date, its members now) and its usual guests; empty for
    an organisation with officials of its own (the UN, ASEAN), which is a side itself."""
    from kg.linking.leaders import period

    row = _rows().get(org.short_name, {})
    if not row.get("forum"):
        return ()
    found = []
    for member in row.get("members", ()):
        entry = member if isinstance(member, dict) else {"side": member}
        start = period(entry["from"])[0] if "from" in entry else None
        end = period(entry["to"])[1] if "to" in entry else None
        when = day or dt.date.max
        if (start is None or start <= when) and (end is None or when <= end):
            found.append(entry["side"])
    return (*found, *row.get("also", ()))


@cache
def _rows() -> dict[str, dict]:
    return {r["short"]: r for r in data_json("organizations.json")}
