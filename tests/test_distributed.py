"""Extraction in several processes or on a Dask cluster gives the single-process graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_sample import sample
from rdflib.compare import isomorphic

import kg


def named_graphs(graph: kg.KnowledgeGraph, tmp_path: Path, name: str) -> dict[str, object]:
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(graph.serialize(tmp_path / f"{name}.trig"), format="trig")
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    return named_graphs(kg.build(sample()), tmp_path_factory.mktemp("single"), "single")


def assert_same_graphs(expected: dict[str, object], actual: dict[str, object]) -> None:
    assert expected.keys() == actual.keys()
    for iri, graph in expected.items():
        assert isomorphic(graph, actual[iri]), iri


@pytest.mark.slow
def test_two_processes_give_the_same_graph(single: dict[str, object], tmp_path: Path) -> None:
    assert_same_graphs(single, named_graphs(kg.build(sample(), workers=2), tmp_path, "workers"))


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_graph(single: dict[str, object], tmp_path: Path) -> None:
    graph = kg.build(sample(), dask="local")
    assert_same_graphs(single, named_graphs(graph, tmp_path, "dask"))
