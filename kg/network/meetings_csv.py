"""``kg export meetings.csv``: the meetings, one row each, read and written a page at a time.

The rows are those :func:`kg.network.records.read_records` gives (the one reader behind the
views), but that reader holds every meeting, report, entity and evidence sentence of the
store at once. Here only the meetings' IRIs are listed whole; each page of ``PAGE``
meetings is then read by ``VALUES`` queries (its statements, its reports' articles and
their dates, the labels of its sides, cities and people) and written before the next, so
memory stays flat in the size of the store.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from rdflib import URIRef

from kg.network.records import iso_date
from kg.network.source import Runner, ask, local_name, rows
from kg.people import PEOPLE_GRAPH
from kg.rdf.namespaces import SPARQL_PREFIXES, side_key

#: Meetings a page: bounds the rows of each query and the memory of the export.
PAGE = 500

MEETING_COLUMNS = [
    "meeting",
    "kind",
    "status",
    "date",
    "dated_by",
    "sides",
    "side_labels",
    "city",
    "city_label",
    "attendees",
    "reports",
    "articles",
]

_CLASSES = "VALUES ?class { dip:Meeting dip:Visit dip:Call dip:Summit dip:Agreement }"
_HAS_CANONICAL = SPARQL_PREFIXES + "ASK { ?m a dip:CanonicalMeeting }"
#: Without canonical meetings, every report is a meeting of its own.
_REPORTS = SPARQL_PREFIXES + f"SELECT DISTINCT ?m WHERE {{ {_CLASSES} ?m a ?class }}"
#: With them: the canonical meetings (the resolver's, each with its reports), and the
#: reports that did not take place, which no meeting folds in; a report that took place
#: but joined no canonical meeting is no meeting.
_CANONICAL = SPARQL_PREFIXES + "SELECT ?m WHERE { ?m a dip:CanonicalMeeting }"
_ALONE = SPARQL_PREFIXES + """SELECT DISTINCT ?m WHERE {
  ?m dip:status ?status FILTER (STR(?status) != "occurred")
  ?m a ?class FILTER (?class IN (dip:Meeting, dip:Visit, dip:Call, dip:Summit, dip:Agreement))
  FILTER NOT EXISTS { ?c dip:reportedAs ?m } }"""
_STATEMENTS = SPARQL_PREFIXES + """SELECT ?m ?p ?o WHERE { VALUES ?m { %s } ?m ?p ?o .
  FILTER (?p IN (rdf:type, dip:status, dip:date, dip:participant, dip:attendee,
                 dip:locatedIn, dip:reportCount, dip:reportedAs)) }"""
_ARTICLES = SPARQL_PREFIXES + """SELECT ?e ?a ?date WHERE { VALUES ?e { %s }
  ?e dip:evidence ?s . ?s dcterms:isPartOf ?a . OPTIONAL { ?a dcterms:date ?date } }"""
#: A person's canonical name is the people graph's label: where the canonical person's IRI
#: is also an article's person, the union holds the article's label for it too.
_PEOPLE = SPARQL_PREFIXES + f"""SELECT ?p ?c ?name WHERE {{ VALUES ?p {{ %s }}
  GRAPH {PEOPLE_GRAPH.n3()} {{ ?c dip:mentionedAs ?p ; rdfs:label ?name }} }}"""
_LABELS = SPARQL_PREFIXES + """SELECT ?n ?label WHERE { VALUES ?n { %s }
  VALUES ?type { dip:Country dip:Organization dip:Person dip:City } ?n a ?type .
  OPTIONAL { ?n rdfs:label ?label } }"""
_RDF = "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
_DIP = "https://diplomatic-kg.org/ontology#"
_KINDS = frozenset({"Visit", "Call", "Summit", "Agreement"})
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _pages(iris: Iterable[str], size: int = PAGE) -> Iterator[list[str]]:
    iterator = iter(iris)
    while page := list(islice(iterator, size)):
        yield page


def _select(run: Runner, query: str, iris: Iterable[str]) -> list[tuple[str | None, ...]]:
    """The rows of ``query`` for these IRIs (its ``VALUES`` block), ``PAGE`` at a time."""
    return [row for page in _pages(sorted(set(iris)))
            for row in rows(run, _RDF + query % " ".join(URIRef(i).n3() for i in page),
                            ordered=False)]


def meeting_iris(run: Runner, canonical: bool) -> list[str]:
    """Every meeting's IRI, sorted: the ``canonical`` meetings and the reports standing
    alone, or every report where the store has no canonical meetings."""
    queries = (_CANONICAL, _ALONE) if canonical else (_REPORTS,)
    return sorted({m for query in queries for m, in rows(run, query, ordered=False) if m})


def _labels(run: Runner, iris: Iterable[str]) -> dict[str, str]:
    """Each entity's label (the least, else its IRI's last segment), where typed as one."""
    found: dict[str, str] = {}
    for node, label in _select(run, _LABELS, iris):
        best = found.get(node or "")
        if node and (best is None or (label and (not best or label < best))):
            found[node] = label or ""
    return {node: label or local_name(node) for node, label in found.items()}


def _rows_of(run: Runner, page: list[str], canonical: bool) -> Iterator[dict[str, object]]:
    """The CSV rows of one page of meetings."""
    values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for m, p, o in _select(run, _STATEMENTS, page):
        if m and p and o:
            values[m][p.removeprefix(_DIP)].add(o)
    reports = {m: sorted(values[m]["reportedAs"]) if canonical else [] for m in page}
    reports = {m: events or [m] for m, events in reports.items()}
    article: dict[str, str] = {}
    day: dict[str, str] = {}
    for event, source, date in _select(run, _ARTICLES, [e for es in reports.values() for e in es]):
        if event and source and (event not in article or source < article[event]):
            article[event] = source
        if source and (found := iso_date(date)) and (source not in day or found < day[source]):
            day[source] = found
    people: dict[str, tuple[str, str]] = {}
    attendees = {p for m in page for p in values[m]["attendee"]}
    for person, target, name in _select(run, _PEOPLE, attendees):
        if person and target and name and (person not in people or (target, name) < people[person]):
            people[person] = (target, name)
    met = {m: sorted({people.get(p, (p, ""))[0] for p in values[m]["attendee"]}) for m in page}
    labels = _labels(run, {x for m in page for x in (*values[m]["participant"],
                                                       *values[m]["locatedIn"], *met[m])})
    labels.update({target: name for target, name in people.values()})
    for m in page:
        props = values[m]
        kinds = {t.removeprefix(_DIP) for t in props[_TYPE]} & _KINDS
        date = iso_date(min(props["date"], default=None))
        dated_by = "meeting" if date else ""
        sources = sorted({article[e] for e in reports[m] if e in article})
        if not date:
            days = sorted(day[a] for a in sources if a in day)
            date, dated_by = (days[0], "article") if days else (None, "")
        sides = sorted(props["participant"])
        city = min(props["locatedIn"], default=None)
        count = min(props["reportCount"], default="")
        yield {
            "meeting": m,
            "kind": min(kinds, default="Meeting"),
            "status": min(props["status"], default="") or "occurred",
            "date": date or "",
            "dated_by": dated_by,
            "sides": ";".join(side_key(s) for s in sides),
            "side_labels": ";".join(labels.get(s, "") for s in sides),
            "city": city or "",
            "city_label": labels.get(city or "", ""),
            "attendees": ";".join(labels.get(p, "") for p in met[m]),
            "reports": int(count) if count.isdigit() else len(reports[m]),
            "articles": ";".join(sources),
        }


def write_meetings(run: Runner, path: Path) -> None:
    """The meetings as CSV (UTF-8, a header row), sorted by IRI, a page at a time."""
    canonical = ask(run, _HAS_CANONICAL)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=MEETING_COLUMNS)
        writer.writeheader()
        for page in _pages(meeting_iris(run, canonical)):
            writer.writerows(_rows_of(run, page, canonical))
