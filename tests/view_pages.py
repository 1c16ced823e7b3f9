"""Shared by the explorer tests: a hostile graph, hostile article text, an HTML parser."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import networkx as nx

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


def data_block(parsed: PageParser) -> str:
    (text,) = [text for attrs, text in parsed.scripts if attrs.get("id") == "kg-data"]
    return text


def embedded_data(parsed: PageParser) -> dict:
    return json.loads(data_block(parsed))


# Hostile text that arrives through an article, not through a hand-built graph.
ARTICLE_TITLE = "Talks <script>window.__pwned=1</script>"
ARTICLE_TEXT = (
    "Russian President Vladimir Putin met Indian Prime Minister Narendra Modi in New Delhi "
    "on Sunday <img src=x onerror=window.__pwned=1> to discuss trade."
)
