"""A `kg serve` on a free loopback port for the tests, and a raw HTTP client."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import rdflib
from rdflib import RDF, RDFS, Literal

from kg.rdf.namespaces import DIP, ID
from kg.server import make_server
from kg.store.base import Store

PREFIX = "PREFIX dip: <https://diplomatic-kg.org/ontology#> "
COUNTRIES = {"CHN": "China", "JPN": "Japan", "KOR": "South Korea"}
ARTICLE = ID["article/busan"]
TOKEN = "s3cret-token"
MAX_RESULTS = 15
MAX_BYTES = 10_000
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


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
