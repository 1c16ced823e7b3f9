"""Linking: countries, capitals, cities, organisations and roles from the bundled tables."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.linking import (
    all_countries,
    capital_country,
    country,
    find_city,
    find_country,
    find_organization,
    normalise_role,
    us_state,
)


@pytest.mark.parametrize("text, expected", [
    ("US", "USA"), ("U.S.", "USA"), ("the United States", "USA"), ("UK", "GBR"),
    ("Britain", "GBR"), ("South Korea", "KOR"), ("Republic of Korea", "KOR"),
    ("North Korea", "PRK"), ("Russian Federation", "RUS"), ("Chinese", "CHN"),
    ("South Korean", "KOR"), ("North Korean", "PRK"), ("Taiwan", "TWN"), ("Palestine", "PSE"),
    ("Kosovo", "XKX"), ("Türkiye", "TUR"), ("Viet Nam", "VNM"), ("Ivory Coast", "CIV"),
    ("French Republic", "FRA"), ("Somalian", "SOM"), ("Emirati", "ARE"), ("Holy See", "VAT"),
    ("Atlantis", None), ("Paris", None), ("the Kremlin", "RUS"), ("White House", "USA"),
    ("Downing Street", "GBR"),
])
def test_find_country(text, expected):
    found = find_country(text)
    assert (found.iso3 if found else None) == expected


@pytest.mark.parametrize("text, expected", [
    ("Seoul", "KOR"), ("Moscow", "RUS"), ("Beijing", "CHN"), ("Washington", "USA"),
    ("Kiev", "UKR"), ("Kyiv", "UKR"), ("Tokyo", "JPN"), ("Busan", None),
])
def test_capital_country(text, expected):
    found = capital_country(text)
    assert (found.iso3 if found else None) == expected


@pytest.mark.parametrize("iso3, wikidata", [
    ("CHN", "Q148"), ("USA", "Q30"), ("JPN", "Q17"), ("KOR", "Q884"), ("PRK", "Q423"),
    ("RUS", "Q159"), ("UKR", "Q212"), ("IND", "Q668"), ("FRA", "Q142"), ("DEU", "Q183"),
    ("GBR", "Q145"), ("TUR", "Q43"), ("BRA", "Q155"), ("XKX", "Q1246"),
])
def test_country_wikidata(iso3, wikidata):
    assert country(iso3).wikidata == wikidata


def test_every_state_has_a_name_and_wikidata_id():
    states = all_countries()
    assert len(states) >= 195
    assert all(c.name and c.wikidata and c.wikidata.startswith("Q") for c in states)


def test_unknown_country_code_raises():
    with pytest.raises(InputError):
        country("XYZ")


@pytest.mark.parametrize("name, context, same_as, expected_country", [
    ("Halifax", (), "Halifax", "CAN"),
    ("Halifax", ("GBR",), "Halifax", "GBR"),
    ("Brasilia", (), "Brasília", "BRA"),
    ("Kiev", (), "Kyiv", "UKR"),
    ("Sao Paulo", (), "São Paulo", "BRA"),
    ("Busan", (), "Busan", "KOR"),
    ("Athens", (), "Athens", "GRC"),
    ("Athens", ("USA",), "Athens", "USA"),
])
def test_find_city(name, context, same_as, expected_country):
    """A city is labelled as the article writes it, and linked to the one GeoNames place
    every spelling names."""
    city = find_city(name, context)
    assert city is not None and city.geonames_id
    assert (city.name, city.country.iso3) == (name, expected_country)
    assert city.geonames_id == find_city(same_as, context).geonames_id


def test_unknown_city_is_none():
    assert find_city("Qwertyville") is None


@pytest.mark.parametrize("name, context, expected", [
    ("New York", (), "New York"),
    ("Mexico City", (), "Mexico City"),
    ("Maryland", (), None),
    ("Bali", ("IDN", "CMR"), "Bali"),
    ("Beli", ("IDN",), None),
])
def test_find_city_names_and_small_homonyms(name, context, expected):
    city = find_city(name, context)
    assert (city.name if city else None) == expected


@pytest.mark.parametrize("name, expected", [("Maryland", "USA"), ("New York", "USA"),
                                            ("Bavaria", None)])
def test_us_state(name, expected):
    found = us_state(name)
    assert (found.iso3 if found else None) == expected


@pytest.mark.parametrize("text, short, wikidata", [
    ("UN", "UN", "Q1065"), ("the United Nations", "UN", "Q1065"), ("NATO", "NATO", "Q7184"),
    ("European Union", "EU", "Q458"), ("African Union", "AU", "Q7159"),
    ("ASEAN", "ASEAN", "Q7768"), ("OSCE", "OSCE", "Q81299"), ("G7", "G7", "Q1764511"),
    ("G20", "G20", "Q19771"), ("World Health Organization", "WHO", "Q7817"),
    ("International Monetary Fund", "IMF", "Q7804"),
])
def test_find_organization(text, short, wikidata):
    org = find_organization(text)
    assert org is not None and (org.short_name, org.wikidata) == (short, wikidata)


@pytest.mark.parametrize("title, expected", [
    ("Foreign Minister", "foreign minister"), ("minister of foreign affairs", "foreign minister"),
    ("top diplomat", "foreign minister"), ("Secretary of State", "foreign minister"),
    ("Deputy Foreign Minister", "deputy foreign minister"),
    ("Defense Secretary", "defence minister"),
    ("energy minister", "minister"), ("economic development minister", "minister"),
    ("Prime Minister", "prime minister"), ("Presidents", "president"),
    ("Vice President", "vice president"), ("Federal Chancellor", "chancellor"),
    ("King", "head of state"), ("Emir", "head of state"),
    ("Secretary-General", "secretary-general"),
    ("spokeswoman", "spokesperson"), ("National Security Adviser", "national security adviser"),
    ("ambassador", "ambassador"), ("special envoy", "envoy"), ("senator", "legislator"),
    ("admiral", "military officer"), ("diplomat", "official"), ("analyst", None),
    ("Taoiseach", "prime minister"), ("foreign policy chief", "official"),
    ("High Commissioner", "ambassador"), ("Managing Director", "official"),
])
def test_normalise_role(title, expected):
    assert normalise_role(title) == expected


@pytest.mark.parametrize("address, side", [
    ("https://www.state.gov/briefings/department-press-briefing", "USA"),
    ("https://www.defense.mil/News/Releases/", "USA"),
    ("https://www.president.gov.ua/en/news/statement", "UKR"),
    ("https://www.mofa.go.kr/eng/brd/m_5676/view.do", "KOR"),
    ("https://www.gob.mx/sre/prensa/comunicado", "MEX"),
    ("https://www.diplomatie.gouv.fr/en/french-foreign-policy/", "FRA"),
    ("https://www.dfat.gov.au/news/media-release", "AUS"),
    ("https://www.gov.uk/government/news/statement", "GBR"),
    ("https://en.wikinews.org/wiki/Leaders_meet", None),
    ("https://www.reuters.com/world/leaders-meet/", None),
    ("corpus/talks.txt", None),
    (None, None),
])
def test_publisher_side_by_official_domain(address, side):
    from kg.linking.publishers import publisher_side

    assert publisher_side(address) == side


def test_each_publisher_row_reads_its_example_and_can_be_switched_off():
    import csv
    import io

    from kg.linking._tables import data_text
    from kg.linking.publishers import publisher_side

    bad = []
    for row in csv.DictReader(io.StringIO(data_text("publishers.csv"))):
        if publisher_side(row["example"]) != row["side"] or publisher_side(
                row["example"], disabled=frozenset({row["domain"]})) == row["side"]:
            bad.append(row["domain"])
    assert not bad


def test_a_titled_official_acts_for_the_publishing_government(nlp):
    import datetime as dt

    from kg.nlp.facts import extract_facts
    from kg.types import Article

    text = ("Special Envoy Mara Whitfield met Kenyan Foreign Minister Musalia Mudavadi in "
            "Nairobi on Tuesday.")
    released = Article("release", text, date=dt.date(2025, 2, 7),
                       source="https://www.state.gov/special-envoy-travel")
    sides = {p.name: p.side.key if p.side else None
             for p in extract_facts(released, nlp).people}
    assert sides["Mara Whitfield"] == "USA" and sides["Musalia Mudavadi"] == "KEN"
    reported = Article("report", text, date=dt.date(2025, 2, 7),
                       source="https://news.example.org/envoy")
    sides = {p.name: p.side.key if p.side else None
             for p in extract_facts(reported, nlp).people}
    assert sides.get("Mara Whitfield") != "USA"
