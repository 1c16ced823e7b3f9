"""Scoring maths on small hand-made gold pairs."""

from __future__ import annotations

import json

import pytest

from kg.errors import InputError
from kg.evaluate import (
    Gold,
    Score,
    format_table,
    gold_from_facts,
    load_gold,
    names_match,
    score,
)
from kg.types import Article, City, Country, Event, Evidence, Facts, Organization, Person

EV = Evidence("s", 0, 1)


@pytest.mark.parametrize("a, b, expected", [
    ("Xi", "Xi Jinping", True), ("xi jinping", "Xi Jinping", True), ("Wang Yi", "Wang", True),
    ("Wang Yi", "Yi Wang", True), ("Park Jin", "Park Geun-hye", False), ("Biden", "Trump", False),
])
def test_names_match(a, b, expected):
    assert names_match(a, b) is expected


def test_score_counts_and_micro_average():
    gold = Gold(countries=frozenset({"CHN", "JPN", "KOR"}),
                people=frozenset({("Wang Yi", "CHN", "foreign minister"),
                                  ("Park Jin", "KOR", "foreign minister")}),
                meetings=((frozenset({"CHN", "JPN", "KOR"}), "Busan", "KOR", None),))
    predicted = Gold(countries=frozenset({"CHN", "JPN", "USA"}),
                     people=frozenset({("Wang", "CHN", "foreign minister"),
                                       ("Park Jin", "JPN", "president")}),
                     meetings=((frozenset({"CHN", "JPN"}), "busan", "KOR", None),
                               (frozenset({"CHN", "USA"}), None, None, None)))
    scores = score([(predicted, gold), (gold, gold)])
    assert scores["countries"] == Score(tp=5, fp=1, fn=1)
    assert scores["represents"] == Score(tp=3, fp=1, fn=1)
    assert scores["roles"] == Score(tp=3, fp=1, fn=1)
    assert scores["meets"] == Score(tp=4, fp=1, fn=2)
    assert scores["meeting places"] == Score(tp=4, fp=0, fn=2)
    assert scores["countries"].precision == pytest.approx(5 / 6)
    assert scores["meets"].recall == pytest.approx(4 / 6)
    assert scores["meets"].f1 == pytest.approx(2 * (4 / 5) * (4 / 6) / (4 / 5 + 4 / 6))


def test_meets_are_a_set_of_pairs_per_article():
    twice = Gold(meetings=((frozenset({"RUS", "IND"}), None, None, None),
                           (frozenset({"RUS", "IND"}), "New Delhi", "IND", None)))
    once = Gold(meetings=((frozenset({"RUS", "IND"}), None, None, None),))
    assert score([(once, twice)])["meets"] == Score(1, 0, 0)


def test_meeting_places_ignore_case_and_accents():
    gold = Gold(meetings=((frozenset({"BRA", "KOR"}), "Brasília", "BRA", None),))
    predicted = Gold(meetings=((frozenset({"KOR", "BRA"}), "BRASILIA", "BRA", None),))
    assert score([(predicted, gold)])["meeting places"] == Score(1, 0, 0)


def test_empty_scores_are_perfect_and_zero_f1_when_all_wrong():
    assert score([(Gold(), Gold())])["countries"].f1 == 1.0
    wrong = score([(Gold(countries=frozenset({"FRA"})), Gold(countries=frozenset({"DEU"})))])
    assert wrong["countries"].f1 == 0.0


def test_gold_from_facts_keeps_only_occurred_meetings():
    chn, kor = Country("CHN", "China", "Q148"), Country("KOR", "South Korea", "Q884")
    un = Organization("UN", "United Nations")
    facts = Facts(
        article=Article("a", "text"), countries=(chn, kor),
        people=(Person("Wang Yi", "foreign minister", chn, EV),
                Person("António Guterres", "secretary-general", un, EV)),
        events=(Event("Meeting", (chn, kor), EV, place=City("Busan", kor, 1838524)),
                Event("Visit", (chn, kor), EV, status="planned"),
                Event("Call", (chn, un), EV, status="hypothetical")))
    gold = gold_from_facts(facts)
    assert gold.countries == {"CHN", "KOR"}
    assert ("António Guterres", "UN", "secretary-general") in gold.people
    assert gold.meetings == ((frozenset({"CHN", "KOR"}), "Busan", "KOR", None),)


