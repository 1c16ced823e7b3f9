"""The on-disk store: Oxigraph (RocksDB) through pyoxigraph; transactions and fast SPARQL.

The store's default graph holds one copy of every triple of the named graphs, kept in
step by ``replace`` and ``remove`` in the same transaction. Queries read it as their
default graph. Why not Oxigraph's union-default-graph option: pyoxigraph 0.5 returns a
triple once for every graph holding it (oxigraph#1919), which both differs from the
SPARQL merge the other stores give and multiplies joins over shared entities (a country
described by thousands of articles) until queries never finish.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import rdflib
from rdflib.query import Result
from rdflib.term import Variable

from kg.errors import QueryError, StoreError
from kg.sparql import PREFIXES
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


def _forget(graph: str) -> str:
    """Update removing from the default graph the triples only ``graph`` holds."""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != <{graph}>) }} }}"
    )


#: Appended to a caller's SPARQL Update: rebuild the default graph as the union.
_RESYNC = "DROP SILENT DEFAULT ;\nINSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


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
                f"{_forget(name)} ;\nDROP SILENT GRAPH <{name}> ;\n"
                f"INSERT DATA {{\n{triples}GRAPH <{name}> {{\n{triples}}} }}"
            )
            self._unflushed += len(graph)
            if self._unflushed >= FLUSH_EVERY:
                self._db.flush()
                self._unflushed = 0
        except Exception as exc:
            raise StoreError(f"cannot replace graph {name}: {_first_line(exc)}") from exc

    def remove(self, graph_iri: str) -> None:
        """Drop one named graph, if there, and its triples no other graph holds."""
        try:
            self._db.update(f"{_forget(graph_iri)} ;\nDROP SILENT GRAPH <{graph_iri}>")
        except (OSError, ValueError, SyntaxError) as exc:
            raise StoreError(f"cannot remove graph {graph_iri}: {_first_line(exc)}") from exc

    def query(self, sparql: str) -> Result:
        """SPARQL over the union of the named graphs, as an rdflib Result like every store."""
        import pyoxigraph

        try:
            answer = self._db.query(sparql)
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
        names = [Variable(v.value) for v in answer.variables]
        result = Result("SELECT")
        result.vars = names
        result.bindings = _bindings(answer, names)
        return result

    def update(self, sparql: str) -> None:
        """SPARQL Update, applied by Oxigraph in one transaction with the union's rebuild.

        The rebuild keeps the default graph equal to the union of the named graphs, so a
        write to the default graph itself does not last; it reads the whole store, which
        suits occasional edits, not bulk loads (use ``replace``).
        """
        try:
            self._db.update(f"{sparql}\n;\n{_RESYNC}")
        except SyntaxError as exc:
            raise QueryError(f"bad SPARQL update: {_first_line(exc)}") from exc
        except (OSError, ValueError, TypeError) as exc:
            raise QueryError(f"update failed: {_first_line(exc)}") from exc

    def optimize(self) -> None:
        """Compact RocksDB after a bulk load, as pyoxigraph advises.

        Article-by-article writes leave many small files; once compacted, each lookup
        reads fewer of them (at 100k articles, per-event joins took half the time). It
        rewrites the whole database, so it is for the end of a large load.
        """
        try:
            self._db.optimize()
        except OSError as exc:
            raise StoreError(f"cannot optimize store {self.path}: {_first_line(exc)}") from exc

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
                named = (q for q in self._db if q.graph_name != pyoxigraph.DefaultGraph())
                pyoxigraph.serialize(named, str(path), format=ox_format, prefixes=PREFIXES)
            else:
                self._db.dump(
                    str(path),
                    format=ox_format,
                    from_graph=pyoxigraph.DefaultGraph(),
                    prefixes=PREFIXES,
                )
        except OSError as exc:
            raise StoreError(f"{path}: cannot write ({_first_line(exc)})") from exc

    def __len__(self) -> int:
        """Quads in the named graphs (the default graph only repeats them)."""
        union = next(iter(self._db.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
        return len(self._db) - int(union["n"].value)

    def close(self) -> None:
        """Flush and drop the handle, which releases the directory lock."""
        if self._store is not None:
            self._store.flush()
            self._store = None


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _rdflib_term(term: pyoxigraph.Term) -> rdflib.term.Identifier:
    """The rdflib twin of a pyoxigraph term (simple literals stay without a datatype)."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return rdflib.Literal(term.value, datatype=None if datatype == _XSD_STRING else datatype)


def _bindings(solutions: pyoxigraph.QuerySolutions, names: list[Variable]) -> list[_Binding]:
    """Every solution as an rdflib binding; each distinct term is converted once.

    Large answers repeat a few terms (a country in thousands of rows), and building an
    rdflib term costs more than the engine took to find it.
    """
    seen: dict[pyoxigraph.Term, rdflib.term.Identifier] = {}
    rows = []
    for solution in solutions:
        row = _Binding()
        for name, term in zip(names, solution, strict=True):
            if term is not None:
                converted = seen.get(term)
                if converted is None:
                    converted = seen[term] = _rdflib_term(term)
                row[name] = converted
        rows.append(row)
    return rows


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
