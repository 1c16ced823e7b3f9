"""Words per second of the full extraction pipeline vs the bare spaCy model.

Both run over the same texts (the bundled corpus, repeated), with 1 and 2 processes: the
bare model through ``nlp.pipe(n_process=...)``, the full pipeline as ``kg build --workers``
runs it.
Prints the figures and the ratios; compare ratios, not absolute numbers (shared machine).

``--lengths`` times single articles of 10 KB, 100 KB and 1 MB instead, of varied prose, of a
chronicle of encounters and of one repeated sentence (``long_articles.py``), and prints
CPU seconds per 1,000 words for each beside bare spaCy's: linear extraction keeps them flat.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy
from long_articles import SHAPES, long_article

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


def _cpu(run) -> float:
    """CPU seconds of this process: steadier than wall time on a shared machine."""
    started = time.process_time()
    run()
    return time.process_time() - started


def lengths(sizes: list[int]) -> None:
    """Seconds per 1,000 words of one article of each shape and size, kg and bare spaCy."""
    bare = spacy.load(spacy_model())
    full = load_pipeline()
    warm = long_article("prose", 2_000)
    list(extract_many([warm], full))
    bare(warm.text)
    print(f"{'shape':>10} {'size':>9} {'words':>8} {'kg s/1k words':>14} {'bare s/1k':>10}")
    for shape in SHAPES:
        for size in sizes:
            article = long_article(shape, size)
            words = len(article.text.split()) / 1000
            kg_s = _cpu(lambda a=article: list(extract_many([a], full)))
            bare_s = _cpu(lambda a=article: bare(a.text))
            print(f"{shape:>10} {size:>9,} {words * 1000:>8.0f} {kg_s / words:>14.3f} "
                  f"{bare_s / words:>10.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="copies of the corpus")
    parser.add_argument("--lengths", nargs="*", type=int, metavar="BYTES",
                        help="time single long articles (default 10 KB, 100 KB, 990 KB)")
    args = parser.parse_args()
    if args.lengths is not None:
        lengths(args.lengths or [10_000, 100_000, 990_000])
        return
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
    bare_cpu = _cpu(lambda: list(bare.pipe(texts, batch_size=16)))
    full_cpu = _cpu(lambda: list(extract_many(articles, full)))
    print(f"full / bare, 1 process, in CPU seconds (steadier on a shared machine): "
          f"{bare_cpu / full_cpu:.2f} ({full_cpu:.1f} s against {bare_cpu:.1f} s)")


if __name__ == "__main__":
    main()
