"""The HTML explorer: a self-contained pyvis / vis-network page of the graph."""

from kg.view.html import render_html, write_html

__all__ = ["render_html", "write_html"]
