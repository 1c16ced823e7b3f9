"""Export formats: which serialisation a file name asks for."""

from __future__ import annotations

from pathlib import Path

from kg.errors import KGError
from kg.store.base import FORMATS

#: Formats that hold named graphs; the others get the union of all graphs.
QUAD_FORMATS = frozenset({"trig", "nquads", "json-ld"})


def format_for(path: Path) -> str:
    """The rdflib format name for ``path``'s extension; KGError naming the file otherwise."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise KGError(f"{path}: unknown export format (use one of {known})")
    return fmt
