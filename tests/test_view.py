"""The HTML explorer: offline, escaped, and working in a real headless Chromium."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import KGError
from kg.view import render_html, write_html
from kg.view.html import script_safe_json, to_pyvis
from kg.view.style import KIND_STYLES, iso_day, kind_of

ID = "https://diplomatic-kg.org/id/"
CHN, JPN, KOR = ID + "country/CHN", ID + "country/JPN", ID + "country/KOR"
WANG, KAMIKAWA, PARK = ID + "person/wang-yi", ID + "person/yoko-kamikawa", ID + "person/park-jin"
BUSAN, UN = ID + "city/busan", ID + "organization/un"
MEETING, SUMMIT = ID + "event/busan-2023", ID + "event/seoul-2024"

# Each payload sets window.__pwned if it ever runs; alert() is rerouted there too.
PAYLOADS = (
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=1>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</script><script>window.__pwned=1</script>",
    "<!--<script>window.__pwned=1</script>-->",
    "\"'& <svg onload=window.__pwned=1>",
)
EVIL_LABEL = "Park <b>Jin</b> " + PAYLOADS[0]
EVIL_EVIDENCE = "Wang met Kamikawa. " + " ".join(PAYLOADS)
EVIL_ARTICLE = "Trilateral talks " + PAYLOADS[1]
EVIL_IRI = ID + 'person/"><img src=x onerror=window.__pwned=1>'


def diplomatic_graph() -> nx.MultiDiGraph:
    """A small graph as the RDF projection produces it, with article text in every field."""
    g = nx.MultiDiGraph()
    for iri, kind, label in [
        (CHN, "country", "China"),
        (JPN, "country", "Japan"),
        (KOR, "country", "South Korea"),
        (WANG, "person", "Wang Yi"),
        (KAMIKAWA, "person", "Yoko Kamikawa"),
        (PARK, "person", EVIL_LABEL),
        (BUSAN, "city", "Busan"),
        (UN, "organization", "United Nations"),
        (MEETING, "event", "Busan trilateral meeting"),
        (SUMMIT, "event", PAYLOADS[4]),
    ]:
        g.add_node(iri, kind=kind, label=label)
    g.add_node(EVIL_IRI, kind="person", label=PAYLOADS[3])
    busan = {"article": EVIL_ARTICLE, "date": "2023-11-26", "status": "occurred"}
    g.add_edge(WANG, CHN, relation="represents", evidence="Chinese FM Wang Yi.", article="A")
    g.add_edge(KAMIKAWA, JPN, relation="represents", evidence=None, article=None)
    g.add_edge(PARK, KOR, relation="represents", evidence=EVIL_EVIDENCE, article=EVIL_ARTICLE)
    for country in (CHN, JPN, KOR):
        g.add_edge(MEETING, country, relation="participant", evidence=EVIL_EVIDENCE, **busan)
    for person in (WANG, KAMIKAWA, PARK):
        g.add_edge(MEETING, person, relation="attendee", evidence=EVIL_EVIDENCE, **busan)
    g.add_edge(MEETING, BUSAN, relation="locatedIn", evidence="In Busan.", **busan)
    g.add_edge(CHN, JPN, relation="meets", evidence=EVIL_EVIDENCE, **busan)
    g.add_edge(JPN, CHN, relation="meets", evidence=EVIL_EVIDENCE, **busan)
    g.add_edge(CHN, JPN, relation="meets", evidence="Again.", article="B", date="2024-05-27")
    g.add_edge(SUMMIT, KOR, relation="participant", date="2024-05-27", status=PAYLOADS[5])
    g.add_edge(SUMMIT, UN, relation="participant", date=PAYLOADS[2], status="planned")
    g.add_edge(EVIL_IRI, KOR, relation=PAYLOADS[6])
    return g


class PageParser(HTMLParser):
    """Collects every tag with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="session")
def graph() -> nx.MultiDiGraph:
    return diplomatic_graph()


@pytest.fixture(scope="session")
def page_path(graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_html(graph, tmp_path_factory.mktemp("view") / "graph.html", "Talks <i>2023</i>")


@pytest.fixture(scope="session")
def page(page_path: Path) -> PageParser:
    return parse(page_path.read_text(encoding="utf-8"))


def embedded_data(parsed: PageParser) -> dict:
    (index,) = [
        i for i, (_, a) in enumerate(t for t in parsed.tags if t[0] == "script")
        if a.get("id") == "kg-data"
    ]
    return json.loads(parsed.scripts[index])


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
    raw = next(s for s in page.scripts if s.startswith('{"kinds"'))
    assert not {"<", ">", "&"} & set(raw)
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
        (ID + "city/", "other"),
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
