"""Facts -> one self-contained named graph per article (the RDF contract of DESIGN.md)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL

from kg.errors import KGError
from kg.rdf.namespaces import (
    DIP,
    WD,
    article_iri,
    city_iri,
    event_iri,
    evidence_iri,
    geonames_iri,
    participation_iri,
    person_iri,
    plover_class,
    side_iri,
)
from kg.types import Action, City, Country, Event, Evidence, Facts, Person, Side

_DATE_TYPES = (
    (re.compile(r"\d{4}-\d{2}-\d{2}"), XSD.date),
    (re.compile(r"\d{4}-\d{2}"), XSD.gYearMonth),
    (re.compile(r"\d{4}"), XSD.gYear),
)


def date_literal(value: str) -> Literal:
    """An ISO date typed by its precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    for pattern, datatype in _DATE_TYPES:
        if pattern.fullmatch(value):
            return Literal(value, datatype=datatype)
    raise KGError(f"date {value!r} is not YYYY-MM-DD, YYYY-MM or YYYY")


def confidence_literal(value: float) -> Literal:
    """A probability as an ``xsd:decimal`` of three places ("0.913")."""
    return Literal(Decimal(f"{value:.3f}"), datatype=XSD.decimal)


class _Mapper:
    """Accumulates one article's triples; each entity is described once."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.key = facts.article.identifier
        self.article = article_iri(self.key)
        self.graph = Graph(identifier=self.article)
        self.graph.bind("dip", DIP)
        self.graph.bind("wd", WD)

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None:
            self.graph.add((s, p, o))

    def mention(self, entity: URIRef) -> None:
        self.add(self.article, DIP.mentions, entity)

    def article_node(self) -> None:
        art = self.facts.article
        self.add(self.article, RDF.type, DIP.Article)
        self.add(self.article, DCTERMS.identifier, Literal(art.identifier))
        if art.title:
            self.add(self.article, DCTERMS.title, Literal(art.title))
        if art.date:
            self.add(self.article, DCTERMS.date, Literal(art.date.isoformat(), datatype=XSD.date))
        if art.source:
            self.add(self.article, DCTERMS.source, Literal(art.source))
        if art.license:
            self.add(self.article, DCTERMS.license, Literal(art.license))

    def side(self, side: Side) -> URIRef:
        iri = side_iri(side)
        if isinstance(side, Country):
            self.add(iri, RDF.type, DIP.Country)
            self.add(iri, DIP.isoCode, Literal(side.iso3))
        else:
            self.add(iri, RDF.type, DIP.Organization)
            self.add(iri, DIP.shortName, Literal(side.short_name))
        self.add(iri, RDFS.label, Literal(side.name))
        if side.wikidata:
            self.add(iri, OWL.sameAs, WD[side.wikidata])
        return iri

    def city(self, city: City) -> URIRef:
        iri = city_iri(city)
        self.add(iri, RDF.type, DIP.City)
        self.add(iri, RDFS.label, Literal(city.name))
        if city.country is not None:
            self.add(iri, DIP.country, self.side(city.country))
        if city.geonames_id is not None:
            self.add(iri, OWL.sameAs, geonames_iri(city.geonames_id))
        return iri

    def evidence(self, evidence: Evidence) -> URIRef:
        iri = evidence_iri(self.key, evidence)
        self.add(iri, RDF.type, DIP.Evidence)
        self.add(iri, DIP.text, Literal(evidence.text))
        self.add(iri, DIP.start, Literal(evidence.start, datatype=XSD.integer))
        self.add(iri, DIP.end, Literal(evidence.end, datatype=XSD.integer))
        if evidence.in_title:
            self.add(iri, DIP.inTitle, Literal(True))
        self.add(iri, DCTERMS.isPartOf, self.article)
        return iri

    def person(self, person: Person) -> URIRef:
        iri = person_iri(person.name, person.side)
        self.add(iri, RDF.type, DIP.Person)
        self.add(iri, RDFS.label, Literal(person.name))
        if person.side is not None:
            self.add(iri, DIP.represents, self.side(person.side))
            self.mention(side_iri(person.side))
        if person.role:
            self.add(iri, DIP.role, Literal(person.role))
        if person.confidence is not None:
            self.add(iri, DIP.confidence, confidence_literal(person.confidence))
        if person.evidence is not None:
            self.add(iri, DIP.evidence, self.evidence(person.evidence))
        return iri

    def attendees(self, names: Iterable[str]) -> list[URIRef]:
        """Attendee names -> the IRIs of the people of that name (one per side they act for)."""
        iris: list[URIRef] = []
        for name in names:
            known = [p for p in self.facts.people if p.name == name]
            if known:
                iris.extend(person_iri(p.name, p.side) for p in known)
            else:
                iris.append(self.person(Person(name=name)))
                self.mention(iris[-1])
        return iris

    def occurrence(self, iri: URIRef, status: str, date: str | None, ev: Evidence) -> None:
        self.add(iri, DIP.status, Literal(status))
        if date:
            self.add(iri, DIP.date, date_literal(date))
        self.add(iri, DIP.evidence, self.evidence(ev))

    def event(self, n: int, event: Event) -> None:
        iri = event_iri(self.key, n)
        self.add(iri, RDF.type, DIP.Meeting)
        self.add(iri, RDF.type, DIP[event.kind])
        names = ", ".join(side.name for side in event.participants)
        self.add(iri, RDFS.label, Literal(f"{event.kind}: {names}" if names else event.kind))
        self.occurrence(iri, event.status, event.date, event.evidence)
        if event.date and event.date_basis:
            self.add(iri, DIP.dateBasis, Literal(event.date_basis))
        for part in event.participation:
            side = self.side(part.side)
            self.add(iri, DIP.participant, side)
            self.mention(side)
            node = participation_iri(iri, part.side)
            self.add(iri, DIP.participation, node)
            self.add(node, RDF.type, DIP.Participation)
            self.add(node, DIP.side, side)
            self.add(node, DIP.participantRole, Literal(part.role))
            if part.confidence is not None:
                self.add(node, DIP.confidence, confidence_literal(part.confidence))
        if event.confidence is not None:
            self.add(iri, DIP.confidence, confidence_literal(event.confidence))
        for person in self.attendees(event.attendees):
            self.add(iri, DIP.attendee, person)
        if event.place is not None:
            self.add(iri, DIP.locatedIn, self.city(event.place))
        if event.status == "occurred":
            for a, b in event.pairs:
                self.add(side_iri(a), DIP.meets, side_iri(b))
                self.add(side_iri(b), DIP.meets, side_iri(a))

    def action(self, n: int, action: Action) -> None:
        iri = event_iri(self.key, n, action=True)
        code = action.category.strip().upper()
        self.add(iri, RDF.type, DIP.Action)
        self.add(iri, RDF.type, plover_class(code))
        self.add(iri, RDFS.label, Literal(code.capitalize()))
        self.add(iri, DIP.ploverCode, Literal(code))
        if action.cameo:
            self.add(iri, DIP.cameoCode, Literal(action.cameo))
        self.occurrence(iri, action.status, action.date, action.evidence)
        for prop, side in ((DIP.actor, action.actor), (DIP.recipient, action.recipient)):
            if side is not None:
                self.add(iri, prop, self.side(side))
                self.mention(side_iri(side))

    def build(self) -> Graph:
        facts = self.facts
        self.article_node()
        for side in (*facts.countries, *facts.organizations):
            self.mention(self.side(side))
        for city in facts.cities:
            self.mention(self.city(city))
        for person in facts.people:
            self.mention(self.person(person))
        for n, event in enumerate(facts.events, start=1):
            self.event(n, event)
        for n, action in enumerate(facts.actions, start=1):
            self.action(n, action)
        return self.graph


def facts_to_graph(facts: Facts) -> Graph:
    """Map one article's facts to its named graph (identifier = the article IRI).

    The graph is self-contained: every entity it uses carries its type, key and label,
    so replacing or dropping the graph never leaves dangling nodes. A city's country is
    described but not ``dip:mentions``-ed: a place alone does not make the article
    refer to its state.
    """
    return _Mapper(facts).build()
