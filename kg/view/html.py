"""Write the knowledge graph as one self-contained, offline HTML explorer page.

The page inlines vis-network (from the installed pyvis package, licence header kept),
the world outlines (world-atlas, ISC), a stylesheet and the explorer's scripts
(``assets/``), and the data as a JSON block whose ``<``, ``>`` and ``&`` are escaped so
no article text can close the script; above ``COMPRESS_ABOVE`` bytes the block is
gzip-compressed and base64-encoded (the browser inflates it with DecompressionStream),
which keeps a 10,000-article page under 5 MB. Text is shown with ``textContent``, never
``innerHTML``. ``kg serve`` sends the same page with an empty data block that names the
JSON route to fetch instead.
"""

from __future__ import annotations

import base64
import gzip
import html
import json
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from kg.errors import KGError
from kg.network import read_records
from kg.network.source import runner
from kg.view.data import DEFAULT_CAPS, Caps, explorer_data

VIS_VERSION = "vis-9.1.2"
#: The explorer's scripts, in the order they are inlined (each uses the ones before it).
SCRIPTS = (
    "core.js",
    "details.js",
    "pair.js",
    "countries.js",
    "entities.js",
    "map.js",
    "timeline.js",
    "search.js",
    "export.js",
    "main.js",
)
#: Data blocks larger than this many bytes of JSON are inlined gzip-compressed.
COMPRESS_ABOVE = 512_000


def write_html(
    source: Any, path: str | Path, title: str = "diplomatic-kg", caps: Caps = DEFAULT_CAPS
) -> Path:
    """Write the explorer page of ``source`` to ``path`` and return the path.

    ``source`` is a KnowledgeGraph, a Store or an rdflib Graph that follows the RDF
    contract. The page needs no network access: open it from disk, mail it, put it on
    a static site. ``caps`` bound what each view draws; the page says what they left out.
    """
    out = Path(path)
    page = render_html(source, title, caps)
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise KGError(f"cannot write the explorer page {out}: {exc.strerror or exc}") from exc
    return out


def render_html(source: Any, title: str = "diplomatic-kg", caps: Caps = DEFAULT_CAPS) -> str:
    """The explorer page of ``source`` as a string (what :func:`write_html` writes)."""
    records = read_records(runner(source), details=True)
    data = explorer_data(records, title=title, caps=caps, inline=True)
    return page(title, data_block(data))


def inline(
    source: Any, view: str = "countries", height: int = 640, title: str = "diplomatic-kg"
) -> Any:
    """The explorer in a notebook cell, opened at ``view`` (an IPython HTML object).

    The page goes into an ``<iframe srcdoc>``, so its scripts and styles stay apart from
    the notebook's, and the notebook saved with its outputs still shows it offline.
    """
    from IPython.display import HTML

    records = read_records(runner(source), details=True)
    data = explorer_data(records, title=title, caps=DEFAULT_CAPS, inline=True)
    document = page(title, data_block(data), view=view)
    return HTML(
        f'<iframe srcdoc="{html.escape(document, quote=True)}" title="{html.escape(title)}" '
        f'style="width: 100%; height: {int(height)}px; border: 1px solid #d9e2ec"></iframe>'
    )


def page(title: str, block: str, links: str = "", view: str = "countries") -> str:
    """The page around a data block; ``links`` is trusted markup for the header, ``view``
    the view shown when the address names none."""
    template = Template(_asset("page.html"))
    return template.substitute(
        view=html.escape(view),
        title=html.escape(title),
        style=_asset("explorer.css"),
        vis_js=_vis_js(),
        world_json=_asset("world-atlas/countries-110m.json").strip(),
        data_block=block,
        links=links,
        app_js="\n".join(_asset(name) for name in SCRIPTS),
    )


def data_block(data: dict[str, Any]) -> str:
    """The ``<script id="kg-data">`` element carrying ``data``, compressed if large."""
    text = script_safe_json(data)
    if len(text) <= COMPRESS_ABOVE:
        return f'<script type="application/json" id="kg-data">{text}</script>'
    packed = base64.b64encode(gzip.compress(text.encode("utf-8"), 6, mtime=0)).decode("ascii")
    return (
        '<script type="application/octet-stream" id="kg-data" '
        f'data-encoding="gzip+base64">{packed}</script>'
    )


def remote_block(url: str) -> str:
    """An empty data block that tells the page to fetch its data from ``url``."""
    return f'<script type="application/json" id="kg-data" data-src="{html.escape(url)}"></script>'


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
