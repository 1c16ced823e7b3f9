"""The entities view: the knowledge graph as a networkx multigraph, built with SPARQL.

Node id = IRI string; node attributes ``kind`` (country, person, city, organization,
event) and ``label`` (str), ``key`` (a side's ISO3 or short name) and ``role`` (a
person's roles, ``; ``-joined), an event's ``type``, ``status``, ``date``, ``evidence``
and ``article``; edge attributes ``relation`` (meets, represents, participant, attendee,
locatedIn), ``evidence`` (the sentence), ``article`` (its title), ``date`` (ISO) and
``status``; any may be None. Where the store has canonical meetings, they are the event
nodes and the per-article reports they stand for are left out (one node per meeting).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.network.source import Runner, local_name, rows
from kg.rdf.namespaces import SPARQL_PREFIXES

if TYPE_CHECKING:
    import networkx as nx


NODES = (
    SPARQL_PREFIXES
    + """
SELECT ?n ?type ?label ?key ?role WHERE {
  VALUES ?type { dip:Country dip:Organization dip:Person dip:City dip:Meeting }
  ?n a ?type .
  FILTER NOT EXISTS { ?canonical dip:reportedAs ?n }
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
  FILTER NOT EXISTS { ?canonical dip:reportedAs ?e }
  OPTIONAL { ?e dip:status ?status }
  OPTIONAL { ?e dip:date ?date }
  OPTIONAL { ?e dip:reportedAs?/dip:evidence ?s . ?s dip:text ?text .
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
  FILTER NOT EXISTS { ?canonical dip:reportedAs ?e }
}"""
)

MEETS = (
    SPARQL_PREFIXES
    + """
SELECT ?a ?b ?e WHERE {
  ?a dip:meets ?b . FILTER (?a != ?b)
  OPTIONAL { ?e a dip:Meeting ; dip:status "occurred" ; dip:participant ?a , ?b .
             FILTER NOT EXISTS { ?canonical dip:reportedAs ?e } }
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


def _add_nodes(graph: nx.MultiDiGraph, run: Runner) -> None:
    for node, type_, label, key, role in rows(run, NODES):
        if node not in graph:
            graph.add_node(
                node, kind=_KINDS[local_name(type_ or "")], label=label or local_name(node)
            )
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
    for event, class_, status, date, text, title in rows(run, EVENTS):
        info = events.setdefault(
            event,
            {"type": "Meeting", "status": status, "date": date, "evidence": text, "article": title},
        )
        if class_:
            info["type"] = local_name(class_)
    for event, info in events.items():
        graph.nodes[event].update(info)
    return events


def entity_network(run: Runner) -> nx.MultiDiGraph:
    """Sides, people, cities and meetings as nodes; see the module docstring."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    _add_nodes(graph, run)
    events = _events(graph, run)
    for event, relation, target in rows(run, EVENT_EDGES):
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
    for a, b, event in rows(run, MEETS):
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
    _represents(graph, run)
    from kg.people import canonical_people

    _fold_people(graph, canonical_people(run))
    return graph


def _represents(graph: nx.MultiDiGraph, run: Runner) -> None:
    for person, side, text, title in rows(run, REPRESENTS):
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


def _fold_people(graph: nx.MultiDiGraph, canonical: dict[str, tuple[str, str]]) -> None:
    """Each per-article person replaced by its canonical person (kg.people), edges kept."""
    for person, (target, name) in sorted(canonical.items()):
        if person not in graph:
            continue
        role = graph.nodes[person].get("role")
        if target not in graph:
            graph.add_node(target, kind="person", label=name)
        data = graph.nodes[target]
        data["label"] = name
        if role:
            roles = [r for r in (data.get("role") or "").split("; ") if r]
            data["role"] = "; ".join(dict.fromkeys([*roles, *role.split("; ")]))
        if person == target:
            continue
        for u, _, key, attrs in list(graph.in_edges(person, keys=True, data=True)):
            graph.add_edge(u, target, key=key, **attrs)
        for _, v, key, attrs in list(graph.out_edges(person, keys=True, data=True)):
            graph.add_edge(target, v, key=key, **attrs)
        graph.remove_node(person)
