"""The analysts' queries (kg.queries): fixed answers on hand-built facts, and the same
answers as their plain SPARQL forms on the bundled corpus, on both stores. Counts are of
canonical meetings, with their reports beside them; an unresolved store warns."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from corpus_sample import sample
from rdflib import Literal
from sample_facts import busan_facts

from kg.corpus import iter_articles
from kg.graph import KnowledgeGraph
from kg.meetings import UnresolvedWarning
from kg.nlp import extract_many
from kg.rdf.namespaces import SPARQL_PREFIXES, side_key
from kg.store import open_store
from kg.types import Article, Facts


@pytest.fixture
def busan(busan_graph: KnowledgeGraph) -> KnowledgeGraph:
    busan_graph.resolve_meetings()
    return busan_graph


@pytest.fixture
def retold(busan: KnowledgeGraph) -> KnowledgeGraph:
    """The Busan article and a second article that reports the same encounters."""
    busan.resolve_meetings([busan.add(busan_facts("busan-retold"))])
    return busan


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
        ("KOR", [("2023-08", 1, 1), ("2023-11", 1, 1)]),
        ("JPN", [("2023-11", 1, 1)]),  # the undated call is left out
        ("USA", [("2023-08", 1, 1)]),  # the planned summit did not take place
        ("United States", [("2023-08", 1, 1)]),
        ("usa", [("2023-08", 1, 1)]),
        ("https://diplomatic-kg.org/id/country/USA", [("2023-08", 1, 1)]),
        ("UN", []),
        ("FRA", []),
    ],
)
def test_meetings_by_month(busan: KnowledgeGraph, side: str, expected: list) -> None:
    assert busan.meetings_by_month(side) == expected


def test_two_reports_of_one_meeting_count_once_with_their_reports(retold: KnowledgeGraph) -> None:
    assert retold.meetings_by_month("KOR") == [("2023-08", 1, 2), ("2023-11", 1, 2)]
    counts = {(c.a, c.b): (c.meetings, c.reports) for c in retold.who_met_whom(counts=True)}
    assert counts[("CHN", "JPN")] == counts[("JPN", "CHN")] == (1, 2)
    assert counts[("KOR", "USA")] == (1, 2)
    # Two undated calls in articles published the same day: one meeting.
    assert counts[("JPN", "UN")] == (1, 2)
    assert [pair[:2] for pair in retold.who_met_whom(counts=True)] == retold.who_met_whom()
    assert retold.two_hop_partners("USA", counts=True) == [("CHN", 1, 2), ("JPN", 1, 2)]


def test_an_unresolved_store_counts_reports_and_says_so(busan_graph: KnowledgeGraph) -> None:
    busan_graph.add(busan_facts("busan-retold"))
    with pytest.warns(UnresolvedWarning, match="counting reports as meetings"):
        assert busan_graph.meetings_by_month("KOR") == [("2023-08", 2, 2), ("2023-11", 2, 2)]
    with pytest.warns(UnresolvedWarning):
        counts = busan_graph.who_met_whom(counts=True)
    assert ("CHN", "JPN", 2, 2) in counts
    with pytest.warns(UnresolvedWarning):
        assert busan_graph.two_hop_partners("USA", counts=True) == [("CHN", 2, 2), ("JPN", 2, 2)]


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
    return list(extract_many(a for a in iter_articles(sample()) if isinstance(a, Article)))


@pytest.fixture(scope="module", params=[pytest.param("memory", marks=pytest.mark.slow),
                                        "oxigraph"])
def corpus(
    request: pytest.FixtureRequest,
    corpus_facts: list[Facts],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[KnowledgeGraph]:
    path = None if request.param == "memory" else tmp_path_factory.mktemp("corpus") / "store"
    with KnowledgeGraph(open_store(path)) as graph:
        graph.resolve_meetings([graph.add(facts) for facts in corpus_facts])
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


def canonical(graph: KnowledgeGraph, where: str = "") -> list[tuple[str, ...]]:
    """Each canonical meeting's (IRI, side, date, report count) row, filtered by ``where``."""
    return plain(
        graph,
        f"""SELECT ?m ?side ?date ?n WHERE {{ ?m a dip:CanonicalMeeting ;
          dip:participant ?side ; dip:reportCount ?n .
          OPTIONAL {{ ?m dip:date ?date }} {where} }}""",
    )


def test_meetings_by_month_is_the_plain_query(corpus: KnowledgeGraph) -> None:
    dated = 0
    for side in sides(corpus):
        months: Counter[str] = Counter()
        reports: Counter[str] = Counter()
        for _, _, date, n in canonical(corpus, f"FILTER(?side = <{side}>)"):
            if len(date) >= 7:
                months[date[:7]] += 1
                reports[date[:7]] += int(n)
        expected = [(month, months[month], reports[month]) for month in sorted(months)]
        assert corpus.meetings_by_month(side) == expected, side
        dated += sum(months.values())
    assert dated >= 5


def test_pair_counts_are_the_plain_query(corpus: KnowledgeGraph) -> None:
    sides_of: dict[str, set[str]] = {}
    reports: dict[str, int] = {}
    for m, side, _, n in canonical(corpus):
        sides_of.setdefault(m, set()).add(side_key(side))
        reports[m] = int(n)
    counts: Counter[tuple[str, str]] = Counter()
    report_counts: Counter[tuple[str, str]] = Counter()
    for m, members in sides_of.items():
        for a in members:
            for b in members - {a}:
                counts[(a, b)] += 1
                report_counts[(a, b)] += reports[m]
    expected = [(a, b, counts[(a, b)], report_counts[(a, b)]) for a, b in sorted(counts)]
    assert corpus.who_met_whom(counts=True) == expected
    assert [(a, b) for a, b, _, _ in expected] == corpus.who_met_whom()


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
        meetings = plain(
            corpus,
            f"""SELECT DISTINCT ?y ?m ?n WHERE {{ <{side}> dip:meets ?x .
              ?m a dip:CanonicalMeeting ; dip:participant ?x , ?y ; dip:reportCount ?n .
              FILTER(?y != <{side}> && ?y != ?x) }}""",
        )
        counts: Counter[str] = Counter(side_key(y) for y, _, _ in meetings)
        reports: Counter[str] = Counter()
        for y, _, n in meetings:
            reports[side_key(y)] += int(n)
        expected = [(y, counts[y], reports[y]) for y in sorted(counts)]
        assert corpus.two_hop_partners(side, counts=True) == expected, side
        assert [y for y, _, _ in expected] == corpus.two_hop_partners(side)
