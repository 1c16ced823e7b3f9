"""Hand-made canonical meetings, as the contract of issue 11 writes them (CANONICAL.md).

``canonical_graph`` builds the named graph ``id/graph/meetings``: each canonical meeting
``a dip:Meeting, dip:CanonicalMeeting`` with its merged sides, attendees, place, date,
``dip:reportCount`` and a ``dip:reportedAs`` / ``dip:reportedIn`` per report.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from kg.rdf.mapping import date_literal
from kg.rdf.namespaces import DIP, ID

MEETINGS_GRAPH = URIRef(ID["graph/meetings"])


@dataclass(frozen=True)
class Canonical:
    """One canonical meeting: its key, sides, reports (event, article) and what is known."""

    key: str
    sides: tuple[str, ...]
    reports: tuple[tuple[str, str], ...]
    date: str | None = None
    city: str | None = None
    attendees: tuple[str, ...] = ()
    kind: str = "Meeting"


def canonical_graph(meetings: list[Canonical]) -> Graph:
    """The meetings graph holding ``meetings`` (IRIs are given relative to ``id/``)."""
    graph = Graph(identifier=MEETINGS_GRAPH)
    for meeting in meetings:
        iri = ID[f"meeting/{meeting.key}"]
        graph.add((iri, RDF.type, DIP.Meeting))
        graph.add((iri, RDF.type, DIP.CanonicalMeeting))
        if meeting.kind != "Meeting":
            graph.add((iri, RDF.type, DIP[meeting.kind]))
        graph.add((iri, RDFS.label, Literal(f"{meeting.kind}: {', '.join(meeting.sides)}")))
        graph.add((iri, DIP.status, Literal("occurred")))
        for side in meeting.sides:
            graph.add((iri, DIP.participant, ID[side]))
        for person in meeting.attendees:
            graph.add((iri, DIP.attendee, ID[person]))
        if meeting.city:
            graph.add((iri, DIP.locatedIn, ID[meeting.city]))
        if meeting.date:
            graph.add((iri, DIP.date, date_literal(meeting.date)))
        graph.add((iri, DIP.reportCount, Literal(len(meeting.reports), datatype=XSD.integer)))
        for event, article in meeting.reports:
            graph.add((iri, DIP.reportedAs, ID[event]))
            graph.add((iri, DIP.reportedIn, ID[article]))
    return graph
