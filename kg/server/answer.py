"""One SPARQL query answered as bytes: inspect, negotiate, evaluate, serialize.

The same steps run in a worker thread over any store and in a query worker process over
a read-only Oxigraph store (:mod:`kg.server.worker`).
"""

from __future__ import annotations

from kg.server.protocol import Problem
from kg.server.results import Payload, negotiate, offered, render
from kg.server.safety import inspect_query
from kg.store.base import Store


def answer_query(
    store: Store, sparql: str, accept: str | None, *, max_results: int, federation: bool
) -> Payload:
    """``sparql`` evaluated on ``store`` and serialized as the client accepts it.

    Raises QueryError (malformed, refused), Problem (406) or TooLarge (413).
    """
    inspected = inspect_query(sparql, store.graph_names, federation=federation)
    media_type = negotiate(inspected.form, accept)
    if media_type is None:
        raise Problem(
            406,
            f"cannot answer this {inspected.form} query as {accept}; "
            f"acceptable: {offered(inspected.form)}",
        )
    return render(store.query(sparql), inspected.form, media_type, max_results)
