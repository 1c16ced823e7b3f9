"""Nothing a request says makes the endpoint reach out: 45 forms of SERVICE, FROM, LOAD,
USING and dataset parameters (26 queries, each by GET and POST; 15 updates; 4 protocol
parameters), aimed at a loopback listener that counts connections and at local files, are
refused on both kinds of store, and the listener is never called."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from http_server import FORM, TOKEN, call, fill, running

from kg.store import open_store


class Listener:
    """A loopback TCP socket that accepts and counts every connection made to it."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()


LISTENER = Listener()
U = LISTENER.url
TRIPLE = "?s ?p ?o"
QUERIES = [
    f"SELECT * WHERE {{ SERVICE <{U}/sparql> {{ {TRIPLE} }} }}",
    f"SELECT * WHERE {{ SERVICE SILENT <{U}/sparql> {{ {TRIPLE} }} }}",
    f"select * where {{ service <{U}/sparql> {{ {TRIPLE} }} }}",
    f"PREFIX x: <{U}/> SELECT * WHERE {{ SERVICE x:sparql {{ {TRIPLE} }} }}",
    f"SELECT * WHERE {{ VALUES ?e {{ <{U}/sparql> }} SERVICE ?e {{ {TRIPLE} }} }}",
    f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{U}/q> {{ {TRIPLE} }} }} }} }}",
    f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{U}/q> {{ {TRIPLE} }} }} }}",
    f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE <{U}/q> {{ {TRIPLE} }} }} }}",
    f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ SERVICE <{U}/q> {{ {TRIPLE} }} }} }}",
    f"SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ SERVICE <{U}/q> {{ {TRIPLE} }} }} }}",
    f"ASK {{ SERVICE <{U}/q> {{ {TRIPLE} }} }}",
    f"CONSTRUCT {{ {TRIPLE} }} WHERE {{ SERVICE <{U}/q> {{ {TRIPLE} }} }}",
    f"DESCRIBE ?s WHERE {{ SERVICE <{U}/q> {{ {TRIPLE} }} }}",
    f"SELECT * FROM <{U}/data.ttl> WHERE {{ {TRIPLE} }}",
    f"SELECT * FROM NAMED <{U}/data.ttl> WHERE {{ GRAPH ?g {{ {TRIPLE} }} }}",
    f"ASK FROM <{U}/data.ttl> {{ {TRIPLE} }}",
    f"CONSTRUCT {{ {TRIPLE} }} FROM <{U}/data.ttl> WHERE {{ {TRIPLE} }}",
    f"SELECT * FROM <file:///etc/passwd> WHERE {{ {TRIPLE} }}",
    f"SELECT * FROM NAMED <file:///etc/hostname> WHERE {{ GRAPH ?g {{ {TRIPLE} }} }}",
    f"SELECT * WHERE {{ SERVICE <file:///etc/passwd> {{ {TRIPLE} }} }}",
    f"BASE <{U}/> SELECT * FROM <data.ttl> WHERE {{ {TRIPLE} }}",
    f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{U}/q> {{ {TRIPLE} }} }} }}",
    f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE <{U}/q> {{ {TRIPLE} }} }} GROUP BY ?s",
    f"SELECT * WHERE {{ BIND(<{U}/q> AS ?e) SERVICE ?e {{ {TRIPLE} }} }}",
    f"SELECT * WHERE {{ SERVICE <{U.replace('127.0.0.1', 'localhost')}/q> {{ {TRIPLE} }} }}",
    f"SELECT * FROM <{U}/a> FROM <{U}/b> WHERE {{ {TRIPLE} }}",
]
UPDATES = [
    f"LOAD <{U}/data.ttl>",
    f"LOAD SILENT <{U}/data.ttl>",
    f"LOAD <{U}/data.ttl> INTO GRAPH <https://diplomatic-kg.org/id/article/x>",
    "LOAD <file:///etc/passwd>",
    "load <file:///etc/hostname> into graph <https://diplomatic-kg.org/id/article/x>",
    f"INSERT {{ {TRIPLE} }} USING <{U}/g> WHERE {{ {TRIPLE} }}",
    f"INSERT {{ {TRIPLE} }} USING NAMED <{U}/g> WHERE {{ GRAPH ?g {{ {TRIPLE} }} }}",
    f"DELETE {{ {TRIPLE} }} USING <{U}/g> WHERE {{ {TRIPLE} }}",
    f"INSERT {{ {TRIPLE} }} USING <file:///etc/passwd> WHERE {{ {TRIPLE} }}",
    f"INSERT {{ {TRIPLE} }} WHERE {{ SERVICE <{U}/q> {{ {TRIPLE} }} }}",
    f"DELETE {{ {TRIPLE} }} WHERE {{ SERVICE SILENT <{U}/q> {{ {TRIPLE} }} }}",
    f"INSERT {{ {TRIPLE} }} WHERE {{ {{ SELECT * WHERE {{ SERVICE <{U}/q> {{ {TRIPLE} }} }} }} }}",
    f"INSERT DATA {{ <{U}/a> <{U}/b> 'c' }} ; LOAD <{U}/data.ttl>",
    f"PREFIX x: <{U}/> LOAD x:data",
    f"WITH <{U}/g> DELETE {{ {TRIPLE} }} WHERE {{ SERVICE <{U}/q> {{ {TRIPLE} }} }}",
]
PARAMETERS = [
    ("query", "default-graph-uri"),
    ("query", "named-graph-uri"),
    ("update", "using-graph-uri"),
    ("update", "using-named-graph-uri"),
]
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def base(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    where: str | Path = "memory"
    if request.param == "oxigraph":
        where = tmp_path_factory.mktemp("fed") / "store"
    store = fill(open_store(where))
    with running(store, allow_update=True, update_token=TOKEN) as url:
        yield url
    store.close()


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_queries_that_would_reach_out_are_refused(base: str, query: str, method: str) -> None:
    if method == "GET":
        status, _, text = call(base, "GET", "/sparql?" + urlencode({"query": query}))
    else:
        status, _, text = call(base, "POST", "/sparql", urlencode({"query": query}), **FORM)
    assert status == 400, text
    assert "disabled" in text
    assert LISTENER.connections == 0


@pytest.mark.parametrize("update", UPDATES)
def test_updates_that_would_reach_out_are_refused(base: str, update: str) -> None:
    status, _, text = call(base, "POST", "/sparql", urlencode({"update": update}), **FORM, **AUTH)
    assert status == 400, text
    assert "disabled" in text
    assert LISTENER.connections == 0


@pytest.mark.parametrize("kind, parameter", PARAMETERS)
def test_dataset_parameters_are_refused(base: str, kind: str, parameter: str) -> None:
    operation = "ASK {}" if kind == "query" else "CLEAR SILENT GRAPH <urn:x>"
    body = urlencode({kind: operation, parameter: f"{U}/g"})
    status, _, text = call(base, "POST", "/sparql", body, **FORM, **AUTH)
    assert status == 400 and parameter in text
    assert LISTENER.connections == 0

