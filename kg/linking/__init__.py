"""Entity linking: countries (ISO3, Wikidata), cities (GeoNames), organisations, roles."""

from kg.linking.countries import all_countries, capital_country, country, find_country
from kg.linking.organizations import all_organizations, find_organization
from kg.linking.places import find_city, us_state
from kg.linking.roles import normalise_role

__all__ = [
    "all_countries",
    "all_organizations",
    "capital_country",
    "country",
    "find_city",
    "find_country",
    "find_organization",
    "normalise_role",
    "us_state",
]
