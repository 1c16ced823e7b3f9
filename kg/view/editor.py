"""The SPARQL query editor that ``kg serve`` shows at ``/sparql`` when no query is given.

A small form of our own (no editor library, nothing fetched): a text area with example
queries and completion of ``dip:`` terms from the ontology, run against the same
endpoint; answers as a table whose IRIs are shortened by prefix and open in the explorer
(a country, organisation, person, city or meeting) or in the editor (anything else),
``true``/``false`` or Turtle; the answer downloads as CSV or JSON; the query is kept in
the address (``/sparql#query=...``) so it can be shared.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from string import Template

from kg.view.html import script_safe_json

#: (name, query): the editor's examples; prefixes are predeclared by the endpoint. A meeting
#: is a canonical meeting, a report one article's account of one (see kg.counts).
EXAMPLES = (
    (
        "Who met whom, most meetings first",
        """SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?meetings) WHERE {
  ?m a dip:CanonicalMeeting ; dip:participant ?x, ?y .
  ?x rdfs:label ?a . ?y rdfs:label ?b . FILTER(STR(?a) < STR(?b))
} GROUP BY ?a ?b ORDER BY DESC(?meetings) ?a ?b LIMIT 50""",
    ),
    (
        "Meetings of a country by month",
        """SELECT ?month (COUNT(DISTINCT ?m) AS ?meetings) WHERE {
  ?m a dip:CanonicalMeeting ; dip:participant ?c ; dip:date ?date .
  ?c dip:isoCode "USA" .
  BIND(SUBSTR(STR(?date), 1, 7) AS ?month) FILTER(STRLEN(?month) = 7)
} GROUP BY ?month ORDER BY ?month""",
    ),
    (
        "Ministers and the states they represent",
        """SELECT DISTINCT ?person ?role ?state WHERE {
  ?p a dip:Person ; rdfs:label ?person ; dip:role ?role ; dip:represents/rdfs:label ?state .
  FILTER(CONTAINS(LCASE(?role), "minister"))
} ORDER BY ?state ?person LIMIT 100""",
    ),
    (
        "Meetings per city",
        """SELECT (SAMPLE(?name) AS ?city) (COUNT(DISTINCT ?m) AS ?meetings) WHERE {
  ?m a dip:CanonicalMeeting ; dip:locatedIn ?c . ?c rdfs:label ?name .
} GROUP BY ?c ORDER BY DESC(?meetings) ?city LIMIT 50""",
    ),
    (
        "Planned, hypothetical and held",
        """# a meeting that took place is a canonical meeting; any other is its one report
SELECT ?status (COUNT(DISTINCT ?m) AS ?meetings) (COUNT(DISTINCT ?e) AS ?reports) WHERE {
  ?e a dip:Meeting ; dip:status ?status . FILTER NOT EXISTS { ?e a dip:CanonicalMeeting }
  OPTIONAL { ?canonical dip:reportedAs ?e }
  FILTER(?status != "occurred" || BOUND(?canonical))
  BIND(COALESCE(?canonical, ?e) AS ?m)
} GROUP BY ?status ORDER BY DESC(?meetings)""",
    ),
    (
        "Each report of a meeting and its evidence",
        """SELECT ?meeting ?date ?sentence ?title WHERE {
  ?m a dip:Meeting ; rdfs:label ?meeting ; dip:evidence ?s .
  OPTIONAL { ?m dip:date ?date }
  ?s dip:text ?sentence ; dcterms:isPartOf/dcterms:title ?title .
} ORDER BY DESC(?date) LIMIT 50""",
    ),
    (
        "Who took part how, in reports the extractor is sure of",
        """# dip:confidence: the decisions model's probability; kg build --min-confidence 0.8
SELECT ?meeting ?side ?role ?confidence WHERE {
  ?m a dip:CanonicalMeeting ; rdfs:label ?meeting ; dip:reportedAs ?e .
  ?e dip:confidence ?sure ; dip:participation ?p . FILTER(?sure >= 0.8)
  ?p dip:side/rdfs:label ?side ; dip:participantRole ?role ; dip:confidence ?confidence .
} ORDER BY ?meeting ?side LIMIT 100""",
    ),
    (
        "Everything said about a country (CONSTRUCT)",
        """CONSTRUCT { ?c ?p ?o } WHERE { ?c dip:isoCode "CHN" ; ?p ?o }""",
    ),
    ("Has any meeting been held? (ASK)", """ASK { ?m dip:status "occurred" }"""),
)


def ontology_terms() -> list[tuple[str, str]]:
    """``(dip:Term, first line of its comment)`` for completion, from ``ontology/`` where the
    package sits in a checkout of the project (empty where it does not)."""
    from rdflib import RDFS

    from kg.rdf.namespaces import DIP
    from kg.rdf.shacl import ontology_dir, ontology_graph

    if not (ontology_dir() / "diplomatic.ttl").exists():
        return []
    graph = ontology_graph()
    base = str(DIP)
    terms = {
        "dip:" + str(subject)[len(base):]: str(graph.value(subject, RDFS.comment) or "")
        for subject in set(graph.subjects())
        if str(subject).startswith(base) and str(subject) != base
    }
    return sorted((term, comment.split("\n")[0]) for term, comment in terms.items())


def prefixes() -> dict[str, str]:
    """The prefixes the editor shortens IRIs with: those the endpoint declares, and id: and wd:."""
    from kg.rdf.namespaces import ID, WD
    from kg.sparql import PREFIXES

    return {**PREFIXES, "id": str(ID), "wd": str(WD)}


@lru_cache(maxsize=1)
def editor_page() -> str:
    """The editor page (offline: everything inline)."""
    template = resources.files("kg.view").joinpath("assets", "sparql.html").read_text("utf-8")
    return Template(template).substitute(
        examples=script_safe_json(EXAMPLES),
        terms=script_safe_json(ontology_terms()),
        prefixes=script_safe_json(prefixes()),
    )
