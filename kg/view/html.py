"""Write the knowledge graph as one self-contained, offline HTML explorer page.

pyvis builds the vis-network node and edge records and the physics options. Its own page
template is not used: it links Bootstrap from a CDN even in ``in_line`` mode, and it
renders titles as HTML. Instead the page inlines vis-network from the installed pyvis
package, a small stylesheet and script of our own (``assets/``), and the data as a JSON
block whose ``<``, ``>`` and ``&`` are escaped so no article text can close the script.
Tooltips are built in the browser with ``textContent``, never ``innerHTML``.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from importlib import resources
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.view.style import EDGE_FIELDS, KIND_STYLES, iso_day, kind_of, text_or_none

if TYPE_CHECKING:
    import networkx as nx
    from pyvis.network import Network

VIS_VERSION = "vis-9.1.2"

# Physics that settles: ForceAtlas2 with damping, a bounded stabilisation run before the
# first draw, then the script switches physics off so nothing drifts afterwards.
OPTIONS: dict[str, Any] = {
    "physics": {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {
            "gravitationalConstant": -90,
            "centralGravity": 0.01,
            "springLength": 110,
            "springConstant": 0.06,
            "damping": 0.5,
            "avoidOverlap": 0.6,
        },
        "maxVelocity": 40,
        "minVelocity": 0.75,
        "stabilization": {"enabled": True, "iterations": 400, "fit": True},
    },
    "layout": {"randomSeed": 7, "improvedLayout": True},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif"}, "borderWidth": 1},
    "edges": {
        "font": {"size": 10, "align": "middle", "color": "#444", "strokeWidth": 3},
        "color": {"color": "#9aa5b1", "highlight": "#333", "hover": "#333"},
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "smooth": {"enabled": True, "type": "continuous", "roundness": 0.2},
    },
}


def write_html(graph: nx.MultiDiGraph, path: str | Path, title: str = "diplomatic-kg") -> Path:
    """Write the explorer page for ``graph`` to ``path`` and return the path.

    The page needs no network access: open it from disk, mail it, put it on a static
    site. Node ids are IRIs; the ``kind``, ``label``, ``relation``, ``evidence``,
    ``article``, ``date`` and ``status`` attributes are used where present.
    """
    out = Path(path)
    try:
        out.write_text(render_html(graph, title), encoding="utf-8")
    except OSError as exc:
        raise KGError(f"cannot write the explorer page {out}: {exc}") from exc
    return out


def render_html(graph: nx.MultiDiGraph, title: str = "diplomatic-kg") -> str:
    """The explorer page for ``graph`` as a string (what :func:`write_html` writes)."""
    net = to_pyvis(graph)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    data = {
        "kinds": {
            key: {"name": s.name, "color": s.color, "glyph": s.glyph}
            for key, s in KIND_STYLES.items()
        },
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
    }
    page = Template(_asset("page.html"))
    return page.substitute(
        title=html.escape(title),
        node_count=graph.number_of_nodes(),
        edge_count=graph.number_of_edges(),
        style=_asset("explorer.css"),
        vis_js=_vis_js(),
        data_json=script_safe_json(data),
        app_js=_asset("explorer.js"),
    )


def to_pyvis(graph: nx.MultiDiGraph) -> Network:
    """A pyvis network with one styled node per graph node and one edge per graph edge.

    Parallel edges (a MultiDiGraph keeps one per article or relation) get increasing
    curvature, so they fan out instead of being drawn on top of each other.
    """
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    net.set_options(json.dumps(OPTIONS))
    ids = {node: str(node) for node in graph.nodes}
    for node, attrs in graph.nodes(data=True):
        kind = kind_of(attrs)
        style = KIND_STYLES[kind]
        net.add_node(
            ids[node],
            label=text_or_none(attrs.get("label")) or _short(ids[node]),
            shape=style.shape,
            color=style.color,
            size=style.size,
            kind=kind,
        )
    parallel: Counter[tuple[str, str]] = Counter()
    for number, (source, target, attrs) in enumerate(graph.edges(data=True)):
        pair = (ids[source], ids[target])
        rank = parallel[pair]
        parallel[pair] += 1
        fields = {name: text_or_none(attrs.get(name)) for name in EDGE_FIELDS}
        net.add_edge(
            pair[0],
            pair[1],
            id=f"e{number}",
            label=fields["relation"] or "",
            day=iso_day(attrs.get("date")),
            smooth={"enabled": True, "type": "curvedCW", "roundness": 0.12 + 0.18 * rank},
            **fields,
        )
    return net


def script_safe_json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``<``, ``>`` or ``&`` survive,
    so ``</script>`` or ``<!--`` in article text cannot end or bend the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def _short(iri: str) -> str:
    """A readable fallback label: the last path or fragment segment of an IRI."""
    tail = iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return tail or iri


def _asset(name: str) -> str:
    return resources.files("kg.view").joinpath("assets", name).read_text(encoding="utf-8")


def _vis_js() -> str:
    """vis-network as shipped inside pyvis (licence header kept), checked to be inlinable."""
    source = resources.files("pyvis").joinpath("lib", VIS_VERSION, "vis-network.min.js")
    try:
        code = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise KGError(f"pyvis does not ship {VIS_VERSION}; the explorer needs it") from exc
    if "</script" in code.lower():
        raise KGError("the bundled vis-network cannot be inlined: it contains </script")
    return code
