"""A real ``kg serve`` under the issue's probes: workers that die with the server and
bound themselves, honest health checks, a store that vanishes, fair lanes, per-client caps.

Clients are told apart by address: the server listens on 127.0.0.1 only, and a test
client that is "another client" connects to it from another loopback address
(127.0.0.2, ...), which Linux routes over the loopback interface like 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

import psutil
import pytest
from sample_facts import busan_facts
from servers import Answer, exchange, kg_serve

from kg.graph import KnowledgeGraph
from kg.server.cli import STOP_GRACE
from kg.server.pool import SLOW_NICENESS
from kg.store import open_store

#: Real servers with their query processes, pushed to their limits: seconds each.
pytestmark = pytest.mark.slow

#: Four-way cross product of every triple: ~600M rows on the Busan store.
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ASK = "ASK { ?s ?p ?o }"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """An on-disk store holding the hand-built Busan article (158 triples)."""
    path = tmp_path / "store"
    with KnowledgeGraph(open_store(path)) as graph:
        graph.add(busan_facts())
    return path


def request(base: str, target: str, source: str = "127.0.0.1", timeout: float = 120) -> Answer:
    """One GET from loopback address ``source``."""
    return exchange(base, "GET", target, source=source, timeout=timeout)


def sparql(base: str, query: str, source: str = "127.0.0.1") -> Answer:
    return request(base, "/sparql?" + urlencode({"query": query}), source)


@contextlib.contextmanager
def in_background(calls: list[Callable[[], Answer]]) -> Iterator[list[Answer | BaseException]]:
    """Run ``calls`` in threads while the block runs; their answers (or errors) fill the
    list as they come. The block's end does not wait for them past the server's end."""
    answers: list[Answer | BaseException] = []

    def run(call: Callable[[], Answer]) -> None:
        try:
            answers.append(call())
        except BaseException as exc:  # the server went away under it: recorded
            answers.append(exc)

    threads = [threading.Thread(target=run, args=(call,), daemon=True) for call in calls]
    for thread in threads:
        thread.start()
    yield answers


def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def busy_workers(pid: int) -> list[psutil.Process]:
    """The server's query workers now using CPU."""
    busy = []
    for process in psutil.Process(pid).children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            if process.cpu_percent(0.3) > 5:
                busy.append(process)
    return busy


def slow_workers(pid: int) -> list[psutil.Process]:
    """The server's query workers in the slow lane (lowered to niceness 15)."""
    slow = []
    for process in psutil.Process(pid).children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            if process.nice() == SLOW_NICENESS:
                slow.append(process)
    return slow


def test_kill_9_of_the_server_mid_query_leaves_no_process_behind(store: Path, tmp_path) -> None:
    with (
        kg_serve(store, tmp_path, "--timeout", "120") as (base, pid),
        in_background([lambda: sparql(base, CARTESIAN)]),
    ):
        wait_until(lambda: bool(busy_workers(pid)), 60, "the query never ran")
        family = psutil.Process(pid).children(recursive=True)
        assert len(family) >= 3, family  # fork server, resource tracker, workers
        psutil.Process(pid).send_signal(signal.SIGKILL)
        killed = time.monotonic()
        _, alive = psutil.wait_procs(family, timeout=20)
        for process in alive:
            process.kill()
        assert not alive, f"outlived the server: {alive}"
        # The issue asks for 2 s; the bound here leaves room for a loaded machine.
        assert time.monotonic() - killed < 20


def test_sigterm_mid_query_stops_the_server_after_its_grace(store: Path, tmp_path) -> None:
    """Asked to stop while a query of the whole time limit runs, the server gives it
    STOP_GRACE seconds, not the time limit, and leaves no worker behind."""
    with (
        kg_serve(store, tmp_path, "--timeout", "120") as (base, pid),
        in_background([lambda: sparql(base, CARTESIAN)]),
    ):
        wait_until(lambda: bool(busy_workers(pid)), 60, "the query never ran")
        server = psutil.Process(pid)
        family = server.children(recursive=True)
        server.send_signal(signal.SIGTERM)
        _, alive = psutil.wait_procs([server, *family], timeout=STOP_GRACE + 30)
        for process in alive:
            process.kill()
        assert not alive, f"still running long after the grace: {alive}"


def test_a_worker_bounds_itself_when_the_server_cannot(store: Path, tmp_path: Path) -> None:
    """The server is stopped (SIGSTOP) mid-query: the worker's own timer ends the query
    (time limit + 2 s of grace), and its own memory cap is set."""
    with kg_serve(store, tmp_path, "--timeout", "3", "--workers", "1") as (base, pid):
        server = psutil.Process(pid)
        with in_background([lambda: sparql(base, CARTESIAN)]):
            found: list[psutil.Process] = []
            wait_until(lambda: bool(found.extend(busy_workers(pid)) or found), 60, "no query ran")
            worker = found[0]
            limits = Path(f"/proc/{worker.pid}/limits").read_text()
            data = next(line for line in limits.splitlines() if "Max data size" in line)
            assert "unlimited" not in data.split()[3], data
            server.suspend()
            try:
                worker.wait(30)
            finally:
                server.resume()
            assert not worker.is_running()


