"""Frames as data: every row of kg/data/frames.yaml finds its own example, and is needed.

Each row's example is a sentence written for the row. The tests run it through the whole
pipeline, the decisions layer left out (a row proposes candidates; the trained model
weighs them, and is tested on its own), and the event must be credited to the row; then
again with the row switched off (the event must be gone): a row that another row makes
redundant fails here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.matcher import DependencyMatcher

from kg.nlp.discourse.component import Discourse
from kg.nlp.document import article_doc
from kg.nlp.frames.component import FrameFinder
from kg.nlp.frames.rows import Row, frame_rows, parse_rows
from kg.types import Article

ROWS = frame_rows()
DAY = dt.date(2024, 6, 12)


def _found(events, row: Row) -> list:
    return [e for e in events if e.status == "occurred" and e.kind == row.kind
            and {s.key for s in e.participants} == row.expect_sides
            and (row.expect_place is None or (e.place and e.place.name == row.expect_place))]


@pytest.fixture(scope="module")
def parsed(nlp):
    """Each row's example, through the whole pipeline once, every candidate kept."""
    docs = {row.id: nlp(article_doc(nlp, Article(row.id, row.example, date=DAY)))
            for row in ROWS}
    return {key: Discourse.conclude(doc, None) for key, doc in docs.items()}


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_row_finds_its_example(parsed, row):
    found = _found(parsed[row.id]._.events, row)
    assert found, f"{row.id}: {row.example!r} gave {parsed[row.id]._.events}"
    assert any(row.id in e.frames for e in found)


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_row_is_needed_for_its_example(nlp, parsed, row):
    doc = parsed[row.id]
    doc._.frames = FrameFinder(nlp, disabled=[row.id]).find(doc)
    try:
        assert not _found(Discourse(None)(doc)._.events, row), f"{row.id} is redundant"
    finally:
        doc._.frames = FrameFinder(nlp).find(doc)
        Discourse(None)(doc)


def test_rows_are_well_formed():
    assert len({row.id for row in ROWS}) == len(ROWS) >= 20
    for row in ROWS:
        assert row.pattern[0]["RIGHT_ID"] == "trigger"
        assert len(row.expect_sides) >= 2


def test_the_component_can_switch_rows_off(nlp):
    finder = FrameFinder(nlp, disabled=["meet"])
    assert "meet" not in finder.rows and len(finder.rows) == len(ROWS) - 1


#: Sentences that name an encounter in another form than a row's example: the row that
#: must find it. A row for every bug fixed.
OTHER_FORMS = [
    # YAML read the unquoted "on" as true: "on the phone" never matched.
    ("speak-by-phone", "The president of Benin spoke on the phone with Togo's president."),
    ("hold-talks", "Negotiators from Nepal and Bhutan will hold talks next month."),
]


def test_rows_find_their_other_forms(nlp):
    bad = []
    for row_id, text in OTHER_FORMS:
        frames = nlp(article_doc(nlp, Article("other", text, date=DAY)))._.frames
        if row_id not in {f.row for f in frames}:
            bad.append((row_id, text, [f.row for f in frames]))
    assert not bad, bad


def test_the_gate_keeps_every_match(nlp):
    """The rows' matches on the sentences the gate lets through are those of one matcher
    of every row over the whole text: rows' examples among sentences no row can match."""
    filler = "The weather in the capital was mild. Prices of rice rose again. "
    text = filler + " ".join(f"{row.example} {filler}" for row in ROWS) + " ".join(
        text for _, text in OTHER_FORMS)
    doc = nlp(article_doc(nlp, Article("gate", text, date=DAY)))
    whole = DependencyMatcher(nlp.vocab)
    for row in ROWS:
        whole.add(row.id, [list(row.pattern)])
    finder = FrameFinder(nlp)
    gated = sorted((doc.vocab.strings[m], ids) for m, ids in finder.matches(doc))
    assert gated == sorted((doc.vocab.strings[m], ids) for m, ids in whole(doc))
    assert len(gated) >= len(ROWS)


@pytest.mark.parametrize("word", ["on", "off", "yes", "no"])
def test_a_word_yaml_reads_as_true_or_false_is_an_error(word):
    text = f"""
- id: call-{word}
  kind: Call
  pattern:
    - {{RIGHT_ID: trigger, RIGHT_ATTRS: {{LEMMA: call}}}}
    - {{LEFT_ID: trigger, REL_OP: ">", RIGHT_ID: p, RIGHT_ATTRS: {{LOWER: {{IN: [by, {word}]}}}}}}
  example: Fiji called Samoa.
  expect: {{sides: [FJI, WSM]}}
"""
    with pytest.raises(ValueError, match=f"row 'call-{word}': a word is not text"):
        parse_rows(text)
    assert parse_rows(text.replace(f", {word}]", f", '{word}']"))[0].id == f"call-{word}"


def test_a_row_whose_trigger_names_no_word_is_tried_on_every_sentence(nlp):
    from kg.nlp.document import sentences
    from kg.nlp.frames.gate import SentenceGate

    any_verb = Row("any-verb", "Meeting",
                   ({"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"POS": "VERB"}},),
                   "Chile met Peru.", frozenset({"CHL", "PER"}))
    text = "Rain fell. Chile met Peru. Prices rose."
    doc = nlp(article_doc(nlp, Article("gate", text, date=DAY)))
    index = sentences(doc)
    met = next(t.i for t in doc if t.text == "met")
    found = SentenceGate(nlp.vocab, [any_verb, ROWS[0]]).sentences(doc, index)
    assert found == [list(range(len(index.starts))), [index.number(met)]]
    assert len(index.starts) == 3
