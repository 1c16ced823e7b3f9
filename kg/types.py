"""Frozen dataclasses passed between pipeline stages.

Readers yield :class:`Article`; the NLP stage turns one article into :class:`Facts`;
the RDF stage maps facts to a named graph. Nothing here imports spaCy or rdflib.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

#: Event kinds; each maps to a ``dip:`` class (``dip:Meeting`` and its subclasses).
EventKind = Literal["Meeting", "Visit", "Call", "Summit", "Agreement"]
#: How the article reports an event; only ``occurred`` events yield ``dip:meets``.
Status = Literal["occurred", "planned", "hypothetical", "negated"]
#: How a date was read: given in the text, or a day word ("on Sunday", "yesterday")
#: resolved against the publication date, which can be a day off.
DateBasis = Literal["explicit", "relative"]
#: What a side does in an encounter. A trip pairs its visitor with each host, never the
#: hosts with each other; every other role pairs with every other side.
Role = Literal["host", "visitor", "attendee", "caller", "called", "mediator", "signatory"]
ROLES: tuple[Role, ...] = ("host", "visitor", "attendee", "caller", "called", "mediator",
                           "signatory")


@dataclass(frozen=True)
class Article:
    """One news article as read from disk, before any NLP.

    ``identifier`` is the article's identity (its IRI is made from it): an ``id`` or
    ``url`` the input gives, else its path relative to the folder read. ``origin`` says
    where it was read (``path`` or ``path:line``), for messages.
    """

    identifier: str
    text: str
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    license: str | None = None
    origin: str | None = None


@dataclass(frozen=True)
class Evidence:
    """A sentence of the article and its character offsets: ``article.text[start:end]``,
    or ``article.title[start:end]`` where ``in_title``."""

    text: str
    start: int
    end: int
    in_title: bool = False


@dataclass(frozen=True)
class Country:
    """A sovereign state, keyed by its ISO 3166-1 alpha-3 code."""

    iso3: str
    name: str
    wikidata: str | None = None

    @property
    def key(self) -> str:
        """The side's key in gold files and in ``dip:`` IRIs."""
        return self.iso3


@dataclass(frozen=True)
class Organization:
    """An international organisation (UN, EU, NATO, ...), keyed by its short name."""

    short_name: str
    name: str
    wikidata: str | None = None

    @property
    def key(self) -> str:
        """The side's key in gold files and in ``dip:`` IRIs."""
        return self.short_name


#: A side of a diplomatic relation.
Side = Country | Organization


@dataclass(frozen=True)
class City:
    """A place, linked to GeoNames where the gazetteer knows it."""

    name: str
    country: Country | None = None
    geonames_id: int | None = None


@dataclass(frozen=True)
class Person:
    """A named office holder; one entry per side the person acts for, with how sure the
    entity layer is of that side (``confidence``: by title, office table, publisher...)."""

    name: str
    role: str | None = None
    side: Side | None = None
    evidence: Evidence | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class Participation:
    """One side's part in an encounter, and how sure the extractor is that it took part."""

    side: Side
    role: Role = "attendee"
    confidence: float | None = None


@dataclass(frozen=True)
class Event:
    """A diplomatic encounter: who took part (``participation``: each side with its role
    and confidence), who attended, where, when, how sure (``confidence``, the weakest of the
    decisions that made it), and the frames (rows of kg/data/frames.yaml) of the sentences
    that report it. ``participation`` follows ``participants``: a side without one takes
    part as an attendee, one that is no participant is dropped."""

    kind: EventKind
    participants: tuple[Side, ...]
    evidence: Evidence
    attendees: tuple[str, ...] = ()
    place: City | None = None
    date: str | None = None
    status: Status = "occurred"
    frames: tuple[str, ...] = ()
    date_basis: DateBasis | None = None
    participation: tuple[Participation, ...] = ()
    confidence: float | None = None

    def __post_init__(self) -> None:
        known = {p.side: p for p in self.participation}
        roles = tuple(known.get(side) or Participation(side) for side in self.participants)
        object.__setattr__(self, "participation", roles)

    @property
    def pairs(self) -> tuple[tuple[Side, Side], ...]:
        """The pairs of sides that met (:func:`side_pairs`)."""
        return side_pairs(self.participation)


def side_pairs(participation: tuple[Participation, ...]) -> tuple[tuple[Side, Side], ...]:
    """The one definition of who met whom in an encounter: every two sides, except two
    hosts (a trip meets each host in turn; hosts named without their visitor met no one
    here) and two visitors of a host (they travelled together, they did not meet)."""
    found: list[tuple[Side, Side]] = []
    sides = list(dict.fromkeys(p.side for p in participation))
    roles = {p.side: p.role for p in participation}
    hosts = sum(r == "host" for r in roles.values())
    for i, a in enumerate(sides):
        for b in sides[i + 1:]:
            if roles[a] == roles[b] and (
                    (roles[a] == "host" and hosts > 1) or (roles[a] == "visitor" and hosts)):
                continue
            found.append((a, b))
    return tuple(found)


@dataclass(frozen=True)
class Action:
    """A diplomatic action other than a meeting, coded with the PLOVER event ontology."""

    category: str
    actor: Side | None
    recipient: Side | None
    evidence: Evidence
    cameo: str | None = None
    date: str | None = None
    status: Status = "occurred"


@dataclass(frozen=True)
class Facts:
    """Everything extracted from one article."""

    article: Article
    countries: tuple[Country, ...] = ()
    organizations: tuple[Organization, ...] = ()
    people: tuple[Person, ...] = ()
    cities: tuple[City, ...] = ()
    events: tuple[Event, ...] = ()
    actions: tuple[Action, ...] = ()

    @property
    def meetings(self) -> tuple[Event, ...]:
        """Events that happened; the only ones that become ``dip:meets``."""
        return tuple(e for e in self.events if e.status == "occurred")

    def at_least(self, confidence: float) -> Facts:
        """The facts without the events the extractor is less sure of than ``confidence``
        (an event is as sure as its weakest participation; one no model weighed stays)."""
        if confidence <= 0:
            return self
        kept = tuple(e for e in self.events if e.confidence is None or e.confidence >= confidence)
        return replace(self, events=kept)
