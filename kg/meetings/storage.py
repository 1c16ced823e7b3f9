"""The meetings graph in the store: found by block key or article, read, and rewritten.

Everything goes through the Store protocol. A resolution of the whole store first empties
the meetings graph, a thousand meetings a transaction (one transaction for all would hold
them all in memory). An incremental resolution sends its changes in one SPARQL Update
request (``update``), which Oxigraph applies as one transaction, so readers see the old
meetings or the new ones, never a mix; only one that rewrites more than ``REQUEST``
statements is split into several requests, removals first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice

from rdflib import Graph, Literal, URIRef

from kg.meetings.reports import CHUNK
from kg.rdf.namespaces import DIP, MEETINGS_GRAPH, SPARQL_PREFIXES
from kg.store.base import Store

_GRAPH = MEETINGS_GRAPH.n3()
_FILED_UNDER = (
    SPARQL_PREFIXES
    + f"SELECT DISTINCT ?m WHERE {{ VALUES ?k {{ %s }} GRAPH {_GRAPH} {{ ?m dip:blockKey ?k }} }}"
)
_REPORTED_IN = (
    SPARQL_PREFIXES
    + f"SELECT DISTINCT ?m WHERE {{ VALUES ?a {{ %s }} GRAPH {_GRAPH} {{ ?m dip:reportedIn ?a }} }}"
)
_REPORTED_AS = (
    SPARQL_PREFIXES
    + f"SELECT DISTINCT ?m WHERE {{ VALUES ?e {{ %s }} GRAPH {_GRAPH} {{ ?m dip:reportedAs ?e }} }}"
)
_STATEMENTS = f"SELECT ?m ?p ?o WHERE {{ VALUES ?m {{ %s }} GRAPH {_GRAPH} {{ ?m ?p ?o }} }}"
_PARTICIPATIONS = SPARQL_PREFIXES + """
SELECT ?e ?side ?role ?sure WHERE {
  VALUES ?e { %s }
  ?e dip:participation ?p . ?p dip:side ?side ; dip:participantRole ?role .
  OPTIONAL { ?p dip:confidence ?sure }
}"""
_LABELS = (
    SPARQL_PREFIXES + "SELECT ?x ?label WHERE { VALUES ?x { %s } ?x rdfs:label ?label }"
)
_ARTICLES = SPARQL_PREFIXES + "SELECT ?a WHERE { ?a a dip:Article }"
_ANY = SPARQL_PREFIXES + f"ASK {{ GRAPH {_GRAPH} {{ ?m a dip:CanonicalMeeting }} }}"
_MEETINGS = (
    SPARQL_PREFIXES + f"SELECT ?m WHERE {{ GRAPH {_GRAPH} {{ ?m a dip:CanonicalMeeting }} }}"
)
_COUNT = (
    SPARQL_PREFIXES
    + f"SELECT (COUNT(?m) AS ?n) WHERE {{ GRAPH {_GRAPH} {{ ?m a dip:CanonicalMeeting }} }}"
)
#: Triples a ``GRAPH`` block of an update: Virtuoso's parser gives up near 5,000, and
#: rdflib's (the memory store) takes time in the square of a block's size.
BLOCK = 200
#: Statements an update request: bounds the memory a large resolution takes, since Oxigraph
#: holds a whole request (parsed, and as RocksDB's transaction) in memory. A step of a
#: thousand articles of news prose rewrites about 60,000: at 200,000 a request its peak
#: was 570 MiB, at 20,000 360 MiB, in the same time.
REQUEST = 20_000


def _chunked(terms: Iterable[str], n3: type[URIRef] | type[Literal]) -> Iterator[str]:
    iterator = iter(sorted(set(terms)))
    while chunk := list(islice(iterator, CHUNK)):
        yield " ".join(n3(term).n3() for term in chunk)


def _select(store: Store, query: str, terms: Iterable[str],
            kind: type[URIRef] | type[Literal] = URIRef) -> set[str]:
    return {str(row[0]) for chunk in _chunked(terms, kind) for row in store.query(query % chunk)}


def filed_under(store: Store, keys: Iterable[str]) -> set[str]:
    """Canonical meetings filed under any of these block keys."""
    return _select(store, _FILED_UNDER, keys, Literal)


def reported_in(store: Store, articles: Iterable[str]) -> set[str]:
    """Canonical meetings any of these articles reports."""
    return _select(store, _REPORTED_IN, articles)


def reported_as(store: Store, events: Iterable[str]) -> set[str]:
    """Canonical meetings that stand for any of these reports."""
    return _select(store, _REPORTED_AS, events)


@dataclass(frozen=True)
class Stored:
    """A canonical meeting as stored: its statements (N-Triples lines) and its reports."""

    lines: frozenset[str]
    reports: frozenset[str]


def statements(store: Store, meetings: Iterable[str]) -> dict[str, Stored]:
    """Each canonical meeting's statements, in the form the resolver writes them."""
    lines: dict[str, set[str]] = defaultdict(set)
    reports: dict[str, set[str]] = defaultdict(set)
    for chunk in _chunked(meetings, URIRef):
        for m, p, o in store.query(_STATEMENTS % chunk):
            lines[str(m)].add(f"{m.n3()} {p.n3()} {o.n3()} .")
            if p == DIP.reportedAs:
                reports[str(m)].add(str(o))
    return {iri: Stored(frozenset(found), frozenset(reports[iri])) for iri, found in lines.items()}


