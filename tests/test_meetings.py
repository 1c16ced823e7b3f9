"""Canonical meetings in a store: resolved after adds and builds, incrementally and in any
order to the same graph, conforming to the shapes, explained; on both local stores."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib.compare import isomorphic
from sample_facts import BUSAN, CHN, EVENTS, JPN, KOR, USA, busan_facts

import kg
from kg.errors import KGError
from kg.graph import KnowledgeGraph
from kg.meetings import resolved
from kg.rdf.namespaces import MEETINGS_GRAPH, SPARQL_PREFIXES
from kg.store import open_store
from kg.types import City, Event, Facts

DATA = Path(__file__).resolve().parent / "data" / "meetings"
MEETINGS = SPARQL_PREFIXES + """SELECT ?m ?n (GROUP_CONCAT(STR(?e); separator=" ") AS ?reports)
WHERE { GRAPH <https://diplomatic-kg.org/id/graph/meetings> {
  ?m a dip:CanonicalMeeting ; dip:reportCount ?n ; dip:reportedAs ?e } } GROUP BY ?m ?n"""


TOKYO = City("Tokyo", JPN, 1850147)


def retold(identifier: str, **changes: object) -> Facts:
    """The Busan article told again: its trilateral meeting changed by ``changes``."""
    events = (dataclasses.replace(EVENTS[0], **changes), *EVENTS[1:])  # type: ignore[arg-type]
    return busan_facts(identifier, events)


ARTICLES = (
    busan_facts(),
    retold("told-by-two", participants=(CHN, JPN)),  # a subset of the sides, same day and city
    retold("told-by-month", date="2023-11"),
    retold("told-a-day-late", date="2023-11-27", date_basis="relative"),
    retold("another-meeting", date="2023-11-05", place=TOKYO),
    busan_facts("unrelated", (Event("Meeting", (KOR, USA), EVENTS[0].evidence, place=BUSAN,
                                    date="2023-11-26"),)),
)


@pytest.fixture(params=["memory", "oxigraph"])
def graph(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[KnowledgeGraph]:
    location = None if request.param == "memory" else tmp_path / "store"
    with KnowledgeGraph(open_store(location)) as graph:
        yield graph


def meetings(graph: KnowledgeGraph) -> dict[str, tuple[int, set[str]]]:
    """Each canonical meeting: its report count and its reports' local names."""
    return {str(m): (int(n), {e.rsplit("/", 1)[1] for e in str(es).split()})
            for m, n, es in graph.query(MEETINGS)}


def meetings_graph(graph: KnowledgeGraph, tmp_path: Path, name: str) -> object:
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(graph.serialize(tmp_path / f"{name}.trig"), format="trig")
    return dataset.graph(MEETINGS_GRAPH)


def test_reports_of_one_meeting_become_one_canonical_meeting(graph: KnowledgeGraph) -> None:
    resolution = graph.resolve_meetings([graph.add(facts) for facts in ARTICLES])
    found = meetings(graph)
    busan = next(m for m, (_, reports) in found.items() if "trilateral-busan-1" in reports)
    assert busan.startswith("https://diplomatic-kg.org/id/meeting/2023-11-26-chn-jpn-kor-")
    assert found[busan] == (4, {"trilateral-busan-1", "told-by-two-1", "told-by-month-1",
                                "told-a-day-late-1"})
    assert any(reports == {"another-meeting-1"} for _, reports in found.values())
    assert any(reports == {"unrelated-1"} for _, reports in found.values())
    assert resolution.meetings == len(found) and resolution.written == len(found)
    conforms, report = graph.validate()
    assert conforms, report


def test_the_canonical_meeting_merges_what_its_reports_say(graph: KnowledgeGraph) -> None:
    graph.resolve_meetings([graph.add(facts) for facts in ARTICLES[:4]])
    rows = graph.query(SPARQL_PREFIXES + """SELECT ?label ?date ?city ?n
      (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?p) AS ?people) WHERE {
      ?m a dip:CanonicalMeeting ; rdfs:label ?label ; dip:date ?date ; dip:locatedIn ?city ;
         dip:reportCount ?n ; dip:reportedIn ?a ; dip:attendee ?p ;
         dip:participant <https://diplomatic-kg.org/id/country/CHN> ; dip:status "occurred" }
      GROUP BY ?label ?date ?city ?n""")
    (label, date, city, n, articles, people), = [tuple(map(str, row)) for row in rows]
    assert (label, date, n, articles, people) == (
        "Meeting: China, Japan, South Korea", "2023-11-26", "4", "4", "3")
    assert city == "https://diplomatic-kg.org/id/city/1838524"
    assert not graph.query(SPARQL_PREFIXES + "ASK { ?m a dip:CanonicalMeeting ; dip:evidence ?e }")


def test_resolving_in_batches_and_in_any_order_gives_the_same_graph(
    graph: KnowledgeGraph, tmp_path: Path
) -> None:
    graph.resolve_meetings([graph.add(facts) for facts in ARTICLES])
    expected = meetings_graph(graph, tmp_path, "all")
    with KnowledgeGraph(open_store(None)) as other:
        for facts in reversed(ARTICLES):
            other.resolve_meetings([other.add(facts)])
        assert isomorphic(meetings_graph(other, tmp_path, "reversed"), expected)
        assert other.resolve_meetings().written == len(meetings(other))
        assert isomorphic(meetings_graph(other, tmp_path, "full"), expected)


