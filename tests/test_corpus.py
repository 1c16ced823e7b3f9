"""Corpus readers: each format, the scrape-cleaning rules, bad input, folders, streaming."""

from __future__ import annotations

import datetime as dt
import shutil
import time
import tracemalloc
import types
from pathlib import Path

import pytest

from kg.corpus import iter_articles, read_file
from kg.errors import InputError, KGError
from kg.types import Article

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data" / "corpus"
GOLD_STEMS = sorted(p.name.removesuffix(".gold.json") for p in CORPUS.glob("*.gold.json"))


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def _sources_table() -> dict[str, tuple[str, dt.date | None]]:
    """Title and date of each article as SOURCES.md lists them (written by hand)."""
    rows = {}
    for line in (CORPUS / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].endswith(".txt"):
            date = None if cells[2].startswith("(") else dt.date.fromisoformat(cells[2].split()[0])
            rows[cells[0].removesuffix(".txt")] = (cells[1], date)
    return rows


@pytest.fixture(scope="session")
def corpus_articles() -> dict[str, Article]:
    items = list(iter_articles([CORPUS]))
    errors = [str(item) for item in items if isinstance(item, InputError)]
    assert errors == []
    return {item.identifier: item for item in items}


# --- the bundled corpus -------------------------------------------------------------------


def test_corpus_has_its_171_articles(corpus_articles: dict[str, Article]) -> None:
    assert len(GOLD_STEMS) == 171
    assert sorted(corpus_articles) == GOLD_STEMS


@pytest.mark.parametrize("stem", GOLD_STEMS)
def test_corpus_titles_and_dates(stem: str, corpus_articles: dict[str, Article]) -> None:
    title, date = _sources_table()[stem]
    article = corpus_articles[stem]
    assert (article.title, article.date) == (title, date)
    assert article.text.strip() == article.text
    assert not article.text.startswith("---")
    assert article.source


def test_front_matter_article_fields(corpus_articles: dict[str, Article]) -> None:
    article = corpus_articles["2021-12-06-russian-indian-talks"]
    assert article.source == "http://en.kremlin.ru/events/president/news/67287"
    assert article.license is not None and article.license.startswith("CC BY 4.0")
    assert article.text.startswith("Vladimir Putin held talks with Prime Minister of India")


def test_seed_article_title_and_body() -> None:
    path = CORPUS / "trilateral-busan.txt"
    (article,) = read_file(path)
    title = "China, Japan and South Korea agree to strengthen trilateral relations"
    assert article.identifier == "trilateral-busan"
    assert article.title == title
    assert article.date is None
    assert article.source == str(path)
    assert article.text.startswith("The foreign ministers of China, Japan and South Korea")
    assert article.text.endswith("could fuel regional tensions and confrontations.")
    assert title not in article.text


@pytest.mark.parametrize("chrome", ["Flash News", "Bota", "Latest news", "/REL"])
def test_seed_article_chrome_is_gone(chrome: str) -> None:
    (article,) = read_file(CORPUS / "trilateral-busan.txt")
    assert chrome not in article.text


# --- plain-text scrapes: general rules ------------------------------------------------------

