"""Canonical meetings: the reports of one meeting merged, and their triples.

A canonical meeting takes the sides of its first report (the others name the same sides or
a subset), the city its reports give, the most precise date they agree on, and the most
reported kind. Its IRI comes from that content and its first report
(:func:`kg.rdf.namespaces.meeting_iri`), so the same reports always give the same IRI.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import RDF, RDFS, XSD, Literal, URIRef

from kg.meetings.reports import DAY, Report
from kg.meetings.rule import file_keys
from kg.rdf.mapping import date_literal
from kg.rdf.namespaces import DIP, meeting_iri, side_key


@dataclass(frozen=True)
class Meeting:
    """One meeting that took place, with every report of it (first report first)."""

    iri: str
    reports: tuple[Report, ...]
    sides: frozenset[str]
    kind: str
    date: str | None = None
    city: str | None = None

    @property
    def articles(self) -> frozenset[str]:
        """The articles that report the meeting."""
        return frozenset(r.article for r in self.reports)

    @property
    def attendees(self) -> frozenset[str]:
        """The people any report names as attending."""
        return frozenset(p for r in self.reports for p in r.attendees)

    @property
    def keys(self) -> frozenset[str]:
        """The block keys the meeting is filed under: those of its reports."""
        return frozenset(k for r in self.reports for k in file_keys(r))

    def label(self, names: Mapping[str, str]) -> str:
        """``Meeting: China, Japan``: the kind and the sides' names, sorted."""
        return f"{self.kind}: " + ", ".join(sorted(names.get(s, side_key(s)) for s in self.sides))

    def statements(self, names: Mapping[str, str]) -> list[tuple[URIRef, URIRef | Literal]]:
        """The meeting's (predicate, object) pairs; ``names`` labels its sides."""
        kinds = [DIP.Meeting, DIP.CanonicalMeeting] + ([DIP[self.kind]] if self.kind != "Meeting"
                                                       else [])
        terms: list[tuple[URIRef, URIRef | Literal]] = [(RDF.type, kind) for kind in kinds]
        terms += [(RDFS.label, Literal(self.label(names))), (DIP.status, Literal("occurred")),
                  (DIP.reportCount, Literal(len(self.reports), datatype=XSD.integer))]
        terms += [(DIP.participant, URIRef(s)) for s in self.sides]
        terms += [(DIP.attendee, URIRef(p)) for p in self.attendees]
        terms += [(DIP.reportedAs, URIRef(r.iri)) for r in self.reports]
        terms += [(DIP.reportedIn, URIRef(a)) for a in self.articles]
        terms += [(DIP.blockKey, Literal(k)) for k in self.keys]
        if self.city:
            terms.append((DIP.locatedIn, URIRef(self.city)))
        if self.date:
            terms.append((DIP.date, date_literal(self.date)))
        return terms

    def triples(self, names: Mapping[str, str]) -> frozenset[str]:
        """The meeting's statements as N-Triples lines, as they are compared and written."""
        m = URIRef(self.iri).n3()
        return frozenset(f"{m} {p.n3()} {o.n3()} ." for p, o in self.statements(names))


def merged_date(reports: tuple[Report, ...]) -> str | None:
    """The most precise date the reports agree on.

    A day the text gives beats one read from a day word; between day-word days a day apart,
    the most reported, then the earlier, wins.
    """
    days = [r for r in reports if r.precision == DAY]
    if days:
        explicit = sorted(r.date for r in days if r.basis != "relative" and r.date)
        if explicit:
            return explicit[0]
        counts = Counter(r.date for r in days)
        return min(counts, key=lambda d: (-counts[d], d or ""))
    dated = [r.date for r in reports if r.date]
    return max(dated, key=len) if dated else None


def merge(reports: tuple[Report, ...]) -> Meeting:
    """The canonical meeting of a cluster of reports (first report first)."""
    first = reports[0]
    kinds = Counter(k for r in reports for k in r.kinds)
    kind = min(kinds, key=lambda k: (-kinds[k], k)) if kinds else "Meeting"
    date = merged_date(reports)
    city = next((r.city for r in reports if r.city), None)
    iri = str(meeting_iri(date, (side_key(s) for s in first.sides), first.iri))
    return Meeting(iri=iri, reports=reports, sides=first.sides, kind=kind, date=date, city=city)
