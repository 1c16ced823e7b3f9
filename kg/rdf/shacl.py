"""SHACL validation of a graph against ontology/shapes.ttl."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph


def ontology_dir() -> Path:
    """The top-level ``ontology/`` folder (the package is installed editable)."""
    return Path(__file__).resolve().parents[2] / "ontology"


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The SHACL shapes of the RDF contract, parsed once per process."""
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The OWL ontology that defines every ``dip:`` term."""
    return Graph().parse(ontology_dir() / "diplomatic.ttl", format="turtle")


def validate(graph: Graph) -> tuple[bool, str]:
    """Check ``graph`` against the shapes; return (conforms, the pySHACL report text).

    Why not raise: a report is what a user wants to read when a graph does not conform;
    callers decide whether non-conformance is fatal.
    """
    import pyshacl

    data = Graph()
    for triple in graph.triples((None, None, None)):
        data.add(triple)
    conforms, _, text = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=True
    )
    return bool(conforms), str(text)
