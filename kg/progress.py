"""The progress bar of ``kg build``: a total counted up front, so it can show an ETA.

Counting reads no article: one per article file in the folders given (as the reader
walks them), one per non-blank line of a JSON Lines file. A file that turns out to hold
no article still counts, so the total is an upper bound and the bar may end short.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from kg.corpus.reader import is_article_file

T = TypeVar("T")


def count_inputs(paths: Iterable[str | Path]) -> int:
    """How many articles ``paths`` (files and folders) hold, at most."""
    total = 0
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                total += sum(_articles_in(Path(folder) / f) for f in files if is_article_file(f))
        elif path.is_file():
            total += _articles_in(path)
    return total


def _articles_in(path: Path) -> int:
    if path.suffix.lower() != ".jsonl":
        return 1
    try:
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return 1


def progress_bar(items: Iterable[T], paths: Iterable[str | Path]) -> Iterator[T]:
    """``items`` with a bar on stderr: articles done, total, rate and time left."""
    from tqdm import tqdm

    yield from tqdm(
        items,
        total=count_inputs(paths) or None,
        unit=" articles",
        file=sys.stderr,
        dynamic_ncols=True,
        leave=False,
    )
