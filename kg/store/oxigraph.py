"""The on-disk store: Oxigraph (RocksDB) through pyoxigraph; transactions and fast SPARQL.

The store's default graph holds one copy of every triple of the named graphs, kept in
step by ``replace``, ``remove`` and ``update`` in the same transaction (see
:mod:`kg.store.union`), as is the store's stamp (:mod:`kg.store.stamp`). Queries read
the default graph. Why not Oxigraph's union-default-graph option: pyoxigraph 0.5 returns
a triple once for every graph holding it (oxigraph#1919), which both differs from the
SPARQL merge the other stores give and multiplies joins over shared entities (a country
described by thousands of articles) until queries never finish.

One process writes (it holds RocksDB's lock); any number read beside it with
``read_only=True``: ``kg query``, ``export``, ``view`` and ``serve`` open stores that way,
so they work while ``kg build`` writes, and on a read-only mount. A reader sees whole
transactions only (an article is one), and follows the writer's new commits by reopening
when the store's files change.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import rdflib
from rdflib.query import Result
from rdflib.term import Variable

from kg.errors import QueryError, StoreError, StoreUnavailable
from kg.rdf.namespaces import STORE_GRAPH
from kg.sparql import PREFIXES
from kg.store.formats import QUAD_FORMATS, format_for
from kg.store.parsing import first_line as _first_line
from kg.store.parsing import parse_update
from kg.store.stamp import bump
from kg.store.union import data_lines, forget, maintained, maintained_data

if TYPE_CHECKING:
    import pyoxigraph

_OX_FORMATS = {
    "trig": "TRIG",
    "nquads": "N_QUADS",
    "json-ld": "JSON_LD",
    "turtle": "TURTLE",
    "nt": "N_TRIPLES",
}

#: Statements written (by ``replace`` or ``update``) between flushes. RocksDB keeps writes in
#: memory tables until they are flushed, and Oxigraph lets each of its eleven column
#: families hold several tables of 128 MB: without a bound they grow with the work written
#: (about 50 MB a 60k quads), to well over a gigabyte.
FLUSH_EVERY = 20_000
#: A reader looks for the writer's new commits at most this often.
FOLLOW_SECONDS = 1.0
#: Tries to open a reader while the writer changes the store's files under it.
OPEN_ATTEMPTS = 5


def lock_holder(path: Path) -> str | None:
    """Which process holds the store's lock: "process 123 (kg build corpus/)", from Linux's
    /proc/locks; None where that cannot be told."""
    try:
        lock = os.stat(path / "LOCK")
        with open("/proc/locks", encoding="ascii") as table:
            rows = table.read().splitlines()
    except OSError:
        return None
    wanted = f"{os.major(lock.st_dev):02x}:{os.minor(lock.st_dev):02x}:{lock.st_ino}"
    for row in rows:
        fields = row.split()
        if len(fields) > 5 and fields[5] == wanted:
            pid = fields[4]
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                    words = cmdline.read().split(b"\0")
                command = " ".join(b" ".join(words).decode("utf-8", "replace").split())
                command = command if len(command) <= 160 else command[:157] + "..."
            except OSError:
                command = ""
            return f"process {pid} ({command})" if command else f"process {pid}"
    return None


def _open_error(path: Path, exc: OSError) -> StoreError:
    """Why a store could not be opened for writing, and what to do, on one line."""
    message = _first_line(exc)
    if "lock" in message.lower():
        holder = lock_holder(path) or (
            "this process" if "current process" in message else "another process"
        )
        return StoreError(
            f"store {path} is being written by {holder}; wait for it to finish (reading it "
            "with kg query, export, view or serve works meanwhile)"
        )
    if "read-only" in message.lower():
        return StoreError(
            f"store {path} is on a read-only file system: it can be read (kg query, export, "
            "view, serve) but not written"
        )
    return StoreError(f"cannot open store {path}: {message}")


def _write_error(what: str, exc: Exception) -> StoreError:
    """An I/O failure (disk full, read-only, gone) stops all writing; others one write."""
    if isinstance(exc, OSError):
        return StoreUnavailable(f"{what}: {_first_line(exc)}")
    return StoreError(f"{what}: {_first_line(exc)}")


class OxigraphStore:
    """Quads in an Oxigraph database directory (created with its parents if missing,
    unless read-only)."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._unflushed = 0
        self._seen: tuple[tuple[str, int, int], ...] = ()
        self._checked = 0.0
        self._store: pyoxigraph.Store | None = self._open()

    def _open(self) -> pyoxigraph.Store:
        import pyoxigraph

        if not self.read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                return pyoxigraph.Store(str(self.path))
            except OSError as exc:
                raise _open_error(self.path, exc) from exc
        if not (self.path / "CURRENT").is_file():
            raise StoreError(f"{self.path}: no store here; run 'kg build' first")
        self._seen, self._checked = self._files(), time.monotonic()
        attempt = 0
        while True:
            try:
                return pyoxigraph.Store.read_only(str(self.path))
            except (OSError, RuntimeError) as exc:
                # A writer's compaction can delete a file between the reader reading the
                # list of files and opening them (RocksDB says "Corruption"): try again.
                attempt += 1
                if attempt == OPEN_ATTEMPTS:
                    raise StoreError(f"cannot open store {self.path}: {_first_line(exc)}") from exc
                time.sleep(0.1 * attempt)

    def _files(self) -> tuple[tuple[str, int, int], ...]:
        """Name, size and time of each file: they change with each commit of the writer."""
        try:
            with os.scandir(self.path) as entries:
                return tuple(
                    sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries)
                )
        except OSError:
            return ()

    def follow(self, *, force: bool = False) -> None:
        """A reader: reopen if the writer committed since (checked at most every
        ``FOLLOW_SECONDS``, or now with ``force``). A writer sees its own writes."""
        if not self.read_only or self._store is None:
            return
        now = time.monotonic()
        if not force and now - self._checked < FOLLOW_SECONDS:
            return
        self._checked = now
        if self._files() != self._seen:
            self._store = self._open()

    @property
    def _db(self) -> pyoxigraph.Store:
        if self._store is None:
            raise StoreError(f"store {self.path} is closed")
        return self._store

    def _writable(self) -> pyoxigraph.Store:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        return self._db

    def replace(self, graph: rdflib.Graph) -> None:
        """Drop the graph and insert the new triples in one SPARQL Update: one transaction.

        Oxigraph applies an update entirely or not at all, so a failure anywhere (a bad
        term, a full disk, a source that breaks while read) leaves the old graph in place.
        A failure of the disk itself raises StoreUnavailable.
        """
        name = graph.identifier
        if not isinstance(name, rdflib.URIRef):
            raise StoreError(f"graph identifier must be an IRI, not {name!r}")
        db = self._writable()
        try:
            triples = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
            db.update(
                f"{forget(name)} ;\nDROP SILENT GRAPH <{name}> ;\n"
                f"INSERT DATA {{\n{triples}GRAPH <{name}> {{\n{triples}}} }} ;\n{bump()}"
            )
            self._wrote(db, len(graph))
        except Exception as exc:
            raise _write_error(f"cannot replace graph {name}", exc) from exc

    def _wrote(self, db: pyoxigraph.Store, statements: int) -> None:
        """Count statements written; flush RocksDB's memory tables every ``FLUSH_EVERY``."""
        self._unflushed += statements
        if self._unflushed >= FLUSH_EVERY:
            db.flush()
            self._unflushed = 0

    def remove(self, graph_iri: str) -> None:
        """Drop one named graph, if there, and its triples no other graph holds."""
        db = self._writable()
        try:
            db.update(f"{forget(graph_iri)} ;\nDROP SILENT GRAPH <{graph_iri}> ;\n{bump()}")
        except (OSError, ValueError, SyntaxError) as exc:
            raise _write_error(f"cannot remove graph {graph_iri}", exc) from exc

    def query(self, sparql: str) -> Result:
        """SPARQL over the union of the named graphs, as an rdflib Result like every store."""
        import pyoxigraph

        self.follow()
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
        """SPARQL Update and the union's upkeep, applied by Oxigraph in one transaction.

        The default graph stays the union of the named graphs, so a write to the default
        graph itself does not last. The upkeep costs in proportion to the data an update
        names (INSERT DATA, DELETE DATA, DROP GRAPH); see :mod:`kg.store.union`. The
        statements of data updates count towards the next flush (as ``replace``'s do), so
        a long run of them (a resolution of the whole store) keeps memory bounded.
        """
        db = self._writable()
        lines = data_lines(sparql)
        if lines is not None:
            text = maintained_data(sparql, lines)
        else:
            try:
                operations = parse_update(sparql).algebra
            except Exception as exc:
                raise QueryError(f"bad SPARQL update: {_first_line(exc)}") from exc
            text = maintained(sparql, operations)
        try:
            db.update(f"{text}\n;\n{bump()}")
            self._wrote(db, len(lines) if lines is not None else 1)
        except SyntaxError as exc:
            raise QueryError(f"bad SPARQL update: {_first_line(exc)}") from exc
        except OSError as exc:
            raise StoreUnavailable(f"update failed: {_first_line(exc)}") from exc
        except (ValueError, TypeError) as exc:
            raise QueryError(f"update failed: {_first_line(exc)}") from exc

    def optimize(self) -> None:
        """Compact RocksDB after a bulk load, as pyoxigraph advises.

        Article-by-article writes leave many small files; once compacted, each lookup
        reads fewer of them (at 100k articles, per-event joins took half the time). It
        rewrites the whole database, so it is for the end of a large load.
        """
        try:
            self._writable().optimize()
        except OSError as exc:
            raise StoreError(f"cannot optimize store {self.path}: {_first_line(exc)}") from exc

    def graph_names(self) -> list[str]:
        """IRIs of the named graphs."""
        self.follow()
        return sorted(n.value for n in self._db.named_graphs() if n.value != str(STORE_GRAPH))

    def export(self, path: Path) -> None:
        """Quad formats keep the named graphs; triple formats get their union."""
        import pyoxigraph

        path = Path(path)
        fmt = format_for(path)
        ox_format = getattr(pyoxigraph.RdfFormat, _OX_FORMATS[fmt])
        try:
            if fmt in QUAD_FORMATS:
                own = (pyoxigraph.DefaultGraph(), pyoxigraph.NamedNode(str(STORE_GRAPH)))
                named = (q for q in self._db if q.graph_name not in own)
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
        """Quads in the named graphs (the default graph only repeats them), the stamp's
        own graph left out."""
        self.follow()
        union, own = (
            next(iter(self._db.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")))["n"]
            for where in ("?s ?p ?o", f"GRAPH <{STORE_GRAPH}> {{ ?s ?p ?o }}")
        )
        return len(self._db) - int(union.value) - int(own.value)

    def close(self) -> None:
        """Flush and drop the handle, which releases the directory lock."""
        store, self._store = self._store, None
        if store is not None and not self.read_only:
            try:
                store.flush()
            except OSError as exc:
                raise StoreUnavailable(
                    f"cannot flush store {self.path}: {_first_line(exc)}"
                ) from exc


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
