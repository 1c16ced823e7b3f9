"""Reading time against input size, up to the 20 MB limit: the readers must be linear.

Each shape is written at each size and read with ``kg.corpus.read_file`` (best of
``--repeat`` runs); the last column is the time per MB relative to the smallest size, which
stays near 1 for a linear reader (the scrape cleaner's old ``body.pop(0)`` made repeated
lines quadratic: 2.1 MB took 8 s, 19.8 MB 671 s).

    python benchmarks/bench_readers.py [--sizes 1,2,5,10,20] [--shapes all]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kg.corpus import iter_articles
from kg.types import Article

MB = 1024 * 1024
SENTENCE = "The foreign ministers of Chile and Peru met in Lima on Monday to discuss trade. "
HEADLINE = "Chile and Peru hold talks in Lima"


def repeated_headline(size: int) -> str:
    """A scrape whose headline line repeats all the way down (the quadratic case)."""
    line = HEADLINE + "\n"
    return "Site name\n\n" + line * (size // len(line)) + SENTENCE


def scrape(size: int) -> str:
    """A scrape of many paragraphs."""
    paragraph = SENTENCE * 4 + "\n\n"
    return f"Site name\n\n{HEADLINE}\n\n" + paragraph * (size // len(paragraph))


def one_line(size: int) -> str:
    """A single line of prose with no break at all."""
    return SENTENCE * (size // len(SENTENCE))


def front_matter(size: int) -> str:
    """YAML front matter and a long body."""
    return "---\ntitle: Talks\ndate: 2023-11-26\n---\n" + scrape(size)


def jsonl(size: int) -> str:
    """One JSON line holding the whole article (its escapes kept within ``size``)."""
    return json.dumps({"id": "big", "text": scrape(size * 19 // 20)}) + "\n"


def html(size: int) -> str:
    """An HTML page of many paragraphs."""
    paragraph = f"<p>{SENTENCE * 4}</p>\n"
    body = paragraph * (size // len(paragraph))
    return (
        f"<html><head><title>{HEADLINE}</title></head><body><article>{body}</article></body></html>"
    )


SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "repeated-headline": (".txt", repeated_headline),
    "scrape": (".txt", scrape),
    "one-line": (".txt", one_line),
    "front-matter": (".md", front_matter),
    "jsonl": (".jsonl", jsonl),
    "html": (".html", html),
}


def best_time(path: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        (article,) = iter_articles([path])
        assert isinstance(article, Article), article
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,5,10,20", help="sizes in MB, comma-separated")
    parser.add_argument("--shapes", default="all", help=f"comma-separated of {', '.join(SHAPES)}")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    shapes = list(SHAPES) if args.shapes == "all" else args.shapes.split(",")
    print(f"{'shape':<18}{'MB':>6}{'seconds':>10}{'s/MB':>8}{'vs smallest':>13}")
    with tempfile.TemporaryDirectory() as folder:
        for shape in shapes:
            suffix, make = SHAPES[shape]
            first = None
            for size in sizes:
                path = Path(folder) / f"{shape}{suffix}"
                path.write_text(make(int(size * MB) - 200), encoding="utf-8")
                megabytes = path.stat().st_size / MB
                seconds = best_time(path, args.repeat)
                per_mb = seconds / megabytes
                first = first or per_mb
                print(
                    f"{shape:<18}{megabytes:>6.1f}{seconds:>10.2f}{per_mb:>8.3f}"
                    f"{per_mb / first:>13.2f}"
                )


if __name__ == "__main__":
    main()
