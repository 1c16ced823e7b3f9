"""The questions analysts ask most, as SPARQL shaped for a large on-disk store.

Counts are of meetings, not reports: five articles reporting one summit are one meeting
(a canonical meeting, see :mod:`kg.meetings`) and five reports, and every count comes
with its reports beside it. A store without canonical meetings (built with resolution
off, or by an older kg) counts each report as a meeting, and warns
(:class:`kg.meetings.UnresolvedWarning`).

Each is SPARQL 1.1 and runs on every store; each is written for how Oxigraph spends its
time (``benchmarks/bench_store.py`` measures it): turning a stored IRI back into text
costs a lookup, and so does every join done one row at a time. So :func:`who_met_whom`
asks for one row per side with its partners concatenated (on Oxigraph, their keys:
short literals it stores inline), and :func:`meetings_by_month` joins the country's
meetings to all dates at once in a subquery instead of looking each date up (and leaves
out ``a dip:CanonicalMeeting``: in the meetings graph only canonical meetings have
participants). The plain forms give the same answers, which the tests check on every
store.

>>> import kg
>>> graph = kg.KnowledgeGraph(kg.open_store())
>>> for n, text in enumerate(["Japan's foreign minister met China's foreign minister in "
...                           "Busan on 26 November 2023.",
...                           "China and Japan held talks in Busan in November 2023."]):
...     _ = graph.add(kg.extract(text, identifier=f"report-{n}"))
>>> _ = graph.resolve_meetings()
>>> who_met_whom(graph.store)
[('CHN', 'JPN'), ('JPN', 'CHN')]
>>> who_met_whom(graph.store, counts=True)[0]
PairCount(a='CHN', b='JPN', meetings=1, reports=2)
>>> meetings_by_month(graph.store, "JPN")
[MonthCount(month='2023-11', meetings=1, reports=2)]
"""

from __future__ import annotations

import warnings
from typing import Literal as Literal_
from typing import NamedTuple, overload

from rdflib import Literal, URIRef

from kg.errors import InputError
from kg.rdf.namespaces import MEETINGS_GRAPH, SPARQL_PREFIXES, side_iri, side_key
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

_GRAPH = MEETINGS_GRAPH.n3()

#: Meetings a side took part in by month: canonical meetings (their date and report count
#: joined in one pass by a subquery, as above), or occurred reports where there are none.
_MEETINGS_BY_MONTH = (
    SPARQL_PREFIXES
    + """SELECT ?month (COUNT(?m) AS ?meetings) (SUM(?n) AS ?reports) WHERE {
  GRAPH %(graph)s { ?m dip:participant %(side)s .
    { SELECT ?m ?date ?n WHERE { ?m dip:date ?date ; dip:reportCount ?n } } }
  BIND(SUBSTR(STR(?date), 1, 7) AS ?month)
  FILTER(STRLEN(?month) = 7)
} GROUP BY ?month ORDER BY ?month"""
)
_REPORTS_BY_MONTH = (
    SPARQL_PREFIXES
    + """SELECT ?month (COUNT(?e) AS ?meetings) (COUNT(?e) AS ?reports) WHERE {
  ?e dip:participant %(side)s .
  { SELECT ?e ?date WHERE { ?e dip:date ?date ; dip:status "occurred" } }
  BIND(SUBSTR(STR(?date), 1, 7) AS ?month)
  FILTER(STRLEN(?month) = 7)
} GROUP BY ?month ORDER BY ?month"""
)

