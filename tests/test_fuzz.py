"""Fuzzing with hypothesis: arbitrary bytes and Unicode, huge lines, deep HTML, control
characters, right-to-left and CJK text, malformed front matter and JSON, through the
readers, extraction and the on-disk store.

Whatever comes in: no exception escapes, no example takes long (each has a deadline), and
every failure is one error line naming its input. Example counts are bounded so the whole
file runs in well under a minute; ``FUZZ_SCALE=10`` runs ten times as many.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import pyoxigraph
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build import ingest
from kg.corpus import iter_articles
from kg.errors import InputError
from kg.graph import KnowledgeGraph
from kg.guard import Failure, extract_batch
from kg.rdf import facts_to_graph
from kg.rdf.namespaces import article_iri
from kg.store import open_store
from kg.types import Article, Facts

SCALE = int(os.environ.get("FUZZ_SCALE", "1"))
READERS = settings(
    database=None,
    max_examples=40 * SCALE,
    deadline=timedelta(seconds=15),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PIPELINE = settings(
    database=None,
    max_examples=15 * SCALE,
    deadline=timedelta(seconds=30),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SUFFIXES = (".txt", ".md", ".html", ".jsonl")

#: Text from every corner of Unicode (no lone surrogates: files are UTF-8 bytes).
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=400)
#: Pieces the readers and the extractor treat specially, mixed with prose.
PIECES = st.sampled_from(
    [
        "The foreign ministers of Chile and Peru met in Lima on Monday.",
        "وزير الخارجية المصري التقى نظيره الأردني في عمان",
        "中国外交部长王毅在北京会见了日本外务大臣。",
        "\u202eRTL override\u202c and \u200f marks",
        "\x00\x01\x07\x1b[31m\x7f",
        "---",
        "...",
        "title: [unclosed",
        "date: 2023-13-45",
        "&a [*a, *a]",
        "<div><p>",
        "</p></div>",
        "{\"text\": ",
        "\ufeff",
        "\r\n",
        "\n\n",
        "    ",
        "=cmd|' /C calc'!A0",
        "President Xi Jinping",
        "in Geneva on 26 November 2023",
    ]
)
MIXED = st.lists(st.one_of(PIECES, ANY_TEXT), max_size=30).map("".join)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | ANY_TEXT,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["id", "url", "text", "date", "title", "x"]), children),
    max_leaves=12,
)


def read_all(path: Path) -> list[Article | InputError]:
    """Everything the readers make of ``path``; checks that errors are one line naming it."""
    items = list(iter_articles([path]))
    for item in items:
        if isinstance(item, InputError):
            message = str(item)
            assert message.startswith(str(path)) and "\n" not in message, message
        else:
            assert isinstance(item, Article) and item.text.strip()
            rdflib.URIRef(article_iri(item.identifier))
            pyoxigraph.NamedNode(str(article_iri(item.identifier)))
    return items


@READERS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        read_all(path)


@READERS
@given(text=MIXED, suffix=st.sampled_from(SUFFIXES), front=st.booleans())
def test_any_text_and_front_matter(text: str, suffix: str, front: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        body = f"---\n{text}\n---\n{text}" if front else text
        path.write_text(body, encoding="utf-8")
        read_all(path)


@READERS
@given(records=st.lists(JSON_VALUES, min_size=1, max_size=5), raw=st.lists(MIXED, max_size=3))
def test_any_json_lines(records: list[object], raw: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.jsonl"
        lines = [json.dumps(r, ensure_ascii=bool(i % 2)) for i, r in enumerate(records)]
        path.write_text("\n".join([*lines, *raw]) + "\n", encoding="utf-8")
        read_all(path)


@READERS
@given(
    line=st.sampled_from(["word ", "x", ".", "\u4e2d", "=\t", "<b>", "Title line"]),
    repeat=st.integers(1, 200_000),
    lines=st.integers(1, 50),
)
def test_huge_lines_and_repeated_lines(line: str, repeat: int, lines: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".txt", ".html"):
            path = Path(folder) / f"fuzz{suffix}"
            path.write_text("\n".join([line * (repeat // lines)] * lines), encoding="utf-8")
            read_all(path)


@READERS
@given(depth=st.integers(1, 5_000), tag=st.sampled_from(["div", "span", "b", "table", "li"]))
def test_deep_html(depth: int, tag: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deep.html"
        prose = "The foreign ministers of Chile and Peru met in Lima on Monday."
        path.write_text(f"<{tag}>" * depth + prose + f"</{tag}>" * depth, encoding="utf-8")
        read_all(path)


@READERS
@given(first=ANY_TEXT, second=ANY_TEXT)
def test_article_iris_are_one_to_one(first: str, second: str) -> None:
    if first != second:
        assert article_iri(first) != article_iri(second)


@PIPELINE
@given(texts=st.lists(MIXED.filter(str.strip), min_size=1, max_size=4))
def test_extraction_and_storage_never_raise(nlp, texts: list[str]) -> None:
    articles = [Article(f"fuzz/{n}", text, origin=f"fuzz-{n}") for n, text in enumerate(texts)]
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "store")
        try:
            for article, result in zip(articles, extract_batch(articles), strict=True):
                if isinstance(result, Failure):
                    assert str(result).startswith(article.origin) and "\n" not in str(result)
                    continue
                assert isinstance(result, Facts)
                for item in (*result.events, *result.actions, *result.people):
                    if item.evidence is not None:
                        slice_ = article.text[item.evidence.start : item.evidence.end]
                        assert slice_ == item.evidence.text
                store.replace(facts_to_graph(result))
        finally:
            store.close()


@PIPELINE
@given(files=st.lists(st.tuples(st.sampled_from(SUFFIXES), MIXED), min_size=1, max_size=4))
def test_a_build_of_anything_reports_and_goes_on(nlp, files: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for n, (suffix, text) in enumerate(files):
            (Path(folder) / f"f{n}{suffix}").write_text(text, encoding="utf-8")
        errors: list[InputError] = []
        graph = KnowledgeGraph(open_store(Path(folder) / "store"))
        try:
            summary = ingest(graph, [folder], on_error=errors.append)
        finally:
            graph.close()
        assert summary.errors == len(errors) and summary.stopped is None
        assert all("\n" not in str(e) and str(e).startswith(folder) for e in errors)
