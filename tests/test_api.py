"""The Python API: ``import kg`` from articles to queries, networks and pages."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from corpus_sample import sample

import kg
import kg.corpus
import kg.queries

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "trilateral-busan.txt"
MEETS = """
PREFIX dip: <https://diplomatic-kg.org/ontology#>
SELECT DISTINCT ?a ?b WHERE { ?x dip:meets ?y . ?x dip:isoCode ?a . ?y dip:isoCode ?b
FILTER(?a < ?b) } ORDER BY ?a ?b
"""


@pytest.fixture(scope="module")
def corpus_graph() -> kg.KnowledgeGraph:
    return kg.build(sample(30))


def test_build_in_memory_answers_sparql(corpus_graph: kg.KnowledgeGraph) -> None:
    rows = corpus_graph.query(MEETS)
    pairs = {(str(row[0]), str(row[1])) for row in rows}
    assert {("CHN", "JPN"), ("CHN", "KOR"), ("JPN", "KOR"), ("CHN", "USA")} <= pairs
    assert rows.variables == ("a", "b")


def test_rows_to_dataframe(corpus_graph: kg.KnowledgeGraph) -> None:
    frame = corpus_graph.query(MEETS).to_dataframe()
    assert list(frame.columns) == ["a", "b"]
    assert len(frame) >= 4


def test_to_networkx(corpus_graph: kg.KnowledgeGraph) -> None:
    network = corpus_graph.to_networkx()
    assert isinstance(network, nx.MultiDiGraph)
    kinds = {kind for _, kind in network.nodes(data="kind")}
    assert {"country", "person", "city", "event"} <= kinds
    china = "https://diplomatic-kg.org/id/country/CHN"
    japan = "https://diplomatic-kg.org/id/country/JPN"
    edges = network.get_edge_data(china, japan) or network.get_edge_data(japan, china)
    assert any(e["relation"] == "meets" and e["evidence"] for e in edges.values())


def test_to_html_and_serialize(corpus_graph: kg.KnowledgeGraph, tmp_path: Path) -> None:
    page = corpus_graph.to_html(tmp_path / "g.html")
    assert "Busan" in Path(page).read_text(encoding="utf-8")
    out = corpus_graph.serialize(tmp_path / "g.nq")
    dataset = rdflib.Dataset()
    dataset.parse(out, format="nquads")
    assert sum(len(g) for g in dataset.graphs()) == len(corpus_graph)


def test_build_on_disk_store(tmp_path: Path) -> None:
    with kg.build(SEED, store=tmp_path / "store") as graph:
        size = len(graph)
    assert size > 0
    with kg.KnowledgeGraph(kg.open_store(tmp_path / "store")) as reopened:
        assert len(reopened) == size


@pytest.mark.slow
def test_a_large_build_compacts_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_module = importlib.import_module("kg.build")
    compacted: list[int] = []

    class Recording(kg.KnowledgeGraph):
        def optimize(self) -> None:
            super().optimize()
            compacted.append(len(self))

    monkeypatch.setattr(build_module, "OPTIMIZE_AFTER", 2)
    with Recording(kg.open_store(tmp_path / "store")) as graph:
        build_module.ingest(graph, [SEED])
        assert compacted == []
        build_module.ingest(graph, sample())
        assert compacted == [len(graph)] and len(graph) > 0


def test_build_warns_on_bad_input(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    with pytest.warns(UserWarning, match="empty.txt"):
        graph = kg.build([tmp_path, SEED])
    assert len(graph) > 0


def test_seed_article_gives_exactly_its_gold_countries_and_meetings() -> None:
    article = next(a for a in kg.corpus.iter_articles([SEED]))
    facts = kg.extract(article.text, title=article.title, identifier=article.identifier)
    assert {c.iso3 for c in facts.countries} == {"CHN", "JPN", "KOR", "PRK", "USA"}
    occurred = {frozenset(s.key for s in e.participants) for e in facts.meetings}
    assert occurred == {frozenset({"CHN", "JPN", "KOR"}), frozenset({"CHN", "USA"})}
    busan = [e for e in facts.meetings if e.place is not None]
    assert [e.place.name for e in busan] == ["Busan"]
    leaders = {"Xi Jinping", "Fumio Kishida", "Yoon Suk Yeol"}
    for event in facts.meetings:
        assert len(leaders & set(event.attendees)) < 3


def test_extract_returns_typed_facts() -> None:
    facts = kg.extract(
        "Russian President Vladimir Putin met Indian Prime Minister Narendra Modi in New Delhi "
        "on Monday.",
        date="2021-12-08",
        title="Talks",
    )
    assert isinstance(facts, kg.Facts)
    assert facts.article.date == dt.date(2021, 12, 8)
    people = {(p.name, p.side.key if p.side else None, p.role) for p in facts.people}
    assert ("Vladimir Putin", "RUS", "president") in people
    assert ("Narendra Modi", "IND", "prime minister") in people
    (meeting,) = facts.meetings
    assert {s.key for s in meeting.participants} == {"RUS", "IND"}
    assert meeting.place is not None and meeting.place.name == "New Delhi"
    assert meeting.date == "2021-12-06"
    assert meeting.evidence.text.startswith("Russian President")


def test_public_api_is_documented() -> None:
    for name in kg.__all__:
        assert getattr(kg, name).__doc__, name


def test_doctests_of_the_public_api() -> None:
    import doctest

    import kg.counts
    import kg.people

    for module in (kg, kg.queries, kg.counts, kg.people):
        failures, tried = doctest.testmod(module)
        assert tried and not failures, module.__name__


def test_a_meeting_named_only_in_the_title_counts():
    import kg

    facts = kg.extract("The two leaders discussed energy and trade.", date="2023-06-05",
                       title="Polish President met Lithuanian President in Vilnius")
    (event,) = facts.meetings
    assert {s.key for s in event.participants} == {"POL", "LTU"}
    assert event.place is not None and event.place.name == "Vilnius"
    ev = event.evidence
    assert ev.in_title and facts.article.title[ev.start:ev.end] == ev.text


def test_title_evidence_in_the_graph_conforms(tmp_path):
    import kg

    facts = kg.extract("The two leaders discussed energy.", date="2023-06-05",
                       title="Polish President met Lithuanian President in Vilnius")
    graph = kg.KnowledgeGraph(kg.open_store())
    graph.add(facts)
    rows = graph.query("PREFIX dip: <https://diplomatic-kg.org/ontology#> "
                       "SELECT ?s WHERE { ?e dip:evidence ?s . ?s dip:inTitle true }")
    assert len(rows) == 1 and "title-" in str(rows[0][0])
    conforms, report = graph.validate()
    assert conforms, report
