"""``kg serve`` under load: 50 clients for 30 s of mixed queries, /healthz alongside, and
the time of a one-triple SPARQL Update.

The store holds the bundled corpus (``kg build corpus/``) plus 2,000 synthetic articles
(facts made directly, as in bench_store.py). The server is a real ``kg serve`` process
with its default settings; the clients are threads of this process on keep-alive
connections. Printed: answers, errors (any status but 200), p50/p95/p99 latency and
throughput; /healthz latency (sampled every 100 ms); the update's median over 20 runs with
the old full rebuild of the union beside it.

    python benchmarks/bench_serve.py [--clients 50] [--seconds 30] [--synthetic 2000]
"""

from __future__ import annotations

import argparse
import http.client
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from bench_store import replace_load
from servers import kg_serve

from kg.store.oxigraph import OxigraphStore
from kg.store.union import RESYNC

ROOT = Path(__file__).resolve().parents[1]
PREFIXES = (
    "PREFIX dip: <https://diplomatic-kg.org/ontology#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX dcterms: <http://purl.org/dc/terms/> "
)
#: A mix of what analysts ask: lookups, joins, aggregates, graphs, ASK.
QUERIES = [
    "SELECT ?c ?label WHERE { ?c a dip:Country ; rdfs:label ?label } LIMIT 50",
    "SELECT ?a ?b WHERE { ?x dip:meets ?y . ?x dip:isoCode ?a . ?y dip:isoCode ?b } LIMIT 500",
    "SELECT ?m (COUNT(?p) AS ?n) WHERE { ?m a dip:Meeting ; dip:participant ?p } "
    "GROUP BY ?m ORDER BY DESC(?n) LIMIT 20",
    'SELECT ?d WHERE { ?m dip:participant/dip:isoCode "FRA" ; dip:date ?d } LIMIT 200',
    'SELECT ?role WHERE { ?p rdfs:label "Emmanuel Macron" ; dip:role ?role }',
    "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dip:Article }",
    'ASK { ?x dip:isoCode "CHN" ; dip:meets ?y }',
    'CONSTRUCT { ?c ?p ?o } WHERE { ?c dip:isoCode "JPN" ; ?p ?o }',
    "SELECT ?t WHERE { ?a a dip:Article ; dcterms:title ?t } ORDER BY ?t LIMIT 100",
    'SELECT ?y WHERE { ?x dip:isoCode "IND" ; dip:meets/dip:meets ?z . ?z dip:isoCode ?y } '
    "LIMIT 300",
]


def build_store(work: Path, synthetic: int) -> Path:
    """The bundled corpus through ``kg build``, then ``synthetic`` articles' facts."""
    store = work / "store"
    subprocess.run(
        [sys.executable, "-m", "kg", "build", str(ROOT / "corpus"), "--store", str(store)],
        check=True,
        capture_output=True,
    )
    opened = OxigraphStore(store)
    try:
        replace_load(opened, synthetic, seed=11)
        opened.optimize()
    finally:
        opened.close()
    return store


class Client(threading.Thread):
    """One client: mixed queries on one keep-alive connection until ``stop``, from a
    loopback address of its own (127.0.0.2, ...), as the server's per-client caps count
    clients by address."""

    def __init__(self, base: str, stop: float, seed: int) -> None:
        super().__init__(daemon=True)
        host, port = base.removeprefix("http://").split(":")
        source = (f"127.0.{seed // 250}.{2 + seed % 250}", 0)
        self.connection = http.client.HTTPConnection(
            host, int(port), timeout=120, source_address=source
        )
        self.stop, self.rng = stop, random.Random(seed)
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}

    def run(self) -> None:
        while time.monotonic() < self.stop:
            query = PREFIXES + self.rng.choice(QUERIES)
            started = time.monotonic()
            try:
                self.connection.request("GET", "/sparql?" + urlencode({"query": query}))
                response = self.connection.getresponse()
                response.read()
                status = str(response.status)
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
                self.connection.close()
            self.latencies.append(time.monotonic() - started)
            if status != "200":
                self.errors[status] = self.errors.get(status, 0) + 1


