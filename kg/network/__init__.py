"""networkx views of the knowledge graph: the countries network and the entity network.

``to_networkx(source, view="entities")`` is the multigraph of sides, people, cities and
meetings; ``view="countries"`` the weighted network of the sides that met. Analyses over
them are in :mod:`kg.analytics`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from kg.network.countries import country_network
from kg.network.projection import entity_network
from kg.network.records import Records, read_records
from kg.network.source import runner

if TYPE_CHECKING:
    import networkx as nx

View = Literal["entities", "countries"]
VIEWS = ("entities", "countries")


def to_networkx(source: Any, view: View = "entities") -> nx.Graph:
    """Project ``source`` (a KnowledgeGraph, Store, rdflib Graph or CONSTRUCT result).

    ``"entities"``: a ``MultiDiGraph`` of sides, people, cities and meetings (see
    :mod:`kg.network.projection`). ``"countries"``: a ``Graph`` of sides weighted by the
    distinct meetings that took place (see :func:`country_network`).
    """
    if view == "countries":
        return country_network(read_records(runner(source)))
    if view == "entities":
        return entity_network(runner(source))
    raise ValueError(f"unknown view {view!r}: expected one of {', '.join(VIEWS)}")


__all__ = ["VIEWS", "Records", "country_network", "read_records", "to_networkx"]
