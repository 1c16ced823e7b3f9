"""Words per second of the full extraction pipeline vs the bare spaCy model.

Both run over the same texts (the bundled corpus, repeated), with 1 and 2 processes: the
bare model through ``nlp.pipe(n_process=...)``, the full pipeline as ``kg build --workers``
runs it.
Prints the figures and the ratios; compare ratios, not absolute numbers (shared machine).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from kg.budget import DEFAULT_BUDGET
from kg.config import spacy_model
from kg.corpus import iter_articles
from kg.nlp import extract_many, load_pipeline
from kg.types import Article
from kg.workers import extract_in_processes

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="copies of the corpus")
    args = parser.parse_args()
    base = [a for a in iter_articles([CORPUS]) if isinstance(a, Article)]
    articles = [a for _ in range(args.repeat) for a in base]
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    bare = spacy.load(spacy_model())
    full = load_pipeline()
    print(f"{len(articles)} articles, {words} words, model {spacy_model()}")
    figures = {}
    for processes in (1, 2):
        figures["bare", processes] = words / _timed(
            lambda p=processes: list(bare.pipe(texts, n_process=p, batch_size=16))
        )
        figures["full", processes] = words / _timed(
            lambda p=processes: list(
                extract_many(articles, full)
                if p == 1
                else extract_in_processes(articles, p, DEFAULT_BUDGET)
            )
        )
    for (kind, processes), rate in figures.items():
        print(f"{kind:>4} pipeline, {processes} process(es): {rate:10.0f} words/s")
    for processes in (1, 2):
        ratio = figures["full", processes] / figures["bare", processes]
        print(f"full / bare, {processes} process(es): {ratio:.2f}")
    print(f"full, 2 processes / 1 process: {figures['full', 2] / figures['full', 1]:.2f}")


if __name__ == "__main__":
    main()
