"""The on-disk store: Oxigraph (RocksDB) through pyoxigraph; transactions and fast SPARQL."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import rdflib
from rdflib.query import Result
from rdflib.term import Variable

from kg.errors import QueryError, StoreError
from kg.store.formats import QUAD_FORMATS, format_for

if TYPE_CHECKING:
    import pyoxigraph

_OX_FORMATS = {
    "trig": "TRIG",
    "nquads": "N_QUADS",
    "json-ld": "JSON_LD",
    "turtle": "TURTLE",
    "nt": "N_TRIPLES",
}


_FROM = re.compile(r"\bFROM\b", re.IGNORECASE)


def _names_its_dataset(sparql: str) -> bool:
    """Whether the query has FROM / FROM NAMED, which the union default graph would override."""
    if not _FROM.search(sparql):
        return False
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        clauses = parseQuery(sparql)[1].get("datasetClause")
    except Exception:
        return False  # Oxigraph reports the syntax error itself
    return isinstance(clauses, list) and bool(clauses)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


#: Triples written between flushes. RocksDB keeps writes in memory tables until they are
#: flushed; without a bound those tables grow with the corpus (about 50 MB a 60k quads).
FLUSH_EVERY = 20_000


class OxigraphStore:
    """Quads in an Oxigraph database directory (created if missing)."""

    def __init__(self, path: str | Path) -> None:
        import pyoxigraph

        self.path = Path(path)
        self._unflushed = 0
        try:
            self._store: pyoxigraph.Store | None = pyoxigraph.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open store {self.path}: {_first_line(exc)}") from exc

    @property
    def _db(self) -> pyoxigraph.Store:
        if self._store is None:
            raise StoreError(f"store {self.path} is closed")
        return self._store

    def replace(self, graph: rdflib.Graph) -> None:
        """Drop the graph and insert the new triples in one SPARQL Update: one transaction.

        Oxigraph applies an update entirely or not at all, so a failure anywhere (a bad
        term, a full disk, a source that breaks while read) leaves the old graph in place.
        """
        name = graph.identifier
        if not isinstance(name, rdflib.URIRef):
            raise StoreError(f"graph identifier must be an IRI, not {name!r}")
        try:
            triples = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
            self._db.update(
                f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n{triples}}} }}"
            )
            self._unflushed += len(graph)
            if self._unflushed >= FLUSH_EVERY:
                self._db.flush()
                self._unflushed = 0
        except Exception as exc:
            raise StoreError(f"cannot replace graph {name}: {_first_line(exc)}") from exc

    def remove(self, graph_iri: str) -> None:
        """Drop one named graph, if there."""
        import pyoxigraph

        try:
            self._db.remove_graph(pyoxigraph.NamedNode(graph_iri))
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot remove graph {graph_iri}: {_first_line(exc)}") from exc

    def query(self, sparql: str) -> Result:
        """SPARQL over the union of the named graphs, as an rdflib Result like every store."""
        import pyoxigraph

        try:
            answer = self._db.query(
                sparql, use_default_graph_as_union=not _names_its_dataset(sparql)
            )
        except SyntaxError as exc:
            raise QueryError(f"bad SPARQL query: {_first_line(exc)}") from exc
        except (OSError, ValueError, TypeError) as exc:
            raise QueryError(f"query failed: {_first_line(exc)}") from exc
        if isinstance(answer, pyoxigraph.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(answer)
            return result
        if isinstance(answer, pyoxigraph.QueryTriples):
            result = Result("CONSTRUCT")
            data = answer.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES)
            result.graph = rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")
            return result
        data = answer.serialize(format=pyoxigraph.QueryResultsFormat.JSON)
        result = Result.parse(source=io.BytesIO(data), format="json")
        result.bindings = [_Binding(b) for b in result.bindings]
        return result

    def update(self, sparql: str) -> None:
        """SPARQL Update, applied by Oxigraph in one transaction."""
        try:
            self._db.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"bad SPARQL update: {_first_line(exc)}") from exc
        except (OSError, ValueError, TypeError) as exc:
            raise QueryError(f"update failed: {_first_line(exc)}") from exc

    def graph_names(self) -> list[str]:
        """IRIs of the named graphs."""
        return sorted(node.value for node in self._db.named_graphs())

    def export(self, path: Path) -> None:
        """Quad formats keep the named graphs; triple formats get their union."""
        import pyoxigraph

        path = Path(path)
        fmt = format_for(path)
        ox_format = getattr(pyoxigraph.RdfFormat, _OX_FORMATS[fmt])
        try:
            if fmt in QUAD_FORMATS:
                self._db.dump(str(path), format=ox_format)
            else:
                union = self._db.query(
                    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
                )
                path.write_bytes(union.serialize(format=ox_format))
        except OSError as exc:
            raise StoreError(f"{path}: cannot write ({_first_line(exc)})") from exc

    def __len__(self) -> int:
        return len(self._db)

    def close(self) -> None:
        """Flush and drop the handle, which releases the directory lock."""
        if self._store is not None:
            self._store.flush()
            self._store = None


class _Binding(dict):
    """A solution keyed by Variable that, like rdflib's own, also answers to plain names."""

    def __missing__(self, key: object) -> object:
        if isinstance(key, str) and not isinstance(key, Variable):
            return self[Variable(key)]
        raise KeyError(key)

    def get(self, key: object, default: object = None) -> object:
        try:
            return self[key]
        except KeyError:
            return default
