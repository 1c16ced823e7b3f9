"""The entities view (networkx multigraph): node and edge conventions, on every source."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from sample_facts import busan_facts, evidence

from kg.graph import KnowledgeGraph
from kg.network import to_networkx
from kg.rdf import facts_to_graph
from kg.store import open_store

ID = "https://diplomatic-kg.org/id/"
TITLE = "China, Japan, South Korea foreign ministers meet in Busan"
MEETING = ID + "event/trilateral-busan-1"


@pytest.fixture(scope="module")
def network() -> nx.MultiDiGraph:
    graph = KnowledgeGraph(open_store())
    graph.add(busan_facts())
    return graph.to_networkx()


@pytest.mark.parametrize(
    "node, kind, label",
    [
        ("country/CHN", "country", "China"),
        ("organization/UN", "organization", "United Nations"),
        ("person/chn-wang-yi", "person", "Wang Yi"),
        ("city/1838524", "city", "Busan"),
        ("city/camp-david", "city", "Camp David"),
        ("event/trilateral-busan-1", "event", "Meeting: China, Japan, South Korea"),
        ("event/trilateral-busan-2", "event", "Summit: China, United States"),
    ],
)
def test_nodes(network: nx.MultiDiGraph, node: str, kind: str, label: str) -> None:
    assert network.nodes[ID + node]["kind"] == kind
    assert network.nodes[ID + node]["label"] == label


def test_only_contract_kinds_and_relations(network: nx.MultiDiGraph) -> None:
    kinds = {kind for _, kind in network.nodes(data="kind")}
    relations = {rel for _, _, rel in network.edges(data="relation")}
    assert kinds == {"country", "person", "city", "organization", "event"}
    assert relations == {"meets", "represents", "participant", "attendee", "locatedIn"}
    assert not any(n.startswith(ID + "event/trilateral-busan-action") for n in network)


@pytest.mark.parametrize(
    "source, target, relation, date, status, sentence",
    [
        ("country/CHN", "country/JPN", "meets", "2023-11-26", "occurred", 0),
        ("country/JPN", "country/CHN", "meets", "2023-11-26", "occurred", 0),
        ("country/USA", "country/KOR", "meets", "2023-08", "occurred", 2),
        ("country/JPN", "organization/UN", "meets", None, "occurred", 3),
        ("event/trilateral-busan-1", "country/KOR", "participant", "2023-11-26", "occurred", 0),
        ("event/trilateral-busan-1", "person/chn-wang-yi", "attendee", "2023-11-26", "occurred", 0),
        ("event/trilateral-busan-1", "city/1838524", "locatedIn", "2023-11-26", "occurred", 0),
        ("event/trilateral-busan-2", "country/USA", "participant", "2024", "planned", 1),
        ("person/un-antonio-guterres", "organization/UN", "represents", None, None, 3),
    ],
)
def test_edges(
    network: nx.MultiDiGraph,
    source: str,
    target: str,
    relation: str,
    date: str | None,
    status: str | None,
    sentence: int,
) -> None:
    edges = [e for e in network.get_edge_data(ID + source, ID + target).values()]
    assert [e["relation"] for e in edges] == [relation]
    assert edges[0]["date"] == date and edges[0]["status"] == status
    assert edges[0]["evidence"] == evidence(sentence).text
    assert edges[0]["article"] == TITLE


@pytest.mark.parametrize("a, b", [("CHN", "USA"), ("JPN", "USA"), ("CHN", "UN")])
def test_no_meets_without_an_occurred_meeting(network: nx.MultiDiGraph, a: str, b: str) -> None:
    nodes = {data.get("key"): n for n, data in network.nodes(data=True)}
    for u, v in ((nodes[a], nodes[b]), (nodes[b], nodes[a])):
        data = network.get_edge_data(u, v) or {}
        assert all(e["relation"] != "meets" for e in data.values())


def test_same_projection_from_every_source(network: nx.MultiDiGraph, tmp_path: Path) -> None:
    store = open_store(tmp_path / "db")
    store.replace(facts_to_graph(busan_facts()))
    for other in (to_networkx(store), to_networkx(facts_to_graph(busan_facts()))):
        assert dict(other.nodes(data=True)) == dict(network.nodes(data=True))
        assert sorted(other.edges(keys=True, data="evidence")) == sorted(
            network.edges(keys=True, data="evidence")
        )
    store.close()


def test_construct_result_is_projected() -> None:
    store = open_store()
    store.replace(facts_to_graph(busan_facts()))
    result = store.query(
        "PREFIX dip: <https://diplomatic-kg.org/ontology#> CONSTRUCT { ?s ?p ?o } WHERE "
        "{ ?s ?p ?o . FILTER NOT EXISTS { ?s a dip:Person } }"
    )
    projected = to_networkx(result)
    assert "person" not in {kind for _, kind in projected.nodes(data="kind")}
    with pytest.raises(TypeError, match="CONSTRUCT"):
        to_networkx(store.query("ASK { ?s ?p ?o }"))