def sample_health(base: str, stop: float, out: list[float]) -> None:
    host, port = base.removeprefix("http://").split(":")
    while time.monotonic() < stop:
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        started = time.monotonic()
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        out.append(time.monotonic() - started)
        connection.close()
        time.sleep(0.1)


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def load(store: Path, work: Path, clients: int, seconds: float) -> None:
    with kg_serve(store, work) as (base, _):
        host, port = base.removeprefix("http://").split(":")
        for query in QUERIES:  # each shape once, so that none is timed cold
            warm = http.client.HTTPConnection(host, int(port), timeout=120)
            warm.request("GET", "/sparql?" + urlencode({"query": PREFIXES + query}))
            assert warm.getresponse().status == 200, query
            warm.close()
        stop = time.monotonic() + seconds
        pool = [Client(base, stop, seed) for seed in range(clients)]
        health: list[float] = []
        watcher = threading.Thread(target=sample_health, args=(base, stop, health))
        for thread in [*pool, watcher]:
            thread.start()
        for thread in [*pool, watcher]:
            thread.join()
    latencies = [t for c in pool for t in c.latencies]
    errors: dict[str, int] = {}
    for c in pool:
        for status, n in c.errors.items():
            errors[status] = errors.get(status, 0) + n
    ms = [t * 1000 for t in latencies]
    print(f"{clients} clients, {seconds:g} s, {len(QUERIES)} query shapes")
    print(
        f"answers {len(latencies):,} ({len(latencies) / seconds:,.0f}/s), errors "
        f"{sum(errors.values())} {errors or ''}"
    )
    print(
        f"latency p50/p95/p99: {percentile(ms, 50):.0f} / {percentile(ms, 95):.0f} / "
        f"{percentile(ms, 99):.0f} ms (max {max(ms):.0f})"
    )
    hms = [t * 1000 for t in health]
    print(
        f"/healthz: {len(hms)} samples, p50/p99/max {percentile(hms, 50):.1f} / "
        f"{percentile(hms, 99):.1f} / {max(hms):.1f} ms"
    )


def update_latency(store: Path, repeat: int = 20) -> None:
    """One-triple INSERT DATA / DELETE DATA, and the old way (rebuild the union) beside."""
    opened = OxigraphStore(store)
    try:
        graphs = len(opened.graph_names())
        quads = len(opened)
        triple = "<https://example.org/s> <https://example.org/p> 'o'"
        graph = "<https://diplomatic-kg.org/id/article/edit>"
        insert = f"INSERT DATA {{ GRAPH {graph} {{ {triple} }} }}"
        delete = f"DELETE DATA {{ GRAPH {graph} {{ {triple} }} }}"
        timed: dict[str, list[float]] = {"insert": [], "delete": [], "old": []}
        for _ in range(repeat):
            for name, update in (("insert", insert), ("delete", delete)):
                started = time.perf_counter()
                opened.update(update)
                timed[name].append(time.perf_counter() - started)
        for _ in range(3):
            started = time.perf_counter()
            opened._writable().update(f"{insert} ;\n{RESYNC}")
            timed["old"].append(time.perf_counter() - started)
        opened.update(delete)
    finally:
        opened.close()
    med = {k: statistics.median(v) * 1000 for k, v in timed.items()}
    print(
        f"update on {graphs:,} graphs / {quads:,} quads: one-triple INSERT DATA "
        f"{med['insert']:.1f} ms, DELETE DATA {med['delete']:.1f} ms (median of {repeat}); "
        f"rebuilding the union instead: {med['old']:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--synthetic", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.perf_counter()
        store = build_store(work, args.synthetic)
        print(
            f"store: bundled corpus + {args.synthetic:,} synthetic articles "
            f"(built in {time.perf_counter() - started:.0f} s)"
        )
        load(store, work, args.clients, args.seconds)
        update_latency(store)


if __name__ == "__main__":
    main()
