"""The HTML explorer: countries, entities, map and timeline views over vis-network."""

from kg.view.data import Caps
from kg.view.html import inline, render_html, write_html

__all__ = ["Caps", "inline", "render_html", "write_html"]