SCRAPES = [
    pytest.param(
        "World Report\n\nPolitics\n\nLeaders of Brazil and Argentina sign trade pact\n\n"
        "Leaders of Brazil and Argentina sign trade pact\n\nThe presidents of Brazil and "
        "Argentina signed a trade pact in Buenos Aires.\n\nOfficials said the pact would cut "
        "tariffs on farm goods./AFP\n\nRead more\n\nRelated articles\n",
        "Leaders of Brazil and Argentina sign trade pact",
        "The presidents of Brazil",
        "tariffs on farm goods.",
        None,
        ("World Report", "Politics", "/AFP", "Read more", "Related articles"),
        id="repeated-headline-slash-tag",
    ),
    pytest.param(
        "Home | World\n\nKenya and Ethiopia agree to open border crossing\n\nBy Jane Doe\n\n"
        "Published: 3 March 2022\n\nThe leaders of Kenya and Ethiopia agreed on Thursday to open "
        "a crossing.\n\nThe crossing will open next year, officials said. (Reuters)\n\n"
        "Share this article\n",
        "Kenya and Ethiopia agree to open border crossing",
        "The leaders of Kenya",
        "officials said.",
        dt.date(2022, 3, 3),
        ("Home", "Jane Doe", "Published", "Reuters", "Share"),
        id="byline-date-line-reuters",
    ),
    pytest.param(
        "The foreign ministers met in Paris on Friday.\nThey agreed to meet again.\n",
        None,
        "The foreign ministers met",
        "agreed to meet again.",
        None,
        (),
        id="no-headline",
    ),
    pytest.param(
        "Egypt and Sudan discuss the Nile dam\n\nCAIRO, Jan. 12, 2021 (Xinhua) -- Egypt and Sudan "
        "discussed the dam on Tuesday.\n\nAn agreement of December 23, 1994 was cited.\n",
        "Egypt and Sudan discuss the Nile dam",
        "CAIRO, Jan. 12, 2021 (Xinhua) -- Egypt",
        "was cited.",
        dt.date(2021, 1, 12),
        (),
        id="dateline",
    ),
    pytest.param(
        "News Desk\n\nRussia and India sign a space deal\n\nThe two countries signed a deal that "
        "amends their agreement of December 23, 1994.\n",
        "Russia and India sign a space deal",
        "The two countries",
        "of December 23, 1994.",
        None,
        ("News Desk",),
        id="date-in-body-only",
    ),
    pytest.param(
        "Japan and Australia hold security talks\nJapan and Australia held security talks in "
        "Tokyo on Monday.\nAdvertisement\nThe ministers agreed to hold joint exercises. - AP\n",
        "Japan and Australia hold security talks",
        "Japan and Australia held",
        "hold joint exercises.",
        None,
        ("Advertisement", "AP"),
        id="mid-body-advertisement",
    ),
]


@pytest.mark.parametrize("raw, title, starts, ends, date, absent", SCRAPES)
def test_scrape_rules(
    tmp_path: Path,
    raw: str,
    title: str | None,
    starts: str,
    ends: str,
    date: dt.date | None,
    absent: tuple[str, ...],
) -> None:
    (article,) = read_file(_write(tmp_path, "scrape.txt", raw))
    assert (article.title, article.date) == (title, date)
    assert article.text.startswith(starts)
    assert article.text.endswith(ends)
    for chrome in absent:
        assert chrome not in article.text


def test_markdown_heading_is_the_title(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "note.md", "# Talks\n\nDelegations from both countries met in Vienna.\n"
    )
    (article,) = read_file(path)
    assert (article.identifier, article.title) == ("note", "Talks")
    assert article.text == "Delegations from both countries met in Vienna."


# --- front matter ---------------------------------------------------------------------------

BODY = "The two presidents met in Geneva on Wednesday."


@pytest.mark.parametrize(
    "header, title, date, source, license",
    [
        (
            'title: "Leaders meet"\ndate: "2021-06-16"\nsource: "https://x.org/a"\nlicense: "CC0"',
            "Leaders meet",
            dt.date(2021, 6, 16),
            "https://x.org/a",
            "CC0",
        ),
        ("title: Leaders meet\ndate: 2021-06-16", "Leaders meet", dt.date(2021, 6, 16), None, None),
        (
            "date: 2021-06-16T10:00:00Z\nlicence: CC BY 4.0",
            None,
            dt.date(2021, 6, 16),
            None,
            "CC BY 4.0",
        ),
        ("title: Undated", "Undated", None, None, None),
    ],
)
def test_front_matter(
    tmp_path: Path,
    header: str,
    title: str | None,
    date: dt.date | None,
    source: str | None,
    license: str | None,
) -> None:
    path = _write(tmp_path, "fm.txt", f"---\n{header}\n---\n{BODY}\n")
    (article,) = read_file(path)
    assert (article.title, article.date, article.license) == (title, date, license)
    assert article.source == (source or str(path))
    assert (article.identifier, article.text) == ("fm", BODY)


