"""Small analyses over the projection: who meets whom, how often."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

_SIDES = ("country", "organization")


def meeting_network(graph: nx.MultiDiGraph) -> nx.Graph:
    """Sides as nodes, one edge per pair that met, ``weight`` = number of meetings.

    Why: centrality, communities and shortest paths want a simple weighted graph, and
    ``meets`` appears once per meeting and direction in the multigraph.
    """
    import networkx as nx

    simple = nx.Graph()
    for a, b, data in graph.edges(data=True):
        if data.get("relation") != "meets":
            continue
        for node in (a, b):
            simple.add_node(node, **graph.nodes[node])
        if not simple.has_edge(a, b):
            simple.add_edge(a, b, events=set())
        simple[a][b]["events"].add(data.get("event") or f"{min(a, b)}|{max(a, b)}")
    for _, _, data in simple.edges(data=True):
        data["events"] = sorted(data["events"])
        data["weight"] = len(data["events"])
    return simple


def _find(graph: nx.Graph, side: str) -> str:
    """A node id from an IRI, an ISO3 code or an organisation's short name."""
    if side in graph:
        return side
    for node, data in graph.nodes(data=True):
        if data.get("kind") in _SIDES and str(data.get("key", "")).upper() == side.upper():
            return node
    raise KeyError(f"no country or organisation {side!r} in the graph")


def partners(graph: nx.MultiDiGraph, side: str) -> list[tuple[str, int]]:
    """The sides ``side`` (ISO3, short name or IRI) met, with meeting counts, most first."""
    network = meeting_network(graph)
    try:
        node = _find(network, side)
    except KeyError:
        _find(graph, side)
        return []
    counts = [
        (network.nodes[other].get("key") or network.nodes[other]["label"], data["weight"])
        for other, data in network[node].items()
    ]
    return sorted(counts, key=lambda item: (-item[1], item[0]))


def most_active(graph: nx.MultiDiGraph, n: int = 10) -> list[tuple[str, int]]:
    """The ``n`` sides that took part in the most occurred meetings."""
    counts: dict[str, int] = {}
    for _, side, data in graph.edges(data=True):
        if data.get("relation") == "participant" and data.get("status") == "occurred":
            name = graph.nodes[side].get("key") or graph.nodes[side]["label"]
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]
