"""JSON Lines: one article a line, streamed; a bad line is reported and the rest still read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg.corpus.files import decode, max_file_bytes, parse_date, problem, too_large
from kg.errors import InputError
from kg.types import Article

_CHUNK = 1024 * 1024


def iter_jsonl(path: str | Path) -> Iterator[Article | InputError]:
    """Each line's Article, or an InputError naming file and line; the size limit is per line."""
    limit = max_file_bytes()
    try:
        with open(path, "rb") as handle:
            yield from _records(path, handle, limit)
    except FileNotFoundError:
        yield problem(path, "no such file or directory")
    except IsADirectoryError:
        yield problem(path, "is a directory, not a file")
    except OSError as exc:
        yield problem(path, f"cannot read file ({exc.strerror or exc})")


def _records(path: str | Path, handle: BinaryIO, limit: int) -> Iterator[Article | InputError]:
    records = 0
    for number, (data, size) in enumerate(_lines(handle, limit), start=1):
        if data is not None and not data.strip():
            continue
        records += 1
        if data is None:
            yield too_large(path, size, limit, number)
            continue
        try:
            yield _record(path, number, data)
        except InputError as exc:
            yield exc
    if records == 0:
        yield problem(path, "empty file")


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[bytes | None, int]]:
    """(line, size) pairs; a line over the limit is skipped unread: (None, its size)."""
    while True:
        data = handle.readline(limit + 1)
        if not data:
            return
        if len(data) <= limit or data.endswith(b"\n"):
            yield data, len(data)
            continue
        size = len(data)
        while data and not data.endswith(b"\n"):
            data = handle.readline(_CHUNK)
            size += len(data)
        yield None, size


def _record(path: str | Path, number: int, data: bytes) -> Article:
    line = decode(path, data, number)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise problem(path, f"not JSON ({exc.msg} at column {exc.colno})", number) from None
    if not isinstance(record, dict):
        raise problem(path, "not a JSON object", number)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise problem(path, "record has no 'text'", number)
    identifier = record.get("id")
    if identifier is None or str(identifier).strip() == "":
        identifier = f"{Path(path).stem}-{number}"
    try:
        date = parse_date(record.get("date"))
    except ValueError:
        wrong = record.get("date")
        raise problem(path, f"date is not a YYYY-MM-DD date: {wrong!r}", number) from None
    return Article(
        identifier=str(identifier).strip(),
        text=text.strip(),
        title=_string(record.get("title")),
        date=date,
        source=_string(record.get("url")) or str(path),
        license=_string(record.get("license")),
    )


def _string(value: object) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None
