"""Quality and cost of resolving meetings across articles (kg.meetings).

Quality, on labelled report pairs (every pair of labelled reports: the same meeting or
not): the gold meetings of articles of the bundled corpus (tests/data/meetings/
corpus-tune.json labels each) and the articles written to report the same meetings
differently (tests/data/meetings/articles.jsonl, each report labelled). Measured two ways:
the resolver alone on the labelled report records, and end to end: ``kg.build`` of the
written articles (spaCy extraction), each labelled report matched to the extracted
report of its article that shares the most sides (a missed one is merged with nothing).

Cost: synthetic articles (synthetic_meetings.py: meetings reported one to four times,
differently) stored in publication order into an Oxigraph store, resolved as ``kg build``
does after each load; at ``--small`` and ``--articles`` articles, ``--repeat`` batches of
``--batch`` new articles are stored and resolved, and the resolution's seconds (reading
the store, clustering, writing) are printed, median over the batches.

Writing goes through ``OxigraphStore.update``, which keeps the store's union default graph
in step with each update in proportion to its data (kg.store.union), as a build does.

Memory (``--memory 1000 100000``): the peak resident size of a whole-store ``kg resolve``
and of ``kg export meetings.csv`` at each size, and the peak of kg's Python objects in the
resolution; ``--keep DIR`` keeps the loaded stores (``merge-store-N``, copied before use).

    python benchmarks/bench_merge.py [--articles N] [--small N] [--batch N] [--repeat R]
                                     [--no-e2e] [--no-scale]
    python benchmarks/bench_merge.py --memory [ARTICLES...] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_meetings import reported_meetings

import kg
from kg.graph import KnowledgeGraph
from kg.meetings import Resolution, read_reports
from kg.meetings.pairs import (
    Labelled,
    corpus_records,
    match_extracted,
    resolve_records,
    score,
    written_records,
)
from kg.rdf.namespaces import SPARQL_PREFIXES, event_iri
from kg.store.oxigraph import OxigraphStore
from kg.types import Facts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "meetings"
MEMBERS = SPARQL_PREFIXES + "SELECT ?m ?e WHERE { ?m a dip:CanonicalMeeting ; dip:reportedAs ?e }"


def _overlapping(labelled: list[Labelled]) -> tuple[int, int]:
    """Pairs that share two sides or more (the ones blocking cannot tell apart), and of
    those, the pairs of different meetings."""
    close = different = 0
    for a, b in combinations(labelled, 2):
        if len(a.report.sides & b.report.sides) >= 2:
            close += 1
            different += a.meeting != b.meeting
    return close, different


def quality() -> list[Labelled]:
    """Pair precision and recall of the resolver alone, by source and overall."""
    corpus = corpus_records(ROOT / "corpus", DATA / "corpus-tune.json")
    written = written_records(DATA / "articles.jsonl")
    print("== quality: the resolver alone, on labelled report records")
    for name, labelled in (("corpus gold", corpus), ("written articles", written),
                           ("all labelled reports", corpus + written)):
        close, different = _overlapping(labelled)
        print(f"  {name:<22} {len(labelled):>4} reports, "
              f"{score(labelled, resolve_records(r.report for r in labelled))}")
        print(f"  {'':<22} of which {close} pairs share two sides or more "
              f"({different} of them different meetings)")
    return written


def end_to_end(written: list[Labelled]) -> None:
    """Pair precision and recall through extraction, on the written articles."""
    started = time.perf_counter()
    graph = kg.build(DATA / "articles.jsonl")
    extracted = read_reports(graph.store)
    twins = match_extracted(written, extracted)
    meeting_of = {str(e): str(m) for m, e in graph.query(MEMBERS)}
    predicted = {item.report.iri: meeting_of.get(twins.get(item.report.iri, ""))
                 for item in written}
    print(f"\n== quality end to end: kg build of the {len(written)} labelled reports' articles "
          f"({time.perf_counter() - started:.0f} s)")
    print(f"  extracted occurred reports: {len(extracted)}; labelled reports found: "
          f"{len(twins)}/{len(written)}")
    print(f"  {score(written, predicted)}")
    found = [item for item in written if item.report.iri in twins]
    both = score(found, predicted)
    print(f"  pairs whose two reports were both extracted: {both.same} of one meeting, "
          f"{both.tp} merged; {both.fp} pairs of different meetings merged")


def _median(runs: list[Resolution], field: str) -> float:
    return statistics.median(getattr(r, field) for r in runs)


class Loader:
    """Stores synthetic articles in publication order and resolves them as kg build does."""

    def __init__(self, graph: KnowledgeGraph, total: int) -> None:
        self.graph = graph
        self.stream: Iterator[tuple[Facts, tuple[str, ...]]] = reported_meetings(total)
        self.truth: dict[str, str] = {}
        self.count = 0

    def load(self, n: int) -> tuple[list[str], float]:
        """Store the next ``n`` articles; their IRIs and the seconds it took."""
        started = time.perf_counter()
        iris = []
        for _ in range(n):
            facts, meetings = next(self.stream)
            iris.append(self.graph.add(facts))
            for k, meeting in enumerate(meetings, start=1):
                self.truth[str(event_iri(facts.article.identifier, k))] = meeting
        self.count += n
        return iris, time.perf_counter() - started

    def grow_to(self, size: int, step: int = 10_000) -> None:
        """Builds of ``step`` articles until the store holds ``size``."""
        while self.count < size:
            iris, stored = self.load(min(step, size - self.count))
            done = self.graph.resolve_meetings(iris)
            print(f"  build of {len(iris):,} articles to {self.count:,}: stored in {stored:.0f} s, "
                  f"resolved in {done.seconds:.1f} s ({done.meetings:,} meetings)", flush=True)
        self.graph.optimize()

    def batches(self, batch: int, repeat: int) -> None:
        """Time the resolution of ``repeat`` builds of ``batch`` new articles."""
        runs = []
        for _ in range(repeat):
            iris, _ = self.load(batch)
            runs.append(self.graph.resolve_meetings(iris))
        print(f"  at {self.count - batch * repeat:,} articles, {batch:,} new articles a build "
              f"(median of {repeat}): resolution {_median(runs, 'seconds'):.2f} s = read "
              f"{_median(runs, 'read'):.2f} + cluster {_median(runs, 'clustering'):.2f} + "
              f"write {_median(runs, 'write'):.2f}; {_median(runs, 'reports'):,.0f} reports "
              f"read, {_median(runs, 'written'):,.0f} meetings written", flush=True)

    def synthetic_scores(self) -> str:
        """Pair precision and recall against the synthetic truth, counted by cells."""
        meeting_of = {str(e): str(m) for m, e in self.graph.query(MEMBERS)}
        cells = Counter((self.truth[e], meeting_of[e]) for e in self.truth if e in meeting_of)
        truth = Counter(self.truth[e] for e in self.truth if e in meeting_of)
        merged = Counter(meeting_of[e] for e in self.truth if e in meeting_of)

        def pairs(counts: Counter) -> int:
            return sum(n * (n - 1) // 2 for n in counts.values())

        tp = pairs(cells)
        return (f"precision {tp / max(1, pairs(merged)):.3f}, "
                f"recall {tp / max(1, pairs(truth)):.3f} "
                f"({len(meeting_of):,} reports, {len(truth):,} true meetings, "
                f"{len(merged):,} canonical meetings)")


def scale(args: argparse.Namespace) -> None:
    print(f"\n== cost: synthetic articles in publication order into Oxigraph; "
          f"{args.batch:,} new articles a build")
    with tempfile.TemporaryDirectory() as tmp, KnowledgeGraph(OxigraphStore(tmp)) as g:
        loader = Loader(g, args.articles + 2 * args.batch * args.repeat)
        for size in (args.small, args.articles):
            loader.grow_to(size)
            loader.batches(args.batch, args.repeat)
        print(f"  synthetic truth: {loader.synthetic_scores()}")
        print(f"  quads in store: {len(g):,}")


#: Runs ``kg`` and prints its peak resident size (VmHWM) last. Why not the kernel's
#: ru_maxrss of the child: it counts the benchmark's own memory, which the child shares
#: between fork and exec.
_PEAK = ("import sys; from kg.cli import main; status = main(sys.argv[1:]); "
         "print(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]); "
         "sys.exit(status)")


def peak_rss(*command: str) -> float:
    """Peak resident MiB of ``kg COMMAND...``, run in a process of its own."""
    done = subprocess.run([sys.executable, "-c", _PEAK, *command], capture_output=True,
                          text=True, check=False)
    if done.returncode:
        raise SystemExit(f"kg {' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    return int(done.stdout.split()[-1]) / 1024


def python_peak_of_resolve(store: Path) -> float:
    """Peak MiB of Python objects (tracemalloc) while the whole store is resolved."""
    tracemalloc.start()
    with KnowledgeGraph(OxigraphStore(store)) as g:
        g.resolve_meetings()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def kept_store(size: int, keep: Path) -> Path:
    """``keep``/merge-store-N, loaded with ``size`` synthetic articles unless there already
    (never resolved or changed there: copy it first)."""
    path = keep / f"merge-store-{size}"
    if not (path / "CURRENT").is_file():
        with KnowledgeGraph(OxigraphStore(path)) as g:
            Loader(g, size).load(size)
    return path


def memory(sizes: list[int], keep: Path | None) -> None:
    """Peak memory at each size (synthetic articles) of a whole-store ``kg resolve`` (the
    process's resident peak, Oxigraph's caches included, and kg's own Python objects)
    and of ``kg export meetings.csv`` of the resolved store."""
    print("\n== memory: kg resolve of a whole store, then kg export meetings.csv: peak "
          "resident (each a process of its own), peak of Python objects", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            kept = kept_store(size, keep or Path(tmp))
            path = Path(tmp) / f"resolved-{size}"
            shutil.copytree(kept, path)
            quads = len(OxigraphStore(path, read_only=True))
            started = time.perf_counter()
            resolve = peak_rss("resolve", "--store", str(path))
            seconds = time.perf_counter() - started
            export = peak_rss("export", str(Path(tmp) / "meetings.csv"), "--store", str(path))
            print(f"  {size:,} articles ({quads:,} quads): kg resolve {resolve:,.0f} MiB "
                  f"resident ({seconds:,.0f} s), {python_peak_of_resolve(path):,.0f} MiB of "
                  f"Python objects; kg export meetings.csv {export:,.0f} MiB resident; "
                  f"load average {os.getloadavg()[0]:.1f}", flush=True)
            shutil.rmtree(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-e2e", action="store_true", help="skip the end-to-end build")
    parser.add_argument("--no-scale", action="store_true", help="skip the cost section")
    parser.add_argument("--memory", nargs="*", type=int, metavar="ARTICLES",
                        help="only the peak memory of kg resolve and kg export at these "
                             "store sizes (default 1,000 and 100,000)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="with --memory: keep the loaded stores in DIR (merge-store-N) "
                             "and reuse them")
    args = parser.parse_args()
    if args.memory is not None:
        memory(args.memory or [1_000, 100_000], args.keep)
        return
    written = quality()
    if not args.no_e2e:
        end_to_end(written)
    if not args.no_scale:
        scale(args)


if __name__ == "__main__":
    main()