#: Meetings and reports of each ordered pair of sides.
_PAIR_COUNTS = (
    SPARQL_PREFIXES
    + """SELECT ?a ?b (COUNT(?m) AS ?meetings) (SUM(?n) AS ?reports) WHERE {
  GRAPH %(graph)s { ?m dip:reportCount ?n ; dip:participant ?a , ?b }
  FILTER(?a != ?b)
} GROUP BY ?a ?b"""
)
_REPORT_PAIR_COUNTS = (
    SPARQL_PREFIXES
    + """SELECT ?a ?b (COUNT(?e) AS ?meetings) (COUNT(?e) AS ?reports) WHERE {
  ?e dip:status "occurred" ; dip:participant ?a , ?b .
  FILTER(?a != ?b)
} GROUP BY ?a ?b"""
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

#: Each two-hop partner's meetings (and their reports) with the side's partners.
_TWO_HOP_COUNTS = (
    SPARQL_PREFIXES
    + """SELECT ?partner (COUNT(?m) AS ?meetings) (SUM(?n) AS ?reports) WHERE {
  { SELECT DISTINCT ?partner ?m ?n WHERE {
    %(side)s dip:meets ?between .
    GRAPH %(graph)s { ?m dip:participant ?between , ?partner ; dip:reportCount ?n }
    FILTER(?partner != %(side)s && ?partner != ?between)
  } }
} GROUP BY ?partner"""
)
_TWO_HOP_REPORT_COUNTS = (
    SPARQL_PREFIXES
    + """SELECT ?partner (COUNT(?e) AS ?meetings) (COUNT(?e) AS ?reports) WHERE {
  { SELECT DISTINCT ?partner ?e WHERE {
    %(side)s dip:meets ?between .
    ?e dip:status "occurred" ; dip:participant ?between , ?partner .
    FILTER(?partner != %(side)s && ?partner != ?between)
  } }
} GROUP BY ?partner"""
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


class PairCount(NamedTuple):
    """How often two sides met: distinct meetings, and the reports of them."""

    a: str
    b: str
    meetings: int
    reports: int


class MonthCount(NamedTuple):
    """A month's meetings of a side: distinct meetings, and the reports of them."""

    month: str
    meetings: int
    reports: int


class PartnerCount(NamedTuple):
    """A two-hop partner: its meetings with the side's partners, and the reports of them."""

    side: str
    meetings: int
    reports: int


def _counted(store: Store, canonical: str, reports: str, **fill: str) -> list[tuple]:
    """Rows of the canonical-meeting form, or of the reports form where nothing is resolved.

    The fallback says so with an :class:`~kg.meetings.UnresolvedWarning`: without canonical
    meetings, every report counts as a meeting.
    """
    from kg.meetings import UnresolvedWarning, resolved

    if resolved(store):
        return list(store.query(canonical % {"graph": _GRAPH, **fill}))
    rows = list(store.query(reports % fill))
    if rows:
        warnings.warn(
            "no canonical meetings in this store (built with resolution off, or by an older "
            "kg): counting reports as meetings; run `kg resolve`",
            UnresolvedWarning,
            stacklevel=3,
        )
    return rows


@overload
def who_met_whom(store: Store, *, counts: Literal_[False] = False) -> list[tuple[str, str]]: ...
@overload
def who_met_whom(store: Store, *, counts: Literal_[True]) -> list[PairCount]: ...
def who_met_whom(store: Store, *, counts: bool = False) -> list[tuple[str, str]] | list[PairCount]:
    """Every ordered pair of sides that met (``dip:meets``), by key, sorted.

    With ``counts``, each pair as a :class:`PairCount`: the distinct meetings the two
    took part in (canonical meetings) and the reports of them.
    """
    if counts:
        rows = _counted(store, _PAIR_COUNTS, _REPORT_PAIR_COUNTS)
        return sorted(
            PairCount(side_key(str(a)), side_key(str(b)), int(m), int(n)) for a, b, m, n in rows
        )
    from kg.store.oxigraph import OxigraphStore

    if isinstance(store, OxigraphStore):
        pairs = [(a, str(keys).split("\t")) for a, keys in store.query(_WHO_MET_WHOM_BY_KEY)]
    else:
        pairs = [
            (a, [side_key(b) for b in str(iris).split()]) for a, iris in store.query(_WHO_MET_WHOM)
        ]
    ordered = sorted((side_key(str(a)), partners) for a, partners in pairs)
    return [(a, b) for a, partners in ordered for b in sorted(partners)]


def meetings_by_month(store: Store, side: str) -> list[MonthCount]:
    """``(YYYY-MM, meetings, reports)`` for each month with meetings the side took part in.

    Meetings are the distinct meetings that took place (canonical meetings), reports the
    articles' reports of them. Meetings dated only to the year are left out; ``side`` is
    an ISO3 code, a name or an IRI.
    """
    rows = _counted(store, _MEETINGS_BY_MONTH, _REPORTS_BY_MONTH, side=_side(side))
    return [MonthCount(str(month), int(m), int(n)) for month, m, n in rows]


def roles(store: Store, person: str) -> list[tuple[str, str]]:
    """``(role, side key)`` for each role the person named ``person`` is reported in."""
    rows = store.query(_ROLES % {"name": Literal(person).n3()})
    return sorted((str(role), side_key(str(side))) for role, side in rows)


@overload
def two_hop_partners(store: Store, side: str, *, counts: Literal_[False] = False) -> list[str]: ...
@overload
def two_hop_partners(store: Store, side: str, *, counts: Literal_[True]) -> list[PartnerCount]: ...
def two_hop_partners(
    store: Store, side: str, *, counts: bool = False
) -> list[str] | list[PartnerCount]:
    """Keys of the sides that met a partner of ``side`` (a code, a name or an IRI), sorted.

    With ``counts``, each as a :class:`PartnerCount`: its distinct meetings with any of
    the side's partners, and the reports of them.
    """
    if counts:
        rows = _counted(store, _TWO_HOP_COUNTS, _TWO_HOP_REPORT_COUNTS, side=_side(side))
        return sorted(PartnerCount(side_key(str(p)), int(m), int(n)) for p, m, n in rows)
    rows = store.query(_TWO_HOP_PARTNERS % {"side": _side(side)})
    return sorted(side_key(str(row[0])) for row in rows)
