"""The knowledge graph as a networkx multigraph, built with SPARQL (no store internals).

Conventions the explorer (kg.view) relies on: node id = IRI string; node attributes
``kind`` (country, person, city, organization, event) and ``label``; edge attributes
``relation`` (meets, represents, participant, attendee, locatedIn), ``evidence`` (the
sentence), ``article`` (its title), ``date`` (ISO) and ``status``; any may be None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import rdflib
from rdflib.query import Result

from kg.rdf.namespaces import SPARQL_PREFIXES

if TYPE_CHECKING:
    import networkx as nx


NODES = (
    SPARQL_PREFIXES
    + """
SELECT ?n ?type ?label ?key ?role WHERE {
  VALUES ?type { dip:Country dip:Organization dip:Person dip:City dip:Meeting }
  ?n a ?type .
  OPTIONAL { ?n rdfs:label ?label }
  OPTIONAL { ?n dip:isoCode|dip:shortName ?key }
  OPTIONAL { ?n dip:role ?role }
}"""
)

EVENTS = (
    SPARQL_PREFIXES
    + """
SELECT ?e ?class ?status ?date ?text ?title WHERE {
  ?e a dip:Meeting .
  OPTIONAL { ?e dip:status ?status }
  OPTIONAL { ?e dip:date ?date }
  OPTIONAL { ?e dip:evidence ?s . ?s dip:text ?text .
             OPTIONAL { ?s dcterms:isPartOf/dcterms:title ?title } }
  OPTIONAL { ?e a ?class . VALUES ?class { dip:Visit dip:Call dip:Summit dip:Agreement } }
}"""
)

EVENT_EDGES = (
    SPARQL_PREFIXES
    + """
SELECT ?e ?relation ?x WHERE {
  VALUES (?p ?relation) {
    (dip:participant "participant") (dip:attendee "attendee") (dip:locatedIn "locatedIn")
  }
  ?e a dip:Meeting ; ?p ?x .
}"""
)

MEETS = (
    SPARQL_PREFIXES
    + """
SELECT ?a ?b ?e WHERE {
  ?a dip:meets ?b . FILTER (?a != ?b)
  OPTIONAL { ?e a dip:Meeting ; dip:status "occurred" ; dip:participant ?a , ?b . }
}"""
)

REPRESENTS = (
    SPARQL_PREFIXES
    + """
SELECT ?p ?side ?text ?title WHERE {
  ?p dip:represents ?side .
  OPTIONAL { ?p dip:evidence ?s . ?s dip:text ?text .
             OPTIONAL { ?s dcterms:isPartOf/dcterms:title ?title } }
}"""
)

_KINDS = {
    "Country": "country",
    "Organization": "organization",
    "Person": "person",
    "City": "city",
    "Meeting": "event",
}

Runner = Callable[[str], Result]


def _runner(source: Any) -> Runner:
    """Accept a Store, a KnowledgeGraph, an rdflib Graph or a CONSTRUCT Result."""
    if isinstance(source, Result):
        if source.graph is None:
            raise TypeError("to_networkx needs a CONSTRUCT/DESCRIBE result, not a SELECT/ASK")
        source = source.graph
    if isinstance(source, rdflib.Graph):
        return source.query
    from kg.graph import KnowledgeGraph
    from kg.store.base import Store

    if isinstance(source, KnowledgeGraph):
        source = source.store
    if not isinstance(source, Store):
        raise TypeError(f"cannot project {type(source).__name__}: expected a Store or a Graph")
    return source.query


def _text(term: Any) -> str | None:
    return None if term is None else str(term)


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _rows(run: Runner, sparql: str) -> list[tuple[str | None, ...]]:
    """Rows as strings, sorted so the projection is the same whatever the backend."""
    result = run(sparql)
    names = list(result.vars or ())
    return sorted(
        (tuple(_text(b.get(v)) for v in names) for b in result.bindings),
        key=lambda row: tuple(x or "" for x in row),
    )


def _add_nodes(graph: nx.MultiDiGraph, run: Runner) -> None:
    for node, type_, label, key, role in _rows(run, NODES):
        if node not in graph:
            graph.add_node(node, kind=_KINDS[_local(type_ or "")], label=label or _local(node))
        if key:
            graph.nodes[node]["key"] = key
        if role:
            roles = graph.nodes[node].setdefault("roles", [])
            if role not in roles:
                roles.append(role)
    for _, data in graph.nodes(data=True):
        if "roles" in data:
            data["role"] = "; ".join(data.pop("roles"))


def _events(graph: nx.MultiDiGraph, run: Runner) -> dict[str, dict[str, str | None]]:
    """Event attributes shared by the event node and its edges."""
    events: dict[str, dict[str, str | None]] = {}
    for event, class_, status, date, text, title in _rows(run, EVENTS):
        info = events.setdefault(
            event,
            {"type": "Meeting", "status": status, "date": date, "evidence": text, "article": title},
        )
        if class_:
            info["type"] = _local(class_)
    for event, info in events.items():
        graph.nodes[event].update(info)
    return events


def to_networkx(source: Any) -> nx.MultiDiGraph:
    """Project the graph onto networkx: sides, people, cities and meetings as nodes.

    Why SPARQL and not the store's internals: the same code then works on every backend,
    on a remote endpoint, and on any rdflib graph that follows the RDF contract.
    """
    import networkx as nx

    run = _runner(source)
    graph = nx.MultiDiGraph()
    _add_nodes(graph, run)
    events = _events(graph, run)
    for event, relation, target in _rows(run, EVENT_EDGES):
        if target in graph:
            info = events[event]
            graph.add_edge(
                event,
                target,
                key=relation,
                relation=relation,
                evidence=info["evidence"],
                article=info["article"],
                date=info["date"],
                status=info["status"],
            )
    for a, b, event in _rows(run, MEETS):
        info = events.get(event or "", {})
        key = f"meets:{event or ''}"
        if a in graph and b in graph and not graph.has_edge(a, b, key=key):
            graph.add_edge(
                a,
                b,
                key=key,
                relation="meets",
                event=event,
                evidence=info.get("evidence"),
                article=info.get("article"),
                date=info.get("date"),
                status=info.get("status"),
            )
    for person, side, text, title in _rows(run, REPRESENTS):
        if person in graph and side in graph and not graph.has_edge(person, side, "represents"):
            graph.add_edge(
                person,
                side,
                key="represents",
                relation="represents",
                evidence=text,
                article=title,
                date=None,
                status=None,
            )
    return graph
