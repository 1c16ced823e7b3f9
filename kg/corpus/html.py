"""HTML pages: main-text extraction with trafilatura (boilerplate, menus and ads dropped)."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from pathlib import Path
from typing import Any

from kg.corpus.files import decode, parse_date, problem, read_bytes
from kg.errors import InputError
from kg.types import Article

_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
#: Extracted text counts as an article only with a line of at least this many words.
MIN_PROSE_WORDS = 6
#: libxml2 keeps at most this many nested elements (2048 with ``huge_tree``); a page of
#: more wrappers is read again without its wrapper and inline tags (table, div, b...).
_LIBXML_MAX_DEPTH = 255
#: Deeper elements are unwrapped before extraction (see ``_flatten``).
MAX_DEPTH = 64
_WRAPPER = re.compile(
    r"</?(?:div|span|font|section|center|table|t[dhr]|tbody|thead|[biu]|em|strong|small|big"
    r"|blockquote|[ou]l|li|d[ldt]|a)\b[^<>]{0,2000}>",
    re.I,
)


def read_html(path: str | Path, name: str | None = None) -> Article:
    """One article from an HTML page; title, date and URL come from the page's metadata.

    ``name`` is the article's identity: its path relative to the folder read (the file's
    stem by default); the page's own URL becomes its source.
    """
    page = _decode_page(path, read_bytes(path))
    document, lines = _extract(page)
    if not lines and len(_WRAPPER.findall(page, 0, 1_000_000)) > _LIBXML_MAX_DEPTH:
        document, lines = _extract(_WRAPPER.sub(" ", page))
    if document is None or not lines:
        raise problem(path, "no article text found")
    title = _clean(document.title)
    if title is not None and lines[0].casefold() == title.casefold():
        lines = lines[1:]
    url = _clean(document.url)
    return Article(
        identifier=name if name is not None else Path(path).stem,
        text="\n\n".join(lines),
        title=title,
        date=_date(document.date),
        source=url or str(path),
        license=_clean(getattr(document, "license", None)),
        origin=str(path),
    )


def _extract(page: str) -> tuple[Any, list[str]]:
    """trafilatura's document and its non-empty lines; no lines if none is prose."""
    import trafilatura

    document = trafilatura.bare_extraction(_parse(page), with_metadata=True)
    text = (document.text or "") if document is not None else ""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not any(len(line.split()) >= MIN_PROSE_WORDS for line in lines):
        return document, []
    return document, lines


def _parse(page: str) -> object:
    """The page as an lxml tree, without libxml2's limit of 255 nested elements (a page
    nested deeper would lose its text) and flattened below ``MAX_DEPTH`` levels;
    trafilatura parses the text itself if lxml fails."""
    from lxml import etree, html

    try:
        tree = html.document_fromstring(page, parser=html.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError):
        return page
    _flatten(tree)
    return tree


def _flatten(tree: Any) -> None:
    """Unwrap every element nested deeper than ``MAX_DEPTH``, keeping its text: trafilatura's
    time grows faster than the page with depth (1,000 nested tables took 16 s, 3,000 two
    minutes), and no real article is nested that deep."""
    depth = {tree: 0}
    deep = []
    for element in tree.iterdescendants():
        level = depth[element.getparent()] + 1
        depth[element] = level
        if level > MAX_DEPTH and isinstance(element.tag, str):
            deep.append(element)
    for element in reversed(deep):
        element.drop_tag()


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
