"""A side from its key: an ISO3 code or an organisation's short name."""

from __future__ import annotations

from kg.errors import InputError
from kg.linking.countries import country
from kg.linking.organizations import find_organization
from kg.types import Side


def side_of(key: str) -> Side | None:
    """The state with ISO3 code ``key``, else the organisation so named, else None."""
    try:
        return country(key)
    except InputError:
        return find_organization(key)
