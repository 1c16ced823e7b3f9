"""RDF mapping: namespaces, Facts -> an article's named graph, SHACL validation.

Never imports spaCy: this stage only sees :mod:`kg.types`.
"""

from kg.rdf.mapping import date_literal, facts_to_graph
from kg.rdf.namespaces import (
    DIP,
    ID,
    MEETINGS_GRAPH,
    PLOVER_CLASSES,
    SEM,
    WD,
    article_iri,
    city_iri,
    event_iri,
    evidence_iri,
    geonames_iri,
    meeting_iri,
    person_iri,
    side_iri,
    side_key,
    slug,
)
from kg.rdf.shacl import ontology_dir, ontology_graph, shapes_graph, validate

__all__ = [
    "DIP",
    "ID",
    "MEETINGS_GRAPH",
    "PLOVER_CLASSES",
    "SEM",
    "WD",
    "article_iri",
    "city_iri",
    "date_literal",
    "event_iri",
    "evidence_iri",
    "facts_to_graph",
    "geonames_iri",
    "meeting_iri",
    "ontology_dir",
    "ontology_graph",
    "person_iri",
    "shapes_graph",
    "side_iri",
    "side_key",
    "slug",
    "validate",
]
