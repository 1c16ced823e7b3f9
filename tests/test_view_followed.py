"""The explorer in headless Chromium: search that folds accents and knows other names, a
Selected panel that follows the filters, an empty view that says why, and two sides over
time. Each test failed on the explorer before issue 15."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
from browser import browser, clean, details, load, screenshot

import kg
from kg.linking import country, find_organization
from kg.linking.places import find_city
from kg.types import Action, Article, Event, Evidence, Facts, Person

TUR, HUN, GBR, UKR = (country(k) for k in ("TUR", "HUN", "GBR", "UKR"))
SAO_PAULO, KYIV = find_city("São Paulo"), find_city("Kyiv")


def _facts(key: str, date: str, sentences: list[str], events: list[tuple], actions=(),
           people=()) -> Facts:
    text = " ".join(sentences)

    def said(n: int) -> Evidence:
        start = text.index(sentences[n])
        return Evidence(sentences[n], start, start + len(sentences[n]))

    return Facts(
        article=Article(identifier=key, text=text, title=sentences[0],
                        date=dt.date.fromisoformat(date)),
        countries=tuple({s for e in events for s in e[1]}),
        people=tuple(Person(name, role, side, said(0)) for name, role, side in people),
        cities=tuple({e[3] for e in events if e[3]}),
        events=tuple(Event(kind, sides, said(n), attendees=attendees, place=place, date=when,
                           status=status)
                     for n, (kind, sides, attendees, place, when, status) in enumerate(events)),
        actions=tuple(Action(category, actor, recipient, said(n), date=when)
                      for category, actor, recipient, n, when in actions),
    )


ARTICLES = [
    _facts("fair", "2031-03-05",
           ["Recep Tayyip Erdoğan and Viktor Orbán met at a trade fair in São Paulo."],
           [("Meeting", (TUR, HUN), ("Recep Tayyip Erdoğan", "Viktor Orbán"), SAO_PAULO,
             "2031-03-04", "occurred")],
           # a stray date: "six years later" read against a wrong year
           actions=[("SUPPORT", TUR, HUN, 0, "1969-05")],
           people=[("Recep Tayyip Erdoğan", "president", TUR),
                   ("Viktor Orbán", "prime minister", HUN)]),
    _facts("grain", "2031-05-04",
           ["British and Ukrainian ministers met in Kyiv to talk about grain.",
            "London pledged its backing for the grain corridor."],
           [("Meeting", (GBR, UKR), (), KYIV, "2031-05-02", "occurred")],
           actions=[("SUPPORT", GBR, UKR, 1, "2031-05-03")]),
    _facts("ports", "2031-07-12",
           ["Britain and Ukraine held talks on ports in July 2031.",
            "Kyiv criticised London over the delay.",
            "The two will meet again in 2032."],
           [("Meeting", (GBR, UKR), (), None, "2031-07", "occurred"),
            ("Meeting", (GBR, UKR), (), None, "2032", "planned")],
           actions=[("DISAPPROVE", UKR, GBR, 1, "2031-07-10")]),
]


UN = find_organization("UN")
ARTICLES.append(
    _facts("assembly", "2031-09-20",
           ["Hungary's envoy and the United Nations held talks on refugees."],
           [("Meeting", (HUN, UN), (), None, "2031-09", "occurred")]),
)


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    graph = kg.KnowledgeGraph(kg.open_store())
    for facts in ARTICLES:
        graph.add(facts)
    graph.resolve_meetings()
    graph.resolve_people()
    path = graph.to_html(tmp_path_factory.mktemp("followed") / "graph.html")
    return Path(path).as_uri()


OPTIONS = "return [...document.querySelectorAll('#kg-search-list li')].map(li => li.textContent)"


def search(driver: Any, text: str) -> list[str]:
    box = driver.find_element("id", "kg-search")
    box.clear()
    box.send_keys(text)
    return driver.execute_script(OPTIONS)


@browser
@pytest.mark.parametrize(
    "typed, first",
    [("erdogan", "Recep Tayyip Erdoğan"), ("ORBAN", "Viktor Orbán"),
     ("sao paulo", "São Paulo"), ("UK", "United Kingdom"), ("britain", "United Kingdom"),
     ("kiev", "Kyiv")],
)
def test_search_folds_accents_and_knows_other_names(
    driver: Any, page_url: str, typed: str, first: str
) -> None:
    load(driver, page_url + "#countries")
    options = search(driver, typed)
    assert options and options[0].startswith(first), options
    clean(driver)


@browser
def test_a_chosen_result_stays_in_the_box(driver: Any, page_url: str) -> None:
    from selenium.webdriver.common.keys import Keys

    load(driver, page_url + "#countries")
    search(driver, "kiev")
    driver.find_element("id", "kg-search").send_keys(Keys.ENTER)
    driver.find_element("id", "kg-title").click()  # the box loses the focus
    time.sleep(0.3)  # its blur handler runs 150 ms later
    box = driver.find_element("id", "kg-search")
    assert box.get_attribute("value") == "Kyiv"
    assert driver.find_element("id", "kg-search-result").text == "Selected Kyiv"
    clean(driver)


def _in_view(driver: Any) -> str:
    return driver.execute_script(
        "const h = [...document.querySelectorAll('#kg-details h4')]"
        ".find(x => x.textContent.startsWith('Meetings in view')); return h ? h.textContent : ''")


@browser
def test_the_selected_panel_follows_the_filters(driver: Any, page_url: str) -> None:
    from selenium.webdriver.common.keys import Keys

    load(driver, page_url + "#countries")
    search(driver, "GBR")
    driver.find_element("id", "kg-search").send_keys(Keys.ENTER)
    assert _in_view(driver) == "Meetings in view (2)"
    empty = driver.find_element("id", "kg-empty")
    assert not empty.is_displayed()
    driver.find_element("xpath", "//*[@id='kg-statuses']/label[span='occurred']/input").click()
    assert _in_view(driver) == "Meetings in view (0)"
    assert empty.is_displayed()
    assert "No meeting matches these filters: no status ticked" in empty.text
    screenshot(driver, "issue15-empty-view")
    driver.find_element("id", "kg-widen").click()
    assert not empty.is_displayed() and _in_view(driver) == "Meetings in view (2)"
    clean(driver)


PAIR_LINK = """
const ids = KG.data.entities.map(e => e.key);
const a = ids.indexOf('GBR'), b = ids.indexOf('UKR');
return KG.countries.showLink(`${Math.min(a, b)}-${Math.max(a, b)}`) !== null;
"""
BARS = ("return [...document.querySelectorAll('#kg-details .kg-pair rect')]"
        ".map(r => r.querySelector('title').textContent)")


@browser
def test_a_link_charts_the_two_sides_over_time(driver: Any, page_url: str) -> None:
    load(driver, page_url + "#countries")
    assert driver.execute_script(PAIR_LINK)
    bars = driver.execute_script(BARS)
    assert bars == [
        "2031-05: 1 occurred meeting", "2031-05: 1 action, verbal cooperation",
        "2031-07: 1 occurred meeting", "2031-07: 1 action, verbal conflict",
    ]
    screenshot(driver, "issue15-pair-chart")
    driver.find_elements("css selector", "#kg-details .kg-pair rect")[3].click()
    assert details(driver).startswith("verbal conflict in 2031-07: Ukraine \u2192 United Kingdom")
    assert "Kyiv criticised London over the delay." in details(driver)
    assert driver.execute_script(PAIR_LINK)
    driver.find_elements("css selector", "#kg-details .kg-pair rect")[0].click()
    assert details(driver).startswith(("United Kingdom \u2014 Ukraine, 2031-05",
                                       "Ukraine \u2014 United Kingdom, 2031-05"))
    assert "British and Ukrainian ministers met in Kyiv" in details(driver)
    clean(driver)


CITY_ON_SCREEN = """
const [name] = arguments;
const city = KG.data.entities.findIndex(e => e.label === name);
const [x, y] = KG.map.cityPoint(city);
const canvas = KG.map.canvas, r = canvas.getBoundingClientRect();
return [x * r.width / canvas.width, y * r.height / canvas.height];  // where a user sees it
"""


@browser
@pytest.mark.parametrize("city", ["Kyiv", "São Paulo"])
def test_a_click_on_a_city_dot_selects_it(driver: Any, page_url: str, city: str) -> None:
    from browser import click_canvas

    load(driver, page_url + "#map")
    assert driver.find_element("id", "kg-note").is_displayed()  # the banner takes room
    x, y = driver.execute_script(CITY_ON_SCREEN, city)
    click_canvas(driver, "#kg-view-map canvas", x, y)
    assert details(driver).startswith(city)
    clean(driver)


@browser
def test_one_stray_date_does_not_squeeze_the_timeline(driver: Any, page_url: str) -> None:
    load(driver, page_url + "#timeline")
    assert driver.execute_script("return KG.months[0]") == "1969-05"
    shown = driver.execute_script("return KG.timeline.shown()")
    assert shown == {"first": "2031-03", "last": "2031-09", "earlier": 0, "later": 0}
    assert driver.execute_script("return [KG.state.from, KG.state.to]") == [
        0, driver.execute_script("return KG.months.length - 1")]  # nothing filtered out
    screenshot(driver, "issue15-timeline")
    clean(driver)


@pytest.fixture(scope="module")
def busy_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Fifteen meetings: Hungary meets each of five states three times."""
    graph = kg.KnowledgeGraph(kg.open_store())
    partners = [country(k) for k in ("AUT", "SVK", "ROU", "SRB", "HRV")]
    for n in range(15):
        other = partners[n % 5]
        graph.add(_facts(f"visit-{n}", f"2030-{n % 12 + 1:02d}-20",
                         [f"Hungary and {other.name} held talks, number {n}."],
                         [("Meeting", (HUN, other), (), None, f"2030-{n % 12 + 1:02d}",
                           "occurred")]))
    graph.resolve_meetings()
    return Path(graph.to_html(tmp_path_factory.mktemp("busy") / "graph.html")).as_uri()


LABELS = "return kgExplorer.nodes.get().map(n => n.label)"


@browser
def test_the_entities_view_opens_on_an_ego_network_with_a_legend(
    driver: Any, busy_url: str
) -> None:
    load(driver, busy_url + "#entities")
    labels = driver.execute_script(LABELS)
    assert "Hungary" in labels and all(labels) and len(labels) < 25
    assert "The neighbourhood of Hungary" in driver.find_element("id", "kg-note").text
    legend = driver.find_element("css selector", "#kg-view-entities .kg-legend").text
    for word in ("country", "organisation", "person", "city", "meeting", "planned", "negated"):
        assert word in legend
    screenshot(driver, "issue15-entities")
    clean(driver)
