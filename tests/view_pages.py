"""Shared by the explorer tests: a hostile little graph in RDF, and an HTML parser.

Three articles follow the RDF contract (mapped from hand-built Facts) with article text
in every field a page shows, plus canonical meetings: CHN-JPN met twice (three reports),
so the countries view must say 2, not 3.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
from html.parser import HTMLParser

from canonical import Canonical, canonical_graph
from rdflib import RDF, RDFS, Literal, URIRef

from kg.graph import KnowledgeGraph
from kg.rdf import facts_to_graph
from kg.rdf.namespaces import DIP, person_iri
from kg.store import open_store
from kg.types import Action, Article, City, Country, Event, Evidence, Facts, Organization, Person

ID = "https://diplomatic-kg.org/id/"
CHN, JPN, KOR = ID + "country/CHN", ID + "country/JPN", ID + "country/KOR"
USA, UN = ID + "country/USA", ID + "organization/UN"
BUSAN, TOKYO = ID + "city/1838524", ID + "city/1850147"

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
EVIL_NAME = "Park <b>Jin</b> " + PAYLOADS[0]
EVIL_EVIDENCE = "Wang met Kamikawa and Park. " + " ".join(PAYLOADS)
EVIL_TITLE = "Trilateral talks " + PAYLOADS[1]
EVIL_IRI = ID + 'person/"><img src=x onerror=window.__pwned=1>'
EVIL_ROLE = "envoy " + PAYLOADS[4]

CHINA, JAPAN = Country("CHN", "China"), Country("JPN", "Japan")
KOREA, AMERICA = Country("KOR", "South Korea"), Country("USA", "United States")
NATIONS = Organization("UN", "United Nations")


def _facts(key: str, date: str, title: str, source: str, sentences: list[str], **found) -> Facts:
    text = " ".join(sentences)
    article = Article(key, text, title, dt.date.fromisoformat(date), source)
    return Facts(article=article, **found)


def evidence(sentences: list[str], n: int) -> Evidence:
    start = sum(len(s) + 1 for s in sentences[:n])
    return Evidence(sentences[n], start, start + len(sentences[n]))


BUSAN_TEXT = [EVIL_EVIDENCE, "They said it went well."]
SEOUL_TEXT = [
    "China and Japan met again.",
    "A summit with the UN is planned for 2024.",
    "Japan and the United States did not meet.",
    "Washington sanctioned Beijing.",
]
TOKYO_TEXT = ["Chinese and Japanese officials held talks in Tokyo in November."]


def articles() -> list[Facts]:
    """The three articles, hostile text included."""
    busan = City("Busan", KOREA, 1838524)
    tokyo = City("Tokyo", JAPAN, 1850147)
    people = (
        Person("Wang Yi", "foreign minister", CHINA, evidence(BUSAN_TEXT, 0)),
        Person("Yoko Kamikawa", "foreign minister", JAPAN, evidence(BUSAN_TEXT, 0)),
        Person(EVIL_NAME, EVIL_ROLE, KOREA, evidence(BUSAN_TEXT, 0)),
    )
    return [
        _facts(
            "busan",
            "2023-11-27",
            EVIL_TITLE,
            "https://example.org/busan",
            BUSAN_TEXT,
            countries=(CHINA, JAPAN, KOREA),
            people=people,
            cities=(busan,),
            events=(
                Event(
                    "Meeting",
                    (CHINA, JAPAN, KOREA),
                    evidence(BUSAN_TEXT, 0),
                    attendees=("Wang Yi", "Yoko Kamikawa", EVIL_NAME),
                    place=busan,
                    date="2023-11-26",
                ),
            ),
        ),
        _facts(
            "seoul",
            "2024-05-27",
            "Seoul follow-up",
            "https://example.org/seoul",
            SEOUL_TEXT,
            countries=(CHINA, JAPAN, KOREA, AMERICA),
            organizations=(NATIONS,),
            events=(
                Event("Meeting", (CHINA, JAPAN), evidence(SEOUL_TEXT, 0)),
                Event(
                    "Summit",
                    (KOREA, NATIONS),
                    evidence(SEOUL_TEXT, 1),
                    date="2024",
                    status="planned",
                ),
                Event("Meeting", (JAPAN, AMERICA), evidence(SEOUL_TEXT, 2), status="negated"),
            ),
            actions=(Action("SANCTION", AMERICA, CHINA, evidence(SEOUL_TEXT, 3), date="2024-05"),),
        ),
        _facts(
            "tokyo",
            "2023-12-01",
            "Tokyo talks",
            "javascript:window.__pwned=1",
            TOKYO_TEXT,
            countries=(CHINA, JAPAN),
            cities=(tokyo,),
            events=(
                Event(
                    "Visit", (CHINA, JAPAN), evidence(TOKYO_TEXT, 0), place=tokyo, date="2023-11"
                ),
            ),
        ),
    ]


CANONICAL = [
    Canonical(
        "busan",
        ("country/CHN", "country/JPN", "country/KOR"),
        (("event/busan-1", "article/busan"),),
        "2023-11-26",
        "city/1838524",
        (
            "person/chn-wang-yi",
            "person/jpn-yoko-kamikawa",
            person_iri(EVIL_NAME, KOREA).removeprefix(ID),
        ),
    ),
    Canonical(
        "tokyo",
        ("country/CHN", "country/JPN"),
        (("event/seoul-1", "article/seoul"), ("event/tokyo-1", "article/tokyo")),
        "2023-11",
        "city/1850147",
        kind="Visit",
    ),
]


def hostile_graph(canonical: bool = True, store: str | None = None) -> KnowledgeGraph:
    """The three articles (and their canonical meetings) in a memory store, or in an
    Oxigraph store at ``store`` (without the person whose IRI no IRI parser accepts)."""
    graph = KnowledgeGraph(open_store(store))
    for facts in articles():
        named = facts_to_graph(facts)
        if facts.article.identifier == "seoul" and store is None:
            evil = URIRef(EVIL_IRI)
            named.add((evil, RDF.type, DIP.Person))
            named.add((evil, RDFS.label, Literal(PAYLOADS[3])))
            named.add((evil, DIP.represents, URIRef(KOR)))
        graph.store.replace(named)
    if canonical:
        graph.store.replace(canonical_graph(CANONICAL))
    return graph


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


def data_block(parsed: PageParser) -> tuple[dict[str, str | None], str]:
    ((attrs, text),) = [(a, t) for a, t in parsed.scripts if a.get("id") == "kg-data"]
    return attrs, text


def embedded_data(parsed: PageParser) -> dict:
    """The page's data, inflated if the page carries it compressed."""
    attrs, text = data_block(parsed)
    if attrs.get("data-encoding") == "gzip+base64":
        text = gzip.decompress(base64.b64decode(text)).decode("utf-8")
    return json.loads(text)


# Hostile text that arrives through an article, not through a hand-built graph.
ARTICLE_TITLE = "Talks <script>window.__pwned=1</script>"
ARTICLE_TEXT = (
    "Russian President Vladimir Putin met Indian Prime Minister Narendra Modi in New Delhi "
    "on Sunday <img src=x onerror=window.__pwned=1> to discuss trade."
)
