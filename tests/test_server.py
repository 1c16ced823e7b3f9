"""`kg serve` over real HTTP on loopback, driven by real SPARQL clients.

Each server is uvicorn on a free port in a background thread; the clients are
SPARQLWrapper, rdflib's SPARQLStore, and http.client for the status codes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
import rdflib
from http_server import (
    ARTICLE,
    COUNTRIES,
    FORM,
    MAX_BYTES,
    MAX_RESULTS,
    PREFIX,
    article_graph,
    call,
    fill,
    get,
    running,
)
from rdflib import RDF, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, JSONLD, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper

from kg.rdf.namespaces import DIP, ID
from kg.server.results import negotiate, term_nt
from kg.store import open_store


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A read-only endpoint over each backend, with small size limits."""
    where = "memory" if request.param == "memory" else tmp_path_factory.mktemp("ox") / "store"
    store = fill(open_store(where))
    with running(store, max_results=MAX_RESULTS, max_request_bytes=MAX_BYTES) as base:
        yield base
    store.close()


# --- SPARQL clients ------------------------------------------------------------------


def wrapper(base: str, query: str, fmt: str, method: str | None = None) -> Any:
    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(POST)
        client.setRequestMethod(method)
    return client.query().convert()


LABELS = PREFIX + "SELECT ?label WHERE { ?c a dip:Country ; rdfs:label ?label }"


@pytest.mark.parametrize("method", [None, "urlencoded", POSTDIRECTLY])
def test_sparqlwrapper_select_json(url: str, method: str | None) -> None:
    query = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + LABELS
    answer = wrapper(url, query, JSON, method)
    labels = {b["label"]["value"] for b in answer["results"]["bindings"]}
    assert labels == set(COUNTRIES.values())


def test_sparqlwrapper_select_xml(url: str) -> None:
    query = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + LABELS
    document = wrapper(url, query, XML)
    literals = {node.firstChild.data for node in document.getElementsByTagName("literal")}
    assert literals == set(COUNTRIES.values())


@pytest.mark.parametrize(
    "query, expected",
    [
        (
            "ASK { ?m a dip:Meeting ; dip:participant <https://diplomatic-kg.org/id/country/KOR> }",
            True,
        ),
        (
            "ASK { ?m a dip:Meeting ; dip:participant <https://diplomatic-kg.org/id/country/USA> }",
            False,
        ),
    ],
)
def test_sparqlwrapper_ask(url: str, query: str, expected: bool) -> None:
    assert wrapper(url, PREFIX + query, JSON)["boolean"] is expected
    document = wrapper(url, PREFIX + query, XML)
    assert document.getElementsByTagName("boolean")[0].firstChild.data == str(expected).lower()


@pytest.mark.parametrize("fmt, parse_as", [(XML, None), (TURTLE, "turtle"), (JSONLD, None)])
def test_sparqlwrapper_construct(url: str, fmt: str, parse_as: str | None) -> None:
    query = (
        PREFIX + "CONSTRUCT { ?c dip:isoCode ?iso } WHERE { ?c a dip:Country ; dip:isoCode ?iso }"
    )
    answer = wrapper(url, query, fmt)
    graph = rdflib.Graph().parse(data=answer, format=parse_as) if parse_as else answer
    assert set(graph) == {(ID[f"country/{iso}"], DIP.isoCode, Literal(iso)) for iso in COUNTRIES}


def test_rdflib_sparqlstore(url: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(f"{url}/sparql"))
    rows = graph.query(PREFIX + "SELECT ?iso WHERE { ?c a dip:Country ; dip:isoCode ?iso }")
    assert {str(row.iso) for row in rows} == set(COUNTRIES)
    assert set(graph.subjects(RDF.type, DIP.Meeting)) == {ID["event/busan-1"]}
    assert (ARTICLE, RDF.type, DIP.Article) in graph


# --- content negotiation -----------------------------------------------------------

ISO_QUERY = PREFIX + "SELECT DISTINCT ?c ?iso WHERE { ?c dip:isoCode ?iso } ORDER BY ?iso"


@pytest.mark.parametrize(
    "accept, media_type, delimiter, header",
    [
        ("text/csv", "text/csv", ",", ["c", "iso"]),
        ("text/tab-separated-values", "text/tab-separated-values", "\t", ["?c", "?iso"]),
        ("text/csv;q=0.2, text/tab-separated-values", "text/tab-separated-values", "\t", None),
    ],
)
def test_tabular_results(
    url: str, accept: str, media_type: str, delimiter: str, header: list[str] | None
) -> None:
    status, headers, text = call(url, "GET", get(ISO_QUERY), Accept=accept)
    assert status == 200
    assert headers["content-type"].startswith(media_type)
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    table = list(csv.reader(io.StringIO(text), delimiter=delimiter, quoting=quoting))
    if header:
        assert table[0] == header
    cells = [row[1] for row in table[1:]]
    assert cells == (
        sorted(COUNTRIES) if delimiter == "," else [f'"{i}"' for i in sorted(COUNTRIES)]
    )


@pytest.mark.parametrize(
    "form, accept, expected",
    [
        ("SELECT", None, "application/sparql-results+json"),
        ("SELECT", "*/*", "application/sparql-results+json"),
        ("SELECT", "text/*", "text/csv"),
        (
            "SELECT",
            "application/sparql-results+xml;q=0.9, application/json;q=0.5",
            "application/sparql-results+xml",
        ),
        ("SELECT", "text/turtle", None),
        ("ASK", "text/csv", None),
        ("CONSTRUCT", None, "text/turtle"),
        ("CONSTRUCT", "application/n-triples, text/turtle;q=0.1", "application/n-triples"),
        ("DESCRIBE", "application/ld+json", "application/ld+json"),
        ("CONSTRUCT", "application/trig", "application/trig"),
        ("CONSTRUCT", "text/turtle;q=0, */*;q=0.1", "application/n-triples"),
    ],
)
def test_negotiate(form: str, accept: str | None, expected: str | None) -> None:
    assert negotiate(form, accept) == expected


