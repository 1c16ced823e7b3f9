"""The in-memory store: an rdflib Dataset whose default graph is the union of its graphs."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result

from kg.errors import QueryError, StoreError
from kg.sparql import bind_prefixes
from kg.store.formats import QUAD_FORMATS, format_for


class MemoryStore:
    """Quads in an rdflib :class:`~rdflib.Dataset`: for tests, notebooks and small jobs."""

    def __init__(self) -> None:
        self.dataset = rdflib.Dataset(default_union=True)

    def _named(self) -> list[rdflib.Graph]:
        return [g for g in self.dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID]

    def replace(self, graph: rdflib.Graph) -> None:
        """Swap the graph named ``graph.identifier``; on any failure the old triples come back.

        The new triples stream straight in (no copy of a large graph); the old ones are
        kept aside until the swap is done; a failure puts them back and raises StoreError.
        """
        name = graph.identifier
        old = list(self.dataset.graph(name))
        try:
            self.dataset.remove_graph(name)
            target = self.dataset.graph(name)
            self.dataset.addN((s, p, o, target) for s, p, o in graph.triples((None, None, None)))
        except Exception as exc:
            self.dataset.remove_graph(name)
            target = self.dataset.graph(name)
            self.dataset.addN((s, p, o, target) for s, p, o in old)
            raise StoreError(f"cannot replace graph {name}: {exc}") from exc

    def remove(self, graph_iri: str) -> None:
        """Drop one named graph, if there."""
        self.dataset.remove_graph(rdflib.URIRef(graph_iri))

    def query(self, sparql: str) -> Result:
        """SPARQL over the union of the named graphs."""
        try:
            return self.dataset.query(sparql)
        except Exception as exc:
            raise QueryError(f"bad SPARQL query: {exc}") from exc

    def update(self, sparql: str) -> None:
        """SPARQL Update on the dataset."""
        try:
            self.dataset.update(sparql)
        except Exception as exc:
            raise QueryError(f"bad SPARQL update: {exc}") from exc

    def optimize(self) -> None:
        """Nothing to compact: rdflib keeps its indexes in dictionaries."""

    def graph_names(self) -> list[str]:
        """IRIs of the non-empty named graphs."""
        return sorted(str(g.identifier) for g in self._named() if len(g))

    def export(self, path: Path) -> None:
        """Quads formats keep the named graphs; triple formats get their union."""
        path = Path(path)
        fmt = format_for(path)
        try:
            if fmt in QUAD_FORMATS:
                bind_prefixes(self.dataset)
                self.dataset.serialize(destination=path, format=fmt, encoding="utf-8")
            else:
                union = rdflib.Graph()
                for g in self._named():
                    union += g
                bind_prefixes(union).serialize(destination=path, format=fmt, encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"{path}: cannot write ({exc.strerror or exc})") from exc

    def __len__(self) -> int:
        return sum(len(g) for g in self._named())

    def close(self) -> None:
        """Nothing to flush: the data lives and dies with the object."""
