"""Date expressions resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.nlp.dates import resolve_date

FRIDAY = dt.date(2020, 1, 10)


@pytest.mark.parametrize("text, published, expected", [
    ("on Tuesday", FRIDAY, "2020-01-07"),
    ("last Thursday", FRIDAY, "2020-01-02"),
    ("on Friday", FRIDAY, "2020-01-10"),
    ("on Sunday", None, None),
    ("over the past year", FRIDAY, None),
    ("in recent weeks", FRIDAY, None),
    ("in the coming months", FRIDAY, None),
    ("November 27", FRIDAY, "2019-11-27"),
    ("March 20 last year", FRIDAY, "2019-03-20"),
    ("January 28, 2016", None, "2016-01-28"),
    ("28 January 2016", None, "2016-01-28"),
    ("2019-06-03", None, "2019-06-03"),
    ("June 2019", None, "2019-06"),
    ("2017", None, "2017"),
    ("in July", FRIDAY, "2019-07"),
    ("this month", FRIDAY, "2020-01"),
    ("this month", None, None),
    ("last year", FRIDAY, "2019"),
    ("yesterday", FRIDAY, "2020-01-09"),
    ("the 1970s", FRIDAY, None),
    ("on 3 February 2022", None, "2022-02-03"),
    ("Feb. 3", FRIDAY, "2019-02-03"),
    ("Sept. 14", FRIDAY, "2019-09-14"),
    ("last week", FRIDAY, "2020-01"),
    ("last week", dt.date(2020, 3, 3), "2020-02"),
    ("earlier this week", FRIDAY, "2020-01"),
    ("last week", None, None),
    ("in March 2021", FRIDAY, "2021-03"),
])
def test_resolve_date(text, published, expected):
    assert resolve_date(text, published) == expected


def test_future_weekday():
    assert resolve_date("on Thursday", FRIDAY, future=True) == "2020-01-16"
