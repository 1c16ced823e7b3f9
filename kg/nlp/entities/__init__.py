"""The entity layer: typed, linked and scored mentions of states, organisations, cities,
regions, people and titles (the ``kg_entities`` component)."""

from kg.nlp.entities.mentions import (
    CITY,
    MIN_CONFIDENCE,
    ORG,
    PERSON,
    REGION,
    STATE,
    TITLE,
    Entities,
    Mention,
    PersonInfo,
)

__all__ = ["CITY", "MIN_CONFIDENCE", "ORG", "PERSON", "REGION", "STATE", "TITLE", "Entities",
           "Mention", "PersonInfo"]
