"""Peak memory of ``kg build`` at 1k and 10k synthetic articles, and their ratio.

Each build runs in a fresh process on a fresh on-disk store; the peak resident set
size comes from the kernel's accounting of the child process.
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        small, t_small = peak_build(args.small, work)
        large, t_large = peak_build(args.large, work)
    print(f"{args.small:>7} articles: peak {small:8.1f} MiB in {t_small:6.1f} s")
    print(f"{args.large:>7} articles: peak {large:8.1f} MiB in {t_large:6.1f} s")
    print(f"peak memory ratio {args.large}/{args.small}: {large / small:.2f}")


if __name__ == "__main__":
    main()