def labels(store: Store, iris: Iterable[str]) -> dict[str, str]:
    """``rdfs:label`` of each resource that has one (the smallest, where several)."""
    found: dict[str, str] = {}
    for chunk in _chunked(iris, URIRef):
        for iri, label in store.query(_LABELS % chunk):
            if str(iri) not in found or str(label) < found[str(iri)]:
                found[str(iri)] = str(label)
    return found


def participations(store: Store, events: Iterable[str]) -> dict[str, list[tuple[str, str, str]]]:
    """Each report's sides as (side, role, confidence or ""), in side order."""
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for chunk in _chunked(events, URIRef):
        for event, side, role, sure in store.query(_PARTICIPATIONS % chunk):
            found[str(event)].append((str(side), str(role), "" if sure is None else str(sure)))
    return {event: sorted(rows) for event, rows in found.items()}


def articles(store: Store) -> list[str]:
    """Every article's IRI, in a fixed order."""
    return sorted(str(row[0]) for row in store.query(_ARTICLES))


def count(store: Store) -> int:
    """How many canonical meetings the store holds."""
    return int(next(iter(store.query(_COUNT)))[0])


def resolved(store: Store) -> bool:
    """Whether the store holds canonical meetings at all."""
    return bool(store.query(_ANY).askAnswer)


def clear(store: Store, chunk: int = 1_000) -> int:
    """Empty the meetings graph, ``chunk`` meetings a transaction (one transaction for
    everything held, in RocksDB, memory in proportion to the graph), then drop what is
    left. Returns how many canonical meetings it held before."""
    before = sorted(str(row[0]) for row in store.query(_MEETINGS))
    for start in range(0, len(before), chunk):
        found = statements(store, before[start:start + chunk])
        write(store, {iri: stored.lines for iri, stored in found.items()}, {})
    store.replace(Graph(identifier=MEETINGS_GRAPH))
    return len(before)


def _blocks(lines: list[str]) -> str:
    return "\n".join(f"GRAPH {_GRAPH} {{\n" + "\n".join(lines[i:i + BLOCK]) + "\n}"
                     for i in range(0, len(lines), BLOCK))


def _requests(deleted: list[str], inserted: list[str]) -> list[str]:
    """The update requests: the deletions, then the insertions, one request if they fit in
    ``REQUEST`` statements, else ``REQUEST`` at most a request."""
    operations = [f"DELETE DATA {{\n{_blocks(deleted[i:i + REQUEST])}\n}}"
                   for i in range(0, len(deleted), REQUEST)]
    operations += [f"INSERT DATA {{\n{_blocks(inserted[i:i + REQUEST])}\n}}"
                   for i in range(0, len(inserted), REQUEST)]
    if len(deleted) + len(inserted) <= REQUEST:
        return [" ;\n".join(operations)] if operations else []
    return operations


def write(store: Store, old: Mapping[str, frozenset[str]],
          new: Mapping[str, frozenset[str]]) -> tuple[int, int]:
    """Replace the meetings ``old`` by ``new``; those whose statements are unchanged are
    left alone. Returns (meetings removed or rewritten, meetings written)."""
    gone = [iri for iri, lines in old.items() if new.get(iri) != lines]
    added = [iri for iri, lines in new.items() if old.get(iri) != lines]
    deleted = sorted(line for iri in gone for line in old[iri])
    inserted = sorted(line for iri in added for line in new[iri])
    for request in _requests(deleted, inserted):
        store.update(request)
    return len(gone), len(added)
