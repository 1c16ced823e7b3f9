"""The merge rule and the clustering, on hand-made report records (no store, no spaCy)."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from kg.meetings import Report, compare
from kg.meetings.canonical import merge, merged_date
from kg.meetings.cluster import cluster
from kg.meetings.pairs import corpus_records, resolve_records, score, written_records
from kg.meetings.rule import file_keys, probe_keys

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "meetings"


def rep(name: str, sides: str = "CHN JPN", date: str | None = None, city: str | None = None,
        basis: str | None = None, call: bool = False, article: str | None = None,
        published: str | None = None) -> Report:
    """A report record: sides by key, a city by name."""
    return Report(iri=f"event/{name}", article=article or f"article/{name}",
                  sides=frozenset(sides.split()), date=date, city=city,
                  basis=basis if date and len(date) == 10 else None,  # type: ignore[arg-type]
                  kinds=frozenset({"Call"} if call else set()), published=published)


BUSAN_26 = rep("a", "CHN JPN KOR", "2023-11-26", "Busan", "explicit")
E, R = "explicit", "relative"


@pytest.mark.parametrize(
    "report, meeting, joins, reason",
    [
        (rep("b", date="2023-11-26"), [rep("a", date="2023-11-26")], True, "same date"),
        (rep("b", date="2023-11"), [rep("a", date="2023-11-26")], True, "agree to the month"),
        (rep("b", date="2023"), [rep("a", date="2023-11-26")], True, "agree to the year"),
        (rep("b", date="2023-10"), [rep("a", date="2023-11-26")], False, "differ"),
        (rep("b", date="2023-11-25", basis=E), [rep("a", date="2023-11-26", basis=E)],
         False, "differ"),
        (rep("b", date="2023-11-25", basis=R), [rep("a", date="2023-11-26", basis=E)],
         True, "a day apart"),
        (rep("b", date="2023-11-24", basis=R), [rep("a", date="2023-11-26", basis=R)],
         False, "differ"),
        (rep("b", date="2023-11-26", call=True), [rep("a", date="2023-11-26")], False, "a call"),
        (rep("b", date="2023-11-26", city="Seoul"), [rep("a", date="2023-11-26", city="Busan")],
         False, "cities differ"),
        (rep("b", date="2023-11-26"), [rep("a", date="2023-11-26", city="Busan")], True,
         "city known on one side only"),
        (rep("b", "CHN JPN", "2023-11-26", "Busan"), [BUSAN_26], True, "within the multilateral"),
        (rep("b", "CHN JPN", "2023-11-26"), [BUSAN_26], False, "no report naming all of them"),
        (rep("b", "CHN JPN", "2023-11-25", "Busan"), [BUSAN_26], False, "no report naming all"),
        (rep("b", "CHN USA", "2023-11-26", "Busan"), [BUSAN_26], False, "are not"),
        (rep("b", "CHN JPN KOR USA", "2023-11-26", "Busan"), [BUSAN_26], False, "are not"),
        (rep("b", date="2023-11-26", article="article/a"), [rep("a", date="2023-11-26")], False,
         "its article also reports"),
        (rep("b", city="Busan", published="2023-12-10"), [BUSAN_26], False, "no report naming"),
        (rep("b", "CHN JPN KOR", city="Busan", published="2023-12-10"), [BUSAN_26], True,
         "within the 31 days before"),
        (rep("b", "CHN JPN KOR", city="Busan", published="2024-02-10"), [BUSAN_26], False,
         "not within"),
        (rep("b", published="2023-12-10"), [rep("a", date="2023-11-26", city="Busan")], False,
         "no city to match"),
        (rep("b", city="Busan"), [rep("a", city="Busan", published="2023-12-10")], False,
         "no publication date"),
        (rep("b", published="2031-04-02"), [rep("a", published="2031-04-01")], True,
         "published 1 day(s) apart"),
        (rep("b", city="Lima", published="2031-04-01"), [rep("a", city="Lima",
         published="2031-04-01")], True, "published 0 day(s) apart"),
        (rep("b", published="2031-04-20"), [rep("a", published="2031-04-01")], False,
         "19 days apart"),
        (rep("b", city="Lima", published="2031-04-01"), [rep("a", published="2031-04-01")],
         False, "a city known on one side only"),
        (rep("b", date="2023-11-26"), [rep("a", date="2023-11-26"), rep("c", date="2023-10")],
         False, "differ"),
    ],
)
def test_the_rule(report: Report, meeting: list[Report], joins: bool, reason: str) -> None:
    verdict = compare(report, meeting)
    assert verdict.joins is joins
    assert any(reason in text for text in verdict.reasons), verdict.reasons


def _reports() -> list[Report]:
    """Reports of every shape near one another: sides, dates, bases, cities, modes."""
    dates = [None, "2023", "2023-11", "2023-12", "2023-11-30", "2023-12-01", "2023-11-26",
             "2023-11-27"]
    found = []
    for n, (sides, date, city, basis, call) in enumerate(itertools.product(
            ("CHN JPN", "CHN JPN KOR"), dates, (None, "Busan"), ("explicit", "relative"),
            (False, True))):
        found.append(rep(f"r{n}", sides, date, city, basis, call, published="2023-12-20"))
    return found


def test_reports_the_rule_could_join_share_a_block_key() -> None:
    reports = _reports()
    for a, b in itertools.permutations(reports, 2):
        linked = bool(probe_keys(a) & file_keys(b))
        assert linked == bool(probe_keys(b) & file_keys(a)), (a, b)
        if compare(a, [b]).joins:
            assert linked, (a, b)


def test_clustering_does_not_depend_on_the_order_of_the_reports() -> None:
    reports = _reports()
    expected = {merge(c).iri: {r.iri for r in c} for c in cluster(reports)[0]}
    assert 1 < len(expected) < len(reports)
    for seed in range(3):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        assert {merge(c).iri: {r.iri for r in c} for c in cluster(shuffled)[0]} == expected


def test_a_report_two_meetings_could_take_is_kept_apart() -> None:
    reports = [rep("a", date="2023-11-05", city="Tokyo"), rep("b", date="2023-11-26", city="Busan"),
               rep("c", date="2023-11")]
    meetings, outcomes = cluster(reports)
    assert len(meetings) == 3
    assert "kept apart" in outcomes["event/c"].reasons[0]


def test_a_multilateral_meeting_gathers_its_partial_reports() -> None:
    partial = [rep("b", "CHN JPN", "2023-11-26", "Busan"),
               rep("c", "JPN KOR", "2023-11-26", "Busan")]
    (meeting,), _ = cluster([*partial, BUSAN_26])
    canonical = merge(meeting)
    assert canonical.reports[0] == BUSAN_26
    assert canonical.sides == BUSAN_26.sides and canonical.city == "Busan"
    assert canonical.iri.startswith("https://diplomatic-kg.org/id/meeting/2023-11-26-chn-jpn-kor-")


@pytest.mark.parametrize(
    "reports, expected",
    [
        ([rep("a", date="2023-11"), rep("b", date="2023-11-26")], "2023-11-26"),
        ([rep("a", date="2023-11-27", basis=R), rep("b", date="2023-11-26", basis=E)],
         "2023-11-26"),
        ([rep("a", date="2023-11-27", basis=R), rep("b", date="2023-11-26", basis=R),
          rep("c", date="2023-11-27", basis=R)], "2023-11-27"),
        ([rep("a", date="2023"), rep("b", date="2023-11")], "2023-11"),
        ([rep("a")], None),
    ],
)
def test_the_meeting_takes_the_most_precise_date_its_reports_agree_on(
    reports: list[Report], expected: str | None
) -> None:
    assert merged_date(tuple(reports)) == expected


def test_labelled_pairs_meet_the_quality_targets() -> None:
    """The resolver alone on the labelled reports (the figure bench_merge.py prints)."""
    labelled = (corpus_records(ROOT / "corpus", DATA / "corpus-tune.json")
                + written_records(DATA / "articles.jsonl"))
    scores = score(labelled, resolve_records(item.report for item in labelled))
    assert scores.pairs >= 200 and scores.same >= 50
    assert scores.precision >= 0.95, scores
    assert scores.recall >= 0.90, scores
