"""Stores: one protocol, several backends, picked by location like rdflib's plugins.

``open_store(None)`` or ``"memory"`` gives an in-memory store; ``"oxigraph:PATH"`` or a
plain path an on-disk Oxigraph store; ``"sparql+http://host/path"`` any SPARQL 1.1
endpoint. Other backends plug in with :func:`register` without touching this module.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kg.store.base import FORMATS, Store

#: A factory gets the full location string (scheme included) and returns a Store.
StoreFactory = Callable[[str], Store]


def _memory(location: str) -> Store:
    from kg.store.memory import MemoryStore

    return MemoryStore()


def _oxigraph(location: str) -> Store:
    from kg.store.oxigraph import OxigraphStore

    return OxigraphStore(location.removeprefix("oxigraph:"))


def _remote(location: str) -> Store:
    from kg.store.remote import factory

    return factory(location)


_FACTORIES: dict[str, StoreFactory] = {
    "memory": _memory,
    "oxigraph": _oxigraph,
    "sparql+http": _remote,
    "sparql+https": _remote,
}


def register(scheme: str, factory: StoreFactory) -> None:
    """Make ``open_store("SCHEME:...")`` call ``factory(location)``; a later call wins."""
    _FACTORIES[scheme.lower()] = factory


def open_store(location: str | Path | None = None) -> Store:
    """Open the store at ``location``: None/"memory", "oxigraph:PATH", a path, or a scheme.

    Why a registry: the CLI and API take one location string, and a new backend
    should only need a ``register`` call, not a new branch here.
    """
    text = "memory" if location is None else str(location)
    scheme, sep, _ = text.partition(":")
    if (sep or text == "memory") and scheme.lower() in _FACTORIES:
        return _FACTORIES[scheme.lower()](text)
    return _oxigraph(text)


__all__ = ["FORMATS", "Store", "StoreFactory", "open_store", "register"]
