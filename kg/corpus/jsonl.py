"""JSON Lines: one article a line, streamed; a bad line is reported and the rest still read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg.corpus.files import (
    decode,
    max_file_bytes,
    open_regular,
    parse_date,
    problem,
    too_large,
    unexpected,
)
from kg.errors import InputError
from kg.types import Article

_CHUNK = 1024 * 1024


def iter_jsonl(path: str | Path, name: str | None = None) -> Iterator[Article | InputError]:
    """Each line's Article, or an InputError naming file and line; the size limit is per line.

    A record is identified by its ``id``, else its ``url``, else ``NAME-LINE``, ``NAME``
    being the file's path relative to the folder read (its stem by default).
    """
    limit = max_file_bytes()
    name = name if name is not None else Path(path).stem
    try:
        with open_regular(path) as handle:
            yield from _records(path, name, handle, limit)
    except InputError as exc:
        yield exc
    except FileNotFoundError:
        yield problem(path, "no such file or directory")
    except IsADirectoryError:
        yield problem(path, "is a directory, not a file")
    except OSError as exc:
        yield problem(path, f"cannot read file ({exc.strerror or exc})")


def _records(
    path: str | Path, name: str, handle: BinaryIO, limit: int
) -> Iterator[Article | InputError]:
    records = 0
    for number, (data, size) in enumerate(_lines(handle, limit), start=1):
        if data is not None and not data.strip():
            continue
        records += 1
        if data is None:
            yield too_large(path, size, limit, number)
            continue
        try:
            yield _record(path, name, number, data)
        except InputError as exc:
            yield exc
        except Exception as exc:
            yield unexpected(path, exc, number)
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


def _record(path: str | Path, name: str, number: int, data: bytes) -> Article:
    line = decode(path, data, number)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise problem(path, f"not JSON ({exc.msg} at column {exc.colno})", number) from None
    except RecursionError:
        raise problem(path, "not JSON (nested too deeply)", number) from None
    if not isinstance(record, dict):
        raise problem(path, "not a JSON object", number)
    fields = {key: _scalar(path, number, record, key) for key in _FIELDS}
    text = fields["text"]
    if text is None or not text.strip():
        raise problem(path, "record has no 'text'", number)
    try:
        date = parse_date(fields["date"])
    except ValueError:
        raise problem(path, f"date is not a YYYY-MM-DD date: {fields['date']!r}", number) from None
    url = _string(fields["url"])
    return Article(
        identifier=(fields["id"] or "").strip() or url or f"{name}-{number}",
        text=text.strip(),
        title=_string(fields["title"]),
        date=date,
        source=url or str(path),
        license=_string(fields["license"]),
        origin=f"{path}:{number}",
    )


#: The keys a record may give; anything else on the line is left alone.
_FIELDS = ("id", "url", "title", "date", "text", "license")


def _scalar(path: str | Path, number: int, record: dict, key: str) -> str | None:
    """A field as text: strings and numbers only, and valid Unicode (JSON's ``\\udfff``
    escapes can spell a lone surrogate, which no UTF-8 output can hold)."""
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise problem(path, f"'{key}' is not a string", number)
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = f"\\u{ord(text[exc.start]):04x}"
        raise problem(
            path, f"'{key}' holds a lone surrogate {bad} at character {exc.start}", number
        ) from None
    return text


def _string(value: str | None) -> str | None:
    text = " ".join(value.split()) if value is not None else ""
    return text or None
