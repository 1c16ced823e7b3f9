"""A real ``kg serve`` process under hostile load: first queries at once, runaway queries,
a full queue, and the protocol's edges (HEAD, long URLs).

Each test starts its own server (small settings: ``--timeout 2``) and drives it over HTTP
from several threads; memory is read from the kernel for the server and its workers.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import psutil
import pytest
from sample_facts import busan_facts
from servers import Answer, exchange, kg_serve

from kg.graph import KnowledgeGraph
from kg.store import open_store

#: Real servers at their limits of time, memory, queue and URL length: seconds each.
pytestmark = pytest.mark.slow

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
#: Four-way cross product of every triple: ~600M rows on the Busan store.
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
#: The cross product sorted: held in memory whole, growing by ~200 MB a second.
HOG = CARTESIAN + " ORDER BY ?c ?f ?i ?l"
#: Eight different first queries: each form, paths, filters, aggregates, sub-queries.
FIRST_QUERIES = [
    "PREFIX dip: <https://diplomatic-kg.org/ontology#> SELECT ?c WHERE { ?c a dip:Country }",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
    "DESCRIBE <https://diplomatic-kg.org/id/country/CHN>",
    "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY DESC(?n) LIMIT 2",
    "SELECT ?x WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label>/^"
    "<http://www.w3.org/2000/01/rdf-schema#label> ?y FILTER(isIRI(?x)) } LIMIT 4",
    "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 2 } OPTIONAL { ?s ?q ?r } } LIMIT 5",
    "SELECT ?o WHERE { VALUES ?s { <https://diplomatic-kg.org/id/country/JPN> } ?s ?p ?o "
    'MINUS { ?s ?p "x" } BIND(STR(?o) AS ?t) } LIMIT 5',
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the hand-built Busan article (158 triples)."""
    path = tmp_path_factory.mktemp("serve") / "store"
    with KnowledgeGraph(open_store(path)) as graph:
        graph.add(busan_facts())
    return path


def request(
    base: str, method: str, target: str, body: str | None = None, **headers: str
) -> Answer:
    return exchange(base, method, target, body, **headers)


def sparql(base: str, query: str) -> Answer:
    return request(base, "GET", "/sparql?" + urlencode({"query": query}))


def at_once(calls: list[Callable[[], object]]) -> list:
    """Every call's answer; the calls start together (a barrier), even on a loaded machine."""
    start = threading.Barrier(len(calls))

    def together(call: Callable[[], object]) -> object:
        start.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return [f.result() for f in [pool.submit(together, call) for call in calls]]


def resident_mb(pid: int) -> float:
    """The server's resident memory with all its worker processes."""
    process = psutil.Process(pid)
    family = [process, *process.children(recursive=True)]
    return sum(p.memory_info().rss for p in family if p.is_running()) / 2**20


@pytest.mark.parametrize("where", ["memory", "oxigraph"])
def test_concurrent_first_queries_all_answer(where: str, store: Path, tmp_path: Path) -> None:
    with kg_serve("memory" if where == "memory" else store, tmp_path) as (base, _):
        answers = at_once([lambda q=q: sparql(base, q) for q in FIRST_QUERIES])
        assert [a[0] for a in answers] == [200] * len(FIRST_QUERIES), [a[2] for a in answers]
        assert sparql(base, COUNT)[0] == 200


def test_runaway_queries_are_killed_and_their_memory_returned(store: Path, tmp_path: Path) -> None:
    with kg_serve(store, tmp_path, "--timeout", "2", "--workers", "4") as (base, pid):
        assert sparql(base, COUNT)[0] == 200
        # The explorer's tables are read in the background at start: let them settle first.
        assert request(base, "GET", "/explorer/data.json")[0] == 200
        before = resident_mb(pid)
        answers = at_once([lambda: sparql(base, CARTESIAN)] * 6)
        for status, _, body, seconds in answers:
            assert status == 503, body
            assert b"time limit" in body
            assert 1.9 < seconds < 4.0
        time.sleep(5)
        status, _, body, seconds = sparql(base, COUNT)
        assert status == 200 and seconds < 1.0
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "202"
        assert resident_mb(pid) < before + 100


def test_a_query_past_the_memory_limit_is_stopped(store: Path, tmp_path: Path) -> None:
    options = ("--timeout", "60", "--workers", "1", "--max-query-memory", "300")
    with kg_serve(store, tmp_path, *options) as (base, _):
        status, _, body, seconds = sparql(base, HOG)
        assert status == 503 and b"memory limit of 300 MB" in body
        assert seconds < 60  # stopped by its memory, before the time limit
        assert sparql(base, COUNT)[0] == 200


def test_a_full_queue_is_refused_at_once_with_retry_after(store: Path, tmp_path: Path) -> None:
    # A limit long enough that all four reach the server while the first one runs.
    options = ("--timeout", "5", "--workers", "1", "--queue", "1")
    with kg_serve(store, tmp_path, *options) as (base, _):
        # The explorer's tables are read in the background at start: let them settle first.
        assert request(base, "GET", "/explorer/data.json")[0] == 200
        answers = at_once([lambda: sparql(base, CARTESIAN)] * 4)
        refused = [a for a in answers if "retry-after" in a[1]]
        assert len(refused) == 2, answers
        for status, headers, body, seconds in refused:
            assert (status, headers["retry-after"]) == (503, "1") and seconds < 1.5, body
        for status, _, body, seconds in answers:
            assert status == 503 and (b"busy" in body or seconds > 1.9), body


def test_head_and_long_urls(store: Path, tmp_path: Path) -> None:
    with kg_serve(store, tmp_path) as (base, _):
        query = "/sparql?" + urlencode({"query": COUNT})
        status, headers, body, _ = request(base, "HEAD", query)
        assert (status, body) == (200, b"")
        assert headers["content-type"] == "application/sparql-results+json"
        assert request(base, "HEAD", "/sparql")[0] == request(base, "GET", "/sparql")[0]
        padded = COUNT + " " * 20_000
        assert sparql(base, padded)[0] == 200
        status, _, body, _ = sparql(base, COUNT + " " * 100_000)
        assert status == 414 and b"POST" in body
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        post = urlencode({"query": COUNT + " " * 100_000})
        assert request(base, "POST", "/sparql", post, **form)[0] == 200