def test_health_and_readiness(store: Path, tmp_path: Path) -> None:
    options = ("--timeout", "2", "--workers", "1", "--queue", "4")
    with kg_serve(store, tmp_path, *options) as (base, _):
        assert json.loads(request(base, "/healthz")[2]) == {"status": "alive"}
        assert json.loads(request(base, "/readyz")[2]) == {"status": "ready"}
        stop = time.monotonic() + 6

        def client() -> Answer:
            while time.monotonic() < stop:
                answer = sparql(base, CARTESIAN)
            return answer

        with in_background([client] * 3):
            time.sleep(4)
            status, _, body, _ = request(base, "/readyz")
            assert status == 503, body
            reason = json.loads(body)["reason"]
            assert "trivial query" in reason or "no query worker" in reason, reason
            assert request(base, "/healthz")[0] == 200
        wait_until(lambda: request(base, "/readyz")[0] == 200, 30, "never ready again")


def test_a_vanished_store_is_503_everywhere_with_one_message(store: Path, tmp_path) -> None:
    with kg_serve(store, tmp_path) as (base, _):
        assert sparql(base, ASK)[0] == 200
        assert request(base, "/explorer/data.json")[0] == 200
        shutil.rmtree(store)
        targets = [
            "/sparql?" + urlencode({"query": ASK}),
            "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}),
            "/stats",
            "/",
            "/explorer/data.json",
            "/explorer/entity?index=0",
        ]
        answers = [request(base, target) for target in targets]
        assert {a[0] for a in answers} == {503}, answers
        assert len({a[2] for a in answers}) == 1 and b"is gone" in answers[0][2]
        status, _, body, _ = request(base, "/readyz")
        assert status == 503 and "is gone" in json.loads(body)["reason"]
        assert request(base, "/healthz")[0] == 200


def test_a_quick_query_answers_beside_four_expensive_ones(store: Path, tmp_path) -> None:
    """The issue's probe, with default settings: four cartesian queries from one client,
    then an ASK from another answers in under a second."""
    with kg_serve(store, tmp_path) as (base, pid):
        assert sparql(base, ASK)[0] == 200
        with in_background([lambda: sparql(base, CARTESIAN)] * 4) as answers:
            wait_until(lambda: len(slow_workers(pid)) == 3, 120, "no query reached the slow lane")
            status, _, body, seconds = sparql(base, ASK, source="127.0.0.2")
            assert (status, json.loads(body)["boolean"]) == (200, True)
            assert seconds < 1.0
            assert not answers  # the expensive ones are still running


def test_past_the_slow_lane_a_query_is_cut_and_a_worker_comes_back(store, tmp_path) -> None:
    """Four clients, one cartesian query each, four workers: three may run past 2 s,
    the fourth is cut there, and its worker is back for quick queries."""
    with kg_serve(store, tmp_path, "--timeout", "60") as (base, _):
        sources = [f"127.0.0.{n}" for n in range(2, 6)]
        calls = [lambda s=s: sparql(base, CARTESIAN, s) for s in sources]
        with in_background(calls) as answers:
            wait_until(lambda: bool(answers), 50, "no query was cut")
            status, _, body, seconds = answers[0]  # type: ignore[misc]
            assert status == 503 and b"kept for quick queries" in body, body
            assert seconds < 50
            wait_until(lambda: sparql(base, ASK, "127.0.0.9")[3] < 1.0, 30, "no quick lane")
            assert len(answers) == 1


def test_per_client_caps_answer_429_with_retry_after(store: Path, tmp_path: Path) -> None:
    options = ("--timeout", "3", "--client-queries", "2", "--client-seconds", "2")
    with kg_serve(store, tmp_path, *options) as (base, pid):
        with in_background([lambda: sparql(base, CARTESIAN)] * 2) as answers:
            wait_until(lambda: len(busy_workers(pid)) >= 1, 60, "the queries never ran")
            status, headers, body, _ = sparql(base, ASK)
            assert (status, headers.get("retry-after")) == (429, "1"), body
            assert b"at most 2" in body
            assert sparql(base, ASK, "127.0.0.2")[0] == 200
            wait_until(lambda: len(answers) == 2, 60, "the time limit never came")
        status, headers, body, _ = sparql(base, ASK)
        assert status == 429 and b"query time" in body, body
        assert 1 <= int(headers["retry-after"]) <= 60
        assert sparql(base, ASK, "127.0.0.2")[0] == 200
