"""The SPARQL query editor that ``kg serve`` shows at ``/sparql`` when no query is given.

A small form of our own (no editor library, nothing fetched): a text area with example
queries, run against the same endpoint, answers as a table, ``true``/``false`` or Turtle.
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
        "Everything said about a country (CONSTRUCT)",
        """CONSTRUCT { ?c ?p ?o } WHERE { ?c dip:isoCode "CHN" ; ?p ?o }""",
    ),
    ("Has any meeting been held? (ASK)", """ASK { ?m dip:status "occurred" }"""),
)


@lru_cache(maxsize=1)
def editor_page() -> str:
    """The editor page (offline: everything inline)."""
    template = resources.files("kg.view").joinpath("assets", "sparql.html").read_text("utf-8")
    return Template(template).substitute(examples=script_safe_json(EXAMPLES))
