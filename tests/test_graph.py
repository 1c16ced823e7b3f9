"""KnowledgeGraph over both stores: add, query -> Rows, validate, serialize, HTML."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal
from sample_facts import busan_facts

from kg.errors import QueryError
from kg.graph import KnowledgeGraph, Rows
from kg.store import open_store

PEOPLE = """
PREFIX dip: <https://diplomatic-kg.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name ?role ?iso WHERE {
  ?p a dip:Person ; rdfs:label ?name ; dip:role ?role ; dip:represents/dip:isoCode ?iso
} ORDER BY ?name
"""


@pytest.fixture
def graph(busan_graph: KnowledgeGraph) -> KnowledgeGraph:
    return busan_graph


def test_add_twice_is_idempotent(graph: KnowledgeGraph) -> None:
    size = len(graph)
    graph.add(busan_facts())
    assert len(graph) == size > 0


def test_select_rows(graph: KnowledgeGraph) -> None:
    rows = graph.query(PEOPLE)
    assert isinstance(rows, Rows) and rows.variables == ("name", "role", "iso")
    assert len(rows) == 3 and bool(rows)
    first = rows[0]
    assert first.name == first["name"] == first[0] == Literal("Park Jin")
    assert [str(row.iso) for row in rows] == ["KOR", "CHN", "JPN"]
    assert rows.boolean is None and rows.graph is None


@pytest.mark.parametrize(
    "sparql, expected",
    [
        ('ASK { ?e <https://diplomatic-kg.org/ontology#status> "planned" }', True),
        ('ASK { ?e <https://diplomatic-kg.org/ontology#status> "rumoured" }', False),
    ],
)
def test_ask_rows(graph: KnowledgeGraph, sparql: str, expected: bool) -> None:
    rows = graph.query(sparql)
    assert rows.boolean is expected and bool(rows) is expected and len(rows) == 0


def test_construct_rows(graph: KnowledgeGraph) -> None:
    rows = graph.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(rows.graph, rdflib.Graph) and len(rows.graph) == len(graph)


def test_bad_query_raises(graph: KnowledgeGraph) -> None:
    with pytest.raises(QueryError):
        graph.query("SELECT ?x WHERE {")


def test_to_dataframe(graph: KnowledgeGraph) -> None:
    frame = graph.query(
        "SELECT ?e ?d WHERE { ?e <https://diplomatic-kg.org/ontology#date> ?d } ORDER BY ?e"
    ).to_dataframe()
    assert list(frame.columns) == ["e", "d"] and len(frame) == 4
    assert frame["d"][0] == dt.date(2023, 11, 26)
    assert frame["e"][0] == "https://diplomatic-kg.org/id/event/trilateral-busan-1"


def test_to_dataframe_without_pandas(
    graph: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = graph.query(PEOPLE)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        rows.to_dataframe()


def test_validate(graph: KnowledgeGraph) -> None:
    conforms, report = graph.validate()
    assert conforms, report


def test_serialize_returns_the_path(graph: KnowledgeGraph, tmp_path: Path) -> None:
    out = graph.serialize(str(tmp_path / "kg.trig"))
    assert out == tmp_path / "kg.trig"
    dataset = rdflib.Dataset()
    dataset.parse(out, format="trig")
    assert sum(len(g) for g in dataset.graphs()) == len(graph)


def test_to_html(graph: KnowledgeGraph, tmp_path: Path) -> None:
    page = graph.to_html(tmp_path / "kg.html")
    assert page.exists() and "Busan" in page.read_text(encoding="utf-8")


def test_context_manager_releases_the_store(tmp_path: Path) -> None:
    with KnowledgeGraph(open_store(tmp_path / "db")) as first:
        first.add(busan_facts())
        size = len(first)
    with KnowledgeGraph(open_store(tmp_path / "db")) as again:
        assert len(again) == size
