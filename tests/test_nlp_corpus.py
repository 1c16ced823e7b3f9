"""End to end over the bundled corpus: the seed article exactly, and the F1 floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.corpus import iter_articles
from kg.evaluate import gold_from_facts, load_gold, score
from kg.nlp import extract_facts, extract_many

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def corpus_facts(nlp):
    articles = [a for a in iter_articles([CORPUS]) if not isinstance(a, Exception)]
    return {facts.article.identifier: facts for facts in extract_many(articles, nlp)}


def test_seed_article_countries_and_meetings(corpus_facts):
    facts = corpus_facts["trilateral-busan"]
    gold = load_gold(CORPUS / "trilateral-busan.gold.json")
    assert {c.iso3 for c in facts.countries} == gold.countries
    found = {(frozenset(s.key for s in e.participants), e.place.name if e.place else None)
             for e in facts.meetings}
    assert found == {(m[0], m[1]) for m in gold.meetings}
    busan = next(e for e in facts.meetings if e.place is not None)
    assert busan.place.geonames_id == 1838524 and busan.place.country.iso3 == "KOR"


def test_seed_leaders_summit_is_not_a_meeting(corpus_facts):
    facts = corpus_facts["trilateral-busan"]
    assert not any("may not meet" in e.evidence.text for e in facts.meetings)
    assert any(e.status in ("planned", "hypothetical")
               and {s.key for s in e.participants} == {"CHN", "JPN", "KOR"} for e in facts.events)
    assert not any({"Fumio Kishida", "Yoon Suk Yeol"} & set(e.attendees) for e in facts.meetings)


def test_seed_surname_and_misread_entities_are_corrected(corpus_facts):
    people = {p.name: (p.side.key, p.role) for p in corpus_facts["trilateral-busan"].people}
    assert people["Wang Yi"] == ("CHN", "foreign minister")
    assert people["Park Jin"] == ("KOR", "foreign minister")
    assert "Wang" not in people and "Busan" not in people


def test_corpus_floors(corpus_facts):
    pairs = [(gold_from_facts(facts), load_gold(CORPUS / f"{name}.gold.json"))
             for name, facts in corpus_facts.items()]
    assert len(pairs) == 51
    scores = score(pairs)
    floors = {"countries": 0.95, "represents": 0.75, "meets": 0.45}
    for figure, floor in floors.items():
        assert scores[figure].f1 >= floor, (figure, scores[figure])


def test_extract_many_equals_extract_facts(nlp, corpus_facts):
    article = corpus_facts["trilateral-busan"].article
    assert extract_facts(article, nlp) == corpus_facts["trilateral-busan"]


def test_evidence_offsets_point_into_the_article(corpus_facts):
    for facts in corpus_facts.values():
        for item in (*facts.events, *(p for p in facts.people if p.evidence)):
            ev = item.evidence
            text = facts.article.title if ev.in_title else facts.article.text
            assert text[ev.start:ev.end] == ev.text
