"""Files written whole or not at all: a temporary file beside the target, then a rename.

An export cut short (a full disk, a killed process) must not leave a truncated file that
looks like a graph: the old file stays as it was, and the temporary one is removed.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import KGError


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A path to write ``path``'s new content to; it becomes ``path`` when the block ends
    without error. The temporary name keeps the extension (writers pick formats by it).

    A target that is not a regular file (``/dev/stdout``, a pipe) is written directly.
    """
    target = Path(path)
    try:
        special = not stat.S_ISREG(target.stat().st_mode)
    except FileNotFoundError:
        special = False
    if special:
        yield target
        return
    temp = target.with_name(f".{target.stem}.{secrets.token_hex(4)}.partial{target.suffix}")
    try:
        yield temp
        os.replace(temp, target)
    except (KGError, OSError) as exc:
        temp.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        reason = reason.replace(f"{temp}: ", "").replace(str(temp), str(target))
        raise KGError(f"{target}: not written ({reason}); any earlier file is unchanged") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
