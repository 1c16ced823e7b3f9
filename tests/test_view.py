"""The HTML explorer: offline, escaped, and working in a real headless Chromium."""

from __future__ import annotations

import json
import time
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
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append((dict(attrs), ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


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


def data_block(parsed: PageParser) -> str:
    (text,) = [text for attrs, text in parsed.scripts if attrs.get("id") == "kg-data"]
    return text


def embedded_data(parsed: PageParser) -> dict:
    return json.loads(data_block(parsed))


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


# ---- in a real headless Chromium ----

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
browser = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is absent: install Debian chromium and chromium-driver "
    "(tests/install.sh does) to run the browser tests",
)
VISIBLE = (
    "return [kgExplorer.nodes.get({filter: n => !n.hidden}).length,"
    " kgExplorer.edges.get({filter: e => !e.hidden}).length]"
)
# A point on edge `id` away from nodes, in page coordinates relative to the canvas centre.
EDGE_POINT = """
const [id] = arguments, net = kgExplorer.network, edge = kgExplorer.edges.get(id);
const pos = net.getPositions([edge.from, edge.to]);
const a = net.canvasToDOM(pos[edge.from]), b = net.canvasToDOM(pos[edge.to]);
const len = Math.hypot(b.x - a.x, b.y - a.y), nx = (a.y - b.y) / len, ny = (b.x - a.x) / len;
const box = document.querySelector('#kg-network canvas').getBoundingClientRect();
for (let t = 0.5; t > 0.2; t -= 0.05) for (let d = -30; d <= 30; d += 1) {
  const p = {x: a.x + t * (b.x - a.x) + d * nx, y: a.y + t * (b.y - a.y) + d * ny};
  if (net.getEdgeAt(p) === id && net.getNodeAt(p) === undefined)
    return [p.x - box.width / 2, p.y - box.height / 2];
}
return null;
"""
NODE_POINT = """
const [id] = arguments, net = kgExplorer.network;
const p = net.canvasToDOM(net.getPositions([id])[id]);
const box = document.querySelector('#kg-network canvas').getBoundingClientRect();
return [p.x - box.width / 2, p.y - box.height / 2];
"""


@pytest.fixture(scope="session")
def driver(tmp_path_factory: pytest.TempPathFactory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,800",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    chrome = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    chrome.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {"source": "window.alert = () => { window.__pwned = 1; };"},
    )
    yield chrome
    chrome.quit()


@pytest.fixture
def explorer(driver, page_path: Path):
    """The explorer page, loaded and settled; afterwards, no console error and no payload ran."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(page_path.as_uri())
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return !!(window.kgExplorer && kgExplorer.stabilized)")
    )
    yield driver
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    assert driver.execute_script("return window.__pwned") is None


def hover(driver, offset: list[float]) -> str:
    """Move the real mouse over the canvas at ``offset`` and return the tooltip's text."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    canvas = driver.find_element(By.CSS_SELECTOR, "#kg-network canvas")
    ActionChains(driver).move_to_element_with_offset(canvas, *map(round, offset)).perform()
    tip = driver.find_element(By.CSS_SELECTOR, "div.vis-tooltip")
    WebDriverWait(driver, 10).until(lambda d: tip.value_of_css_property("visibility") == "visible")
    assert tip.find_elements(By.CSS_SELECTOR, "script, img, svg, b") == []
    return driver.execute_script("return arguments[0].textContent", tip)


@browser
def test_browser_renders_without_injection(explorer, graph: nx.MultiDiGraph) -> None:
    d = explorer
    assert d.execute_script("return document.querySelectorAll('#kg-network canvas').length") == 1
    counts = d.execute_script("return [kgExplorer.nodes.length, kgExplorer.edges.length]")
    assert counts == [graph.number_of_nodes(), graph.number_of_edges()]
    assert d.execute_script(VISIBLE) == counts
    settled = d.execute_script("return kgExplorer.network.getPositions()")
    time.sleep(0.5)
    assert d.execute_script("return kgExplorer.network.getPositions()") == settled
    assert d.execute_script("return document.getElementById('kg-title').textContent") == (
        "Talks <i>2023</i>"
    )
    assert d.execute_script("return document.querySelectorAll('img, svg, b, i').length") == 0


@browser
def test_browser_node_tooltip_is_text(explorer) -> None:
    text = hover(explorer, explorer.execute_script(NODE_POINT, PARK))
    assert EVIL_LABEL in text and PARK in text


@browser
def test_browser_edge_tooltip_and_details_show_evidence(explorer, page: PageParser) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    (edge,) = [e["id"] for e in embedded_data(page)["edges"] if e["from"] == PARK]
    offset = explorer.execute_script(EDGE_POINT, edge)
    assert offset is not None, "no point of the edge is clear of nodes"
    text = hover(explorer, offset)
    assert EVIL_EVIDENCE in text and EVIL_ARTICLE in text and "represents" in text
    ActionChains(explorer).click().perform()
    details = explorer.execute_script("return document.getElementById('kg-details').textContent")
    assert EVIL_EVIDENCE in details


def act(driver, step: tuple[str, str]) -> None:
    """One user action on the filter panel: tick a type or relation, pick, type a date."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    what, value = step
    if what in {"kind", "relation"}:
        panel = "kg-kinds" if what == "kind" else "kg-relations"
        driver.find_element(By.XPATH, f"//*[@id='{panel}']/label[span='{value}']/input").click()
    elif what == "country":
        Select(driver.find_element(By.ID, "kg-country")).select_by_visible_text(value)
    elif what == "click":
        driver.find_element(By.ID, value).click()
    else:  # a date input: its typed format depends on the locale, so set it as a picker does
        driver.execute_script(
            "const input = document.getElementById(arguments[0]); input.value = arguments[1];"
            "input.dispatchEvent(new Event('change'));",
            what,
            value,
        )


Shown = tuple[set[str], set[tuple[str, str, int]]]


def without_people(g: nx.MultiDiGraph) -> Shown:
    nodes = {n for n, kind in g.nodes(data="kind") if kind != "person"}
    return nodes, set(g.subgraph(nodes).edges(keys=True))


def around_korea(g: nx.MultiDiGraph) -> Shown:
    nodes = {KOR, *nx.all_neighbors(g, KOR)}
    return nodes, set(g.subgraph(nodes).edges(keys=True))


def without_meets(g: nx.MultiDiGraph) -> Shown:
    return set(g), {(u, v, k) for u, v, k, r in g.edges(keys=True, data="relation") if r != "meets"}


def since_2024(g: nx.MultiDiGraph, keep_undated: bool) -> set[tuple[str, str, int]]:
    days = {(u, v, k): iso_day(date) for u, v, k, date in g.edges(keys=True, data="date")}
    return {e for e, day in days.items() if (day or "") >= "2024" or (keep_undated and not day)}


def since_2024_with_undated(g: nx.MultiDiGraph) -> Shown:
    return set(g), since_2024(g, keep_undated=True)


def since_2024_dated_only(g: nx.MultiDiGraph) -> Shown:
    edges = since_2024(g, keep_undated=False)
    return {n for e in edges for n in e[:2]}, edges


@pytest.mark.parametrize(
    "steps, expected",
    [
        ([("kind", "Person")], without_people),
        ([("country", "South Korea")], around_korea),
        ([("relation", "meets")], without_meets),
        ([("kg-date-from", "2024-01-01")], since_2024_with_undated),
        (
            [("kg-date-from", "2024-01-01"), ("click", "kg-undated"), ("click", "kg-isolated")],
            since_2024_dated_only,
        ),
    ],
)
@browser
def test_browser_filters(explorer, graph: nx.MultiDiGraph, steps, expected) -> None:
    from selenium.webdriver.common.by import By

    for step in steps:
        act(explorer, step)
    nodes, edges = expected(graph)
    assert explorer.execute_script(VISIBLE) == [len(nodes), len(edges)]
    shown = explorer.execute_script("return document.getElementById('kg-shown').textContent")
    assert f"{len(nodes)} nodes, {len(edges)} edges" in shown
    explorer.find_element(By.ID, "kg-reset").click()
    assert explorer.execute_script(VISIBLE) == [graph.number_of_nodes(), graph.number_of_edges()]


@pytest.mark.parametrize(
    "term, expected",
    [
        ("kamikawa", [KAMIKAWA]),
        ("SOUTH", [KOR]),
        ("<img", [EVIL_IRI]),
        ("no such name", []),
    ],
)
@browser
def test_browser_search_selects_matches(explorer, term: str, expected: list[str]) -> None:
    from selenium.webdriver.common.by import By

    explorer.find_element(By.ID, "kg-search").send_keys(term)
    assert explorer.execute_script("return kgExplorer.network.getSelectedNodes()") == expected
    result = explorer.find_element(By.ID, "kg-search-result").text
    assert result.startswith(str(len(expected)))


# Hostile text that arrives through an article, not through a hand-built graph.
ARTICLE_TITLE = "Talks <script>window.__pwned=1</script>"
ARTICLE_TEXT = (
    "Russian President Vladimir Putin met Indian Prime Minister Narendra Modi in New Delhi "
    "on Sunday <img src=x onerror=window.__pwned=1> to discuss trade."
)


@pytest.fixture(scope="session")
def article_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import kg

    work = tmp_path_factory.mktemp("article")
    record = {"id": "hostile", "title": ARTICLE_TITLE, "date": "2023-11-27", "text": ARTICLE_TEXT}
    (work / "hostile.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return kg.build(work / "hostile.jsonl").to_html(work / "hostile.html")


def test_article_text_is_escaped_in_the_built_page(article_page: Path) -> None:
    text = article_page.read_text(encoding="utf-8")
    parsed = parse(text)
    assert not {"img", "svg"} & {tag for tag, _ in parsed.tags}
    assert [tag for tag, _ in parsed.tags].count("script") == 3
    assert "<img src=x" not in text and ARTICLE_TITLE not in text
    evidence = {e.get("evidence") for e in embedded_data(parsed)["edges"]}
    assert any(ARTICLE_TEXT in (sentence or "") for sentence in evidence)


@browser
def test_browser_article_page_runs_no_payload(driver, article_page: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(article_page.as_uri())
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return !!(window.kgExplorer && kgExplorer.stabilized)")
    )
    assert driver.execute_script("return kgExplorer.edges.length") > 0
    assert driver.execute_script("return document.querySelectorAll('img, svg').length") == 0
    assert driver.execute_script("return window.__pwned") is None
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
