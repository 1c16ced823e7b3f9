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
    # A visit with no encounter reported is no meeting (GOLD.md, settled 2026-12-06).
    ("Indian Prime Minister Narendra Modi visited Jakarta.", set()),
    ("UN Secretary-General António Guterres met Colombian President Gustavo Petro in Bogota.",
     {(frozenset({"UN", "COL"}), "Bogota")}),
    ("The foreign ministers of Egypt, Jordan and Iraq met in Amman.",
     {(frozenset({"EGY", "JOR", "IRQ"}), "Amman")}),
    ("Norway and Sweden signed a border agreement.", {(frozenset({"NOR", "SWE"}), None)}),
    ("Vietnamese President Vo Van Thuong held talks with Austrian President Alexander Van "
     "der Bellen in Hanoi.", {(frozenset({"VNM", "AUT"}), "Hanoi")}),
    ("Egyptian President Abdel Fattah el-Sisi hosted Jordan's King Abdullah II in Cairo.",
     {(frozenset({"EGY", "JOR"}), "Cairo")}),
    ("Kenyan President William Ruto received Ethiopian Prime Minister Abiy Ahmed in Nairobi.",
     {(frozenset({"KEN", "ETH"}), "Nairobi")}),
    ("Italian Prime Minister Giorgia Meloni telephoned Tunisian President Kais Saied.",
     {(frozenset({"ITA", "TUN"}), None)}),
    ("Canadian Prime Minister Justin Trudeau called Indian Prime Minister Narendra Modi.",
     {(frozenset({"CAN", "IND"}), None)}),
    ("The leaders of Germany and France spoke by video link.",
     {(frozenset({"DEU", "FRA"}), None)}),
    ("Portuguese Foreign Minister Joao Cravinho met his Spanish counterpart Jose Manuel "
     "Albares on the sidelines of the UN General Assembly in New York.",
     {(frozenset({"PRT", "ESP"}), "New York")}),
    ("Armenia and Azerbaijan signed a peace declaration in Washington.",
     {(frozenset({"ARM", "AZE"}), "Washington")}),
    ("Kazakhstan's President Kassym-Jomart Tokayev visited Tashkent.", set()),
    ("Moscow and Beijing held talks on energy.", {(frozenset({"RUS", "CHN"}), None)}),
    ("Seoul said it had held talks with Tokyo.", {(frozenset({"KOR", "JPN"}), None)}),
    ("Indonesia and Malaysia last met in Jakarta in 2019.",
     {(frozenset({"IDN", "MYS"}), "Jakarta")}),
    ("The presidents of Chile and Peru had met for their third bilateral summit, that time "
     "in Lima.", {(frozenset({"CHL", "PER"}), "Lima")}),
    ("EU foreign policy chief Josep Borrell met Chinese Foreign Minister Wang Yi in Brussels.",
     {(frozenset({"EU", "CHN"}), "Brussels")}),
    ("NATO Secretary-General Jens Stoltenberg hosted Finnish President Sauli Niinisto at NATO "
     "headquarters in Brussels.", {(frozenset({"NATO", "FIN"}), "Brussels")}),
    ("ASEAN leaders met Chinese Premier Li Qiang in Jakarta.",
     {(frozenset({"ASEAN", "CHN"}), "Jakarta")}),
    ("Australian Prime Minister Anthony Albanese met US President Joe Biden at Camp David, "
     "Maryland.", {(frozenset({"AUS", "USA"}), "Camp David")}),
    ("Swiss President Alain Berset met Ukrainian Prime Minister Denys Shmyhal in the Swiss "
     "resort of Davos.", {(frozenset({"CHE", "UKR"}), "Davos")}),
    ("French President Emmanuel Macron met German Chancellor Olaf Scholz in Davos, "
     "Switzerland.", {(frozenset({"FRA", "DEU"}), "Davos")}),
    ("Halifax hosted talks between Canada and Denmark.",
     {(frozenset({"CAN", "DNK"}), "Halifax")}),
    ("Turkey and Libya signed an agreement, according to which a zone between Crete and "
     "Cyprus would be shared.", {(frozenset({"TUR", "LBY"}), None)}),
    ("Eritrean President Isaias Afwerki went to Addis Ababa to attend a summit with "
     "Ethiopia and Somalia.", {(frozenset({"ERI", "ETH"}), "Addis Ababa"),
                               (frozenset({"ERI", "ETH", "SOM"}), "Addis Ababa")}),
    # a place in a clause of purpose is not where they met
    ("The Croatian prime minister convened the foreign ministers of Slovenia and Austria to "
     "prepare the summit in Vienna.", {(frozenset({"HRV", "SVN", "AUT"}), None)}),
    ("Turkish President Recep Tayyip Erdogan called on Sweden to act.", set()),
    ("Israel sees Iran as a threat.", set()),
    ("Egyptian mediators held talks with Hamas in Cairo.", set()),
])
def test_occurred_meetings(extract, text, expected):
    assert meetings(extract(text)) == expected


