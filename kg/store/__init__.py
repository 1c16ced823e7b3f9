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
#: The built-in factories also take ``read_only`` (a backend that can tell readers apart).
_Factory = Callable[[str, bool], Store]


def _memory(location: str, read_only: bool) -> Store:
    from kg.store.memory import MemoryStore

    return MemoryStore()


def _oxigraph(location: str, read_only: bool) -> Store:
    from kg.store.oxigraph import OxigraphStore

    return OxigraphStore(location.removeprefix("oxigraph:"), read_only=read_only)


def _remote(location: str, read_only: bool) -> Store:
    from kg.store.remote import factory

    return factory(location)


_FACTORIES: dict[str, _Factory] = {
    "memory": _memory,
    "oxigraph": _oxigraph,
    "sparql+http": _remote,
    "sparql+https": _remote,
}


def register(scheme: str, factory: StoreFactory) -> None:
    """Make ``open_store("SCHEME:...")`` call ``factory(location)``; a later call wins."""
    _FACTORIES[scheme.lower()] = lambda location, read_only: factory(location)


def open_store(location: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open the store at ``location``: None/"memory", "oxigraph:PATH", a path, or a scheme.

    ``read_only=True`` opens an on-disk store as a reader beside whoever writes it (a
    running ``kg build``), or on a read-only mount; writes to it raise StoreError.
    Why a registry: the CLI and API take one location string, and a new backend
    should only need a ``register`` call, not a new branch here.
    """
    text = "memory" if location is None else str(location)
    scheme, sep, _ = text.partition(":")
    if (sep or text == "memory") and scheme.lower() in _FACTORIES:
        return _FACTORIES[scheme.lower()](text, read_only)
    return _oxigraph(text, read_only)


__all__ = ["FORMATS", "Store", "StoreFactory", "open_store", "register"]
