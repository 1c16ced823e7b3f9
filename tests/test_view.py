"""The HTML explorer: offline and escaped (its text, its data and its script)."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from view_pages import (
    ARTICLE_TEXT,
    ARTICLE_TITLE,
    CHN,
    ID,
    JPN,
    PAYLOADS,
    PageParser,
    data_block,
    embedded_data,
    parse,
)

from kg.errors import KGError
from kg.view import render_html, write_html
from kg.view.html import script_safe_json, to_pyvis
from kg.view.style import KIND_STYLES, iso_day, kind_of


def test_no_remote_resources(page: PageParser) -> None:
    links = [v for _, attrs in page.tags for k, v in attrs.items() if k in {"src", "href"}]
    assert links, "the favicon link is expected"
    for link in links:
        assert not (link or "").lower().startswith(("http:", "https:", "//")), link


def test_injected_markup_stays_text(page: PageParser, page_path: Path) -> None:
    text = page_path.read_text(encoding="utf-8")
    tags = [tag for tag, _ in page.tags]
    assert tags.count("script") == 3  # vis-network, the data block, the explorer
    assert not {"img", "svg", "b", "i"} & set(tags)
    assert not [k for _, attrs in page.tags for k in attrs if k.startswith("on")]
    for payload in PAYLOADS:
        assert payload not in text
    assert "<i>2023</i>" not in text and "Talks &lt;i&gt;2023&lt;/i&gt;" in text


def test_embedded_json_round_trips_exactly(page: PageParser, graph: nx.MultiDiGraph) -> None:
    data = embedded_data(page)
    assert not {"<", ">", "&"} & set(data_block(page))
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels == {iri: attrs["label"] for iri, attrs in graph.nodes(data=True)}
    assert sorted(e["evidence"] or "" for e in data["edges"]) == sorted(
        a.get("evidence") or "" for _, _, a in graph.edges(data=True)
    )


def test_header_counts(page: PageParser, graph: nx.MultiDiGraph, page_path: Path) -> None:
    text = page_path.read_text(encoding="utf-8")
    assert f'<span id="kg-count-nodes">{graph.number_of_nodes()}</span>' in text
    assert f'<span id="kg-count-edges">{graph.number_of_edges()}</span>' in text


@pytest.mark.parametrize(
    "value, expected",
    [
        ("</script>", '"\\u003c/script\\u003e"'),
        ("a & b", '"a \\u0026 b"'),
        ("<!--", '"\\u003c!--"'),
        ("line\u2028sep", '"line\\u2028sep"'),
        ("Zürich", '"Zürich"'),
        ({"k": "<>"}, '{"k":"\\u003c\\u003e"}'),
    ],
)
def test_script_safe_json(value: object, expected: str) -> None:
    assert script_safe_json(value) == expected
    assert json.loads(expected) == value


@pytest.mark.parametrize(
    "attrs, expected",
    [
        ({"kind": "country"}, "country"),
        ({"kind": "Organisation"}, "organization"),
        ({"kind": " event "}, "event"),
        ({"kind": "treaty"}, "other"),
        ({"kind": None}, "other"),
        ({}, "other"),
    ],
)
def test_kind_of(attrs: dict, expected: str) -> None:
    assert kind_of(attrs) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2023-11-26", "2023-11-26"),
        ("2023-11-26T10:00:00", "2023-11-26"),
        ("2023-11", None),
        ("26 November 2023", None),
        ("", None),
        (None, None),
    ],
)
def test_iso_day(value: object, expected: str | None) -> None:
    assert iso_day(value) == expected


def test_missing_attributes_do_not_crash(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node(ID + "country/FRA")
    g.add_node(ID + "city/")
    g.add_edge(ID + "country/FRA", ID + "city/")
    g.add_edge(ID + "country/FRA", ID + "city/", relation=None, date=None)
    data = embedded_data(parse(write_html(g, tmp_path / "bare.html").read_text()))
    assert [(n["label"], n["kind"]) for n in data["nodes"]] == [
        ("FRA", "other"),
        ("city", "other"),
    ]
    assert [(e["label"], e["relation"], e["day"]) for e in data["edges"]] == [("", None, None)] * 2


def test_styles_follow_kind(graph: nx.MultiDiGraph) -> None:
    net = to_pyvis(graph)
    for node in net.nodes:
        style = KIND_STYLES[node["kind"]]
        assert (node["shape"], node["color"]) == (style.shape, style.color)
    assert len({s.shape for s in KIND_STYLES.values()}) == len(KIND_STYLES)


def test_parallel_edges_are_kept_and_fanned_out(graph: nx.MultiDiGraph) -> None:
    net = to_pyvis(graph)
    assert len(net.edges) == graph.number_of_edges()
    chn_jpn = [e for e in net.edges if (e["from"], e["to"]) == (CHN, JPN)]
    assert len(chn_jpn) == 2
    assert len({e["smooth"]["roundness"] for e in chn_jpn}) == 2
    assert all(e["label"] == e["relation"] for e in net.edges)


def test_empty_graph_and_unwritable_path(tmp_path: Path) -> None:
    assert "kg-network" in render_html(nx.MultiDiGraph())
    with pytest.raises(KGError, match="cannot write"):
        write_html(nx.MultiDiGraph(), tmp_path / "missing" / "graph.html")


def test_article_text_is_escaped_in_the_built_page(article_page: Path) -> None:
    text = article_page.read_text(encoding="utf-8")
    parsed = parse(text)
    assert not {"img", "svg"} & {tag for tag, _ in parsed.tags}
    assert [tag for tag, _ in parsed.tags].count("script") == 3
    assert "<img src=x" not in text and ARTICLE_TITLE not in text
    evidence = {e.get("evidence") for e in embedded_data(parsed)["edges"]}
    assert any(ARTICLE_TEXT in (sentence or "") for sentence in evidence)
