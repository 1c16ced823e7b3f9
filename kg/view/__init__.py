"""The HTML explorer: countries, entities, map and timeline views over vis-network."""

from kg.view.data import Caps
from kg.view.html import render_html, write_html

__all__ = ["Caps", "render_html", "write_html"]
