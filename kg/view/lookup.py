"""The details a served explorer asks for on a click: reports and mentions, by SPARQL.

A written page carries them inline; ``kg serve`` keeps its page small and answers these
two questions per click instead (a few reports, the newest articles of one entity).
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from kg.network.records import iso_date
from kg.network.source import Runner, rows
from kg.rdf.namespaces import SPARQL_PREFIXES

REPORTS = (
    SPARQL_PREFIXES
    + """SELECT ?e ?text ?a ?title ?source ?date WHERE {
  VALUES ?e { %s }
  ?e dip:evidence ?s .
  OPTIONAL { ?s dip:text ?text }
  OPTIONAL { ?s dcterms:isPartOf ?a .
             OPTIONAL { ?a dcterms:title ?title } OPTIONAL { ?a dcterms:source ?source }
             OPTIONAL { ?a dcterms:date ?date } }
}"""
)

MENTIONS = (
    SPARQL_PREFIXES
    + """SELECT ?a ?title ?source ?date WHERE {
  ?a dip:mentions %s .
  OPTIONAL { ?a dcterms:title ?title } OPTIONAL { ?a dcterms:source ?source }
  OPTIONAL { ?a dcterms:date ?date }
} ORDER BY DESC(?date) ?a LIMIT %d"""
)

MENTION_COUNT = SPARQL_PREFIXES + "SELECT (COUNT(?a) AS ?n) WHERE { ?a dip:mentions %s }"


def report_details(run: Runner, events: list[str]) -> dict[str, list[dict[str, Any]]]:
    """``event IRI -> [{title, url, date, evidence}]`` (one item per evidence sentence)."""
    if not events:
        return {}
    values = " ".join(URIRef(e).n3() for e in events)
    found: dict[str, list[dict[str, Any]]] = {e: [] for e in events}
    for event, text, _, title, source, date in rows(run, REPORTS % values):
        found[str(event)].append(
            {"title": title, "url": source, "date": iso_date(date), "evidence": text}
        )
    return found


def mention_details(run: Runner, entity: str, limit: int) -> dict[str, Any]:
    """The ``limit`` newest articles that mention ``entity``, and how many there are."""
    node = URIRef(entity).n3()
    articles = [
        {"title": title, "url": source, "date": iso_date(date)}
        for _, title, source, date in rows(run, MENTIONS % (node, limit), ordered=False)
    ]
    (count,) = rows(run, MENTION_COUNT % node)[0]
    return {"articles": articles, "total": int(count or 0)}
