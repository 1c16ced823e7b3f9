"""``kg stats``: what a store holds, in a few aggregate SPARQL queries (no full read).

Meetings and reports are counted by the one definition of :mod:`kg.counts`: canonical
meetings where the store has them, else the per-article reports that took place, and
the summary says which.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.counts import meeting_pattern, totals
from kg.network.source import Runner, local_name, rows
from kg.rdf.namespaces import SPARQL_PREFIXES, side_key

TYPES = (
    SPARQL_PREFIXES
    + """SELECT ?type (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?type { dip:Article dip:Country dip:Organization dip:Person dip:CanonicalPerson
                 dip:City dip:Action dip:Evidence }
  ?x a ?type } GROUP BY ?type"""
)

TOP_SIDES = (
    SPARQL_PREFIXES
    + """SELECT ?side ?label (COUNT(DISTINCT ?m) AS ?n) WHERE {
  %s ?m dip:participant ?side .
  OPTIONAL { ?side rdfs:label ?label }
} GROUP BY ?side ?label ORDER BY DESC(?n) ?side LIMIT %d"""
)

SPANS = (
    SPARQL_PREFIXES
    + """SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {
  %s %s ?date . BIND(STR(?date) AS ?d) }"""
)

#: Reports of encounters that did not take place (each its own meeting of that status).
OTHER_REPORTS = (
    SPARQL_PREFIXES
    + """SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a dip:Meeting ; dip:status ?status . FILTER(?status != "occurred")
  FILTER NOT EXISTS { ?e a dip:CanonicalMeeting } }"""
)

#: The order and names of the fact types in the summary.
NAMES = {
    "Article": "articles",
    "meetings": "meetings (took place)",
    "reports": "reports of them",
    "other": "planned, hypothetical, negated",
    "Country": "countries",
    "Organization": "organisations",
    "Person": "people",
    "City": "cities",
    "Action": "actions (PLOVER)",
    "Evidence": "evidence sentences",
}


@dataclass(frozen=True)
class Stats:
    """Counts by type, the most active sides and the date spans of a store."""

    counts: dict[str, int]
    canonical: bool
    top_sides: list[tuple[str, str, int]]
    meeting_span: tuple[str | None, str | None]
    article_span: tuple[str | None, str | None]


def store_stats(run: Runner, top: int = 10) -> Stats:
    """Aggregate figures of the graph behind ``run`` (a store's ``query``)."""
    counts = {name: 0 for name in NAMES}
    for type_, n in rows(run, TYPES):
        counts[local_name(type_ or "")] = int(n or 0)
    # people are canonical people (kg.people) where the store has them
    counts["Person"] = counts.pop("CanonicalPerson", 0) or counts["Person"]
    found = totals(run)
    canonical = found.canonical
    counts["meetings"], counts["reports"] = found.meetings, found.reports
    counts["other"] = int(rows(run, OTHER_REPORTS)[0][0] or 0)
    pattern = meeting_pattern(canonical=canonical)
    ranked = rows(run, TOP_SIDES % (pattern, top), ordered=False)
    top_sides = [(side_key(side or ""), label or "", int(n or 0)) for side, label, n in ranked]
    meeting_span = rows(run, SPANS % (pattern, "?m dip:date"))[0]
    article_span = rows(run, SPANS % ("?m a dip:Article .", "?m dcterms:date"))[0]
    return Stats(counts, canonical, top_sides, meeting_span, article_span)  # type: ignore[arg-type]


def format_stats(stats: Stats) -> str:
    """The summary ``kg stats`` prints."""
    width = max(len(name) for name in (*NAMES.values(), "meetings counted as"))
    lines = [f"{NAMES[key]:<{width}}  {stats.counts[key]:>9,}" for key in NAMES]
    counted = (
        "canonical meetings"
        if stats.canonical
        else ("reports (this store has no canonical meetings)")
    )
    lines.append(f"{'meetings counted as':<{width}}  {counted}")
    for what, (first, last) in (
        ("meetings dated", stats.meeting_span),
        ("articles published", stats.article_span),
    ):
        lines.append(f"{what:<{width}}  {first} to {last}" if first else f"{what:<{width}}  -")
    if stats.top_sides:
        lines.append("top sides by meetings that took place:")
        lines.extend(f"  {key:<8} {label:<32} {n:>7,}" for key, label, n in stats.top_sides)
    return "\n".join(lines)
