"""Network exports: GraphML and GEXF of a view (for Gephi, Cytoscape, yEd), and the
meetings as CSV (for a spreadsheet or pandas), one row per meeting, written a page of
meetings at a time (:mod:`kg.network.meetings_csv`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.network import to_networkx
from kg.network.meetings_csv import write_meetings
from kg.network.source import runner

#: File endings this module writes, and what each holds.
NETWORK_FORMATS = {
    ".graphml": "the network of a view as GraphML",
    ".gexf": "the network of a view as GEXF",
    ".csv": "the meetings, one row each, as CSV",
}


def write_network(source: Any, path: str | Path, view: str = "countries") -> Path:
    """Write ``view`` of ``source`` to ``path`` (.graphml, .gexf) or the meetings (.csv)."""
    import networkx as nx

    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in NETWORK_FORMATS:
        raise KGError(f"{out}: cannot export a network as {suffix or 'a file without ending'}")
    try:
        if suffix == ".csv":
            write_meetings(runner(source), out)
            return out
        graph = _plain(to_networkx(source, view=view))  # type: ignore[arg-type]
        if suffix == ".graphml":
            nx.write_graphml(graph, out)
        else:
            nx.write_gexf(graph, out)
    except OSError as exc:
        raise KGError(f"{out}: cannot write ({exc.strerror or exc})") from exc
    return out


def _plain(graph: Any) -> Any:
    """The graph without None attributes (GraphML and GEXF have no null)."""
    for _, data in graph.nodes(data=True):
        for key in [k for k, v in data.items() if v is None]:
            del data[key]
    for *_, data in graph.edges(data=True):
        for key in [k for k, v in data.items() if v is None]:
            del data[key]
    for key in [k for k, v in graph.graph.items() if v is None]:
        del graph.graph[key]
    return graph
