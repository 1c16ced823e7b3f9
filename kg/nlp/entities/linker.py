"""Entities linked to states, organisations, cities and regions, with a confidence.

Candidates come from the tables (through the gazetteer's kb ids) or from the entity's
text; the NER label, the words around the mention (a preposition of place, a possessive,
"of", a qualifier after a comma) and the article's other states choose among them.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span

from kg.linking import capital_country, country, find_city, find_country, find_organization
from kg.linking._tables import data_json, geonames
from kg.linking.organizations import is_intergovernmental
from kg.linking.places import us_state
from kg.linking.regions import find_region
from kg.nlp.entities.gazetteer import CITY, DEMONYM, ORG, REGION, SEAT, STATE
from kg.nlp.entities.mentions import CITY as CITY_KIND
from kg.nlp.entities.mentions import ORG as ORG_KIND
from kg.nlp.entities.mentions import REGION as REGION_KIND
from kg.nlp.entities.mentions import STATE as STATE_KIND
from kg.nlp.entities.mentions import Mention
from kg.types import City, Country

#: Prepositions after which a capital is a place ("in Seoul"), not a metonym ("with Seoul").
PLACE_PREPS = frozenset({"in", "at", "to", "into", "from", "near", "outside", "inside", "of",
                         "via", "across", "around", "through", "toward", "towards", "for"})
METONYM_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})
#: Verbs after which "to" a capital is a journey ("flew to Seoul"), not an address ("wrote to
#: Seoul", "protested to Tokyo").
MOVEMENT_VERBS = frozenset({"go", "come", "return", "head", "travel", "fly", "move", "drive",
                            "sail", "arrive", "send", "deploy", "journey", "trip", "visit",
                            "way", "route", "road", "flight"})
#: Verbs whose object is a place even when it is a capital ("visited Seoul", "shelled Kyiv");
#: the object of any other verb is the state ("accused Pyongyang", "urged Tehran").
PLACE_VERBS = frozenset({"visit", "tour", "reach", "leave", "enter", "attack", "bomb", "shell",
                         "strike", "hit", "target", "capture", "seize", "liberate", "occupy",
                         "control", "surround", "besiege", "evacuate", "rebuild", "host",
                         "fly", "travel", "move", "relocate", "open", "close"})
#: Confidence of each reading (the layer abstains below MIN_CONFIDENCE).
CONFIDENCE = {"name": 0.95, "demonym": 0.9, "seat": 0.85, "qualifier": 0.9, "capital": 0.75,
              "org": 0.9, "group": 0.9, "city": 0.85, "region": 0.9, "unknown city": 0.6}


@cache
def _vocabulary() -> dict:
    return data_json("events.json")


@cache
def _population() -> dict[str, int]:
    return {c["iso3"]: int(c["population"]) for c in geonames().get_countries().values()}


def in_institution_name(ent: Span) -> bool:
    """True for "German" in "German Institute for Economic Research": not a state mention."""
    words = frozenset(_vocabulary()["institution_words"])
    doc = ent.doc
    for token in doc[ent.end: min(len(doc), ent.end + 5)]:
        if not (token.is_title or token.is_upper) or token.pos_ not in ("PROPN", "NOUN"):
            return False
        if token.text in words:
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
    if root.dep_ == "dobj":
        return root.head.lemma_ not in PLACE_VERBS
    if root.dep_ == "pobj" and root.head.lower_ == "to":
        return root.head.head.lemma_ not in PLACE_VERBS | MOVEMENT_VERBS
    return root.dep_ == "pobj" and root.head.lower_ not in PLACE_PREPS


def is_venue(ent: Span) -> bool:
    """A building or a residence ("the Constantine Palace", "Palacio do Planalto"): where
    people meet inside a city, never the city itself."""
    words = frozenset(w.lower() for w in _vocabulary()["venue_words"])
    names = [t.lower_ for t in ent if t.is_alpha and t.lower_ != "the"]
    return bool(names) and (names[0] in words or names[-1] in words)


def place_context(ent: Span) -> bool:
    """An entity after "in"/"to"/"at", visited, or hosting: a place whatever the NER says."""
    root = ent.root
    if root.dep_ == "pobj":
        return root.head.lower_ in ("in", "at", "to", "into")
    if root.dep_ == "nsubj" and root.head.lower_.startswith("host"):
        return True
    return root.dep_ == "dobj" and root.head.lemma_ in ("visit", "reach", "tour")


class Linker:
    """Links the entities of one Doc; ``choices`` are the gazetteer's readings per span."""

    def __init__(self, doc: Doc, choices: dict[tuple[int, int], list[str]]) -> None:
        self.doc = doc
        self.choices = choices
        self.found: list[Mention] = []
        self.context = [k.split(":", 1)[1] for ids in choices.values() for k in ids
                        if k.startswith(STATE) and len(ids) == 1]

    def link(self, ents: list[Span]) -> list[Mention]:
        """Mentions for every entity that names a state, organisation, city or region."""
        qualified = self._qualifiers(ents)
        qualifiers = {start for start, _ in qualified.values()}
        for ent in ents:
            if ent.label_ in ("PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY",
                              "QUANTITY", "PERCENT"):
                continue
            if ent.start in qualified:
                self._qualified_city(ent, qualified[ent.start][1])
            elif ent.start in qualifiers:
                side = self._state(ent)
                if side is not None:
                    self._add(ent, STATE_KIND, side.iso3, "qualifier", side=side)
            else:
                self._entity(ent)
        return self.found

    def _add(self, ent: Span, kind: str, key: str, form: str, **values: object) -> None:
        self.found.append(Mention(ent.start, ent.end, kind, key, CONFIDENCE[form], form,
                                  **values))  # type: ignore[arg-type]

    def _entity(self, ent: Span) -> None:
        kb_id = ent.kb_id_
        if kb_id.startswith(REGION) or (not kb_id and find_region(ent.text) is not None):
            region = find_region(kb_id.removeprefix(REGION) or ent.text)
            if region is not None:
                self._add(ent, REGION_KIND, region.name, "region", region=region)
        elif kb_id.startswith((STATE, DEMONYM, SEAT)) or (
                not kb_id and ent.label_ in ("GPE", "NORP", "LOC")):
            self._country_or_city(ent)
        elif kb_id.startswith(CITY):
            self._city(ent)
        elif kb_id.startswith(ORG) or ent.label_ in ("ORG", "FAC", "PRODUCT"):
            org = find_organization(kb_id.removeprefix(ORG) or ent.text)
            if org is not None:
                form = "org" if is_intergovernmental(org) else "group"
                self._add(ent, ORG_KIND, org.short_name, form, side=org)
            elif place_context(ent):
                self._city(ent)

    def _codes(self, ent: Span) -> list[str]:
        ids = self.choices.get((ent.start, ent.end), [])
        return list(dict.fromkeys(k.split(":", 1)[1] for k in ids
                                  if k.startswith((STATE, DEMONYM, SEAT))))

    def _state(self, ent: Span) -> Country | None:
        """The state a span names; an ambiguous demonym ("Congolese") goes to the state the
        article names otherwise, else to the most populous (a person's known office may
        still settle it: :class:`Mention` keeps the alternatives)."""
        codes = self._codes(ent)
        if len(codes) > 1:
            named = [c for c in codes if c in self.context]
            pick = named[0] if len(named) == 1 else max(codes, key=lambda c: _population().get(
                c, 0))
            return country(pick)
        if codes:
            return country(codes[0])
        return find_country(ent.text)

    def _country_or_city(self, ent: Span) -> None:
        if _currency(ent):
            return
        side = self._state(ent)
        capital = self._capital_of(ent, side)
        if capital is not None:
            self.found.append(Mention(ent.start, ent.end + 1, CITY_KIND, _city_key(capital),
                                      CONFIDENCE["city"], "city", city=capital))
            return
        if side is not None:
            if ent.label_ == "NORP" and in_institution_name(ent):
                return
            kind = ent.kb_id_.split(":", 1)[0] if ent.kb_id_ else ""
            form = {"demonym": "demonym", "seat": "seat"}.get(kind, "name")
            if not kind and ent.label_ == "NORP":
                form = "demonym"
            others = tuple(c for c in self._codes(ent) if c != side.iso3)
            self._add(ent, STATE_KIND, side.iso3, form, side=side, alternatives=others)
        elif ent.label_ in ("GPE", "LOC"):
            self._city(ent)

    def _capital_of(self, ent: Span, side: Country | None) -> City | None:
        """"The Japanese capital", "Kenya's capital": the state's capital city."""
        doc = self.doc
        after = ent.end + (1 if ent.end < len(doc) and doc[ent.end].text in ("'s", "’s") else 0)
        if side is None or after >= len(doc) or doc[after].lower_ != "capital" or (
                after + 1 < len(doc) and doc[after + 1].pos_ in ("NOUN", "PROPN")):
            return None
        name = next((c["capital"] for c in geonames().get_countries().values()
                     if c["iso3"] == side.iso3 and c["capital"]), None)
        return find_city(name, [side.iso3]) if name else None

    def _qualified_city(self, ent: Span, state: Country) -> None:
        """A place in the state the text names; kept without a GeoNames id when the gazetteer
        does not know it ("Camp David", "Davos")."""
        city = find_city(ent.text, [state.iso3, *self.context])
        form = "city"
        if city is None or city.country != state:
            if is_venue(ent):
                return
            city, form = City(name=ent.text.removeprefix("the "), country=state), "unknown city"
        self._add(ent, CITY_KIND, _city_key(city), form, city=city)

    def _city(self, ent: Span) -> None:
        state = capital_country(ent.text)
        if state is not None and is_metonym(ent):
            self._add(ent, STATE_KIND, state.iso3, "capital", side=state)
            return
        city = find_city(ent.text, self.context)
        form = "city"
        if city is None and ent.label_ in ("GPE", "FAC") and place_context(ent) and (
                us_state(ent.text) is None) and not is_venue(ent):
            city, form = City(name=ent.text.removeprefix("the ")), "unknown city"
        if city is not None:
            self._add(ent, CITY_KIND, _city_key(city), form, city=city)

    def _qualifiers(self, ents: list[Span]) -> dict[int, tuple[int, Country]]:
        """Places whose state the text gives: "Camp David, Maryland", "Davos, Switzerland",
        "the Swiss resort of Davos". Maps the place's first token to (qualifier start, state).
        """
        doc = self.doc
        found: dict[int, tuple[int, Country]] = {}
        nouns = set(_vocabulary()["place_nouns"])
        for k, ent in enumerate(ents):
            if ent.label_ not in ("GPE", "LOC", "FAC", "ORG") or ent.kb_id_.startswith(
                    (STATE, DEMONYM, ORG, REGION)):
                continue
            nxt = ents[k + 1] if k + 1 < len(ents) else None
            if nxt is not None and nxt.start == ent.end + 1 and doc[ent.end].text == ",":
                state = self._qualifier_state(ent, nxt)
                if state is not None:
                    found[ent.start] = (nxt.start, state)
                    continue
            if ent.start >= 3 and doc[ent.start - 1].lower_ == "of" and (
                    doc[ent.start - 2].lower_ in nouns):
                for prev in reversed(ents[max(0, k - 2):k]):
                    if prev.end >= ent.start - 5 and prev.kb_id_.startswith((STATE, DEMONYM)):
                        state = self._state(prev)
                        if state is not None:
                            found[ent.start] = (prev.start, state)
                        break
        return found

    def _qualifier_state(self, place: Span, qualifier: Span) -> Country | None:
        """The state after "Place, ...": a US state's name is the United States where the
        place is a US city ("Atlanta, Georgia"), else a state named by the qualifier."""
        if us_state(qualifier.text) is not None:
            city = find_city(place.text, ["USA"])
            if city is not None and city.country is not None and city.country.iso3 == "USA":
                return city.country
            if not qualifier.kb_id_.startswith((STATE, DEMONYM)):
                return us_state(qualifier.text)
        if qualifier.kb_id_.startswith((STATE, DEMONYM)) or qualifier.label_ == "GPE":
            return self._state(qualifier)
        return None


def _currency(ent: Span) -> bool:
    """"US$4bn", "US $50 million": a state's abbreviation that only marks a currency."""
    doc = ent.doc
    return ent.end < len(doc) and (doc[ent.end].text in ("$", "dollars", "dollar") or (
        ent.text.endswith("$")))


def _city_key(city: City) -> str:
    """A city's identifier: its GeoNames id, else its name and state."""
    if city.geonames_id is not None:
        return str(city.geonames_id)
    return f"{city.name}@{city.country.iso3 if city.country else ''}"
