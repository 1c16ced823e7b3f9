"""The countries view: one node per side, one weighted edge per pair that met."""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

from kg.network.records import MeetingRecord, Records

if TYPE_CHECKING:
    import networkx as nx


def occurred(records: Records) -> list[MeetingRecord]:
    """The meetings that took place: the ones the countries view and analytics count."""
    return [m for m in records.meetings if m.status == "occurred"]


def country_network(records: Records) -> nx.Graph:
    """Sides as nodes, an undirected edge per pair that met, weighted by distinct meetings.

    Node attributes: ``kind`` (country, organization), ``label``, ``key`` (ISO3 or short
    name) and ``meetings`` (int: meetings it took part in). Edge attributes: ``weight``
    (int: meetings of the pair) and, where any of them is dated, ``first`` and ``last``
    (ISO dates of the precision known). ``graph.graph["counted"]`` says whether those are
    canonical meetings or, in a store without them, reports. Every value is a str or an
    int, so the graph writes to GraphML and GEXF as it is.
    """
    import networkx as nx

    graph = nx.Graph(counted=records.counted)
    sides = records.sides()
    for meeting in occurred(records):
        present = [s for s in meeting.sides if s in sides]
        for side in present:
            if side not in graph:
                entity = sides[side]
                graph.add_node(
                    side, kind=entity.kind, label=entity.label, key=entity.key or "", meetings=0
                )
            graph.nodes[side]["meetings"] += 1
        for a, b in combinations(present, 2):
            if not graph.has_edge(a, b):
                graph.add_edge(a, b, weight=0)
            data = graph[a][b]
            data["weight"] += 1
            if meeting.date:
                data["first"] = min(data.get("first", meeting.date), meeting.date)
                data["last"] = max(data.get("last", meeting.date), meeting.date)
    return graph
