"""Entities of one Doc linked to sides (states, organisations) and places (cities)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span

from kg.linking import capital_country, find_city, find_country, find_organization, us_state
from kg.linking._tables import data_json
from kg.linking.organizations import is_intergovernmental
from kg.nlp.gazetteer import CITY, COUNTRY, ORG
from kg.types import City, Country, Side

#: Prepositions after which a capital is a place ("in Seoul"), not a metonym ("with Seoul").
PLACE_PREPS = frozenset({"in", "at", "to", "into", "from", "near", "outside", "inside", "of",
                         "via", "across", "around", "through", "toward", "towards", "for"})
METONYM_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})


@dataclass(frozen=True)
class SideMention:
    """A token range of the Doc that names or stands for a side."""

    start: int
    end: int
    side: Side
    kind: str  # country | demonym | capital | org | person | title | group | qualifier


@dataclass(frozen=True)
class PlaceMention:
    """A token range naming a city."""

    start: int
    end: int
    city: City


@dataclass
class DocEntities:
    """Linked entities of one Doc, in text order."""

    sides: list[SideMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    persons: list[Span] = field(default_factory=list)
    dates: list[Span] = field(default_factory=list)

    def side_at(self, i: int) -> SideMention | None:
        """The side mention covering token ``i``, if any."""
        return next((m for m in self.sides if m.start <= i < m.end), None)

    def place_at(self, i: int) -> PlaceMention | None:
        """The place mention covering token ``i``, if any."""
        return next((m for m in self.places if m.start <= i < m.end), None)


@cache
def _vocabulary() -> dict:
    return data_json("events.json")


def _institution_words() -> frozenset[str]:
    return frozenset(_vocabulary()["institution_words"])


def in_institution_name(ent: Span) -> bool:
    """True for "German" in "German Institute for Economic Research": not a state mention."""
    doc = ent.doc
    for token in doc[ent.end: min(len(doc), ent.end + 5)]:
        if not (token.is_title or token.is_upper) or token.pos_ not in ("PROPN", "NOUN"):
            return False
        if token.text in _institution_words():
            return True
    return False


def is_metonym(ent: Span) -> bool:
    """A capital standing for its state: subject, possessor, coordinated or after "with"."""
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].text in ("'s", "’s"):
        return True
    root = ent.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if root.dep_ in METONYM_DEPS:
        return True
    return root.dep_ == "pobj" and root.head.lower_ not in PLACE_PREPS


def _place_context(ent: Span) -> bool:
    """An entity after "in"/"to"/"at", visited, or hosting: a place whatever the NER says."""
    root = ent.root
    if root.dep_ == "pobj":
        return root.head.lower_ in ("in", "at", "to", "into")
    if root.dep_ == "nsubj" and root.head.lower_.startswith("host"):
        return True
    return root.dep_ == "dobj" and root.head.lemma_ in ("visit", "reach", "tour")


def _qualifiers(doc: Doc) -> dict[int, tuple[int, Country]]:
    """Places whose state the text gives: "Camp David, Maryland", "Davos, Switzerland",
    "the Swiss resort of Davos". Maps the place's first token to (qualifier start, state)."""
    found: dict[int, tuple[int, Country]] = {}
    ents = list(doc.ents)
    nouns = set(_vocabulary()["place_nouns"])
    for k, ent in enumerate(ents):
        if ent.label_ not in ("GPE", "LOC", "FAC", "ORG") or ent.ent_id_.startswith(
                (COUNTRY, ORG)):
            continue
        nxt = ents[k + 1] if k + 1 < len(ents) else None
        if nxt is not None and nxt.start == ent.end + 1 and doc[ent.end].text == ",":
            state = _state_of(nxt)
            if state is not None:
                found[ent.start] = (nxt.start, state)
                continue
        if ent.start >= 3 and doc[ent.start - 1].lower_ == "of" and (
                doc[ent.start - 2].lower_ in nouns):
            for prev in reversed(ents[max(0, k - 2):k]):
                if prev.end >= ent.start - 5 and prev.ent_id_.startswith(COUNTRY):
                    state = find_country(prev.text)
                    if state is not None:
                        found[ent.start] = (prev.start, state)
                    break
    return found


def _state_of(ent: Span) -> Country | None:
    """The state a qualifier names: a country, or a US state ("Maryland")."""
    if ent.ent_id_.startswith(COUNTRY):
        return find_country(ent.text)
    return us_state(ent.text)


def link_entities(doc: Doc) -> DocEntities:
    """Resolve every entity of the Doc to a side, a place, a person or a date."""
    found = DocEntities()
    context = [ent.ent_id_[len(COUNTRY):] for ent in doc.ents if ent.ent_id_.startswith(COUNTRY)]
    qualified = _qualifiers(doc)
    qualifiers = {start for start, _ in qualified.values()}
    for ent in doc.ents:
        kind, ident = ent.label_, ent.ent_id_
        if ent.start in qualified:
            _qualified_city(ent, qualified[ent.start][1], found, context)
        elif ent.start in qualifiers:
            side = find_country(ent.text)
            if side is not None:
                found.sides.append(SideMention(ent.start, ent.end, side, "qualifier"))
        elif kind == "PERSON":
            found.persons.append(ent)
        elif kind in ("DATE",):
            found.dates.append(ent)
        elif ident.startswith(COUNTRY) or (not ident and kind in ("GPE", "NORP", "LOC")):
            _country_or_city(ent, found, context)
        elif ident.startswith(CITY):
            _city(ent, found, context)
        elif ident.startswith(ORG) or kind in ("ORG", "FAC", "PRODUCT"):
            org = find_organization(ent.text)
            if org is not None and is_intergovernmental(org):
                found.sides.append(SideMention(ent.start, ent.end, org, "org"))
            elif _place_context(ent):
                _city(ent, found, context)
    return found


def _country_or_city(ent: Span, found: DocEntities, context: list[str]) -> None:
    side = find_country(ent.text)
    if side is not None:
        if ent.label_ == "NORP" and in_institution_name(ent):
            return
        kind = "demonym" if ent.label_ == "NORP" else "country"
        found.sides.append(SideMention(ent.start, ent.end, side, kind))
    elif ent.label_ in ("GPE", "LOC"):
        _city(ent, found, context)


def _qualified_city(ent: Span, state: Country, found: DocEntities, context: list[str]) -> None:
    """A place in the state the text names; kept without a GeoNames id when the gazetteer
    does not know it ("Camp David", "Davos")."""
    city = find_city(ent.text, [state.iso3, *context])
    if city is None or city.country != state:
        city = City(name=ent.text.removeprefix("the "), country=state)
    found.places.append(PlaceMention(ent.start, ent.end, city))


def _city(ent: Span, found: DocEntities, context: list[str]) -> None:
    state = capital_country(ent.text)
    if state is not None and is_metonym(ent):
        found.sides.append(SideMention(ent.start, ent.end, state, "capital"))
        return
    city = find_city(ent.text, context)
    if city is None and ent.label_ in ("GPE", "FAC") and _place_context(ent) and (
            us_state(ent.text) is None):
        city = City(name=ent.text.removeprefix("the "))
    if city is not None:
        found.places.append(PlaceMention(ent.start, ent.end, city))
