"""What a request may do: inspect the parsed SPARQL algebra before anything runs.

rdflib evaluates ``SERVICE`` by calling the remote endpoint, ``LOAD`` by fetching the IRI,
and ``FROM <iri>`` / ``FROM NAMED <iri>`` of a graph it does not hold by fetching the IRI
too (network, or local disk for ``file:`` IRIs). So the server parses every operation with
rdflib and walks the algebra: a keyword regex would miss ``SERVICE`` written in lower
case, behind a prefix, or in a sub-query, and would reject the word inside a string.
Parsing goes through :mod:`kg.store.parsing` (one lock: rdflib's parser is not
thread-safe on first use).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kg.errors import QueryError
from kg.store.parsing import first_line as _first_line
from kg.store.parsing import parse_query, parse_update

#: The algebra name of each query form -> the form the response is negotiated for.
QUERY_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


class Refused(QueryError):
    """A well-formed operation this endpoint will not run (federation is off)."""


@dataclass(frozen=True)
class Inspected:
    """A parsed query: its form and the graphs named in FROM / FROM NAMED."""

    form: str
    dataset: tuple[str, ...]


def _nodes(node: Any) -> Iterator[Any]:
    """Every CompValue in an rdflib algebra tree, depth first."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def _dataset_iris(clauses: Any) -> list[str]:
    iris = []
    for clause in clauses or ():
        iri = dict.get(clause, "default") or dict.get(clause, "named")
        if iri is not None:
            iris.append(str(iri))
    return iris


def inspect_query(
    sparql: str, known_graphs: Callable[[], list[str]], *, federation: bool
) -> Inspected:
    """Parse ``sparql``; raise QueryError if malformed, Refused if it would leave the store.

    ``known_graphs`` is only called when the query has FROM clauses: a FROM naming a
    graph already in the store reads that graph; any other IRI would be fetched.
    """
    inspected = _inspect(sparql, federation)
    if inspected.dataset and not federation:
        stored = set(known_graphs())
        outside = [iri for iri in inspected.dataset if iri not in stored]
        if outside:
            raise Refused(
                f"FROM <{outside[0]}> names no graph in this store and would be fetched; "
                "federation is disabled"
            )
    return inspected


@lru_cache(maxsize=2048)
def _inspect(sparql: str, federation: bool) -> Inspected:
    """The store-independent part of :func:`inspect_query`, kept for repeated queries:
    rdflib's parser takes 10-30 ms a query, often more than Oxigraph takes to answer it."""
    try:
        algebra = parse_query(sparql).algebra
    except Exception as exc:
        raise QueryError(f"bad SPARQL query: {_first_line(exc)}") from exc
    form = QUERY_FORMS.get(algebra.name)
    if form is None:
        raise QueryError(f"bad SPARQL query: unsupported query form {algebra.name}")
    if not federation:
        _refuse_service(algebra)
    return Inspected(form, tuple(_dataset_iris(dict.get(algebra, "datasetClause"))))


def inspect_update(sparql: str, *, federation: bool) -> None:
    """Parse a SPARQL Update; refuse LOAD, USING and SERVICE unless federation is on."""
    try:
        operations = parse_update(sparql).algebra
    except Exception as exc:
        raise QueryError(f"bad SPARQL update: {_first_line(exc)}") from exc
    if federation:
        return
    for operation in operations:
        if operation.name == "Load":
            raise Refused(f"LOAD <{dict.get(operation, 'iri')}> is disabled (federation is off)")
        using = _dataset_iris(dict.get(operation, "using"))
        if using:
            raise Refused(f"USING <{using[0]}> is disabled (federation is off)")
        _refuse_service(operation)


def _refuse_service(algebra: Any) -> None:
    for node in _nodes(algebra):
        if node.name == "ServiceGraphPattern":
            raise Refused(f"SERVICE <{dict.get(node, 'term')}> is disabled (federation is off)")
