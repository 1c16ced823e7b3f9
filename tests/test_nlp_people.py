"""People: titles in every common form, the side they act for, and coreference."""

from __future__ import annotations

import pytest


def people(facts):
    return {(p.name, p.side.key if p.side else None, p.role) for p in facts.people}


@pytest.mark.parametrize("text, expected", [
    ("Canada's foreign minister, Melanie Joly, arrived on Monday.",
     {("Melanie Joly", "CAN", "foreign minister")}),
    ("Mexican Foreign Minister Alicia Barcena spoke to reporters.",
     {("Alicia Barcena", "MEX", "foreign minister")}),
    ("Sergey Lavrov, Russia's top diplomat, criticised the plan.",
     {("Sergey Lavrov", "RUS", "foreign minister")}),
    ("Mr. Alberto Fernandez, the President of Argentina, addressed the crowd.",
     {("Alberto Fernandez", "ARG", "president")}),
    ("Prime Minister of Slovakia Igor Matovič resigned.",
     {("Igor Matovič", "SVK", "prime minister")}),
    ("Kenyan President William Ruto opened the session.",
     {("William Ruto", "KEN", "president")}),
    ("NATO Secretary-General Jens Stoltenberg warned of new threats.",
     {("Jens Stoltenberg", "NATO", "secretary-general")}),
    ("The Italian interior minister Marco Rossi signed the decree.",
     {("Marco Rossi", "ITA", "minister")}),
    ("Polish Foreign Ministry spokesman Lukasz Jasina said the talks were useful.",
     {("Lukasz Jasina", "POL", "spokesperson")}),
    ("Canadian Prime Minister Justin Trudeau and defence minister Anita Anand arrived.",
     {("Justin Trudeau", "CAN", "prime minister"), ("Anita Anand", "CAN", "defence minister")}),
    ("The former Peruvian president Alan Garcia wrote a book.", set()),
    ("Local resident Maria Lopez said she was worried.", set()),
])
def test_titles_roles_and_sides(extract, text, expected):
    assert people(extract(text)) == expected


def test_surname_and_fullest_name(extract):
    facts = extract("Indonesian Foreign Minister Retno Marsudi arrived in Tokyo. "
                    "Marsudi later said the visit was productive.")
    assert people(facts) == {("Retno Marsudi", "IDN", "foreign minister")}


def test_person_keeps_the_state_from_an_earlier_title(extract):
    facts = extract("Chilean President Gabriel Boric met Argentine President Javier Milei. "
                    "Boric said the meeting was warm.")
    assert people(facts) == {("Gabriel Boric", "CHL", "president"),
                             ("Javier Milei", "ARG", "president")}


def test_role_holder_evidence_is_the_sentence(extract):
    text = "It rained. Estonian Prime Minister Kaja Kallas spoke in Tallinn."
    (person,) = extract(text).people
    assert person.evidence is not None
    assert text[person.evidence.start:person.evidence.end] == person.evidence.text
    assert "Kaja Kallas" in person.evidence.text


def test_unnamed_title_refers_to_the_principal(extract):
    facts = extract("Bola Tinubu spoke with reporters in Abuja. The President of Nigeria "
                    "said the economy was improving. Bola Tinubu then left.")
    assert people(facts) == {("Bola Tinubu", "NGA", "president")}


@pytest.mark.parametrize("text, expected", [
    ("Moscow and Beijing condemned the sanctions.", {"RUS", "CHN"}),
    ("Ottawa said it would respond.", {"CAN"}),
    ("The delegation arrived in Nairobi on Monday.", set()),
    ("Egyptian and Jordanian officials discussed water.", {"EGY", "JOR"}),
    ("The German Institute for Economic Research published a study.", set()),
])
def test_countries_from_names_demonyms_and_metonyms(extract, text, expected):
    assert {c.iso3 for c in extract(text).countries} == expected
