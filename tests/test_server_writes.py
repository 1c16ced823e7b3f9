"""`kg serve` over real HTTP: updates and their token, the time limit, binding and the command."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
import rdflib
from http_server import FORM, PREFIX, TOKEN, call, fill, get, running

from kg.errors import KGError
from kg.rdf.namespaces import DIP, ID
from kg.server import add_serve_command, create_app, make_server, run_serve
from kg.store import open_store

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
