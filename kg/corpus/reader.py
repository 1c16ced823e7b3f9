"""Dispatch by file type, and walk files and folders into a lazy stream of articles."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.corpus.files import not_regular, problem, skipped, unexpected
from kg.corpus.html import read_html
from kg.corpus.jsonl import iter_jsonl
from kg.corpus.text import read_text
from kg.errors import InputError
from kg.types import Article

#: File name endings read as articles; anything else in a folder is skipped.
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
#: Gold annotations sit beside the articles and are never articles themselves.
GOLD_SUFFIX = ".gold.json"
#: README.md, SOURCES.md, LICENSE.txt: a folder's own documentation, skipped in folder walks.
_DOCUMENTATION = re.compile(r"^[A-Z][A-Z0-9_-]+$")


def read_file(path: str | Path) -> list[Article]:
    """All articles in one file (one, or one per line for JSON Lines); raises InputError."""
    articles = []
    for item in _read_any(Path(path), Path(path).stem):
        if isinstance(item, InputError):
            raise item
        articles.append(item)
    return articles


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | InputError]:
    """Articles from files and folders, read one at a time as the caller asks for them.

    Folders are walked recursively in name order, skipping hidden entries, gold files,
    upper-case documentation files (README.md, SOURCES.md) and files of other types.
    Bad input is yielded as an InputError, not raised, so a batch can report it and go on.

    An article without an ``id``/``url`` of its own is identified by its path relative to
    the folder given, without its suffix (``news/2023/talks``); a file given by itself,
    by its stem.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, "", set())
        elif not path.exists():
            broken = "broken or looping symlink" if path.is_symlink() else None
            yield problem(path, broken or "no such file or directory")
        else:
            yield from _read_any(path, path.stem)


def is_article_file(name: str) -> bool:
    """True for a name a folder walk reads: an article ending, not hidden, gold or README-like."""
    lower = name.lower()
    return (
        not name.startswith(".")
        and not lower.endswith(GOLD_SUFFIX)
        and lower.endswith(ARTICLE_SUFFIXES)
        and not _DOCUMENTATION.match(Path(name).stem)
    )


def _walk(folder: Path, prefix: str, seen: set[str]) -> Iterator[Article | InputError]:
    """Articles under ``folder``, named ``prefix`` + their path below it.

    Each entry is its own failure domain: a broken or looping symlink is an error for that
    entry alone, and an article-named entry that is not a regular file (a named pipe, a
    socket, a device) is skipped with one line, never opened.
    """
    real = os.path.realpath(folder)
    if real in seen:
        return
    seen.add(real)
    try:
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing)
    except OSError as exc:
        yield problem(folder, f"cannot list folder ({exc.strerror or exc})")
        return
    for name in names:
        if name.startswith("."):
            continue
        path = folder / name
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            what = "broken or looping symlink" if path.is_symlink() else "cannot read entry"
            yield problem(path, f"{what} ({exc.strerror or exc})")
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path, f"{prefix}{name}/", seen)
        elif not is_article_file(name):
            continue
        elif (kind := not_regular(mode)) is not None:
            yield skipped(path, kind)
        else:
            yield from _read_any(path, prefix + Path(name).stem)


def _read_any(path: Path, name: str) -> Iterator[Article | InputError]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from iter_jsonl(path, name)
        return
    try:
        if suffix in (".txt", ".md"):
            yield read_text(path, name)
        elif suffix in (".html", ".htm"):
            yield read_html(path, name)
        elif path.is_dir():
            yield problem(path, "is a folder; use iter_articles to read folders")
        else:
            expected = ", ".join(ARTICLE_SUFFIXES)
            yield problem(path, f"not an article file (expected {expected})")
    except InputError as exc:
        yield exc
    except Exception as exc:
        yield unexpected(path, exc)
