"""The PLOVER action coder over sentences written for these tests (not the PLOVER gold)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kg.linking import find_organization
from kg.linking.leaders import terms_by_name, terms_by_surname
from kg.nlp.actions import code_actions
from kg.nlp.actions.lexicon import category, lexicon
from kg.plover import codes


def _key(side):
    return side.key if side is not None else None


def _first(nlp, text):
    actions = code_actions(nlp(text))
    assert actions, f"no action coded in {text!r}"
    return actions[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("France condemned Russia's annexation of the peninsula.",
         ("DISAPPROVE", "FRA", "RUS", "occurred")),
        ("Japanese officials praised South Korea for its restraint.",
         ("SUPPORT", "JPN", "KOR", "occurred")),
        ("Brazil rejected an Argentine proposal to share the dam's costs.",
         ("REJECT", "BRA", "ARG", "occurred")),
        ("Germany urged Turkey to release the detained journalists.",
         ("DEMAND", "DEU", "TUR", "occurred")),
        ("Egypt threatened to cut off gas supplies to Jordan.",
         ("THREATEN", "EGY", "JOR", "occurred")),
        ("Canada imposed sanctions on Venezuela on Monday.",
         ("SANCTION", "CAN", "VEN", "occurred")),
        ("Kenya expelled two Ugandan diplomats.", ("SANCTION", "KEN", "UGA", "occurred")),
        ("The Chilean president visited Peru last week.", ("CONSULT", "CHL", "PER", "occurred")),
        ("India and Nepal agreed to reopen border trade.", ("AGREE", "IND", None, "occurred")),
        ("Norway did not agree to the fishing quota.", ("AGREE", "NOR", None, "negated")),
        ("Sweden sent humanitarian aid to Ethiopia.", ("AID", "SWE", "ETH", "occurred")),
        ("Greek troops were attacked by Turkish soldiers.", ("FIGHT", "TUR", "GRC", "occurred")),
        ("Finland may criticize Hungary over the new media law.",
         ("DISAPPROVE", "FIN", "HUN", "hypothetical")),
        ("Seoul accused Pyongyang of firing artillery across the border.",
         ("DISAPPROVE", "KOR", "PRK", "occurred")),
        ("Poland said it will impose restrictions on Belarusian trucks.",
         ("THREATEN", "POL", "BLR", "occurred")),
        ("Italy said it would send medical supplies to Albania.",
         ("AGREE", "ITA", "ALB", "occurred")),
        ("Iceland said Denmark must return the ancient manuscripts.",
         ("DEMAND", "ISL", "DNK", "occurred")),
        ("Mexico refused to extradite the suspect to Colombia.",
         ("REJECT", "MEX", "COL", "occurred")),
        ("NATO deployed additional troops to Lithuania.", ("MOBILIZE", "NATO", "LTU", "occurred")),
        ("Chinese leaders held talks with Vietnam on maritime disputes.",
         ("CONSULT", "CHN", "VNM", "occurred")),
        # Domestic actors are coded by their country, as CAMEO does.
        ("Thousands of protesters demonstrated in Madrid on Sunday.",
         ("PROTEST", "ESP", "ESP", "occurred")),
        ("Spain lodged a protest with Morocco.", ("DISAPPROVE", "ESP", "MAR", "occurred")),
        ("Ghana lifted its ban on Nigerian imports.", ("CONCEDE", "GHA", "NGA", "occurred")),
        # Organisations beyond the intergovernmental ones: organs, NGOs, armed groups.
        ("Amnesty International accused Egypt of torturing detainees.",
         ("DISAPPROVE", "Amnesty International", "EGY", "occurred")),
        ("The Security Council condemned Eritrea for its support of the rebels.",
         ("DISAPPROVE", "UNSC", "ERI", "occurred")),
        ("Hezbollah threatened to attack Israel.", ("THREATEN", "Hezbollah", "ISR", "occurred")),
        # A people coded by where it lives; a domestic group by its one named state.
        ("Bosnian Serbs rejected the peace plan.", ("REJECT", "BIH", None, "occurred")),
        ("Albanians in southern Serbia demanded autonomy.", ("DEMAND", "SRB", None, "occurred")),
        ("Opposition leaders threatened to boycott Kenya's elections.",
         ("THREATEN", "KEN", "KEN", "occurred")),
        ("President Museveni imposed a curfew in Kampala.", ("COERCE", "UGA", "UGA", "occurred")),
        # Reported obligations are demands of the speaker, of the clause's subject.
        ("Norway said Poland must reduce its coal emissions.",
         ("DEMAND", "NOR", "POL", "occurred")),
        ("Egyptian officials said Israel must be ready to negotiate with Jordan.",
         ("DEMAND", "EGY", "ISR", "occurred")),
        ("Palestinian officials demanded that the United States halt arms sales.",
         ("DEMAND", "PSE", "USA", "occurred")),
        # The actor from a quoting verb's passive subject, or the verb a trigger qualifies.
        ("King Abdullah of Jordan was quoted as saying he would host talks with Iraq.",
         ("AGREE", "JOR", "IRQ", "occurred")),
        ("Hamas issued a statement condemning Egypt.", ("DISAPPROVE", "Hamas", "EGY", "occurred")),
        ("Georgia threatened to cut ties with Russia unless the troops leave.",
         ("THREATEN", "GEO", "RUS", "occurred")),
    ],
)
def test_code_sentence(nlp, text, expected):
    action = _first(nlp, text)
    got = (action.category, _key(action.actor), _key(action.recipient), action.status)
    assert got == expected


@pytest.mark.parametrize(
    "text, status",
    [
        ("Austria plans to host the negotiations in Vienna.", "planned"),
        ("Denmark will send observers to the election.", "planned"),
        ("Belgium might recognize Kosovo.", "hypothetical"),
        ("Portugal never signed the treaty.", "negated"),
        ("Croatia failed to ratify the accord.", "negated"),
        ("Latvia signed the treaty.", "occurred"),
    ],
)
def test_status(nlp, text, status):
    assert _first(nlp, text).status == status


def test_conditional_withdrawal_is_a_threat(nlp):
    action = _first(nlp, "Chad said it will withdraw its troops from Mali unless the junta "
                         "holds elections.")
    assert (action.category, _key(action.actor), _key(action.recipient)) == (
        "THREATEN", "TCD", "MLI")


def test_governed_trigger_is_one_action(nlp):
    actions = code_actions(nlp("Iran threatened to impose sanctions on Azerbaijan."))
    assert [a.category for a in actions] == ["THREATEN"]
    assert actions[0].cameo == "1312"


def test_evidence_offsets_point_into_the_text(nlp):
    text = "Talks stalled on Monday. Ecuador condemned Peru's decision. Nothing else happened."
    actions = code_actions(nlp(text))
    assert actions
    for action in actions:
        ev = action.evidence
        assert text[ev.start:ev.end] == ev.text
    assert any("Ecuador condemned" in a.evidence.text for a in actions)


@pytest.mark.parametrize(
    "text, date",
    [
        ("Ecuador condemned Peru's decision on Wednesday.", "2024-03-13"),
        ("Ecuador condemned Peru's decision yesterday.", "2024-03-14"),
        ("Ecuador condemned Peru's decision.", "2024-03-15"),
        # A year after the article is a target, not the date of what was done.
        ("Ecuador agreed with Peru to end fishing in the bay by 2040.", None),
    ],
)
def test_date_resolved_against_publication(nlp, text, date):
    (action,) = code_actions(nlp(text), dt.date(2024, 3, 15))
    assert action.date == date


def test_no_article_date_no_action_date(nlp):
    assert _first(nlp, "Ecuador condemned Peru's decision on Wednesday.").date is None


def test_person_acts_for_the_state_named_beside_them(nlp):
    text = ("Russian Foreign Minister Sergei Lavrov arrived in Ankara. "
            "Lavrov criticized Finland's decision.")
    actions = code_actions(nlp(text))
    assert [(a.category, _key(a.actor), _key(a.recipient)) for a in actions][-1] == (
        "DISAPPROVE", "RUS", "FIN")


@pytest.mark.parametrize(
    "text, published, expected",
    [
        # Leaders named with a title but not their state: the table of office holders, on
        # the article's date, and only then.
        ("President Clinton condemned Iraq's decision.", "1998-02-01",
         ("DISAPPROVE", "USA", "IRQ")),
        # Undated, a title and a surname still name the one state such office holders of
        # that name ever served ...
        ("President Clinton condemned Iraq's decision.", None, ("DISAPPROVE", "USA", "IRQ")),
        # ... but not where two states had one.
        ("President Herzog condemned the missile test.", None, ("DISAPPROVE", None, None)),
        ("Prime Minister Thatcher rejected the Argentine proposal.", "1982-04-10",
         ("REJECT", "GBR", "ARG")),
        # "President Herzog" led Germany in 1996 and Israel in 2022.
        ("President Herzog condemned the missile test.", "1996-05-01",
         ("DISAPPROVE", "DEU", None)),
        ("President Herzog condemned the missile test.", "2022-05-01",
         ("DISAPPROVE", "ISR", None)),
        # A surname alone, with no title, is never looked up.
        ("Herzog condemned the missile test.", "2022-05-01", ("DISAPPROVE", None, None)),
    ],
)
def test_titled_leaders_on_the_article_date(nlp, text, published, expected):
    from kg.nlp.document import article_doc
    from kg.types import Article

    day = dt.date.fromisoformat(published) if published else None
    doc = nlp(article_doc(nlp, Article("t", text, date=day)))
    action = code_actions(doc, day)[0]
    assert (action.category, _key(action.actor), _key(action.recipient)) == expected


@pytest.mark.parametrize(
    "name, day, expected",
    [
        ("George H. W. Bush", "1990-06-01", [("USA", "president")]),
        ("Francois Mitterrand", "1990-06-01", [("FRA", "president")]),
        ("Hassan II", "1990-06-01", [("MAR", "head of state")]),
        ("Vladimir Putin", "2010-06-01", [("RUS", "prime minister")]),
        ("Barack Obama", "1990-06-01", []),
        ("John Smith", "2020-06-01", []),
    ],
)
def test_terms_by_name(name, day, expected):
    found = terms_by_name(name, dt.date.fromisoformat(day))
    assert [(t.side, t.role) for t in found] == expected


@pytest.mark.parametrize(
    "surname, day, expected",
    [("Herzog", "1996-06-01", {"DEU"}), ("Herzog", "2022-06-01", {"ISR"}),
     ("Lavrov", "2010-06-01", {"RUS"}), ("Obama", "1990-06-01", set())],
)
def test_terms_by_surname(surname, day, expected):
    assert {t.side for t in terms_by_surname(surname, dt.date.fromisoformat(day))} == expected


@pytest.mark.parametrize(
    "text, expected",
    [("European Community", "EC"), ("Red Cross", "ICRC"), ("Security Council", "UNSC"),
     ("Amnesty International", "Amnesty International"), ("Kurdistan Workers' Party", "PKK"),
     ("United Nations", "UN")],
)
def test_added_organisations(text, expected):
    assert find_organization(text).short_name == expected


def test_sentence_without_action(nlp):
    assert code_actions(nlp("The weather in Oslo was mild.")) == ()


def test_lexicon_codes_are_in_the_cameo_table():
    lex, table = lexicon(), codes()
    used = [*lex.verbs.values(), *lex.nouns.values(), *lex.by_state.values(),
            *(c for t in lex.objects.values() for c in t.values() if c),
            *(c for t in lex.intent_codes.values() for c in t.values())]
    assert sorted(set(used) - set(table)) == []
    assert all(re.fullmatch(r"\d{3,4}", code) for code in table)


@pytest.mark.parametrize(
    "cameo, expected",
    [("036", "AGREE"), ("041", "CONSULT"), ("1312", "THREATEN"), ("163", "SANCTION"),
     ("111", "DISAPPROVE"), ("100", "DEMAND"), ("190", "FIGHT"), ("0871", "RETREAT")],
)
def test_cameo_category(cameo, expected):
    assert category(cameo) == expected