@pytest.mark.parametrize("text", [
    "Peruvian President Dina Boluarte may not meet Chilean President Gabriel Boric this year.",
    "Spain and Morocco agreed to hold a summit next year.",
    "Austrian Chancellor Karl Nehammer invited Swiss President Viola Amherd to visit Vienna.",
    "A summit between Ghana and Togo is expected in the near future.",
    "Mongolia and Kazakhstan could meet in Astana.",
    "Russian President Vladimir Putin will visit Ankara next month.",
    "Serbian President Aleksandar Vucic is due to meet Hungarian Prime Minister Viktor Orban.",
    "Slovenian Prime Minister Robert Golob plans to travel to Zagreb.",
    "The summit between Ghana and Nigeria was cancelled.",
    "A meeting between Sudan and Chad was postponed.",
    "Thailand denied that its foreign minister had met Myanmar officials.",
    "If Uganda and Rwanda meet, the border could reopen.",
    "Spain hopes to host Morocco for talks next year.",
    "Bolivian President Luis Arce invited Paraguayan President Santiago Pena to visit La Paz.",
    "Kenyan President William Ruto declined to meet Somali President Hassan Sheikh Mohamud.",
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


@pytest.mark.parametrize("text, expected", [
    ("Dutch Prime Minister Mark Rutte arrived in Ukraine. Later they travelled on to Kyiv.",
     {(frozenset({"NLD", "UKR"}), "Kyiv")}),
    ("Indonesian President Joko Widodo met Malaysian Prime Minister Anwar Ibrahim in Jakarta. "
     "Afterwards they flew to Bandung, where they toured a factory.",
     {(frozenset({"IDN", "MYS"}), "Jakarta"), (frozenset({"IDN", "MYS"}), "Bandung")}),
    ("Georgian President Salome Zourabichvili met Armenian Prime Minister Nikol Pashinyan in "
     "Yerevan. She later met Azerbaijani President Ilham Aliyev in Baku.",
     {(frozenset({"GEO", "ARM"}), "Yerevan"), (frozenset({"GEO", "AZE"}), "Baku")}),
    ("Vietnam and Laos are close allies. The last meeting between the two countries took "
     "place in Hanoi.", {(frozenset({"VNM", "LAO"}), "Hanoi")}),
])
def test_pronouns_and_groups_continue_earlier_sentences(extract, text, expected):
    assert meetings(extract(text)) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("BRASÍLIA, Brazil – Brazilian President Lula received Colombian President Gustavo Petro "
     "on Friday.", "2024-02-10", ("Brasília", "2024-02-09")),
    ("KYIV — Polish President Andrzej Duda met Ukrainian President Volodymyr Zelenskyy on "
     "Feb. 3.", "2024-02-06", ("Kyiv", "2024-02-03")),
    ("WASHINGTON (Reuters) - U.S. President Joe Biden met Israeli Prime Minister Benjamin "
     "Netanyahu on Tuesday.", "2024-02-08", ("Washington", "2024-02-06")),
    ("Greek Prime Minister Kyriakos Mitsotakis met Turkish President Recep Tayyip Erdogan in "
     "Athens yesterday.", "2023-12-08", ("Athens", "2023-12-07")),
    ("The foreign ministers of Brazil, Argentina and Uruguay met in Montevideo on 3 February "
     "2022.", None, ("Montevideo", "2022-02-03")),
    ("Kazakhstan's President Kassym-Jomart Tokayev held talks with Uzbekistan's president in "
     "Tashkent last week.", "2024-02-06", ("Tashkent", "2024-01")),
])
def test_place_and_date_from_datelines_and_text(extract, text, published, expected):
    (event,) = extract(text, published).meetings
    assert (event.place.name if event.place else None, event.date) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Finland and Estonia held talks on Tuesday.", "2024-03-08", "2024-03-05"),
    ("Finland and Estonia held talks on Tuesday.", None, None),
    ("Finland and Estonia held talks on March 3, 2021.", None, "2021-03-03"),
    ("Finland and Estonia held talks in 2019.", None, "2019"),
    ("Finland and Estonia held talks last month.", "2024-03-08", "2024-02"),
    ("Finland and Estonia held talks on a treaty to take effect in 2031.", "2024-03-08", None),
])
def test_meeting_dates(extract, text, published, expected):
    (event,) = extract(text, published).meetings
    assert event.date == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Chile and Peru held talks on Thursday.", "2024-05-10", "relative"),
    ("Chile and Peru held talks yesterday.", "2024-05-10", "relative"),
    ("Chile and Peru held talks on 9 May 2024.", "2024-05-10", "explicit"),
    ("Chile and Peru held talks.", "2024-05-10", None),
])
def test_a_date_says_whether_it_was_counted_from_the_publication(
        extract, text, published, expected):
    (event,) = extract(text, published).meetings
    assert event.date_basis == expected


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
