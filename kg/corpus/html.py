"""HTML pages: main-text extraction with trafilatura (boilerplate, menus and ads dropped)."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from pathlib import Path

from kg.corpus.files import decode, parse_date, problem, read_bytes
from kg.errors import InputError
from kg.types import Article

_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
#: Extracted text counts as an article only with a line of at least this many words.
MIN_PROSE_WORDS = 6


def read_html(path: str | Path) -> Article:
    """One article from an HTML page; title, date and URL come from the page's metadata."""
    import trafilatura

    page = _decode_page(path, read_bytes(path))
    document = trafilatura.bare_extraction(page, with_metadata=True)
    text = (document.text or "") if document is not None else ""
    title = _clean(document.title) if document is not None else None
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and title is not None and lines[0].casefold() == title.casefold():
        lines = lines[1:]
    if not any(len(line.split()) >= MIN_PROSE_WORDS for line in lines):
        raise problem(path, "no article text found")
    url = _clean(document.url)
    return Article(
        identifier=Path(path).stem,
        text="\n\n".join(lines),
        title=title,
        date=_date(document.date),
        source=url or str(path),
        license=_clean(getattr(document, "license", None)),
    )


def _decode_page(path: str | Path, data: bytes) -> str:
    """UTF-8, or the charset the page itself declares; never a silent guess."""
    try:
        return decode(path, data)
    except InputError:
        declared = _CHARSET.search(data[:4096])
        if declared is None or b"\x00" in data:
            raise
        name = declared.group(1).decode("ascii")
    try:
        codecs.lookup(name)
        return data.decode(name).replace("\r\n", "\n")
    except (LookupError, UnicodeDecodeError):
        raise problem(path, f"not UTF-8, nor the charset the page declares ({name})") from None


def _clean(value: str | None) -> str | None:
    text = " ".join(value.split()) if value else ""
    return text or None


def _date(value: str | None) -> dt.date | None:
    """The page's date if metadata gives a full date; a partial or odd one is dropped."""
    try:
        return parse_date(value)
    except ValueError:
        return None
