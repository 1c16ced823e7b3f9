"""Peak memory of ``kg build`` at 1k and 10k synthetic articles, and their ratio.

Each build runs in a fresh process on a fresh on-disk store; the peak resident set
size comes from the kernel's accounting of the child process.

``--throughput N`` instead runs ``kg build --workers 1`` end to end (read, extract, RDF,
store, resolve) on N generated articles of news prose (``synthetic.news_articles``,
``--sentences`` each) and prints sentences per hour per core: the sentences written over
the CPU hours of the build process (steady on a shared machine), and over its wall time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_jsonl


def peak_build(count: int, work: Path) -> tuple[float, float]:
    """Build ``count`` articles in a child process; return (peak MiB, seconds)."""
    corpus = write_jsonl(work / f"articles-{count}.jsonl", count)
    code = (
        "import resource, sys; from kg.cli import main; status = main(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(status)"
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, "build", str(corpus), "--store", str(work / f"s{count}")],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    return int(result.stdout.split()[-1]) / 1024, seconds


def throughput(count: int, sentences: int, work: Path) -> None:
    """``kg build`` of ``count`` articles of ``sentences`` sentences, one worker: sentences
    per hour per core, by CPU time and by wall time."""
    corpus = write_jsonl(work / f"news-{count}.jsonl", count, sentences=sentences)
    total = count * sentences
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(corpus), "--workers", "1",
         "--store", str(work / f"news-{count}")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    summary = child.stderr.read() if child.stderr else ""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if status:
        raise SystemExit(f"kg build failed (status {status})")
    cpu = usage.ru_utime + usage.ru_stime
    print(f"kg build --workers 1 of {count:,} articles, {total:,} sentences "
          f"({corpus.stat().st_size / 2**20:.1f} MB): {cpu:,.0f} CPU s, {wall:,.0f} s wall, "
          f"peak {usage.ru_maxrss / 1024:,.0f} MiB; load average {os.getloadavg()[0]:.1f}")
    print("  " + " ".join(summary.split()))
    print(f"  sentences per hour per core: {total / cpu * 3600:,.0f} by CPU time, "
          f"{total / wall * 3600:,.0f} by wall time (goal 1,000,000)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--throughput", type=int, metavar="ARTICLES",
                        help="only sentences per hour per core of kg build, end to end")
    parser.add_argument("--sentences", type=int, default=24,
                        help="sentences an article, with --throughput")
    args = parser.parse_args()
    if args.throughput:
        with tempfile.TemporaryDirectory() as tmp:
            throughput(args.throughput, args.sentences, Path(tmp))
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        small, t_small = peak_build(args.small, work)
        large, t_large = peak_build(args.large, work)
    print(f"{args.small:>7} articles: peak {small:8.1f} MiB in {t_small:6.1f} s")
    print(f"{args.large:>7} articles: peak {large:8.1f} MiB in {t_large:6.1f} s")
    print(f"peak memory ratio {args.large}/{args.small}: {large / small:.2f}")


if __name__ == "__main__":
    main()
