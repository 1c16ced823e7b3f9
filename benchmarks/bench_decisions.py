"""What the decisions layer costs: the bundled corpus through kg's pipeline with the
shipped model deciding and with every candidate kept, CPU seconds of this process (best
of ``--repeat`` runs each, alternated, so a busy machine weighs on both alike).

    python benchmarks/bench_decisions.py [--repeat 2] [PATH ...]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.corpus import iter_articles
from kg.nlp import load_pipeline
from kg.nlp.document import article_doc

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Print the CPU seconds with and without the model, and the share it adds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "corpus"])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    nlp = load_pipeline()
    articles = [a for a in iter_articles(args.paths) if not isinstance(a, Exception)]
    discourse = nlp.get_pipe("kg_discourse")
    shipped = discourse.decisions

    def run() -> float:
        started = time.process_time()
        for _ in nlp.pipe((article_doc(nlp, a) for a in articles), batch_size=16):
            pass
        return time.process_time() - started

    run()
    seconds: dict[str, list[float]] = {"with the model": [], "every candidate kept": []}
    for _ in range(args.repeat):
        for label, decisions in (("with the model", shipped), ("every candidate kept", None)):
            discourse.decisions = decisions
            seconds[label].append(run())
    discourse.decisions = shipped
    best = {label: min(values) for label, values in seconds.items()}
    for label, value in best.items():
        print(f"{label:<22}{value:8.2f} s CPU ({len(articles)} articles)")
    added = best["with the model"] / best["every candidate kept"] - 1
    print(f"{'the model adds':<22}{100 * added:7.1f} %")


if __name__ == "__main__":
    main()
