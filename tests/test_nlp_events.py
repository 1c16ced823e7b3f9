"""Meetings: triggers, participants, status, places, dates and organisations as sides."""

from __future__ import annotations

import pytest


def meetings(facts, status="occurred"):
    return {(frozenset(s.key for s in e.participants), e.place.name if e.place else None)
            for e in facts.events if e.status == status}


@pytest.mark.parametrize("text, expected", [
    ("Vietnamese Prime Minister Pham Minh Chinh met Thai Prime Minister Srettha Thavisin in "
     "Hanoi on Monday.", {(frozenset({"VNM", "THA"}), "Hanoi")}),
    ("Kenya and Tanzania held talks in Nairobi.", {(frozenset({"KEN", "TZA"}), "Nairobi")}),
    ("Polish President Andrzej Duda spoke by telephone with Lithuanian President Gitanas "
     "Nauseda.", {(frozenset({"POL", "LTU"}), None)}),
    ("Indian Prime Minister Narendra Modi visited Jakarta.", {(frozenset({"IND", "IDN"}),
                                                               "Jakarta")}),
    ("UN Secretary-General António Guterres met Colombian President Gustavo Petro in Bogota.",
     {(frozenset({"UN", "COL"}), "Bogotá")}),
    ("The foreign ministers of Egypt, Jordan and Iraq met in Amman.",
     {(frozenset({"EGY", "JOR", "IRQ"}), "Amman")}),
    ("Norway and Sweden signed a border agreement.", {(frozenset({"NOR", "SWE"}), None)}),
])
def test_occurred_meetings(extract, text, expected):
    assert meetings(extract(text)) == expected


@pytest.mark.parametrize("text", [
    "Peruvian President Dina Boluarte may not meet Chilean President Gabriel Boric this year.",
    "Spain and Morocco agreed to hold a summit next year.",
    "Austrian Chancellor Karl Nehammer invited Swiss President Viola Amherd to visit Vienna.",
    "A summit between Ghana and Togo is expected in the near future.",
    "Mongolia and Kazakhstan could meet in Astana.",
])
def test_unrealised_meetings_are_never_occurred(extract, text):
    facts = extract(text)
    assert not facts.meetings
    assert facts.events, "the encounter is still recorded with its status"


def test_group_reference_takes_the_earlier_sides(extract):
    facts = extract("The foreign ministers of Chile, Peru and Bolivia discussed trade. "
                    "The three ministers met in Lima on Friday.")
    assert (frozenset({"CHL", "PER", "BOL"}), "Lima") in meetings(facts)


def test_same_meeting_mentioned_twice_is_one_event(extract):
    facts = extract("Georgian President Salome Zourabichvili met Armenian Prime Minister Nikol "
                    "Pashinyan in Tbilisi. Zourabichvili and Pashinyan met in Tbilisi.")
    assert len(facts.meetings) == 1


def test_two_meetings_kept_apart(extract):
    facts = extract("Slovak Prime Minister Robert Fico met Hungarian Prime Minister Viktor Orban "
                    "in Budapest. Later, Fico held talks with Czech Prime Minister Petr Fiala in "
                    "Prague.")
    assert meetings(facts) == {(frozenset({"SVK", "HUN"}), "Budapest"),
                               (frozenset({"SVK", "CZE"}), "Prague")}


@pytest.mark.parametrize("text, published, expected", [
    ("Finland and Estonia held talks on Tuesday.", "2024-03-08", "2024-03-05"),
    ("Finland and Estonia held talks on Tuesday.", None, None),
    ("Finland and Estonia held talks on March 3, 2021.", None, "2021-03-03"),
    ("Finland and Estonia held talks in 2019.", None, "2019"),
    ("Finland and Estonia held talks last month.", "2024-03-08", "2024-02"),
])
def test_meeting_dates(extract, text, published, expected):
    (event,) = extract(text, published).meetings
    assert event.date == expected


def test_dateline_gives_the_place(extract):
    facts = extract("MANILA, Philippines – Philippine President Ferdinand Marcos Jr. met "
                    "Japanese Prime Minister Fumio Kishida on Saturday.", "2023-11-04")
    (event,) = facts.meetings
    assert event.place is not None and event.place.name == "Manila"
    assert event.date == "2023-11-04"


def test_events_carry_their_sentence(extract):
    text = "It was cold. Latvia and Lithuania held talks in Riga."
    (event,) = extract(text).meetings
    assert text[event.evidence.start:event.evidence.end] == event.evidence.text
    assert event.evidence.text.startswith("Latvia")
