"""The one interface every store implements, and the registry that picks a backend."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

import rdflib
from rdflib.query import Result

#: Export formats by file extension (rdflib / Oxigraph format names).
FORMATS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt"}


@runtime_checkable
class Store(Protocol):
    """A quad store holding one named graph per article.

    Every backend (memory, oxigraph, remote SPARQL) behaves the same: ``replace``
    swaps one named graph atomically, ``query`` answers SPARQL 1.1 over the union
    of all named graphs (the default graph is their union), ``export`` writes
    every quad to a file whose format follows its extension (see ``FORMATS``).
    """

    def replace(self, graph: rdflib.Graph) -> None:
        """Replace the named graph ``graph.identifier`` by ``graph``'s triples, atomically."""

    def remove(self, graph_iri: str) -> None:
        """Drop one named graph; a graph that is not there is not an error."""

    def query(self, sparql: str) -> Result:
        """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE); raise ``QueryError`` if bad."""

    def update(self, sparql: str) -> None:
        """Apply a SPARQL 1.1 Update as one transaction; raise ``QueryError`` if bad."""

    def optimize(self) -> None:
        """Compact after a bulk load; nothing to do where the backend manages itself."""

    def graph_names(self) -> list[str]:
        """The IRIs of the named graphs in the store."""

    def export(self, path: Path) -> None:
        """Write every quad to ``path``; the extension picks the format."""

    def __len__(self) -> int:
        """The number of quads."""

    def close(self) -> None:
        """Flush and release the store."""
