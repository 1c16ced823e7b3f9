"""`kg serve` over real HTTP on loopback, driven by real SPARQL clients.

Each server is uvicorn on a free port in a background thread; the clients are
SPARQLWrapper, rdflib's SPARQLStore, and http.client for the status codes.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, JSONLD, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper

from kg.errors import KGError
from kg.rdf.namespaces import DIP, ID
from kg.server import add_serve_command, create_app, make_server, run_serve
from kg.server.results import negotiate, term_nt
from kg.store import open_store
from kg.store.base import Store

PREFIX = "PREFIX dip: <https://diplomatic-kg.org/ontology#> "
COUNTRIES = {"CHN": "China", "JPN": "Japan", "KOR": "South Korea"}
ARTICLE = ID["article/busan"]
TOKEN = "s3cret-token"
MAX_RESULTS = 15
MAX_BYTES = 10_000


def article_graph(name: str, countries: dict[str, str], meeting: bool) -> rdflib.Graph:
    """One article's named graph: the article, its countries and maybe one meeting."""
    graph = rdflib.Graph(identifier=ID[f"article/{name}"])
    article = ID[f"article/{name}"]
    graph.add((article, RDF.type, DIP.Article))
    for iso, label in countries.items():
        country = ID[f"country/{iso}"]
        graph.add((country, RDF.type, DIP.Country))
        graph.add((country, RDFS.label, Literal(label)))
        graph.add((country, DIP.isoCode, Literal(iso)))
        graph.add((article, DIP.mentions, country))
    if meeting:
        event = ID[f"event/{name}-1"]
        graph.add((event, RDF.type, DIP.Meeting))
        graph.add((event, DIP.status, Literal("occurred")))
        for iso in countries:
            graph.add((event, DIP.participant, ID[f"country/{iso}"]))
    return graph


def fill(store: Store) -> Store:
    store.replace(article_graph("busan", COUNTRIES, meeting=True))
    store.replace(article_graph("tokyo", {"JPN": "Japan"}, meeting=False))
    return store


