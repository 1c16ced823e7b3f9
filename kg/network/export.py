"""Network exports: GraphML and GEXF of a view (for Gephi, Cytoscape, yEd), and the
meetings as CSV (for a spreadsheet or pandas), one row per meeting."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.network import read_records, to_networkx
from kg.network.records import Records
from kg.network.source import runner
from kg.rdf.namespaces import side_key

#: File endings this module writes, and what each holds.
NETWORK_FORMATS = {
    ".graphml": "the network of a view as GraphML",
    ".gexf": "the network of a view as GEXF",
    ".csv": "the meetings, one row each, as CSV",
}

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


def write_network(source: Any, path: str | Path, view: str = "countries") -> Path:
    """Write ``view`` of ``source`` to ``path`` (.graphml, .gexf) or the meetings (.csv)."""
    import networkx as nx

    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in NETWORK_FORMATS:
        raise KGError(f"{out}: cannot export a network as {suffix or 'a file without ending'}")
    try:
        if suffix == ".csv":
            write_meetings(read_records(runner(source), details=True), out)
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


def meeting_rows(records: Records) -> list[dict[str, Any]]:
    """One dict per meeting with the columns of ``MEETING_COLUMNS``."""

    def label(iri: str | None) -> str:
        entity = records.entities.get(iri or "")
        return entity.label if entity else ""

    return [
        {
            "meeting": m.iri,
            "kind": m.kind,
            "status": m.status,
            "date": m.date or "",
            "dated_by": m.dated_by,
            "sides": ";".join(side_key(s) for s in m.sides),
            "side_labels": ";".join(label(s) for s in m.sides),
            "city": m.city or "",
            "city_label": label(m.city),
            "attendees": ";".join(label(p) for p in m.attendees),
            "reports": m.report_count,
            "articles": ";".join(sorted({a for _, a in m.reports if a})),
        }
        for m in records.meetings
    ]


def write_meetings(records: Records, path: Path) -> None:
    """The meetings as CSV (UTF-8, a header row)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=MEETING_COLUMNS)
        writer.writeheader()
        writer.writerows(meeting_rows(records))