@pytest.mark.parametrize(
    "term, expected",
    [
        (URIRef("http://x/a"), "<http://x/a>"),
        (Literal("plain"), '"plain"'),
        (Literal('say "hi"\n\tnow'), '"say \\"hi\\"\\n\\tnow"'),
        (Literal("Pékin", lang="fr"), '"Pékin"@fr'),
        (Literal(3), '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        (rdflib.BNode("b0"), "_:b0"),
    ],
)
def test_tsv_terms(term: rdflib.term.Node, expected: str) -> None:
    assert term_nt(term) == expected


# --- status codes ------------------------------------------------------------------

ALL = "SELECT * WHERE { ?s ?p ?o }"


@pytest.mark.parametrize(
    "method, target, body, headers, status, message",
    [
        ("GET", get("SELEC * WHERE { ?s ?p ?o }"), None, {}, 400, "bad SPARQL query"),
        ("GET", "/sparql?format=json", None, {}, 400, "missing 'query'"),
        ("GET", get(ALL, **{"default-graph-uri": "http://x"}), None, {}, 400, "default-graph-uri"),
        ("POST", "/sparql", urlencode({"update": "CLEAR ALL"}), FORM, 403, "read-only"),
        (
            "POST",
            "/sparql",
            "CLEAR ALL",
            {"Content-Type": "application/sparql-update"},
            403,
            "read-only",
        ),
        ("GET", get(ALL), None, {"Accept": "image/png"}, 406, "acceptable"),
        (
            "POST",
            "/sparql",
            "x" * (MAX_BYTES + 1),
            {"Content-Type": "application/sparql-query"},
            413,
            "limit",
        ),
        ("POST", "/sparql", urlencode({"query": ALL + " " * MAX_BYTES}), FORM, 413, "limit"),
        ("GET", get(ALL), None, {}, 413, "LIMIT"),
        ("PUT", "/sparql", ALL, {"Content-Type": "application/sparql-query"}, 405, ""),
        ("DELETE", "/sparql", None, {}, 405, ""),
        ("POST", "/sparql", ALL, {"Content-Type": "text/plain"}, 415, "Content-Type"),
        (
            "GET",
            get("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"),
            None,
            {},
            400,
            "SERVICE",
        ),
        (
            "GET",
            get("select * where { service silent ?where { ?s ?p ?o } }"),
            None,
            {},
            400,
            "SERVICE",
        ),
        (
            "GET",
            get("SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }"),
            None,
            {},
            400,
            "SERVICE",
        ),
        (
            "GET",
            get("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"),
            None,
            {},
            400,
            "FROM",
        ),
        (
            "GET",
            get("SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }"),
            None,
            {},
            400,
            "FROM",
        ),
    ],
)
def test_status(
    url: str,
    method: str,
    target: str,
    body: str | None,
    headers: dict[str, str],
    status: int,
    message: str,
) -> None:
    got, _, text = call(url, method, target, body, **headers)
    assert got == status, text
    assert message in text


def test_405_names_allowed_methods(url: str) -> None:
    _, headers, _ = call(url, "DELETE", "/sparql")
    assert {m.strip() for m in headers["allow"].split(",")} >= {"GET", "POST"}


def test_from_a_stored_graph_reads_it(url: str) -> None:
    query = f"SELECT ?iso FROM <{ID['article/tokyo']}> WHERE {{ ?c <{DIP.isoCode}> ?iso }}"
    status, _, text = call(url, "GET", get(query))
    assert status == 200, text
    assert [b["iso"]["value"] for b in json.loads(text)["results"]["bindings"]] == ["JPN"]


def test_cors(url: str) -> None:
    status, headers, _ = call(
        url,
        "OPTIONS",
        "/sparql",
        Origin="https://yasgui.example",
        **{
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert status == 200
    assert headers["access-control-allow-origin"] == "*"
    assert {"GET", "POST"} <= {
        m.strip() for m in headers["access-control-allow-methods"].split(",")
    }
    _, headers, _ = call(url, "GET", get("ASK {}"), Origin="https://yasgui.example")
    assert headers["access-control-allow-origin"] == "*"


# --- pages -------------------------------------------------------------------------


def test_stats_and_health(url: str) -> None:
    status, _, text = call(url, "GET", "/stats")
    assert status == 200
    stats = json.loads(text)
    assert (stats["articles"], stats["countries"], stats["meetings"]) == (2, 3, 1)
    expected = len(article_graph("busan", COUNTRIES, True)) + len(
        article_graph("tokyo", {"JPN": "Japan"}, False)
    )
    assert stats["triples"] == expected
    assert call(url, "GET", "/healthz")[:1] == (200,)


@pytest.mark.parametrize("refresh_seconds, articles", [(60.0, 2), (0.0, 3)])
def test_stats_are_recounted_after_refresh_seconds(refresh_seconds: float, articles: int) -> None:
    store = fill(open_store("memory"))
    with running(store, refresh_seconds=refresh_seconds) as base:
        assert json.loads(call(base, "GET", "/stats")[2])["articles"] == 2
        store.replace(article_graph("paris", {"FRA": "France"}, False))
        assert json.loads(call(base, "GET", "/stats")[2])["articles"] == articles
