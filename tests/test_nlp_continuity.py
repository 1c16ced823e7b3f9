"""Leaders known by name give titled people their state; later meetings keep the place."""

from __future__ import annotations

import pytest


def people(facts):
    return {(p.name, p.side.key if p.side else None, p.role) for p in facts.people}


def meetings(facts):
    return {(frozenset(s.key for s in e.participants), e.place.name if e.place else None)
            for e in facts.events if e.status == "occurred"}


@pytest.mark.parametrize("text, published, expected", [
    ("President Trump spoke to reporters.", "2019-05-02", {("Trump", "USA", "president")}),
    ("Chancellor Merkel opened the session.", "2012-03-01",
     {("Merkel", "DEU", "chancellor")}),
    ("Prime Minister Modi addressed the crowd.", "2016-08-15",
     {("Modi", "IND", "prime minister")}),
    ("Lebanese President Aoun met the delegation; later President Trump spoke.", "2019-05-02",
     {("Aoun", "LBN", "president"), ("Trump", "USA", "president")}),
    ("President Smith of the company spoke to reporters.", "2019-05-02",
     {("Smith", None, "president")}),
    ("President Trump spoke to reporters.", "2023-05-02", {("Trump", None, "president")}),
    ("Chancellor Merkel opened the session.", "2001-03-01", {("Merkel", None, "chancellor")}),
])
def test_leader_names_give_the_state(extract, text, published, expected):
    assert people(extract(text, published)) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Greek Prime Minister Kostas Bakoyannis met with President Trump.", "2019-05-02",
     {(frozenset({"GRC", "USA"}), None)}),
    ("Greek Prime Minister Kostas Bakoyannis held talks with the International Monetary Fund "
     "and then with President Trump.", "2019-05-02",
     {(frozenset({"GRC", "IMF"}), None), (frozenset({"GRC", "USA"}), None)}),
    ("Greek Prime Minister Kostas Bakoyannis met with President Jones.", "2019-05-02", set()),
])
def test_named_leaders_are_sides_of_meetings(extract, text, published, expected):
    assert meetings(extract(text, published)) == expected


INTRO = ("On Tuesday, Peruvian Foreign Minister Ana Quispe arrived. In her Tuesday speech at "
         "the institute's Madrid headquarters, Quispe said trade mattered. ")


@pytest.mark.parametrize("text, expected", [
    (INTRO + "Later on Tuesday Quispe met with Spanish Foreign Minister Luis Ortega.",
     {(frozenset({"PER", "ESP"}), "Madrid")}),
    (INTRO + "Afterwards Quispe held talks with Spanish Foreign Minister Luis Ortega.",
     {(frozenset({"PER", "ESP"}), "Madrid")}),
    (INTRO + "She later met with Spanish Foreign Minister Luis Ortega.",
     {(frozenset({"PER", "ESP"}), "Madrid")}),
    (INTRO + "Chilean Foreign Minister Rosa Vidal spoke. She later met with Spanish Foreign "
     "Minister Luis Ortega.", {(frozenset({"CHL", "ESP"}), None)}),
    (INTRO + "On Friday Quispe later met with Spanish Foreign Minister Luis Ortega.",
     {(frozenset({"PER", "ESP"}), None)}),
    (INTRO + "Quispe met with Spanish Foreign Minister Luis Ortega on Tuesday.",
     {(frozenset({"PER", "ESP"}), None)}),
    (INTRO + "Later on Tuesday Chilean Foreign Minister Rosa Vidal met with Spanish Foreign "
     "Minister Luis Ortega.", {(frozenset({"CHL", "ESP"}), None)}),
])
def test_later_meetings_keep_the_principals_place(extract, text, expected):
    assert meetings(extract(text, "2020-01-10")) == expected
