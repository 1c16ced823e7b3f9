"""Safe reading of one input file: size limit, binary and encoding checks, date fields.

Every problem becomes an :class:`~kg.errors.InputError` whose message is one line,
``"PATH: problem"``, so a batch run can report it and go on with the next file.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError, KGError

#: Environment variable that sets the largest file (or JSON line) read, in megabytes.
MAX_FILE_MB_ENV = "KG_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 20.0


def max_file_bytes() -> int:
    """The size limit in bytes, read from ``KG_MAX_FILE_MB`` when asked for (default 20 MB)."""
    raw = os.environ.get(MAX_FILE_MB_ENV, "").strip()
    if not raw:
        return int(DEFAULT_MAX_FILE_MB * 1024 * 1024)
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = -1.0
    if not megabytes > 0:
        raise KGError(f"{MAX_FILE_MB_ENV} must be a positive number of megabytes, got {raw!r}")
    return int(megabytes * 1024 * 1024)


def problem(path: str | Path, message: str, line: int | None = None) -> InputError:
    """An InputError whose message names the file (and line) on one line."""
    where = f"{path}:{line}" if line is not None else str(path)
    return InputError(f"{where}: {' '.join(message.split())}")


def unexpected(path: str | Path, exc: BaseException, line: int | None = None) -> InputError:
    """The error for a failure no check foresaw (a parser's own bug, a recursion limit)."""
    return problem(path, f"cannot read ({type(exc).__name__}: {exc})", line)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def too_large(path: str | Path, size: int, limit: int, line: int | None = None) -> InputError:
    """The error for input over the size limit, saying how to raise the limit."""
    what = "line" if line is not None else "file"
    return problem(
        path,
        f"{what} too large ({_megabytes(size)} > {_megabytes(limit)} limit; "
        f"set {MAX_FILE_MB_ENV} to raise it)",
        line,
    )


#: What a file that is not a regular file is, by its ``stat`` mode.
_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


def not_regular(mode: int) -> str | None:
    """What a ``stat`` mode is if it is not a regular file ("a named pipe"), else None."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def skipped(path: str | Path, kind: str) -> InputError:
    """The error for an entry that is not a regular file: it is never opened."""
    return problem(path, f"skipped: {kind}, not a regular file (never opened)")


def open_regular(path: str | Path) -> BinaryIO:
    """The file opened for reading, if it is a regular file; InputError (or OSError) if not.

    A named pipe would block the build forever and a device may do anything when opened,
    so the kind is checked with ``stat`` first, and again on the open descriptor (the
    entry may have been swapped in between; ``O_NONBLOCK`` keeps that open from waiting).
    """
    kind = not_regular(os.stat(path).st_mode)
    if kind is None:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        kind = not_regular(os.fstat(fd).st_mode)
        if kind is None:
            return os.fdopen(fd, "rb")
        os.close(fd)
    raise skipped(path, kind)


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, refused by size (checked with stat first) before anything is read."""
    limit = max_file_bytes()
    try:
        size = os.stat(path).st_size
        if size > limit:
            raise too_large(path, size, limit)
        with open_regular(path) as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise problem(path, "no such file or directory") from None
    except IsADirectoryError:
        raise problem(path, "is a directory, not a file") from None
    except OSError as exc:
        raise problem(path, f"cannot read file ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise too_large(path, len(data), limit)
    if not data.strip():
        raise problem(path, "empty file")
    return data


def decode(path: str | Path, data: bytes, line: int | None = None) -> str:
    """Bytes as UTF-8 text (a BOM is dropped); binary or other encodings are refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise problem(path, "not UTF-8 (UTF-16 byte order mark); re-save the file as UTF-8", line)
    if b"\x00" in data:
        raise problem(path, "binary file (contains NUL bytes), not text", line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise problem(
            path,
            f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8",
            line,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_date(value: object) -> dt.date | None:
    """An ISO date (or datetime) as a date; None for no value; ValueError if unparsable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return dt.datetime.fromisoformat(text).date()
    raise ValueError(f"not a date: {value!r}")
