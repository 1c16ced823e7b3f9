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


def read_text(path: str | Path) -> Article:
    """One article from a .txt/.md file; front matter gives title, date, source, licence."""
    raw = decode(path, read_bytes(path))
    stem = Path(path).stem
    if _FRONT_MATTER.match(raw) or _KEY_LINE.match(raw):
        return _from_front_matter(path, stem, raw)
    scraped = clean_scrape(raw)
    if not _HAS_PROSE.search(scraped.text):
        raise problem(path, "no article text found")
    return Article(
        identifier=stem, text=scraped.text, title=scraped.title, date=scraped.date, source=str(path)
    )


def _from_front_matter(path: str | Path, stem: str, raw: str) -> Article:
    match = _FRONT_MATTER.match(raw)
    if match is None:
        raise problem(path, "front matter opened with '---' is never closed")
    meta = _parse_yaml(path, match.group("yaml") or "")
    text = raw[match.end() :].strip()
    if not text:
        raise problem(path, "no article text after the front matter")
    try:
        date = parse_date(meta.get("date"))
    except ValueError:
        wrong = meta.get("date")
        raise problem(path, f"front matter date is not a YYYY-MM-DD date: {wrong!r}") from None
    return Article(
        identifier=stem,
        text=text,
        title=_field(meta, "title"),
        date=date,
        source=_field(meta, "source") or str(path),
        license=_field(meta, "license") or _field(meta, "licence"),
    )


def _parse_yaml(path: str | Path, block: str) -> dict[str, object]:
    import yaml

    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (front matter line {mark.line + 1})" if mark is not None else ""
        reason = getattr(exc, "problem", None) or "not valid YAML"
        raise problem(path, f"broken YAML front matter{where}: {reason}") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise problem(path, "front matter is not a mapping of 'key: value' lines")
    return {str(key).lower(): value for key, value in meta.items()}


def _field(meta: dict[str, object], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
