"""Where a projection reads from: any store, graph or result that answers SPARQL.

Why SPARQL and not the store's internals: the same code then works on every backend,
on a remote endpoint, and on any rdflib graph that follows the RDF contract.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import rdflib
from rdflib.query import Result

Runner = Callable[[str], Result]
Row = tuple[str | None, ...]


def runner(source: Any) -> Runner:
    """Accept a Store, a KnowledgeGraph, an rdflib Graph or a CONSTRUCT Result."""
    if isinstance(source, Result):
        if source.graph is None:
            raise TypeError("to_networkx needs a CONSTRUCT/DESCRIBE result, not a SELECT/ASK")
        source = source.graph
    if isinstance(source, rdflib.ConjunctiveGraph):
        return source.query
    if isinstance(source, rdflib.Graph):
        # The views ask some questions of named graphs (the people graph); a plain Graph
        # answers none of them, so it is read as the one named graph of a dataset.
        dataset = rdflib.Dataset(default_union=True)
        named = dataset.graph(source.identifier)
        named += source
        return dataset.query
    from kg.graph import KnowledgeGraph
    from kg.store.base import Store

    if isinstance(source, KnowledgeGraph):
        source = source.store
    if not isinstance(source, Store):
        raise TypeError(f"cannot project {type(source).__name__}: expected a Store or a Graph")
    return source.query


def text(term: Any) -> str | None:
    """A term as a string, None kept."""
    return None if term is None else str(term)


def rows(run: Runner, sparql: str, *, ordered: bool = True) -> list[Row]:
    """Rows as strings; sorted (unless ``ordered`` is False) so that every backend agrees."""
    result = run(sparql)
    names = list(result.vars or ())
    found = [tuple(text(b.get(v)) for v in names) for b in result.bindings]
    if ordered:
        found.sort(key=lambda row: tuple(x or "" for x in row))
    return found


def ask(run: Runner, sparql: str) -> bool:
    """The answer of an ASK query."""
    return bool(run(sparql).askAnswer)


def local_name(iri: str) -> str:
    """The last path or fragment segment of an IRI (``Meeting`` from ``dip:Meeting``)."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
