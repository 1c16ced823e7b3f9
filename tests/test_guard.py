"""Each article in its own failure domain: faults injected into extraction and storage,
and long articles cut into chunks whose facts point back into the whole text."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

import kg.guard
import kg.nlp
from kg.build import ingest
from kg.errors import InputError, StoreError, StoreUnavailable
from kg.graph import KnowledgeGraph
from kg.guard import Failure, extract_batch, split_text
from kg.rdf.namespaces import MEETINGS_GRAPH
from kg.store.memory import MemoryStore
from kg.types import Article

MEETING = "The foreign ministers of Chile and Peru met in Lima on Monday to discuss trade."


@pytest.mark.parametrize(
    "text, limit, cuts",
    [
        ("aaaa\n\nbbbb\n\ncccc", 8, ["aaaa\n\n", "bbbb\n\n", "cccc"]),
        ("aaaa\nbbbb\ncccc", 10, ["aaaa\nbbbb\n", "cccc"]),
        ("one. two. three.", 10, ["one. two. ", "three."]),
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
        ("short", 10, ["short"]),
    ],
)
def test_split_text_covers_the_text_within_the_limit(text: str, limit: int, cuts: list) -> None:
    pieces = split_text(text, limit)
    assert [piece for _, piece in pieces] == cuts
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)


def test_chunked_facts_point_into_the_whole_text(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    second = "The president of Kenya received the prime minister of Ethiopia in Nairobi."
    article = Article("long", f"{MEETING}\n\n{' ' * 300}\n\n{second}")
    whole = kg.guard.extract_article(article)
    monkeypatch.setattr(kg.guard, "CHUNK_CHARS", 120)
    chunked = kg.guard.extract_article(article)
    assert len(split_text(article.text, 120)) > 2
    assert {c.iso3 for c in chunked.countries} == {"CHL", "PER", "KEN", "ETH"}
    assert len(chunked.events) == len(whole.events) >= 2
    for item in (*chunked.events, *chunked.actions, *chunked.people):
        if item.evidence is not None:
            assert article.text[item.evidence.start : item.evidence.end] == item.evidence.text
    assert max(e.evidence.start for e in chunked.events) > 300


@pytest.fixture
def boom(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction raises for any article whose text says BOOM (an injected extractor bug)."""
    real_many, real_one = kg.nlp.extract_many, kg.nlp.extract_facts

    def check(article: Article) -> Article:
        if "BOOM" in article.text:
            raise RecursionError("injected failure")
        return article

    monkeypatch.setattr(kg.nlp, "extract_many", lambda arts: real_many([check(a) for a in arts]))
    monkeypatch.setattr(kg.nlp, "extract_facts", lambda a: real_one(check(a)))


def test_an_extraction_crash_fails_only_its_article(boom) -> None:
    texts = [MEETING, MEETING + " BOOM", MEETING]
    batch = [Article(f"a{n}", text, origin=f"in/{n}") for n, text in enumerate(texts)]
    results = extract_batch(batch)
    assert [type(r).__name__ for r in results] == ["Facts", "Failure", "Facts"]
    failure = results[1]
    assert isinstance(failure, Failure)
    assert str(failure) == "in/1: extraction failed (RecursionError: injected failure)"


class FlakyStore(MemoryStore):
    """A memory store whose writes fail for chosen articles: ``broken`` (one article),
    or every write from the ``gone_after``-th on (the store went away)."""

    def __init__(self, broken: str = "", gone_after: int | None = None) -> None:
        super().__init__()
        self.broken, self.gone_after, self.writes = broken, gone_after, 0

    def replace(self, graph: rdflib.Graph) -> None:
        self.writes += 1
        if self.gone_after is not None and self.writes > self.gone_after:
            raise StoreUnavailable("injected: the store went away")
        if self.broken and str(graph.identifier).endswith(self.broken):
            raise StoreError("injected: a bad write")
        super().replace(graph)


def folder(tmp_path: Path, count: int, bad: int | None = None) -> Path:
    for n in range(count):
        text = MEETING + (" BOOM" if n == bad else "")
        (tmp_path / f"a{n}.txt").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_build_goes_on_past_a_failed_extraction_and_a_failed_write(
    boom, tmp_path: Path
) -> None:
    store = FlakyStore(broken="/a3")
    seen: list[InputError] = []
    summary = ingest(KnowledgeGraph(store), [folder(tmp_path, 5, bad=1)], on_error=seen.append)
    messages = [str(e) for e in seen]
    assert len(messages) == 2
    assert messages[0].startswith(f"{tmp_path / 'a1.txt'}: extraction failed")
    assert messages[1].startswith(f"{tmp_path / 'a3.txt'}: not stored (StoreError: injected")
    assert (summary.articles, summary.errors, summary.stopped) == (3, 2, None)
    articles = [g for g in store.graph_names() if g != str(MEETINGS_GRAPH)]
    assert len(articles) == 3 and summary.meetings is not None


def test_a_store_that_goes_away_stops_the_build(nlp, tmp_path: Path) -> None:
    seen: list[InputError] = []
    summary = ingest(
        KnowledgeGraph(FlakyStore(gone_after=2)), [folder(tmp_path, 5)], on_error=seen.append
    )
    assert [str(e).split(": ")[0] for e in seen] == [str(tmp_path / "a2.txt")]
    assert summary.articles == 2 and summary.stopped and "stopped early" in str(summary)
