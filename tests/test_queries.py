"""The analysts' queries (kg.queries): fixed answers on hand-built facts, and the same
answers as their plain SPARQL forms on the bundled corpus, on both stores."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal

from kg.corpus import iter_articles
from kg.graph import KnowledgeGraph
from kg.nlp import extract_many
from kg.rdf.namespaces import SPARQL_PREFIXES, side_key
from kg.store import open_store
from kg.types import Article, Facts

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture
def busan(busan_graph: KnowledgeGraph) -> KnowledgeGraph:
    return busan_graph


def test_who_met_whom_counts_only_meetings_that_took_place(busan: KnowledgeGraph) -> None:
    # The planned summit (CHN-USA) and the meeting that did not happen (JPN-USA) are out.
    assert busan.who_met_whom() == [
        ("CHN", "JPN"),
        ("CHN", "KOR"),
        ("JPN", "CHN"),
        ("JPN", "KOR"),
        ("JPN", "UN"),
        ("KOR", "CHN"),
        ("KOR", "JPN"),
        ("KOR", "USA"),
        ("UN", "JPN"),
        ("USA", "KOR"),
    ]


@pytest.mark.parametrize(
    "side, expected",
    [
        ("KOR", [("2023-08", 1), ("2023-11", 1)]),
        ("JPN", [("2023-11", 1)]),  # the undated call is left out
        ("USA", [("2023-08", 1)]),  # the summit dated only "2024" is left out
        ("United States", [("2023-08", 1)]),
        ("usa", [("2023-08", 1)]),
        ("https://diplomatic-kg.org/id/country/USA", [("2023-08", 1)]),
        ("UN", []),
        ("FRA", []),
    ],
)
def test_meetings_by_month(busan: KnowledgeGraph, side: str, expected: list) -> None:
    assert busan.meetings_by_month(side) == expected


@pytest.mark.parametrize(
    "person, expected",
    [
        ("Wang Yi", [("foreign minister", "CHN")]),
        ("Antonio Guterres", [("secretary-general", "UN")]),
        ("Nobody", []),
        ('Wang Yi" } UNION { ?person ?p ?o', []),
    ],
)
def test_roles(busan: KnowledgeGraph, person: str, expected: list) -> None:
    assert busan.roles(person) == expected


@pytest.mark.parametrize(
    "side, expected",
    [("USA", ["CHN", "JPN"]), ("UN", ["CHN", "KOR"]), ("CHN", ["JPN", "KOR", "UN", "USA"])],
)
def test_two_hop_partners(busan: KnowledgeGraph, side: str, expected: list) -> None:
    assert busan.two_hop_partners(side) == expected


@pytest.mark.parametrize(
    "side, message",
    [
        ("Narnia", "unknown country or organization: 'Narnia'"),
        ("https://example.org/a b", "not a valid IRI"),
        ("https://example.org/a>b", "not a valid IRI"),
    ],
)
def test_a_side_that_cannot_be_named_is_a_value_error(
    busan: KnowledgeGraph, side: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        busan.meetings_by_month(side)


@pytest.fixture(scope="module")
def corpus_facts(nlp: object) -> list[Facts]:
    return list(extract_many(a for a in iter_articles([CORPUS]) if isinstance(a, Article)))


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def corpus(
    request: pytest.FixtureRequest,
    corpus_facts: list[Facts],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[KnowledgeGraph]:
    path = None if request.param == "memory" else tmp_path_factory.mktemp("corpus") / "store"
    with KnowledgeGraph(open_store(path)) as graph:
        for facts in corpus_facts:
            graph.add(facts)
        yield graph


def plain(graph: KnowledgeGraph, where: str) -> list[tuple[str, ...]]:
    """Rows of a plain SELECT, every term as text."""
    return [tuple(str(t) for t in row) for row in graph.query(SPARQL_PREFIXES + where)]


def sides(graph: KnowledgeGraph) -> list[str]:
    """IRIs of every side that took part in a meeting."""
    rows = plain(graph, "SELECT DISTINCT ?s WHERE { ?e a dip:Meeting ; dip:participant ?s }")
    assert len(rows) >= 5
    return [iri for (iri,) in rows]


def test_who_met_whom_is_the_plain_query(corpus: KnowledgeGraph) -> None:
    pairs = plain(corpus, "SELECT DISTINCT ?a ?b WHERE { ?a dip:meets ?b }")
    assert len(pairs) >= 10
    assert corpus.who_met_whom() == sorted((side_key(a), side_key(b)) for a, b in pairs)


def test_meetings_by_month_is_the_plain_query(corpus: KnowledgeGraph) -> None:
    dated = 0
    for side in sides(corpus):
        rows = plain(
            corpus,
            f"SELECT ?e ?d WHERE {{ ?e a dip:Meeting ; dip:participant <{side}> ; dip:date ?d }}",
        )
        months = Counter(d[:7] for _, d in rows if len(d) >= 7)
        assert corpus.meetings_by_month(side) == sorted(months.items()), side
        dated += sum(months.values())
    assert dated >= 5


def test_roles_are_the_plain_query(corpus: KnowledgeGraph) -> None:
    people = plain(corpus, "SELECT DISTINCT ?name WHERE { ?p a dip:Person ; rdfs:label ?name }")
    assert len(people) >= 5
    with_roles = 0
    for (name,) in people:
        rows = plain(
            corpus,
            f"""SELECT DISTINCT ?role ?side WHERE {{ ?p a dip:Person ;
              rdfs:label {Literal(name).n3()} ; dip:role ?role ; dip:represents ?side }}""",
        )
        assert corpus.roles(name) == sorted((r, side_key(s)) for r, s in rows), name
        with_roles += bool(rows)
    assert with_roles >= 5


def test_two_hop_partners_are_the_plain_query(corpus: KnowledgeGraph) -> None:
    for side in sides(corpus):
        rows = plain(
            corpus,
            f"""SELECT DISTINCT ?y WHERE {{ <{side}> dip:meets ?x . ?x dip:meets ?y .
              FILTER(?y != <{side}>) }}""",
        )
        assert corpus.two_hop_partners(side) == sorted(side_key(y) for (y,) in rows), side
