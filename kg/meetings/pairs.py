"""Scoring the merge on labelled reports: pairs of reports, same meeting or not.

Labelled reports come from two places: the gold meetings of annotated corpus articles,
each given a meeting label, a mode and a date basis in an annotation file; and articles
written to report the same meetings differently, as JSON Lines records whose ``reports``
field labels each report they make. Every pair of labelled reports is one labelled pair:
the same meeting or not. Precision is the share of pairs put in one meeting that are one;
recall the share of pairs of one meeting that were put together.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from kg.evaluate import Score
from kg.linking._tables import fold
from kg.meetings.canonical import merge
from kg.meetings.cluster import cluster
from kg.meetings.reports import Report


@dataclass(frozen=True)
class Labelled:
    """A report and the meeting it truly reports."""

    report: Report
    meeting: str


@dataclass(frozen=True)
class PairScore(Score):
    """Pair counts: same meeting and merged (tp), merged only (fp), same only (fn), out of
    ``pairs``, of which ``same`` are of one meeting."""

    pairs: int = 0
    same: int = 0

    def __str__(self) -> str:
        return (f"{self.pairs} pairs ({self.same} same meeting, {self.pairs - self.same} "
                f"different): precision {self.precision:.3f} ({self.tp}/{self.tp + self.fp}), "
                f"recall {self.recall:.3f} ({self.tp}/{self.tp + self.fn})")


def _report(iri: str, article: str, published: str | None, entry: Mapping) -> Report:
    date = entry.get("date")
    return Report(
        iri=iri,
        article=article,
        sides=frozenset(entry["sides"]),
        date=date,
        basis=entry.get("basis") if date and len(date) == 10 else None,
        city=fold(entry["city"]) if entry.get("city") else None,
        kinds=frozenset({"Call"}) if entry.get("call") else frozenset(),
        published=published if not date else None,
    )


def corpus_records(folder: Path, annotations: Path) -> list[Labelled]:
    """Labelled reports from the gold meetings of annotated corpus articles.

    ``annotations`` maps each article stem to one entry a gold meeting, in gold order:
    ``{"meeting": label, "call": bool, "basis": "explicit" | "relative"}``.
    """
    from kg.corpus import iter_articles
    from kg.evaluate import load_gold

    labelled = []
    for stem, entries in json.loads(annotations.read_text(encoding="utf-8")).items():
        gold = load_gold(folder / f"{stem}.gold.json")
        article = next(a for a in iter_articles([folder / f"{stem}.txt"]) if hasattr(a, "date"))
        published = article.date.isoformat() if article.date else None
        if len(entries) != len(gold.meetings):
            raise ValueError(f"{stem}: {len(entries)} annotations, {len(gold.meetings)} meetings")
        for n, ((sides, city, _, date), entry) in enumerate(zip(gold.meetings, entries,
                                                                strict=True)):
            fields = {"sides": sorted(sides), "city": city, "date": date, **entry}
            report = _report(f"corpus:{stem}#{n}", stem, published, fields)
            labelled.append(Labelled(report, entry["meeting"]))
    return labelled


def written_records(path: Path) -> list[Labelled]:
    """Labelled reports of written articles (JSON Lines with a ``reports`` field each)."""
    labelled = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for n, entry in enumerate(record["reports"]):
            report = _report(f"written:{record['id']}#{n}", record["id"], record["date"], entry)
            labelled.append(Labelled(report, entry["meeting"]))
    return labelled


def resolve_records(reports: Iterable[Report]) -> dict[str, str]:
    """Each report's canonical meeting IRI, resolved by the rule alone (no store)."""
    clusters, _ = cluster(reports)
    return {r.iri: merge(c).iri for c in clusters for r in c}


def score(labelled: Sequence[Labelled], predicted: Mapping[str, str | None]) -> PairScore:
    """Pair precision and recall of ``predicted`` (report IRI -> meeting, None if missing)."""
    counts = {"same": 0, "tp": 0, "fp": 0, "fn": 0}
    for a, b in combinations(labelled, 2):
        same = a.meeting == b.meeting
        ma, mb = predicted.get(a.report.iri), predicted.get(b.report.iri)
        merged = ma is not None and ma == mb
        counts["same"] += same
        counts["tp"] += same and merged
        counts["fp"] += merged and not same
        counts["fn"] += same and not merged
    n = len(labelled)
    return PairScore(tp=counts["tp"], fp=counts["fp"], fn=counts["fn"], pairs=n * (n - 1) // 2,
                     same=counts["same"])


def _same_date(labelled: Report, extracted: Report) -> bool:
    """Whether two reports' dates agree at the coarser precision (both given)."""
    if labelled.date is None or extracted.date is None:
        return False
    cut = min(len(labelled.date), len(extracted.date))
    return labelled.date[:cut] == extracted.date[:cut]


def match_extracted(labelled: Sequence[Labelled], extracted: Iterable[Report]) -> dict[str, str]:
    """Each labelled report's extracted twin (same article, most shared sides, at least two;
    of equals, one whose date agrees).

    Labelled sides are keys (``FRA``), extracted ones IRIs; an extracted report is used
    once. Labelled reports the extractor missed have no twin.
    """
    from kg.rdf.namespaces import side_key

    by_article: dict[str, list[Report]] = {}
    for report in extracted:
        by_article.setdefault(report.article.rsplit("/", 1)[-1], []).append(report)
    twins: dict[str, str] = {}
    used: set[str] = set()
    for item in labelled:
        candidates = [r for r in by_article.get(item.report.article, []) if r.iri not in used]
        scored = [(len({side_key(s) for s in r.sides} & item.report.sides),
                   _same_date(item.report, r), r.iri) for r in candidates]
        best = max(scored, default=(0, False, ""))
        if best[0] >= 2:
            twins[item.report.iri] = best[2]
            used.add(best[2])
    return twins
