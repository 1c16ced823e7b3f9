"""Positions of the countries view, computed once in Python so the page draws at once.

A force layout run in the browser is what froze the old page for a minute at 10,000
articles; networkx places a few hundred sides in well under a second, and the page then
draws them without physics.
"""

from __future__ import annotations

import math
from itertools import combinations
from typing import TYPE_CHECKING

from kg.network.records import Records

if TYPE_CHECKING:
    import networkx as nx

#: Betweenness is exact up to this many sides, sampled from this many sources above it.
EXACT_BETWEENNESS = 300
#: Pixels per side: a component of n sides gets a disc of radius SPACING * sqrt(n).
SPACING = 45.0
KAMADA_KAWAI_UP_TO = 80


def side_layout(records: Records) -> dict[str, tuple[float, float, float]]:
    """``side IRI -> (x, y, betweenness)`` for every side in a meeting or an action.

    Meetings that took place pull their sides together by ``log(1 + meetings)``; other
    meetings and actions pull lightly, so a side seen only in a planned meeting still
    sits near its partners. Coordinates are pixels, spread with the number of sides so
    that labels have room at the first zoom; betweenness is on the meetings that took
    place (sampled above ``EXACT_BETWEENNESS`` sides).
    """
    import networkx as nx

    sides = records.sides()
    graph = nx.Graph()
    weights: dict[tuple[str, str], float] = {}
    for meeting in records.meetings:
        present = [s for s in meeting.sides if s in sides]
        graph.add_nodes_from(present)
        pull = 1.0 if meeting.status == "occurred" else 0.2
        for pair in combinations(sorted(present), 2):
            weights[pair] = weights.get(pair, 0.0) + pull
    for action in records.actions:
        present = sorted(s for s in (action.actor, action.recipient) if s in sides)
        graph.add_nodes_from(present)
        if len(present) == 2 and present[0] != present[1]:
            pair = (present[0], present[1])
            weights[pair] = weights.get(pair, 0.0) + 0.2
    for (a, b), weight in weights.items():
        graph.add_edge(a, b, pull=math.log1p(weight))
    if not len(graph):
        return {}
    met = graph.edge_subgraph((a, b) for (a, b), w in weights.items() if w >= 1.0).copy()
    met.add_nodes_from(graph)
    sample = None if len(met) <= EXACT_BETWEENNESS else EXACT_BETWEENNESS
    between = nx.betweenness_centrality(met, k=sample, seed=7)
    meetings = dict(met.degree(weight="pull"))
    most = max(meetings.values()) or 1.0
    room = {side: _room(meetings[side] / most, sides[side].label) for side in graph}
    positions = _spread(_packed(graph), room)
    return {side: (x, y, round(between[side], 5)) for side, (x, y) in positions.items()}


def _room(share: float, label: str) -> float:
    """Half the space a side needs: its disc (5 to 28 px, as the page scales it) or its
    label (14 to 24 px font; long ones wrap), whichever is wider, plus a margin."""
    size = 5 + 23 * share
    font = 14 + 10 * share
    return max(size, 0.27 * font * min(len(label), 16)) + 4


def _spread(
    positions: dict[str, tuple[float, float]], room: dict[str, float], rounds: int = 120
) -> dict[str, tuple[float, float]]:
    """Push apart the sides whose discs or labels overlap, keeping the layout's shape."""
    import numpy as np

    names = list(positions)
    xy = np.array([positions[n] for n in names], dtype=float)
    need = np.array([room[n] for n in names])
    need = need[:, None] + need[None, :]
    np.fill_diagonal(need, 0.0)
    for _ in range(rounds):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(need - dist, 0.0, None)
        if overlap.max() < 1.0:
            break
        dist = np.where(dist == 0.0, 1e-3, dist)
        xy += (delta / dist[..., None] * (overlap / 2)[..., None]).sum(axis=1) * 0.5
    return {
        n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in zip(names, xy, strict=True)
    }


def _packed(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Each connected component laid out alone, the largest in the middle and the others
    in rows below it: laid out together, small components fly to the rim and squeeze
    the main one into the centre (the ring of unconnected countries)."""
    import networkx as nx

    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    placed: dict[str, tuple[float, float]] = {}
    main = graph.subgraph(parts[0])
    radius = SPACING * math.sqrt(len(main))
    placed.update(_circle(main, radius, 0.0, 0.0))
    width = max(2 * radius, 12 * SPACING)
    x, y, row = -width / 2, radius + 2 * SPACING, 0.0
    for part in parts[1:]:
        size = SPACING * math.sqrt(len(part))
        if x + 2 * size > width / 2:
            x, y, row = -width / 2, y + row + SPACING, 0.0
        placed.update(_circle(graph.subgraph(part), size, x + size, y + size))
        x += 2 * size + SPACING
        row = max(row, 2 * size)
    return placed


def _circle(part: nx.Graph, radius: float, cx: float, cy: float) -> dict[str, tuple[float, float]]:
    """One component laid out within ``radius`` around (cx, cy), in pixels.

    Kamada-Kawai (even spacing by path length, so labels have room) up to
    ``KAMADA_KAWAI_UP_TO`` sides; a spring layout, pulled by meetings, above.
    """
    import networkx as nx

    if len(part) == 1:
        return {next(iter(part)): (round(cx, 1), round(cy, 1))}
    if len(part) <= KAMADA_KAWAI_UP_TO:
        placed = nx.kamada_kawai_layout(part, weight=None, scale=radius)
    else:
        placed = nx.spring_layout(part, weight="pull", seed=7, iterations=80, scale=radius)
    return {
        n: (round(float(px) + cx, 1), round(float(py) + cy, 1)) for n, (px, py) in placed.items()
    }
