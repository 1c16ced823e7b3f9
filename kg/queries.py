"""The questions analysts ask most, as SPARQL shaped for a large on-disk store.

Each is SPARQL 1.1 and runs on every store; each is written for how Oxigraph spends its
time (``benchmarks/bench_store.py`` measures it): turning a stored IRI back into text
costs a lookup, and so does every join done one row at a time. So :func:`who_met_whom`
asks for one row per side with its partners concatenated (on Oxigraph, their keys:
short literals it stores inline), and :func:`meetings_by_month` joins the country's
meetings to all dates at once in a subquery instead of looking each date up (and leaves
out ``a dip:Meeting``: in the contract only meetings have participants). The plain forms
give the same answers, which the tests check on every store.

>>> import kg
>>> graph = kg.KnowledgeGraph(kg.open_store())
>>> graph.add(kg.extract("Japan's foreign minister met China's foreign minister in "
...                      "Busan on 26 November 2023.", identifier="busan"))
>>> who_met_whom(graph.store)
[('CHN', 'JPN'), ('JPN', 'CHN')]
>>> meetings_by_month(graph.store, "JPN")
[('2023-11', 1)]
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.errors import InputError
from kg.rdf.namespaces import SPARQL_PREFIXES, side_iri, side_key
from kg.store.base import Store
from kg.types import Side

#: One row per side, its partners' IRIs space-separated: one plain pass on every engine.
_WHO_MET_WHOM = (
    SPARQL_PREFIXES
    + """SELECT ?a (GROUP_CONCAT(DISTINCT STR(?b); separator=" ") AS ?partners)
WHERE { ?a dip:meets ?b } GROUP BY ?a"""
)

#: The same, partners by key (tab-separated) joined in by a subquery: Oxigraph joins it in
#: one pass and keeps the keys inline, so no IRI is decoded per pair (32 against 85 ms at
#: 100k articles); rdflib re-runs such a subquery for every row (seconds at 10k).
_WHO_MET_WHOM_BY_KEY = (
    SPARQL_PREFIXES
    + """SELECT ?a (GROUP_CONCAT(DISTINCT ?key; separator="\\t") AS ?partners) WHERE {
  ?a dip:meets ?b .
  { SELECT ?b ?key WHERE { ?b dip:isoCode|dip:shortName ?key } }
} GROUP BY ?a"""
)

_MEETINGS_BY_MONTH = (
    SPARQL_PREFIXES
    + """SELECT ?month (COUNT(?e) AS ?meetings) WHERE {
  ?e dip:participant %(side)s .
  { SELECT ?e ?date WHERE { ?e dip:date ?date } }
  BIND(SUBSTR(STR(?date), 1, 7) AS ?month)
  FILTER(STRLEN(?month) = 7)
} GROUP BY ?month ORDER BY ?month"""
)

_ROLES = (
    SPARQL_PREFIXES
    + """SELECT DISTINCT ?role ?side WHERE {
  ?person a dip:Person ; rdfs:label %(name)s ; dip:role ?role ; dip:represents ?side .
}"""
)

_TWO_HOP_PARTNERS = (
    SPARQL_PREFIXES
    + """SELECT DISTINCT ?partner WHERE {
  %(side)s dip:meets ?between . ?between dip:meets ?partner .
  FILTER(?partner != %(side)s)
}"""
)


def _side(side: str) -> str:
    """The side's IRI in N-Triples form, from an ISO3 code, a name, a short name or an IRI.

    Raises ``ValueError`` for a side the gazetteers do not know, or a malformed IRI.
    """
    from kg.linking import country, find_country, find_organization

    if side.startswith(("http://", "https://")):
        try:
            return URIRef(side).n3()
        except Exception as exc:
            raise ValueError(f"not a valid IRI: {side!r}") from exc
    try:
        found: Side | None = country(side)
    except InputError:
        found = find_country(side) or find_organization(side)
    if found is None:
        raise ValueError(f"unknown country or organization: {side!r}")
    return side_iri(found).n3()


def who_met_whom(store: Store) -> list[tuple[str, str]]:
    """Every ordered pair of sides that met (``dip:meets``), by key, sorted."""
    from kg.store.oxigraph import OxigraphStore

    if isinstance(store, OxigraphStore):
        rows = [(a, str(keys).split("\t")) for a, keys in store.query(_WHO_MET_WHOM_BY_KEY)]
    else:
        rows = [
            (a, [side_key(b) for b in str(iris).split()]) for a, iris in store.query(_WHO_MET_WHOM)
        ]
    ordered = sorted((side_key(str(a)), partners) for a, partners in rows)
    return [(a, b) for a, partners in ordered for b in sorted(partners)]


def meetings_by_month(store: Store, side: str) -> list[tuple[str, int]]:
    """``(YYYY-MM, n)`` for each month with meetings the side took part in, any status.

    Meetings dated only to the year are left out; ``side`` is an ISO3 code, a name or an IRI.
    """
    rows = store.query(_MEETINGS_BY_MONTH % {"side": _side(side)})
    return [(str(month), int(n)) for month, n in rows]


def roles(store: Store, person: str) -> list[tuple[str, str]]:
    """``(role, side key)`` for each role the person named ``person`` is reported in."""
    rows = store.query(_ROLES % {"name": Literal(person).n3()})
    return sorted((str(role), side_key(str(side))) for role, side in rows)


def two_hop_partners(store: Store, side: str) -> list[str]:
    """Keys of the sides that met a partner of ``side`` (a code, a name or an IRI), sorted."""
    rows = store.query(_TWO_HOP_PARTNERS % {"side": _side(side)})
    return sorted(side_key(str(row[0])) for row in rows)
