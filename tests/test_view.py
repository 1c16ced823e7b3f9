"""The HTML explorer, read as a file: offline, escaped, and carrying the right data."""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

import networkx as nx
import pytest
from view_pages import (
    ARTICLE_TEXT,
    ARTICLE_TITLE,
    CHN,
    EVIL_EVIDENCE,
    EVIL_IRI,
    EVIL_NAME,
    EVIL_ROLE,
    EVIL_TITLE,
    JPN,
    PAYLOADS,
    PageParser,
    data_block,
    embedded_data,
    hostile_graph,
    parse,
)

from kg.errors import KGError
from kg.graph import KnowledgeGraph
from kg.store import open_store
from kg.view import Caps, render_html, write_html
from kg.view import html as view_html
from kg.view.html import script_safe_json


def test_no_remote_resources(page: PageParser) -> None:
    links = [v for _, attrs in page.tags for k, v in attrs.items() if k in {"src", "href"}]
    assert links, "the favicon link and the tabs are expected"
    for link in links:
        assert not (link or "").lower().startswith(("http:", "https:", "//")), link


def test_injected_markup_stays_text(page: PageParser, page_path: Path) -> None:
    text = page_path.read_text(encoding="utf-8")
    tags = [tag for tag, _ in page.tags]
    assert tags.count("script") == 4  # vis-network, the world outlines, the data, the explorer
    assert not {"img", "svg", "b", "i"} & set(tags)
    assert not [k for _, attrs in page.tags for k in attrs if k.startswith("on")]
    for payload in PAYLOADS:
        assert payload not in text
    assert "<i>2023</i>" not in text and "Talks &lt;i&gt;2023&lt;/i&gt;" in text


def test_embedded_data_round_trips_exactly(page: PageParser) -> None:
    data = embedded_data(page)
    assert not {"<", ">", "&"} & set(data_block(page)[1])
    people = {e["id"]: e for e in data["entities"] if e["kind"] == "person"}
    assert people[EVIL_IRI]["label"] == PAYLOADS[3]
    (park,) = [p for p in people.values() if p["label"] == EVIL_NAME]
    assert park["roles"] == [EVIL_ROLE]
    evidence = {text for reports in data["reports"] if reports for _, text in reports}
    assert EVIL_EVIDENCE in evidence
    titles = {title for title, _, _ in data["articles"]}
    assert EVIL_TITLE in titles


def _meetings_of_pair(data: dict, a: str, b: str) -> list[list]:
    index = {e["id"]: n for n, e in enumerate(data["entities"])}
    occurred = data["statuses"].index("occurred")
    return [m for m in data["meetings"] if m[1] == occurred and {index[a], index[b]} <= set(m[5])]


@pytest.mark.parametrize(
    "canonical, counted, pair, reports",
    [(True, "canonical meetings", 2, [1, 2]), (False, "reports", 3, [1, 1, 1])],
)
def test_meetings_are_canonical_where_the_store_has_them(
    canonical: bool, counted: str, pair: int, reports: list[int]
) -> None:
    data = embedded_data(parse(render_html(hostile_graph(canonical))))
    assert data["meta"]["counted"] == counted
    found = _meetings_of_pair(data, CHN, JPN)
    assert len(found) == pair
    assert sorted(m[7] for m in found) == reports


def test_dates_of_every_precision_and_from_the_article() -> None:
    data = embedded_data(parse(render_html(hostile_graph(canonical=False))))
    dated = {(m[2], data["datedBy"][m[3]], data["statuses"][m[1]]) for m in data["meetings"]}
    assert dated == {
        ("2023-11-26", "meeting", "occurred"),
        ("2024-05-27", "article", "occurred"),  # undated: its article's publication date
        ("2024", "meeting", "planned"),
        ("2024-05-27", "article", "negated"),
        ("2023-11", "meeting", "occurred"),
    }


def test_sides_are_placed_apart(page: PageParser) -> None:
    sides = [e for e in embedded_data(page)["entities"] if e["kind"] in ("country", "organization")]
    assert all("x" in e and "y" in e for e in sides)
    for n, a in enumerate(sides):
        for b in sides[n + 1 :]:
            assert math.hypot(a["x"] - b["x"], a["y"] - b["y"]) > 20, (a["label"], b["label"])


def test_map_coordinates(page: PageParser) -> None:
    places = {e["label"]: (e.get("lat"), e.get("lon")) for e in embedded_data(page)["entities"]}
    assert places["Busan"] == pytest.approx((35.1, 129.0), abs=0.1)
    assert places["South Korea"] == pytest.approx((37.6, 127.0), abs=0.1)  # Seoul, the capital
    assert places["United Nations"] == (None, None)


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


def test_a_large_data_block_is_compressed(
    hostile: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = embedded_data(parse(render_html(hostile)))
    monkeypatch.setattr(view_html, "COMPRESS_ABOVE", 100)
    packed = parse(render_html(hostile))
    attrs, text = data_block(packed)
    assert attrs["data-encoding"] == "gzip+base64" and "<" not in text
    assert embedded_data(packed) == plain


def test_caps_are_in_the_page(hostile: KnowledgeGraph) -> None:
    data = embedded_data(parse(render_html(hostile, caps=Caps(inline_meetings=1))))
    assert data["meta"]["caps"]["inline_meetings"] == 1
    assert sum(1 for r in data["reports"] if r is not None) == 1
    dates = [m[2] for m in data["meetings"]]
    assert data["reports"][dates.index(max(dates))] is not None  # the newest meeting's


def test_empty_graph_unwritable_path_and_wrong_source(tmp_path: Path) -> None:
    data = embedded_data(parse(render_html(KnowledgeGraph(open_store()))))
    assert (data["entities"], data["meetings"]) == ([], [])
    with pytest.raises(KGError, match="cannot write"):
        write_html(KnowledgeGraph(open_store()), tmp_path / "missing" / "graph.html")
    with pytest.raises(TypeError, match="expected a Store or a Graph"):
        render_html(nx.MultiDiGraph())


def test_world_outlines_ship_with_their_licence() -> None:
    atlas = resources.files("kg.view").joinpath("assets", "world-atlas")
    assert "Michael Bostock" in atlas.joinpath("LICENSE").read_text(encoding="utf-8")
    world = json.loads(atlas.joinpath("countries-110m.json").read_text(encoding="utf-8"))
    assert len(world["objects"]["countries"]["geometries"]) > 170


def test_article_text_is_escaped_in_the_built_page(article_page: Path) -> None:
    text = article_page.read_text(encoding="utf-8")
    parsed = parse(text)
    assert not {"img", "svg"} & {tag for tag, _ in parsed.tags}
    assert [tag for tag, _ in parsed.tags].count("script") == 4
    assert "<img src=x" not in text and ARTICLE_TITLE not in text
    data = embedded_data(parsed)
    evidence = {sentence for reports in data["reports"] if reports for _, sentence in reports}
    assert any(ARTICLE_TEXT in (sentence or "") for sentence in evidence)
    assert ARTICLE_TITLE in {title for title, _, _ in data["articles"]}