# --- HTML -----------------------------------------------------------------------------------


def test_html_page() -> None:
    (article,) = read_file(DATA / "news-page.html")
    assert article.identifier == "news-page"
    assert article.title == "Ministers agree to resume trilateral talks"
    assert article.date == dt.date(2023, 11, 26)
    assert article.source == "https://news.example.org/world/2023/11/26/trilateral-talks"
    assert article.text.startswith("The foreign ministers of three neighbouring countries")
    for chrome in ("Subscribe", "Most read", "Copyright", "Markets fall"):
        assert chrome not in article.text


def test_html_in_declared_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Visit</title></head><body><article>'
        "<p>The president of Brazil received his guest at the palace in Brasília on Monday.</p>"
        "</article></body></html>"
    )
    (article,) = read_file(_write(tmp_path, "visit.html", page.encode("windows-1252")))
    assert "Brasília" in article.text


# --- JSON Lines -----------------------------------------------------------------------------


def test_jsonl_reads_good_lines_and_reports_bad_ones() -> None:
    path = DATA / "records.jsonl"
    items = list(iter_articles([path]))
    articles = [item for item in items if isinstance(item, Article)]
    errors = [str(item) for item in items if isinstance(item, InputError)]
    assert [a.identifier for a in articles] == ["rec-1", "rec-2", "5"]
    assert [e.split(": ")[0] for e in errors] == [f"{path}:3", f"{path}:4", f"{path}:7"]
    first, second, third = articles
    assert (first.title, first.date, first.source) == (
        "Leaders meet in Geneva",
        dt.date(2021, 6, 16),
        "https://news.example.org/rec-1",
    )
    assert (second.date, second.source) == (None, str(path))
    assert third.date == dt.date(2022, 1, 31)
    with pytest.raises(InputError, match=r"records\.jsonl:3: not JSON"):
        read_file(path)


def test_jsonl_size_limit_is_per_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_MAX_FILE_MB", "0.001")
    line = '{"id": "%s", "text": "%s"}\n'
    content = (
        line % ("a", "word " * 150) + line % ("b", "word " * 600) + line % ("c", "word " * 150)
    )
    path = _write(tmp_path, "lines.jsonl", content)
    assert path.stat().st_size > 1048
    items = list(iter_articles([path]))
    assert [getattr(item, "identifier", None) for item in items] == ["a", None, "c"]
    assert str(items[1]).startswith(f"{path}:2: line too large")


# --- bad input ------------------------------------------------------------------------------

BAD_INPUTS = [
    ("empty.txt", b"", "empty file"),
    ("blank.md", b"  \n\n\t\n", "empty file"),
    ("binary.txt", b"PK\x03\x04\x00\x00\x08\x00payload", "binary file"),
    ("latin1.txt", "Talks in Brasília on Monday.".encode("latin-1"), "not UTF-8"),
    ("utf16.txt", "Talks in Geneva on Monday.".encode("utf-16"), "not UTF-8"),
    ("latin1.html", "<p>Talks in Brasília</p>".encode("latin-1"), "not UTF-8"),
    ("chrome.txt", b"Home\n\nLatest news\n", "no article text found"),
    ("broken.txt", b'---\ntitle: "unclosed\ndate: 2021-01-01\n---\nBody text.\n', "broken YAML"),
    ("baddate.txt", b"---\ntitle: T\ndate: sometime in May\n---\nBody text.\n", "date"),
    ("open.txt", b"---\ntitle: T\nBody text that goes on.\n", "never closed"),
    ("list.txt", b"---\n- a\n- b\n---\nBody text here.\n", "not a mapping"),
    ("bodiless.txt", b"---\ntitle: T\n---\n\n", "no article text"),
    ("empty.jsonl", b"\n\n", "empty file"),
    ("notjson.jsonl", b"{not json}\n", "not JSON"),
    ("notext.jsonl", b'{"id": "a", "title": "t"}\n', "no 'text'"),
    ("array.jsonl", b"[1, 2]\n", "not a JSON object"),
    ("baddate.jsonl", b'{"text": "Talks.", "date": "soon"}\n', "date"),
    ("binary.jsonl", b'{"text": "a\x00b"}\n', "binary"),
    ("notes.pdf", b"%PDF-1.4 binary stuff", "not an article file"),
]


