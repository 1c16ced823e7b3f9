"""No request gets a 5xx from ``kg serve`` but 503: every route of a real server driven
with arbitrary methods, parameters, headers and bodies (hypothesis), and the probe's own
requests. Every parameter is validated (400 with a message)."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sample_facts import busan_facts
from servers import kg_serve

from kg.graph import KnowledgeGraph
from kg.store import open_store

ROUTES = [
    "/",
    "/sparql",
    "/stats",
    "/healthz",
    "/readyz",
    "/explorer/data.json",
    "/explorer/reports",
    "/explorer/entity",
]
NAMES = [
    "query",
    "update",
    "index",
    "meetings",
    "actions",
    "default-graph-uri",
    "named-graph-uri",
    "format",
]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/sparql-query",
    "application/sparql-update",
    "application/json",
    "text/plain; charset=utf-16",
    "",
]
ACCEPTS = [
    "application/sparql-results+json",
    "text/csv",
    "text/turtle",
    "application/ld+json",
    "*/*",
    "",
]
#: Header text: what HTTP/1.1 carries (Latin-1, no line breaks).
HEADER_TEXT = st.text(
    st.characters(min_codepoint=32, max_codepoint=255, exclude_characters="\x7f"), max_size=40
)
#: Parameter values: any text, and numbers in any script (row numbers are parsed): digits
#: that int() reads (Arabic-Indic three), and ones it refuses (superscript two, circled one).
VALUES = st.one_of(
    st.text(max_size=30),
    st.text(st.sampled_from("0123456789²₀①\u0663\u07c1, +-_."), max_size=6),
    st.text(st.characters(categories=["Nd", "No"]), max_size=3),
)
QUERIES = [
    "ASK { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } LIMIT 2",
    "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2",
    "DESCRIBE <https://diplomatic-kg.org/id/country/CHN>",
    'SELECT (STRDT("x", <http://www.w3.org/2001/XMLSchema#integer>) + 1 AS ?n) {}',
    'SELECT (xsd:dateTime("2023-13-45") AS ?d) (1/0 AS ?z) (LANGMATCHES("", "") AS ?l) {}',
    "SELECT * WHERE { ?s ?p ?o } ORDER BY ?o OFFSET 99999999999999999999",
]
#: The probe's requests, and neighbours of them.
PROBES = [
    ("GET", "/explorer/entity?index=%C2%B2", None, {}),
    ("GET", "/explorer/reports?meetings=%C2%B2", None, {}),
    ("GET", "/explorer/reports?actions=%D9%A3,0", None, {}),
    ("GET", "/explorer/entity?index=99999999999999999999999", None, {}),
    ("POST", "/sparql", b"query=ASK{}", {"Content-Length": "\xb2"}),
    ("GET", "/sparql?query=%FF", None, {}),
    ("GET", "/sparql?query=ASK%7B%7D", None, {"Accept": "\xff/\xff;q=\xb2"}),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("fuzz")
    with KnowledgeGraph(open_store(work / "store")) as graph:
        graph.add(busan_facts())
    # Caps off: hypothesis sends many requests from one address on purpose.
    options = ("--timeout", "10", "--client-queries", "0", "--client-seconds", "0")
    with kg_serve(work / "store", work, *options) as (url, _):
        yield url


def send(base: str, method: str, target: str, body: bytes | None, headers: dict[str, str]) -> int:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        connection.putrequest(method, target, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value.encode("latin-1"))
        if body is not None and "Content-Length" not in headers:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        return connection.getresponse().status
    finally:
        connection.close()


def ok(status: int) -> bool:
    return status < 500 or status == 503


@pytest.mark.parametrize(("method", "target", "body", "headers"), PROBES)
def test_the_probes_requests_get_no_5xx(base, method, target, body, headers) -> None:
    status = send(base, method, target, body, headers)
    assert ok(status) and status != 503, (target, status)


@pytest.mark.parametrize("query", QUERIES)
def test_odd_but_valid_queries_get_no_5xx(base: str, query: str) -> None:
    for accept in ACCEPTS:
        target = "/sparql?" + urlencode({"query": query})
        status = send(base, "GET", target, None, {"Accept": accept})
        assert ok(status), (query, accept, status)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    method=st.sampled_from(["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"]),
    route=st.one_of(st.sampled_from(ROUTES), st.text(max_size=20).map(lambda t: "/" + quote(t))),
    params=st.lists(
        st.tuples(st.one_of(st.sampled_from(NAMES), st.text(max_size=8)), VALUES),
        max_size=4,
    ),
    body=st.one_of(st.none(), st.binary(max_size=200), st.text(max_size=200).map(str.encode)),
    content_type=st.one_of(st.sampled_from(CONTENT_TYPES), HEADER_TEXT),
    accept=st.one_of(st.sampled_from(ACCEPTS), HEADER_TEXT),
    origin=st.one_of(st.none(), HEADER_TEXT),
)
def test_no_request_gets_a_5xx_but_503(
    base: str,
    method: str,
    route: str,
    params: list[tuple[str, str]],
    body: bytes | None,
    content_type: str,
    accept: str,
    origin: str | None,
) -> None:
    target = route + ("?" + urlencode(params) if params else "")
    headers = {"Content-Type": content_type, "Accept": accept}
    if origin is not None:
        headers["Origin"] = origin
    status = send(base, method, target, body, headers)
    assert ok(status), (method, target, body, headers, status)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    route=st.sampled_from(["/explorer/entity", "/explorer/reports"]),
    name=st.sampled_from(["index", "meetings", "actions"]),
    value=VALUES,
)
def test_no_row_number_gets_a_5xx(base: str, route: str, name: str, value: str) -> None:
    status = send(base, "GET", f"{route}?{urlencode({name: value})}", None, {})
    assert status in (200, 400), (route, name, value, status)
