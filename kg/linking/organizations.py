"""International organisations: short names, full names and Wikidata ids (kg/data table)."""

from __future__ import annotations

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


@cache
def _kinds() -> dict[str, str]:
    return {r["short"]: r.get("kind", "igo") for r in data_json("organizations.json")}


def is_intergovernmental(org: Organization) -> bool:
    """Only states' organisations (UN, EU, NATO, ...) are sides of diplomacy; NGOs and armed
    groups in the table are not."""
    return _kinds().get(org.short_name, "igo") == "igo"
