"""What "a meeting" and "a report" are, and the five figures every surface counts by them.

**A meeting** is one encounter however many articles report it: a canonical meeting
(``dip:CanonicalMeeting``, in the graph ``id/graph/meetings``), which took place. Asked
for another status (planned, hypothetical, negated), a meeting is each report of that
status: those are never resolved across articles. **A report** is one article's account
of an encounter (a per-article ``dip:Meeting`` that cites its sentence); "the reports"
of meetings are those of meetings that took place. In SPARQL::

    ?m a dip:CanonicalMeeting .                                    # a meeting
    ?e a dip:Meeting ; dip:status "occurred" .                     # a report of one
    FILTER NOT EXISTS { ?e a dip:CanonicalMeeting }

A store without canonical meetings (built with ``--no-resolve``, or by an older kg)
counts its reports of meetings that took place as meetings, and says so
(``Figures.canonical``). :func:`figures` gives the five figures the explorer, ``kg
stats``, ``/stats``, the exports, the editor's examples, the README and the notebooks
agree on (``tests/test_counts_agree.py`` checks that they do).

>>> import kg
>>> graph = kg.KnowledgeGraph(kg.open_store())
>>> for n, text in enumerate(["Japan's foreign minister met China's foreign minister in "
...                           "Busan on 26 November 2023.",
...                           "China and Japan held talks in Busan in November 2023."]):
...     _ = graph.add(kg.extract(text, identifier=f"report-{n}"))
>>> _ = graph.resolve_meetings()
>>> f = figures(graph.store.query)
>>> f.meetings, f.reports, f.per_month
(1, 2, {'2023-11': 1})
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.network.source import Runner, ask, rows
from kg.rdf.namespaces import SPARQL_PREFIXES, side_key

#: Whether the store has canonical meetings (else its reports count as meetings).
HAS_CANONICAL = SPARQL_PREFIXES + "ASK { ?m a dip:CanonicalMeeting }"

#: A meeting that took place, bound to ``?m``.
MEETING = "?m a dip:CanonicalMeeting ."
#: A report of a meeting that took place, bound to ``?e``.
REPORT = (
    '?e a dip:Meeting ; dip:status "occurred" . FILTER NOT EXISTS { ?e a dip:CanonicalMeeting }'
)


def meeting_pattern(status: str = "occurred", *, canonical: bool = True) -> str:
    """The SPARQL pattern that binds ``?m`` to each meeting of ``status``.

    Meetings that took place are the canonical meetings (or, where the store has none,
    its reports); of any other status, the reports of it.
    """
    if status == "occurred" and canonical:
        return MEETING
    return (
        f"?m a dip:Meeting ; dip:status {_literal(status)} . "
        "FILTER NOT EXISTS { ?m a dip:CanonicalMeeting }"
    )


def _literal(value: str) -> str:
    from rdflib import Literal

    return Literal(value).n3()


_COUNT = SPARQL_PREFIXES + "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { %s }"
_REPORTS = SPARQL_PREFIXES + "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { " + REPORT + " }"
_PER_CITY = (
    SPARQL_PREFIXES
    + "SELECT ?city (COUNT(DISTINCT ?m) AS ?n) WHERE { %s ?m dip:locatedIn ?city } GROUP BY ?city"
)
_PER_PAIR = (
    SPARQL_PREFIXES
    + """SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?n) WHERE {
  %s ?m dip:participant ?a , ?b . FILTER(STR(?a) < STR(?b)) } GROUP BY ?a ?b"""
)
_PER_MONTH = (
    SPARQL_PREFIXES
    + """SELECT ?month (COUNT(DISTINCT ?m) AS ?n) WHERE {
  %s ?m dip:date ?date . BIND(SUBSTR(STR(?date), 1, 7) AS ?month) FILTER(STRLEN(?month) = 7)
} GROUP BY ?month"""
)


@dataclass(frozen=True)
class Figures:
    """The five figures of a store, by the definitions above.

    ``per_city`` is keyed by city IRI, ``per_pair`` by the two sides' keys (ISO3 or short
    name, sorted), ``per_month`` by ``YYYY-MM`` (meetings dated only to the year are in
    none). ``canonical`` is False where the store has no canonical meetings.
    """

    meetings: int
    reports: int
    per_city: dict[str, int] = field(default_factory=dict)
    per_pair: dict[tuple[str, str], int] = field(default_factory=dict)
    per_month: dict[str, int] = field(default_factory=dict)
    canonical: bool = True


def pair(a: str, b: str) -> tuple[str, str]:
    """Two sides' keys, sorted, from their IRIs or keys."""
    x, y = sorted((side_key(a), side_key(b)))
    return x, y


def totals(run: Runner) -> Figures:
    """Meetings and reports only (no breakdowns): what ``kg stats`` and ``/stats`` show."""
    canonical = ask(run, HAS_CANONICAL)
    return Figures(
        meetings=int(rows(run, _COUNT % meeting_pattern(canonical=canonical))[0][0] or 0),
        reports=int(rows(run, _REPORTS)[0][0] or 0),
        canonical=canonical,
    )


def figures(run: Runner) -> Figures:
    """Meetings, reports, and meetings per city, per pair and per month of the store."""
    found = totals(run)
    canonical = found.canonical
    pattern = meeting_pattern(canonical=canonical)
    per_pair: dict[tuple[str, str], int] = {}
    for a, b, n in rows(run, _PER_PAIR % pattern, ordered=False):
        key = pair(a or "", b or "")
        per_pair[key] = per_pair.get(key, 0) + int(n or 0)
    return Figures(
        meetings=found.meetings,
        reports=found.reports,
        per_city={c or "": int(n or 0) for c, n in rows(run, _PER_CITY % pattern, ordered=False)},
        per_pair=per_pair,
        per_month={m or "": int(n or 0) for m, n in rows(run, _PER_MONTH % pattern, ordered=False)},
        canonical=canonical,
    )
