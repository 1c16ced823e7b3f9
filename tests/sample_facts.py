"""Hand-built Facts for the RDF, store, graph and network tests (no spaCy needed)."""

from __future__ import annotations

import datetime as dt

from kg.types import Action, Article, City, Country, Event, Evidence, Facts, Organization, Person

SENTENCES = (
    "Chinese Foreign Minister Wang Yi met Japan's Yoko Kamikawa and South Korea's Park Jin "
    "in Busan on Sunday.",
    "A leaders' summit between China and the United States is expected next year.",
    "Park Jin visited Camp David in August.",
    "Kamikawa spoke by phone with UN Secretary-General Antonio Guterres.",
    "Japan and the United States did not meet.",
    "Washington imposed new sanctions on Beijing in November.",
)
TEXT = " ".join(SENTENCES)


def evidence(n: int) -> Evidence:
    """The n-th sentence of TEXT with its true offsets."""
    start = TEXT.index(SENTENCES[n])
    return Evidence(SENTENCES[n], start, start + len(SENTENCES[n]))


CHN = Country("CHN", "China", "Q148")
JPN = Country("JPN", "Japan", "Q17")
KOR = Country("KOR", "South Korea", "Q884")
USA = Country("USA", "United States", "Q30")
UN = Organization("UN", "United Nations", "Q1065")
BUSAN = City("Busan", KOR, 1838524)
CAMP_DAVID = City("Camp David", USA)
WANG = Person("Wang Yi", "foreign minister", CHN, evidence(0))
KAMIKAWA = Person("Yoko Kamikawa", "foreign minister", JPN, evidence(0))
PARK = Person("Park Jin", "foreign minister", KOR, evidence(0))
GUTERRES = Person("Antonio Guterres", "secretary-general", UN, evidence(3))

EVENTS = (
    Event(
        "Meeting",
        (CHN, JPN, KOR),
        evidence(0),
        attendees=("Wang Yi", "Yoko Kamikawa", "Park Jin"),
        place=BUSAN,
        date="2023-11-26",
    ),
    Event("Summit", (CHN, USA), evidence(1), date="2024", status="planned"),
    Event(
        "Visit", (KOR, USA), evidence(2), attendees=("Park Jin",), place=CAMP_DAVID, date="2023-08"
    ),
    Event("Call", (JPN, UN), evidence(3), attendees=("Yoko Kamikawa", "Antonio Guterres")),
    Event("Meeting", (JPN, USA), evidence(4), status="negated"),
)
SANCTION = Action("SANCTION", USA, CHN, evidence(5), cameo="163", date="2023-11")


def busan_facts(identifier: str = "trilateral-busan", events: tuple[Event, ...] = EVENTS) -> Facts:
    """One article with countries, an organisation, two cities, people, events, an action."""
    article = Article(
        identifier=identifier,
        text=TEXT,
        title="China, Japan, South Korea foreign ministers meet in Busan",
        date=dt.date(2023, 11, 27),
        source="https://example.org/busan",
    )
    return Facts(
        article=article,
        countries=(CHN, JPN, KOR, USA),
        organizations=(UN,),
        people=(WANG, KAMIKAWA, PARK, GUTERRES),
        cities=(BUSAN, CAMP_DAVID),
        events=events,
        actions=(SANCTION,),
    )