@pytest.mark.parametrize("name, content, fragment", BAD_INPUTS)
def test_bad_input(tmp_path: Path, name: str, content: bytes, fragment: str) -> None:
    path = _write(tmp_path, name, content)
    with pytest.raises(InputError) as raised:
        read_file(path)
    message = str(raised.value)
    assert message.startswith(f"{path}:")
    assert fragment in message
    assert "\n" not in message
    (yielded,) = iter_articles([path])
    assert isinstance(yielded, InputError)
    assert str(yielded) == message


def test_html_without_article(tmp_path: Path) -> None:
    path = Path(shutil.copy(DATA / "no-article.html", tmp_path))
    with pytest.raises(InputError, match="no article text found"):
        read_file(path)


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "article.txt"
    with pytest.raises(InputError, match="no such file"):
        read_file(missing)
    (error,) = iter_articles([missing])
    assert isinstance(error, InputError)
    assert str(error) == f"{missing}: no such file or directory"


def test_huge_file_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"too large \(50\.0 MB > 20\.0 MB.*KG_MAX_FILE_MB"):
        read_file(path)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 1024 * 1024


@pytest.mark.parametrize("limit, refused", [("0.001", True), ("1", False)])
def test_size_limit_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str, refused: bool
) -> None:
    monkeypatch.setenv("KG_MAX_FILE_MB", limit)
    path = _write(tmp_path, "long.txt", "The ministers met again today. " * 100)
    if refused:
        with pytest.raises(InputError, match="too large"):
            read_file(path)
    else:
        assert read_file(path)[0].text.startswith("The ministers met again")


def test_bad_size_limit_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_MAX_FILE_MB", "lots")
    with pytest.raises(KGError, match="KG_MAX_FILE_MB"):
        read_file(_write(tmp_path, "a.txt", BODY))


# --- folders and streaming ------------------------------------------------------------------


def test_folder_walk_order_and_skips(tmp_path: Path) -> None:
    _write(tmp_path, "b.txt", BODY)
    _write(tmp_path, "a/c.md", BODY)
    _write(tmp_path, "a/c.gold.json", "{}")
    _write(tmp_path, "a/.draft.txt", BODY)
    _write(tmp_path, "a/notes.csv", "x,y\n")
    _write(tmp_path, ".cache/d.txt", BODY)
    _write(tmp_path, "README.md", "# Corpus\n\nThese are the articles of the corpus.\n")
    _write(tmp_path, "z.jsonl", '{"id": "z1", "text": "Talks went on."}\n')
    (tmp_path / "empty").mkdir()
    assert [a.identifier for a in iter_articles([tmp_path])] == ["a/c", "b", "z1"]
    assert list(iter_articles([tmp_path / "empty"])) == []


def test_iter_articles_reads_lazily(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    stream = iter_articles([folder])
    assert isinstance(stream, types.GeneratorType)
    _write(folder, "a.txt", BODY)
    _write(folder, "b.txt", "An old version of the article.")
    assert next(stream).identifier == "a"
    _write(folder, "b.txt", "A new version of the article.")
    assert next(stream).text == "A new version of the article."
    assert next(stream, None) is None


def test_iter_articles_consumes_paths_lazily(tmp_path: Path) -> None:
    consumed = []

    def paths():
        for name in ("a.txt", "b.txt"):
            consumed.append(name)
            yield _write(tmp_path, name, BODY)

    stream = iter_articles(paths())
    assert consumed == []
    next(stream)
    assert consumed == ["a.txt"]