def test_load_gold(tmp_path):
    path = tmp_path / "a.gold.json"
    path.write_text(json.dumps({
        "countries": ["CHN"], "people": [{"name": "Wang Yi", "country": "CHN",
                                          "role": "foreign minister"}],
        "meetings": [{"participants": ["CHN", "KOR"], "city": None, "city_country": None,
                      "date": "2019"}]}))
    gold = load_gold(path)
    assert gold.people == {("Wang Yi", "CHN", "foreign minister")}
    assert gold.meetings == ((frozenset({"CHN", "KOR"}), None, None, "2019"),)


def test_load_gold_rejects_malformed_file(tmp_path):
    path = tmp_path / "bad.gold.json"
    path.write_text("{not json")
    with pytest.raises(InputError, match=r"bad\.gold\.json"):
        load_gold(path)


def test_format_table_lists_every_figure():
    table = format_table(score([(Gold(), Gold())]))
    for figure in ("countries", "represents", "roles", "meets", "meeting places", "dates"):
        assert figure in table


def test_misses_cover_every_article_and_macro_weighs_articles_alike():
    from kg.evaluate import Evaluation

    gold = Gold(countries=frozenset({"FRA"}),
                meetings=((frozenset({"FRA", "DEU"}), "Paris", "FRA", "2020-05"),))
    found = Gold(countries=frozenset({"ITA"}),
                 meetings=((frozenset({"FRA", "DEU"}), None, None, "2020-05-04"),))
    summit = Gold(meetings=((frozenset({"AAA", "BBB", "CCC", "DDD", "EEE"}), None, None, None),))
    evaluation = Evaluation((("one", found, gold), ("two", found, gold), ("big", summit, summit)))
    misses = list(evaluation.misses())
    assert {m[0] for m in misses} == {"one", "two"}
    assert ("one", "countries", "missed", "FRA") in misses
    assert ("two", "countries", "wrong", "ITA") in misses
    assert ("one", "meeting places", "missed", "DEU-FRA paris") in misses
    assert not any(m[1] == "dates" for m in misses)
    assert evaluation.count() == 3
    assert evaluation.scores()["dates"] == Score(2, 0, 0)
    # micro: 10 summit pairs + 2 bilateral pairs all right; macro: three articles alike
    assert evaluation.scores()["meets"] == Score(12, 0, 0)
    assert evaluation.macro()["countries"] == 0.0
    assert evaluation.macro()["meeting places"] == 0.0


def test_macro_counts_only_articles_with_units():
    from kg.evaluate import Evaluation

    pair = Gold(meetings=((frozenset({"FRA", "DEU"}), None, None, None),))
    evaluation = Evaluation((("hit", pair, pair), ("empty", Gold(), Gold()),
                             ("miss", Gold(), pair)))
    assert evaluation.macro()["meets"] == 0.5
    assert evaluation.scores()["meets"] == Score(1, 0, 1)


@pytest.mark.parametrize("predicted, gold, expected", [
    ("2004-12-09", "2004-12", Score(1, 0, 0)),
    ("2004-12", "2004-12-09", Score(0, 1, 1)),
    ("2004-12-09", "2004-12-09", Score(1, 0, 0)),
    ("2004-11-30", "2004-12", Score(0, 1, 1)),
])
def test_dates_match_at_the_gold_precision(predicted, gold, expected):
    pair = frozenset({"BRA", "ARG"})
    scores = score([(Gold(meetings=((pair, None, None, predicted),)),
                     Gold(meetings=((pair, None, None, gold),)))])
    assert scores["dates"] == expected
