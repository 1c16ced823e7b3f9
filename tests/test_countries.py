"""The countries view and kg.analytics: canonical meetings counted once, the reports
fallback, and every figure checked against networkx on small hand-built graphs."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pandas as pd
import pytest
from canonical import Canonical, canonical_graph
from sample_facts import CHN, JPN, KOR, busan_facts, evidence

from kg import analytics
from kg.graph import KnowledgeGraph
from kg.network import read_records, to_networkx
from kg.network.source import runner
from kg.store import open_store
from kg.types import Article, Event, Facts

ID = "https://diplomatic-kg.org/id/"


def follow_up() -> Facts:
    """A second article: China and Japan again (a call, undated), and China and Korea."""
    article = Article("follow-up", "x", "Follow-up", dt.date(2023, 12, 2), "https://e.org/f")
    return Facts(
        article=article,
        countries=(CHN, JPN, KOR),
        events=(
            Event("Call", (CHN, JPN), evidence(4)),
            Event("Meeting", (CHN, KOR), evidence(0), date="2023-12"),
        ),
    )


@pytest.fixture(params=[False, True], ids=["reports", "canonical"])
def graph(request: pytest.FixtureRequest) -> KnowledgeGraph:
    """busan_facts and the follow-up; with canonical meetings, the follow-up's call is
    the Busan meeting reported again, so China and Japan met once, not twice."""
    kg = KnowledgeGraph(open_store())
    kg.add(busan_facts())
    kg.add(follow_up())
    if request.param:
        kg.store.replace(
            canonical_graph(
                [
                    Canonical(
                        "busan",
                        ("country/CHN", "country/JPN", "country/KOR"),
                        (
                            ("event/trilateral-busan-1", "article/trilateral-busan"),
                            ("event/follow-up-1", "article/follow-up"),
                        ),
                        None,
                        "city/1838524",
                    ),
                    Canonical(
                        "visit",
                        ("country/KOR", "country/USA"),
                        (("event/trilateral-busan-3", "article/trilateral-busan"),),
                        "2023-08",
                    ),
                    Canonical(
                        "call",
                        ("country/JPN", "organization/UN"),
                        (("event/trilateral-busan-4", "article/trilateral-busan"),),
                    ),
                    Canonical(
                        "seoul",
                        ("country/CHN", "country/KOR"),
                        (("event/follow-up-2", "article/follow-up"),),
                        "2023-12",
                    ),
                ]
            )
        )
    return kg


def key(node: str) -> str:
    return node.rsplit("/", 1)[-1]


def test_countries_view(graph: KnowledgeGraph) -> None:
    canonical = graph.to_networkx("countries").graph["counted"] == "canonical meetings"
    countries = graph.to_networkx("countries")
    weights = {tuple(sorted(map(key, e))): w for *e, w in countries.edges(data="weight")}
    assert weights == {
        ("CHN", "JPN"): 1 if canonical else 2,
        ("CHN", "KOR"): 2,
        ("JPN", "KOR"): 1,
        ("KOR", "USA"): 1,
        ("JPN", "UN"): 1,
    }
    assert countries.graph["counted"] == ("canonical meetings" if canonical else "reports")
    china = countries.nodes[ID + "country/CHN"]
    assert china == {
        "kind": "country",
        "label": "China",
        "key": "CHN",
        "meetings": 2 if canonical else 3,
    }
    assert isinstance(china["meetings"], int)
    pair = countries[ID + "country/CHN"][ID + "country/KOR"]
    assert (pair["first"], pair["last"]) == (
        ("2023-11-27", "2023-12") if canonical else ("2023-11-26", "2023-12")
    )  # the canonical Busan meeting has no date of its own: its first report's article's


def test_canonical_meetings_replace_their_reports(graph: KnowledgeGraph) -> None:
    records = read_records(runner(graph))
    if not records.canonical:
        assert len(records.meetings) == 7 and all(m.report_count == 1 for m in records.meetings)
        return
    (busan,) = [m for m in records.meetings if m.iri.endswith("meeting/busan")]
    assert busan.report_count == 2 and busan.dated_by == "article"
    assert {a for _, a in busan.reports} == {
        ID + "article/trilateral-busan",
        ID + "article/follow-up",
    }
    statuses = sorted(m.status for m in records.meetings)
    assert statuses == ["negated", "occurred", "occurred", "occurred", "occurred", "planned"]
    events = {n for n, kind in graph.to_networkx().nodes(data="kind") if kind == "event"}
    assert ID + "meeting/busan" in events and ID + "event/trilateral-busan-1" not in events


def test_unknown_view() -> None:
    with pytest.raises(ValueError, match="unknown view 'map'"):
        to_networkx(open_store(), view="map")  # type: ignore[arg-type]


def hand_built() -> nx.Graph:
    """Two triangles joined by one bridge: a country graph drawn by hand."""
    g = nx.Graph(counted="canonical meetings")
    for code in "ABCDEF":
        g.add_node(f"x:{code}", kind="country", label=f"Land {code}", key=code, meetings=0)
    for a, b, w in [
        ("A", "B", 3),
        ("B", "C", 2),
        ("A", "C", 1),
        ("C", "D", 1),
        ("D", "E", 4),
        ("E", "F", 2),
        ("D", "F", 2),
    ]:
        g.add_edge(f"x:{a}", f"x:{b}", weight=w, first="2020-01", last="2021-06")
        g.nodes[f"x:{a}"]["meetings"] += w
        g.nodes[f"x:{b}"]["meetings"] += w
    return g


def test_centrality_is_networkx() -> None:
    g = hand_built()
    table = analytics.centrality(g, frame=False)
    degree, between = nx.degree_centrality(g), nx.betweenness_centrality(g)
    assert {r["side"]: r["degree"] for r in table} == {n[2:]: v for n, v in degree.items()}
    assert {r["side"]: r["betweenness"] for r in table} == {n[2:]: v for n, v in between.items()}
    assert [r["side"] for r in table[:2]] == ["C", "D"]  # the bridge ends
    assert table[0] == {
        "side": "C",
        "label": "Land C",
        "kind": "country",
        "meetings": 4,
        "partners": 3,
        "degree": pytest.approx(0.6),
        "betweenness": pytest.approx(0.6),
    }


def test_communities_are_louvain() -> None:
    g = hand_built()
    table = analytics.communities(g, frame=False)
    expected = nx.community.louvain_communities(g, weight="weight", seed=7)
    found: dict[int, set[str]] = {}
    for row in table:
        found.setdefault(row["community"], set()).add(f"x:{row['side']}")
    assert sorted(map(sorted, found.values())) == sorted(map(sorted, expected))
    assert sorted(map(sorted, found.values())) == [["x:A", "x:B", "x:C"], ["x:D", "x:E", "x:F"]]


def test_bilateral_partners_and_most_active() -> None:
    g = hand_built()
    pairs = analytics.bilateral_counts(g, frame=False)
    assert [(r["a"], r["b"], r["meetings"]) for r in pairs[:2]] == [("D", "E", 4), ("A", "B", 3)]
    assert len(pairs) == g.number_of_edges()
    assert [
        (r["partner"], r["meetings"]) for r in analytics.partners(g, "land d", frame=False)
    ] == [("E", 4), ("F", 2), ("C", 1)]
    top = analytics.most_active(g, 2, frame=False)
    assert top == [
        {"side": "D", "label": "Land D", "meetings": 7},
        {"side": "E", "label": "Land E", "meetings": 6},
    ]
    with pytest.raises(KeyError, match="Z"):
        analytics.partners(g, "Z")


def test_tables_are_dataframes_with_pandas(graph: KnowledgeGraph) -> None:
    frame = analytics.centrality(graph)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == [
        "side",
        "label",
        "kind",
        "meetings",
        "partners",
        "degree",
        "betweenness",
    ]
    assert analytics.table([], ["a"], frame=False) == []
    assert list(analytics.table([], ["a"]).columns) == ["a"]


def test_partners_over_time(graph: KnowledgeGraph) -> None:
    yearly = analytics.partners_over_time(graph, "KOR", frame=False)
    expected = [("2023", "CHN", 2), ("2023", "JPN", 1), ("2023", "USA", 1)]
    assert [(r["period"], r["partner"], r["meetings"]) for r in yearly] == expected
    monthly = analytics.partners_over_time(graph, "South Korea", period="month", frame=False)
    months = [(r["period"], r["partner"]) for r in monthly]
    assert {("2023-11", "CHN"), ("2023-12", "CHN"), ("2023-08", "USA")} <= set(months)
    with pytest.raises(ValueError, match="period"):
        analytics.partners_over_time(graph, "KOR", period="week")
