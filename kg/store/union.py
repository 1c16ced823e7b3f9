"""Keeping a store's default graph the deduplicated union of its named graphs (all but
the store's own, :mod:`kg.store.stamp`), in step with each change and in proportion to it.

A triple enters the union when a named graph gets it, and leaves it only when no named
graph holds it any more. ``replace`` knows its triples; a SPARQL Update is read with
rdflib: the triples of ``INSERT DATA`` / ``DELETE DATA`` and the content of each graph a
``DROP`` / ``CLEAR GRAPH`` empties are gathered in a scratch graph, and after the update
(in the same transaction) each of them is put in or taken out of the union by looking it
up in the named graphs. Operations whose effect cannot be listed up front (``DELETE/INSERT
... WHERE``, ``ADD``, ``MOVE``, ``COPY``, ``CLEAR DEFAULT``, blank nodes in data...)
rebuild the union instead: correct, but the time grows with the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from rdflib.term import BNode, Node, URIRef

from kg.rdf.namespaces import STORE_GRAPH

#: A scratch graph, filled and dropped within one update.
TOUCHED = "urn:x-diplomatic-kg:union-maintenance"

#: Rebuild the default graph as the union of every named graph but the store's own.
RESYNC = (
    "DROP SILENT DEFAULT ;\n"
    f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{STORE_GRAPH}>) }}"
)

_ELSEWHERE = f"GRAPH ?g {{ ?s ?p ?o }} FILTER (?g NOT IN (<{TOUCHED}>, <{STORE_GRAPH}>))"
_RECONCILE = f"""DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{TOUCHED}> {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ {_ELSEWHERE} }} }} ;
INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{TOUCHED}> {{ ?s ?p ?o }}
  FILTER EXISTS {{ {_ELSEWHERE} }} }} ;
DROP SILENT GRAPH <{TOUCHED}>"""


def forget(graph: str) -> str:
    """Update removing from the default graph the triples only ``graph`` holds."""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != <{graph}>) }} }}"
    )


def _triples(operation: object) -> Iterator[tuple[Node, Node, Node]]:
    quads = dict.get(operation, "quads") or {}  # type: ignore[call-overload]
    for triples in quads.values():
        yield from triples
    yield from dict.get(operation, "triples") or ()  # type: ignore[call-overload]


_DATA = re.compile(r"(INSERT|DELETE) DATA \{")
_GRAPH = re.compile(r"GRAPH <[^<>\"{}|^`\\\s]*> \{")


def data_lines(sparql: str) -> list[str] | None:
    """The statements of an update written as kg writes its own: ``INSERT DATA`` / ``DELETE
    DATA`` operations of ``GRAPH <iri> {`` blocks, one N-Triples statement a line, no blank
    nodes; ``None`` for any other update.

    rdflib takes seconds to read a few thousand statements; these need no reading, since
    the union's upkeep only copies them (Oxigraph parses them, and rejects a bad one).
    """
    lines: list[str] = []
    depth = 0
    for raw in sparql.strip().splitlines():
        line = raw.strip()
        if depth == 2 and line != "}":
            if "_:" in line or '"""' in line or "'''" in line or not line.endswith("."):
                return None
            lines.append(line)
        elif depth and line in ("}", "} ;"):
            depth -= 1
        elif (depth == 0 and _DATA.fullmatch(line)) or (depth == 1 and _GRAPH.fullmatch(line)):
            depth += 1
        elif line not in ("", ";") or depth:
            return None
    return lines if depth == 0 else None


def maintained_data(sparql: str, lines: list[str]) -> str:
    """``sparql``, whose statements :func:`data_lines` gave, and the union's upkeep."""
    return _with_upkeep([], sparql, lines)


def _with_upkeep(before: list[str], sparql: str, touched: list[str]) -> str:
    """One request: ``before`` (copying what drops will empty), ``sparql``, then each
    touched statement put in or taken out of the union."""
    after = f"INSERT DATA {{ GRAPH <{TOUCHED}> {{\n" + "\n".join(touched) + "\n} }"
    return "\n;\n".join([*before, sparql.rstrip().removesuffix(";"), after, _RECONCILE])


def maintained(sparql: str, operations: Iterable[object]) -> str:
    """``sparql`` (whose rdflib algebra is ``operations``) followed, in one request, by
    what keeps the default graph the union of the named graphs."""
    text = sparql.rstrip().removesuffix(";")
    before: list[str] = []
    touched: list[str] = []
    for operation in operations:
        name = operation.name  # type: ignore[attr-defined]
        target = dict.get(operation, "graphiri")  # type: ignore[call-overload]
        if name in ("InsertData", "DeleteData"):
            triples = list(_triples(operation))
            if any(isinstance(term, BNode) for triple in triples for term in triple):
                return f"{text}\n;\n{RESYNC}"
            touched.extend(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)
        elif name in ("Drop", "Clear") and isinstance(target, URIRef):
            before.append(
                f"INSERT {{ GRAPH <{TOUCHED}> {{ ?s ?p ?o }} }} "
                f"WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}"
            )
        elif name != "Create" and not (name in ("Drop", "Clear") and target == "ALL"):
            return f"{text}\n;\n{RESYNC}"
    return _with_upkeep(before, text, touched)
