"""Reports: the per-article meetings that took place, read back from any store by SPARQL.

The resolver sees the graph only through the RDF contract, so it works the same on every
backend and on stores built by older versions. A report's date basis comes from
``dip:dateBasis`` where the extractor wrote it; where it did not, the evidence sentence
says whether a day word ("on Sunday", "yesterday") gave the date (:func:`kg.basis.date_basis`).
An undated report carries its article's publication date, which bounds when it happened.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice

from rdflib import RDF, URIRef

from kg.basis import date_basis
from kg.rdf.namespaces import DIP, SPARQL_PREFIXES
from kg.store.base import Store
from kg.types import DateBasis

#: Date precisions, coarsest first; ``NONE`` for an undated report.
NONE, YEAR, MONTH, DAY = 0, 1, 2, 3
#: Kind classes that tell a report's mode; ``dip:Meeting`` itself says nothing more.
KINDS = frozenset({"Visit", "Call", "Summit", "Agreement"})
#: IRIs in one ``VALUES`` block: bounded so that a large build reads in many small queries.
CHUNK = 500


@dataclass(frozen=True)
class Report:
    """One article's report of a meeting that took place: what the resolver compares."""

    iri: str
    article: str
    sides: frozenset[str]
    date: str | None = None
    basis: DateBasis | None = None
    city: str | None = None
    kinds: frozenset[str] = frozenset()
    attendees: frozenset[str] = field(default=frozenset(), compare=False)
    published: str | None = None

    @property
    def call(self) -> bool:
        """A phone or video call: never the same meeting as an in-person one."""
        return "Call" in self.kinds

    @property
    def precision(self) -> int:
        """``DAY``, ``MONTH``, ``YEAR`` or ``NONE``, from the ISO date's length."""
        return {10: DAY, 7: MONTH, 4: YEAR}.get(len(self.date or ""), NONE)


#: Why a FILTER and not a second VALUES block for ?p: Oxigraph joins two VALUES blocks
#: before the patterns, ten times slower on 500 articles.
_QUERY = (
    SPARQL_PREFIXES
    + """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?e ?a ?p ?o WHERE {
  %s
  ?e dip:status "occurred" ; ?p ?o .
  FILTER(?p IN (dip:participant, dip:date, dip:dateBasis, dip:locatedIn, rdf:type, dip:attendee))
}"""
)
_BY_ARTICLE = "VALUES ?a { %s } ?s dcterms:isPartOf ?a . ?e dip:evidence ?s ."
_BY_EVENT = "VALUES ?e { %s } ?e dip:evidence ?s . ?s dcterms:isPartOf ?a ."
_EVERY = "?e dip:evidence ?s . ?s dcterms:isPartOf ?a ."
_TEXTS = (
    SPARQL_PREFIXES + "SELECT ?e ?text WHERE { VALUES ?e { %s } ?e dip:evidence/dip:text ?text }"
)
_PUBLISHED = SPARQL_PREFIXES + "SELECT ?a ?date WHERE { VALUES ?a { %s } ?a dcterms:date ?date }"


def _chunks(iris: Iterable[str]) -> Iterator[str]:
    """IRIs in N-Triples form, ``CHUNK`` a string, for ``VALUES`` blocks."""
    iterator = iter(sorted(set(iris)))
    while chunk := list(islice(iterator, CHUNK)):
        yield " ".join(URIRef(iri).n3() for iri in chunk)


def _records(store: Store, selector: str) -> list[Report]:
    """Rows of one selector folded into reports; events with fewer than two sides dropped."""
    values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    articles: dict[str, str] = {}
    for e, a, p, o in store.query(_QUERY % selector):
        values[str(e)][str(p)].add(str(o))
        articles[str(e)] = str(a)
    reports = []
    for iri, props in values.items():
        sides = frozenset(props[str(DIP.participant)])
        if len(sides) < 2:
            continue
        kinds = {t.rpartition("#")[2] for t in props[str(RDF.type)]}
        reports.append(
            Report(
                iri=iri,
                article=articles[iri],
                sides=sides,
                date=min(props[str(DIP.date)], default=None),
                basis=min(props[str(DIP.dateBasis)], default=None),  # type: ignore[arg-type]
                city=min(props[str(DIP.locatedIn)], default=None),
                kinds=frozenset(kinds & KINDS),
                attendees=frozenset(props[str(DIP.attendee)]),
            )
        )
    return reports


def read_reports(
    store: Store, *, articles: Iterable[str] | None = None, events: Iterable[str] | None = None
) -> list[Report]:
    """The occurred reports of these articles, or these events, or (neither) of the store.

    Events that are gone, or no longer reported as having taken place, are not returned.
    """
    if articles is not None:
        selectors = [_BY_ARTICLE % chunk for chunk in _chunks(articles)]
    elif events is not None:
        selectors = [_BY_EVENT % chunk for chunk in _chunks(events)]
    else:
        selectors = [_EVERY]
    reports = [report for selector in selectors for report in _records(store, selector)]
    return _with_published(store, _with_basis(store, reports))


def _with_basis(store: Store, reports: list[Report]) -> list[Report]:
    """Day-dated reports without ``dip:dateBasis`` get one from their evidence sentence."""
    unknown = [r.iri for r in reports if r.basis is None and r.precision == DAY]
    texts: dict[str, str] = {}
    for chunk in _chunks(unknown):
        texts.update((str(e), str(text)) for e, text in store.query(_TEXTS % chunk))
    return [
        replace(r, basis=date_basis(texts[r.iri])) if r.iri in texts else r for r in reports
    ]


def _with_published(store: Store, reports: list[Report]) -> list[Report]:
    """Undated reports get their article's publication date."""
    articles = {r.article for r in reports if r.date is None}
    published: dict[str, str] = {}
    for chunk in _chunks(articles):
        published.update((str(a), str(date)[:10]) for a, date in store.query(_PUBLISHED % chunk))
    return [
        replace(r, published=published[r.article])
        if r.date is None and r.article in published else r
        for r in reports
    ]
