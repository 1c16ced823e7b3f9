"""Traps that must never write a fact, each written for the pattern it guards against."""

from __future__ import annotations

import pytest


def _sides(facts):
    return {c.iso3 for c in facts.countries} | {o.short_name for o in facts.organizations}


def _pairs(facts):
    return {frozenset(s.key for s in e.participants) for e in facts.meetings}


def _people(facts):
    return {(p.name, p.side.key if p.side else None, p.role) for p in facts.people}


@pytest.mark.parametrize("text, published, absent", [
    # A state's name that is a person's first name ("Chad Wolf", "Jordan Bardella").
    ("Acting Secretary Chad Wolf met Mexico's foreign minister, Marcelo Ebrard.", "2020-03-02",
     "TCD"),
    ("Jordan Bardella criticised the government in Paris.", "2024-05-02", "JOR"),
    ("Victoria Nuland arrived in Kyiv for talks.", "2022-01-10", "SYC"),
    # Continents and regions are never states or cities.
    ("Indian Prime Minister Narendra Modi visited Africa last week.", "2023-08-25", "TUN"),
    ("The minister praised investment in Latin America.", "2023-08-25", "USA"),
    ("Beijing warned of tension on the Korean Peninsula.", "2023-08-25", "KOR"),
    # A state inside the name of a body that is not about it.
    ("Speaking to Agence France-Presse, the minister defended the plan.", "2023-08-25", "FRA"),
    # The US National Security Council is not the UN Security Council.
    ("The National Security Council met at the White House.", "2023-08-25", "UNSC"),
])
def test_no_side_from_a_look_alike(extract, text, published, absent):
    assert absent not in _sides(extract(text, published))


def test_a_person_first_name_never_makes_a_meeting(extract):
    facts = extract("Acting Secretary Chad Wolf met Mexico's foreign minister, Marcelo Ebrard.",
                    "2020-03-02")
    assert not any("TCD" in pair for pair in _pairs(facts))


@pytest.mark.parametrize("text, published, name", [
    # A surname shared with a former office holder of another state.
    ("Economist Stanley Fischer said the markets were calm.", "2023-05-02", "Stanley Fischer"),
    ("Analyst Nadia Merkel said the vote was close.", "2023-05-02", "Nadia Merkel"),
])
def test_a_shared_surname_gives_no_side(extract, text, published, name):
    assert not any(p[0] == name for p in _people(extract(text, published)))


def test_two_people_who_share_a_first_name_stay_apart(extract):
    facts = extract("Britain's Prince William met Kenyan President William Ruto in Nairobi. "
                    "William praised the conservation work.", "2023-11-01")
    assert ("William Ruto", "KEN", "president") in _people(facts)
    assert not any(p[0] == "Prince William" and p[1] == "KEN" for p in _people(facts))


def test_an_official_met_is_not_the_subjects_state(extract):
    facts = extract("After meeting Chinese officials in Shanghai, Prime Minister Christopher "
                    "Luxon said the talks had gone well.", "2024-04-20")
    assert not any(p[0] == "Christopher Luxon" and p[1] == "CHN" for p in _people(facts))


def test_a_private_person_after_a_sentence_ending_with_a_title(extract):
    facts = extract("The talks were useful, Croatia's national security adviser said. "
                    "Marko Horvat, a local shopkeeper, disagreed.", "2023-04-03")
    assert not any(p[0] == "Marko Horvat" for p in _people(facts))


@pytest.mark.parametrize("text, published, expected", [
    ("Dominican President Luis Abinader met Haitian officials.", "2023-03-01", "DOM"),
    ("Congolese President Felix Tshisekedi met Rwandan officials in Luanda.", "2022-07-06",
     "COD"),
    ("Congolese President Denis Sassou Nguesso met Gabonese officials.", "2022-07-06", "COG"),
])
def test_demonyms_decided_by_the_person(extract, text, published, expected):
    (president,) = [p for p in extract(text, published).people if p.role == "president"]
    assert president.side is not None and president.side.key == expected


def test_a_us_state_after_a_city_is_the_united_states(extract):
    facts = extract("The Georgian foreign minister met US officials in Atlanta, Georgia.",
                    "2023-03-01")
    (event,) = facts.meetings
    assert event.place is not None and event.place.country.iso3 == "USA"
    assert {s.key for s in event.participants} == {"GEO", "USA"}


def test_a_crown_prince_is_not_head_of_state(extract):
    facts = extract("Saudi Crown Prince Mohammed bin Salman received the delegation.")
    assert ("Mohammed bin Salman", "SAU", "official") in _people(facts)


def test_the_readmes_example_finds_its_meeting(extract):
    facts = extract("Russian President Vladimir Putin met Narendra Modi in New Delhi on Monday.",
                    "2021-12-08")
    (event,) = facts.meetings
    assert {s.key for s in event.participants} == {"RUS", "IND"}
    assert (event.place.name, event.date) == ("New Delhi", "2021-12-06")


@pytest.mark.parametrize("text, published, expected", [
    # A full name is looked up whole: no word of it stands for another leader ("Moon").
    ("UN Secretary-General Ban Ki-moon met Malian officials in Bamako.", "2013-02-01",
     ("Ban Ki-moon", "UN", "secretary-general")),
    ("Paraguayan President Santiago Peña met the delegation.", "2024-02-01",
     ("Santiago Peña", "PRY", "president")),
])
def test_a_full_name_is_one_person(extract, text, published, expected):
    assert expected in _people(extract(text, published))


def test_a_currency_is_no_state(extract):
    facts = extract("The minister was accused of misusing US $50 million; a US$700m road "
                    "will link Brazil and Peru.")
    assert "USA" not in _sides(facts)
