"""The store's generation stamp: a token that every write through kg changes.

An on-disk store keeps one triple in a named graph of its own, outside the default graph
(queries, ``len``, ``graph_names`` and exports leave it out)::

    GRAPH <https://diplomatic-kg.org/id/graph/store> {
        <https://diplomatic-kg.org/id/store> owl:versionInfo "4f0c…" }

:class:`kg.store.oxigraph.OxigraphStore` appends :func:`bump` to the SPARQL Update of
each ``replace``, ``remove`` and ``update``, so the new token commits in the same
transaction as the change (a write killed half-way changes neither). What is derived
from the whole store and saved beside it (the explorer's tables, see
:mod:`kg.server.snapshot`) is labelled with the stamp read before it was derived, and is
current exactly while the stamp is unchanged. A random token, not a counter: a store
built again from nothing never repeats an earlier stamp.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from rdflib.query import Result
from rdflib.term import Variable

from kg.rdf.namespaces import ID, STORE_GRAPH

#: The store itself, the subject of its stamp.
STORE = ID["store"]
VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo"

V = Variable("v")
READ = f"SELECT ?v WHERE {{ GRAPH <{STORE_GRAPH}> {{ <{STORE}> <{VERSION_INFO}> ?v }} }}"


def bump() -> str:
    """Update operations that replace the stamp by a new random token."""
    return (
        f"DELETE WHERE {{ GRAPH <{STORE_GRAPH}> {{ <{STORE}> <{VERSION_INFO}> ?v }} }} ;\n"
        f"INSERT DATA {{ GRAPH <{STORE_GRAPH}> {{ <{STORE}> <{VERSION_INFO}> "
        f'"{secrets.token_hex(16)}" }} }}'
    )


def stamp(query: Callable[[str], Result]) -> str | None:
    """The stamp of the store that ``query`` reads; None for a store not written since
    stamps exist, or a backend that keeps none (memory, remote)."""
    found = [str(row[V]) for row in query(READ).bindings if row.get(V) is not None]
    return found[0] if len(found) == 1 else None
