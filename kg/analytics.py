"""Network analytics over the countries view, as tidy tables.

Each function takes a :class:`~kg.graph.KnowledgeGraph` (or a Store, or an rdflib graph)
or, where it only needs the network, the countries graph of
``to_networkx(view="countries")``, and returns one row per item: a pandas DataFrame where
pandas is installed, else a list of dicts with the same columns. Sides appear by key
(ISO3 code or short name) with their label. Counts are distinct meetings that took place
(canonical meetings; reports in a store that has none).

>>> import kg, kg.analytics
>>> graph = kg.KnowledgeGraph(kg.open_store())
>>> graph.add(kg.extract("Japan's foreign minister met China's foreign minister in "
...                      "Busan on 26 November 2023.", identifier="busan"))
>>> kg.analytics.bilateral_counts(graph, frame=False)
[{'a': 'CHN', 'b': 'JPN', 'label_a': 'China', 'label_b': 'Japan', 'meetings': 1, \
'first': '2023-11-26', 'last': '2023-11-26'}]
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from kg.network import country_network, read_records, to_networkx
from kg.network.countries import occurred
from kg.network.records import Records
from kg.network.source import runner

if TYPE_CHECKING:
    import networkx as nx

#: A DataFrame where pandas is installed, else a list of dicts.
Table = Any


def table(rows: list[dict[str, Any]], columns: list[str], frame: bool = True) -> Table:
    """``rows`` as a DataFrame with ``columns`` (if pandas is there and ``frame``), else as is."""
    if frame:
        try:
            import pandas as pd
        except ImportError:
            return rows
        return pd.DataFrame(rows, columns=columns)
    return rows


def countries(source: Any) -> nx.Graph:
    """The countries graph of ``source``, or ``source`` itself if it is one already."""
    import networkx as nx

    if isinstance(source, nx.Graph) and not source.is_multigraph():
        return source
    if isinstance(source, Records):
        return country_network(source)
    return to_networkx(source, view="countries")


def _name(graph: nx.Graph, node: str) -> str:
    return graph.nodes[node].get("key") or node


def find_side(graph: nx.Graph, side: str) -> str:
    """The node of a side given by IRI, key (``CHN``, ``UN``) or label, any case."""
    if side in graph:
        return side
    wanted = side.casefold()
    for node, data in graph.nodes(data=True):
        if wanted in (str(data.get("key", "")).casefold(), str(data.get("label", "")).casefold()):
            return node
    raise KeyError(f"no country or organisation {side!r} took part in a meeting")


def centrality(source: Any, *, frame: bool = True) -> Table:
    """Per side: meetings, partners, degree centrality and betweenness (counted in hops),
    most central first."""
    import networkx as nx

    graph = countries(source)
    degree = nx.degree_centrality(graph)
    between = nx.betweenness_centrality(graph)
    rows = [
        {
            "side": _name(graph, node),
            "label": data["label"],
            "kind": data["kind"],
            "meetings": data["meetings"],
            "partners": graph.degree(node),
            "degree": degree[node],
            "betweenness": between[node],
        }
        for node, data in graph.nodes(data=True)
    ]
    rows.sort(key=lambda r: (-r["degree"], -r["betweenness"], r["side"]))
    columns = ["side", "label", "kind", "meetings", "partners", "degree", "betweenness"]
    return table(rows, columns, frame)


def communities(
    source: Any, *, seed: int = 7, resolution: float = 1.0, frame: bool = True
) -> Table:
    """Louvain communities on meeting counts: per side its community (0 = the largest)."""
    import networkx as nx

    graph = countries(source)
    found = nx.community.louvain_communities(
        graph, weight="weight", resolution=resolution, seed=seed
    )
    ordered = sorted(found, key=lambda c: (-len(c), min(_name(graph, n) for n in c)))
    rows = [
        {
            "side": _name(graph, node),
            "label": graph.nodes[node]["label"],
            "community": number,
            "size": len(members),
        }
        for number, members in enumerate(ordered)
        for node in members
    ]
    rows.sort(key=lambda r: (r["community"], r["side"]))
    return table(rows, ["side", "label", "community", "size"], frame)


def bilateral_counts(source: Any, *, frame: bool = True) -> Table:
    """Every pair of sides that met: meetings, first and last date, most meetings first."""
    graph = countries(source)
    rows = []
    for u, v, data in graph.edges(data=True):
        a, b = sorted((u, v), key=lambda n: _name(graph, n))
        rows.append(
            {
                "a": _name(graph, a),
                "b": _name(graph, b),
                "label_a": graph.nodes[a]["label"],
                "label_b": graph.nodes[b]["label"],
                "meetings": data["weight"],
                "first": data.get("first"),
                "last": data.get("last"),
            }
        )
    rows.sort(key=lambda r: (-r["meetings"], r["a"], r["b"]))
    return table(rows, ["a", "b", "label_a", "label_b", "meetings", "first", "last"], frame)


def partners(source: Any, side: str, *, frame: bool = True) -> Table:
    """The sides ``side`` met, with meeting counts and first / last date, most first."""
    graph = countries(source)
    node = find_side(graph, side)
    rows = [
        {
            "partner": _name(graph, other),
            "label": graph.nodes[other]["label"],
            "meetings": data["weight"],
            "first": data.get("first"),
            "last": data.get("last"),
        }
        for other, data in graph[node].items()
    ]
    rows.sort(key=lambda r: (-r["meetings"], r["partner"]))
    return table(rows, ["partner", "label", "meetings", "first", "last"], frame)


def most_active(source: Any, n: int = 10, *, frame: bool = True) -> Table:
    """The ``n`` sides that took part in the most meetings."""
    graph = countries(source)
    rows = [
        {"side": _name(graph, node), "label": data["label"], "meetings": data["meetings"]}
        for node, data in graph.nodes(data=True)
    ]
    rows.sort(key=lambda r: (-r["meetings"], r["side"]))
    return table(rows[:n], ["side", "label", "meetings"], frame)


def _records(source: Any) -> Records:
    return source if isinstance(source, Records) else read_records(runner(source))


def partners_over_time(
    source: Any, side: str, *, period: str = "year", frame: bool = True
) -> Table:
    """Per ``period`` (``"year"`` or ``"month"``), whom ``side`` met and how often.

    A meeting dated only by year has no month: the monthly table leaves it out. Meetings
    without a date of their own are placed at their earliest report's publication date.
    """
    if period not in ("year", "month"):
        raise ValueError(f"period must be 'year' or 'month', not {period!r}")
    records = _records(source)
    graph = country_network(records)
    node = find_side(graph, side)
    size = 4 if period == "year" else 7
    counts: Counter[tuple[str, str]] = Counter()
    for meeting in occurred(records):
        if node not in meeting.sides or not meeting.date or len(meeting.date) < size:
            continue
        for other in meeting.sides:
            if other != node and other in graph:
                counts[(meeting.date[:size], other)] += 1
    rows = [
        {
            "period": when,
            "partner": _name(graph, other),
            "label": graph.nodes[other]["label"],
            "meetings": n,
        }
        for (when, other), n in counts.items()
    ]
    rows.sort(key=lambda r: (r["period"], -r["meetings"], r["partner"]))
    return table(rows, ["period", "partner", "label", "meetings"], frame)


#: The columns of :func:`pair_timeline`: meetings by status, then actions by quad class.
PAIR_COLUMNS = [
    "month", "occurred", "planned", "hypothetical", "negated",
    "verbal cooperation", "material cooperation", "verbal conflict", "material conflict",
]


def _side_node(records: Records, side: str) -> str:
    """The IRI of a side given by IRI, key or label, any case."""
    wanted = side.casefold()
    for iri, entity in records.sides().items():
        if wanted in (iri.casefold(), (entity.key or "").casefold(), entity.label.casefold()):
            return iri
    raise KeyError(f"no country or organisation {side!r} in the graph")


def pair_timeline(source: Any, a: str, b: str, *, frame: bool = True) -> Table:
    """How ``a`` and ``b`` related month by month: their meetings by status and the PLOVER
    actions between them that took place (either way) by quad class, one row per month.

    Meetings are counted as everywhere (:mod:`kg.counts`): canonical meetings that took
    place, and each report of another status; months come from the meeting's or the
    action's own date, so those dated only by year, or not at all, are left out.
    """
    from kg.plover import quad_class

    records = _records(source)
    x, y = _side_node(records, a), _side_node(records, b)
    months: dict[str, Counter[str]] = {}
    for meeting in records.meetings:
        month = (meeting.date or "")[:7] if meeting.dated_by == "meeting" else ""
        if {x, y} <= set(meeting.sides) and len(month) == 7:
            months.setdefault(month, Counter())[meeting.status] += 1
    for action in records.actions:
        quad = quad_class(action.category)
        month = (action.date or "")[:7]
        between = {action.actor, action.recipient} == {x, y}
        if between and quad and action.status == "occurred" and len(month) == 7:
            months.setdefault(month, Counter())[quad] += 1
    rows = [
        {"month": month, **{c: counts[c] for c in PAIR_COLUMNS[1:]}}
        for month, counts in sorted(months.items())
    ]
    return table(rows, PAIR_COLUMNS, frame)
