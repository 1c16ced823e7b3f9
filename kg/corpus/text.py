"""Plain-text and Markdown articles: YAML front matter if present, else a cleaned scrape."""

from __future__ import annotations

import re
from pathlib import Path

from kg.corpus.files import decode, parse_date, problem, read_bytes
from kg.corpus.scrape import clean_scrape
from kg.types import Article

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_KEY_LINE = re.compile(r"\A---[ \t]*\n[ \t]*[\w-]+[ \t]*:")
_HAS_PROSE = re.compile(r"\w+(?:\W+\w+){2,}")
#: The front-matter keys an article takes; others (tags, layout, ...) are left alone.
FIELDS = frozenset({"id", "url", "title", "date", "source", "license", "licence"})
_NULL_TAG = "tag:yaml.org,2002:null"


def read_text(path: str | Path, name: str | None = None) -> Article:
    """One article from a .txt/.md file; front matter gives id, title, date, source, licence.

    ``name`` is the article's identity when the front matter gives no ``id``/``url``: its
    path relative to the folder read (the file's stem by default).
    """
    raw = decode(path, read_bytes(path))
    name = name if name is not None else Path(path).stem
    if _FRONT_MATTER.match(raw) or _KEY_LINE.match(raw):
        return _from_front_matter(path, name, raw)
    scraped = clean_scrape(raw)
    if not _HAS_PROSE.search(scraped.text):
        raise problem(path, "no article text found")
    return Article(
        identifier=name,
        text=scraped.text,
        title=scraped.title,
        date=scraped.date,
        source=str(path),
        origin=str(path),
    )


def _from_front_matter(path: str | Path, name: str, raw: str) -> Article:
    match = _FRONT_MATTER.match(raw)
    if match is None:
        raise problem(path, "front matter opened with '---' is never closed")
    meta = parse_front_matter(path, match.group("yaml") or "")
    text = raw[match.end() :].strip()
    if not text:
        raise problem(path, "no article text after the front matter")
    try:
        date = parse_date(meta.get("date"))
    except ValueError:
        wrong = meta.get("date")
        raise problem(path, f"front matter date is not a YYYY-MM-DD date: {wrong!r}") from None
    return Article(
        identifier=_field(meta, "id") or _field(meta, "url") or name,
        text=text,
        title=_field(meta, "title"),
        date=date,
        source=_field(meta, "source") or _field(meta, "url") or str(path),
        license=_field(meta, "license") or _field(meta, "licence"),
        origin=str(path),
    )


def parse_front_matter(path: str | Path, block: str) -> dict[str, str | None]:
    """The article's keys of a YAML front matter block, each a single scalar, as text.

    The block is composed, never constructed: aliases stay shared nodes (a 500-byte
    "billion laughs" is not expanded into gigabytes), no YAML type is built (an unquoted
    ``2023-13-45`` is text for the date check to refuse), and keys the article does not
    use may hold anything.
    """
    import yaml

    try:
        root = yaml.compose(block, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (front matter line {mark.line + 1})" if mark is not None else ""
        reason = getattr(exc, "problem", None) or "not valid YAML"
        raise problem(path, f"broken YAML front matter{where}: {reason}") from None
    except RecursionError:
        raise problem(path, "broken YAML front matter: nested too deeply") from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise problem(path, "front matter is not a mapping of 'key: value' lines")
    meta: dict[str, str | None] = {}
    for key, value in root.value:
        field = str(key.value).lower() if isinstance(key, yaml.ScalarNode) else None
        if field not in FIELDS:
            continue
        if not isinstance(value, yaml.ScalarNode):
            raise problem(path, f"front matter '{field}' is not a single value")
        meta[field] = None if value.tag == _NULL_TAG else value.value
    return meta


def _field(meta: dict[str, str | None], key: str) -> str | None:
    value = meta.get(key)
    text = " ".join(value.split()) if value else ""
    return text or None