@contextmanager
def running(store: Store, **options: Any) -> Iterator[str]:
    """Serve ``store`` on a free loopback port; yields the base URL."""
    server = make_server(store, port=0, **options)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    host, port = server.servers[0].sockets[0].getsockname()[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A read-only endpoint over each backend, with small size limits."""
    where = "memory" if request.param == "memory" else tmp_path_factory.mktemp("ox") / "store"
    store = fill(open_store(where))
    with running(store, max_results=MAX_RESULTS, max_request_bytes=MAX_BYTES) as base:
        yield base
    store.close()


def call(
    base: str, method: str, target: str, body: str | bytes | None = None, **headers: str
) -> tuple[int, dict[str, str], str]:
    """One raw HTTP exchange: status, lower-cased headers, text."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=20)
    try:
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text
    finally:
        connection.close()


def get(query: str, **params: str) -> str:
    return "/sparql?" + urlencode({"query": query, **params})


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

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ALL = "SELECT * WHERE { ?s ?p ?o }"


@pytest.mark.parametrize(
    "method, target, body, headers, status, message",
    [
        ("GET", get("SELEC * WHERE { ?s ?p ?o }"), None, {}, 400, "bad SPARQL query"),
        ("GET", "/sparql", None, {}, 400, "missing 'query'"),
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


def test_explorer_page(url: str) -> None:
    status, headers, text = call(url, "GET", "/")
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert "South Korea" in text
    assert call(url, "GET", "/")[2] == text


# --- updates -----------------------------------------------------------------------

INSERT = (
    "PREFIX dip: <https://diplomatic-kg.org/ontology#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "INSERT DATA { GRAPH <https://diplomatic-kg.org/id/article/new> { "
    '<https://diplomatic-kg.org/id/country/FRA> a dip:Country ; rdfs:label "France" } }'
)


@pytest.fixture(scope="module")
def writable() -> Iterator[str]:
    with running(fill(open_store("memory")), allow_update=True, update_token=TOKEN) as base:
        yield base


@pytest.mark.parametrize(
    "authorization, status",
    [(None, 403), ("Bearer wrong-token", 403), (f"Basic {TOKEN}", 403), (f"Bearer {TOKEN}", 200)],
)
def test_update_needs_the_token(writable: str, authorization: str | None, status: int) -> None:
    headers = {"Content-Type": "application/sparql-update"}
    if authorization:
        headers["Authorization"] = authorization
    got, _, text = call(writable, "POST", "/sparql", INSERT, **headers)
    assert got == status, text
    ask = PREFIX + 'ASK { ?c rdfs:label "France" }'
    answer = json.loads(
        call(writable, "GET", get("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + ask))[2]
    )
    assert answer["boolean"] is (status == 200)
    if status == 200:
        assert json.loads(call(writable, "GET", "/stats")[2])["countries"] == 4
        assert "France" in call(writable, "GET", "/")[2]
        call(
            writable,
            "POST",
            "/sparql",
            urlencode({"update": "DROP GRAPH <https://diplomatic-kg.org/id/article/new>"}),
            Authorization=f"Bearer {TOKEN}",
            **FORM,
        )


@pytest.mark.parametrize(
    "update, message",
    [
        ("LOAD <http://example.org/data.ttl>", "LOAD"),
        ("LOAD <file:///etc/passwd> INTO GRAPH <http://x/g>", "LOAD"),
        ("INSERT { ?s ?p ?o } USING <http://example.org/g> WHERE { ?s ?p ?o }", "USING"),
        (
            "INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            "SERVICE",
        ),
        ("INSERT DAT { }", "bad SPARQL update"),
    ],
)
def test_update_refuses_federation(writable: str, update: str, message: str) -> None:
    status, _, text = call(
        writable,
        "POST",
        "/sparql",
        update,
        **{"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert status == 400
    assert message in text


def test_updates_need_a_token() -> None:
    with pytest.raises(KGError, match="token"):
        create_app(open_store("memory"), allow_update=True)


# --- time limit --------------------------------------------------------------------


def test_timeout_answers_503_and_stops_the_query() -> None:
    store = open_store("memory")
    graph = rdflib.Graph(identifier=ID["article/big"])
    for i in range(1500):
        graph.add((ID[f"x/{i}"], DIP.next, ID[f"x/{i + 1}"]))
    store.replace(graph)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
    with running(store, timeout=0.5) as base:
        started = time.monotonic()
        status, _, text = call(base, "GET", get(slow))
        assert status == 503, text
        assert "time limit" in text
        assert time.monotonic() - started < 5
        deadline = time.monotonic() + 10
        while any(t.name == "kg-sparql" for t in threading.enumerate()):
            assert time.monotonic() < deadline, "the timed-out query kept running"
            time.sleep(0.05)
        status, _, text = call(base, "GET", get("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
        assert status == 200
        assert json.loads(text)["results"]["bindings"][0]["n"]["value"] == "1500"


# --- binding and the command -------------------------------------------------------


def test_binds_loopback_by_default() -> None:
    server = make_server(open_store("memory"), port=0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    try:
        assert server.servers[0].sockets[0].getsockname()[0] == "127.0.0.1"
    finally:
        server.should_exit = True
        thread.join(10)


def parse_serve(*argv: str) -> Any:
    import argparse

    parser = argparse.ArgumentParser(prog="kg")
    add_serve_command(parser.add_subparsers(dest="command"))
    return parser.parse_args(["serve", *argv])


def test_serve_command_defaults() -> None:
    args = parse_serve()
    assert (args.host, args.port, args.timeout, args.allow_update) == (
        "127.0.0.1",
        8000,
        30.0,
        False,
    )
    assert args.handler is run_serve


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--store", "{tmp}/absent"], "no store here"),
        (["--store", "memory", "--allow-update"], "KG_UPDATE_TOKEN"),
    ],
)
def test_serve_command_errors(
    argv: list[str],
    message: str,
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("KG_UPDATE_TOKEN", raising=False)
    args = parse_serve(*(a.replace("{tmp}", str(tmp_path)) for a in argv))
    assert run_serve(args) == 1
    assert message in capsys.readouterr().err