def test_a_whole_store_resolved_a_few_articles_at_a_time_gives_the_same_graph(
    graph: KnowledgeGraph, tmp_path: Path
) -> None:
    from kg.meetings import resolve

    for facts in ARTICLES:
        graph.add(facts)
    graph.resolve_meetings()
    expected = meetings_graph(graph, tmp_path, "at-once")
    done = resolve(graph.store, step=1)
    assert isomorphic(meetings_graph(graph, tmp_path, "one-by-one"), expected)
    assert done.written == done.meetings == len(meetings(graph))


def test_a_build_resolved_a_few_articles_at_a_time_gives_the_same_graph(
    graph: KnowledgeGraph, tmp_path: Path
) -> None:
    from kg.meetings import resolve

    graph.resolve_meetings([graph.add(facts) for facts in ARTICLES])
    expected = meetings_graph(graph, tmp_path, "at-once")
    with KnowledgeGraph(open_store(None)) as other:
        other.resolve_meetings([other.add(ARTICLES[-1])])
        done = resolve(other.store, [other.add(facts) for facts in ARTICLES[:-1]], step=2)
        assert isomorphic(meetings_graph(other, tmp_path, "two-by-two"), expected)
        assert done.meetings == len(meetings(other))


def test_a_large_resolution_is_written_in_several_requests(
    graph: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.meetings import storage

    graph.resolve_meetings([graph.add(ARTICLES[0])])  # the first resolution replaces the graph
    requests: list[str] = []
    update = graph.store.update
    monkeypatch.setattr(graph.store, "update", lambda sparql: (requests.append(sparql),
                                                               update(sparql)))
    monkeypatch.setattr(storage, "REQUEST", 5)
    graph.resolve_meetings([graph.add(facts) for facts in ARTICLES[1:]])
    assert len(requests) > 3 and requests[0].startswith("DELETE DATA")
    with KnowledgeGraph(open_store(None)) as other:
        other.resolve_meetings([other.add(facts) for facts in ARTICLES])
        assert isomorphic(meetings_graph(graph, tmp_path, "split"),
                          meetings_graph(other, tmp_path, "whole"))


def test_a_build_reads_only_the_reports_near_its_own(graph: KnowledgeGraph) -> None:
    graph.resolve_meetings([graph.add(facts) for facts in ARTICLES])
    far = busan_facts("far-away", (Event("Meeting", (CHN, USA), EVENTS[0].evidence,
                                         date="2020-03-02"),))
    assert graph.resolve_meetings([graph.add(far)]).reports == 1
    near = graph.resolve_meetings([graph.add(busan_facts("near", EVENTS[:1]))])
    assert near.reports == 6  # the four Busan reports, the Tokyo one, and its own


def test_resolving_again_writes_nothing(graph: KnowledgeGraph) -> None:
    articles = [graph.add(facts) for facts in ARTICLES]
    graph.resolve_meetings(articles)
    again = graph.resolve_meetings(articles)
    assert (again.written, again.removed) == (0, 0) and again.meetings == len(meetings(graph))


def test_a_rebuilt_article_moves_its_report(graph: KnowledgeGraph) -> None:
    graph.resolve_meetings([graph.add(facts) for facts in ARTICLES])
    moved = graph.add(retold("told-by-month", place=TOKYO, date="2023-11"))
    resolution = graph.resolve_meetings([moved])
    found = meetings(graph)
    assert resolution.removed >= 2
    assert (3, {"trilateral-busan-1", "told-by-two-1", "told-a-day-late-1"}) in found.values()
    assert (2, {"another-meeting-1", "told-by-month-1"}) in found.values()
    gone = graph.add(busan_facts("told-by-two", ()))
    graph.resolve_meetings([gone])
    assert (2, {"trilateral-busan-1", "told-a-day-late-1"}) in meetings(graph).values()


def test_explain_lists_the_reports_and_why_they_joined(graph: KnowledgeGraph) -> None:
    graph.resolve_meetings([graph.add(facts) for facts in ARTICLES])
    event = "https://diplomatic-kg.org/id/event/told-by-two-1"
    explanation = graph.explain(event)
    text = str(explanation)
    assert explanation.meeting.iri in text and not explanation.stale
    assert len(explanation.outcomes) == 4
    assert "within the multilateral" in text and "a day apart" in text
    assert "agree to the month" in text
    assert "another-meeting-1" in text and "cities differ" in text
    assert str(graph.explain(explanation.meeting.iri)) == text
    with pytest.raises(KGError, match="no canonical meeting"):
        graph.explain("https://diplomatic-kg.org/id/event/nowhere-1")


def test_explain_says_when_the_store_changed_since(graph: KnowledgeGraph) -> None:
    graph.resolve_meetings([graph.add(facts) for facts in ARTICLES[:2]])
    (iri,) = [m for m, (_, reports) in meetings(graph).items() if "told-by-two-1" in reports]
    graph.add(busan_facts("told-by-two", ()))
    assert graph.explain(iri).stale


def test_a_build_resolves_unless_told_not_to(tmp_path: Path) -> None:
    records = [json.loads(line) for line in (DATA / "articles.jsonl").read_text().splitlines()]
    source = tmp_path / "two.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records if r["id"] in (
        "m01-wire", "m01-weekly")), encoding="utf-8")
    with kg.build(source, resolve=False) as off:
        assert not resolved(off.store)
    with kg.build(source) as on:
        assert resolved(on.store)
        assert [(n, len(reports)) for n, reports in meetings(on).values()] == [(2, 2)]
