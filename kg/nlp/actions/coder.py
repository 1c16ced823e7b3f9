"""Code a parsed Doc's diplomatic actions as PLOVER events (kg.types.Action)."""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.nlp.actions.clauses import Clause, action_date, actor, clause, recipient
from kg.nlp.actions.lexicon import category, lexicon
from kg.nlp.actions.sides import SideFinder
from kg.nlp.actions.triggers import (
    Reading,
    planned_noun,
    read_noun,
    read_obligation,
    read_verb,
)
from kg.nlp.pipeline import TITLES_KEY
from kg.types import Action, Evidence, Side

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Categories a future statement turns into an expression of intent (CAMEO 03).
_COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})


@dataclass(frozen=True)
class _Found:
    reading: Reading
    depth: int


def code_actions(doc: Doc, article_date: dt.date | None = None) -> tuple[Action, ...]:
    """Every diplomatic action the Doc reports, sentence by sentence, main clause first.

    A trigger governed by another trigger is part of it ("threatened to cut aid" is one
    threat), so each clause yields one action at most. The Doc needs sentences and a
    dependency parse; entities (the kg gazetteer's or the statistical model's) name sides.
    """
    finder = SideFinder(doc)
    actions: list[Action] = []
    for sent in doc.sents:
        for found in _readings(sent):
            actions.append(_action(found.reading, sent, finder, article_date))
    return tuple(actions)


def _readings(sent: Span) -> list[_Found]:
    """Top-level readings of a sentence, shallowest first."""
    readings: dict[int, Reading] = {}
    for token in sent:
        verbal = token.pos_ in ("VERB", "AUX") or token.lemma_.lower() in lexicon().intent_verbs
        reading = read_verb(token) if verbal else None
        if reading is None and token.pos_ in ("NOUN", "PROPN"):
            reading = read_noun(token)
        if reading is None and verbal:
            reading = read_obligation(token)
        if reading is not None:
            readings.setdefault(reading.trigger.i, reading)
    top = [_Found(r, _depth(r.trigger)) for i, r in readings.items()
           if not _dominated(r.trigger, readings)]
    return sorted(top, key=lambda f: (f.depth, f.reading.trigger.i))


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i:
        token = token.head
        depth += 1
    return depth


def _dominated(token: Token, triggers: dict[int, Reading]) -> bool:
    """Whether a trigger sits inside another's clause (coordination does not count)."""
    only_conj = True
    while token.head.i != token.i:
        only_conj = only_conj and token.dep_ == "conj"
        token = token.head
        if token.i in triggers and not only_conj:
            return True
    return False


def _action(reading: Reading, sent: Span, finder: SideFinder,
            article_date: dt.date | None) -> Action:
    found = clause(reading.trigger, reading.noun)
    if found.obliged and found.reported and len(found.chain) > 1:
        return _demand(reading, found, sent, finder, article_date)
    status: str = found.status
    if status == "occurred" and reading.nominal and planned_noun(reading.noun):
        status = "planned"
    side, subject = actor(found.chain, finder)
    cameo = reading.cameo
    if side is not None and subject is not None and _speaks_for_state(subject, finder):
        cameo = lexicon().by_state.get(cameo, cameo)
    cameo, status = _intent(cameo, status, found)
    target = recipient(reading.trigger, reading.noun, reading.complement, side, finder)
    if side is None and subject is not None and _office_holder(subject):
        side = finder.sole_state(target)
    if side is None and subject is not None and not finder.is_pronoun(subject):
        side = finder.home_state(sent, exclude=target if finder.is_person(subject) else None)
    if target is None and side is not None:
        target = finder.domestic_target(side, sent, subject)
    return _make(cameo, side, target, sent, status, article_date)


def _speaks_for_state(subject: Token, finder: SideFinder) -> bool:
    """A subject that is a state or its officials, not a crowd or a party in it."""
    return finder.token_side(subject) is not None or subject.lemma_.lower() in lexicon().officials


def _office_holder(subject: Token) -> bool:
    """A subject naming an official by title ("President X", "the foreign minister")."""
    words = [subject, *(c for c in subject.children if c.dep_ in ("compound", "amod", "appos"))]
    return (subject.lemma_.lower() in lexicon().officials
            or any(w.i in _titled(subject.doc) for w in words))


_TITLED: weakref.WeakKeyDictionary[Doc, frozenset[int]] = weakref.WeakKeyDictionary()


def _titled(doc: Doc) -> frozenset[int]:
    """The tokens of the Doc's office titles, found once per Doc."""
    if doc not in _TITLED:
        _TITLED[doc] = frozenset(i for s in doc.spans.get(TITLES_KEY, ())
                                 for i in range(s.start, s.end))
    return _TITLED[doc]


def _demand(reading: Reading, found: Clause, sent: Span, finder: SideFinder,
            article_date: dt.date | None) -> Action:
    """ "Russia said Sudan must return the helicopter": the speaker demands, of the subject.

    The speaker is the subject of the reporting verb; the one obliged, the subject of the
    clause it reports ("said the US must be ready to mediate": of the US).
    """
    reporting = lexicon().reporting_verbs
    cut = next((i for i, v in enumerate(found.chain) if i and v.lemma_.lower() in reporting), 1)
    side, _ = actor(found.chain[cut:], finder)
    cameo = lexicon().intent_codes["DEMAND"].get(reading.category, "100")
    subject = next((c for v in reversed(found.chain[:cut]) for c in v.children
                    if c.dep_ == "nsubj"), None)
    target = finder.first(subject) or recipient(reading.trigger, reading.noun,
                                                reading.complement, side, finder)
    return _make(cameo, side, target, sent, "occurred", article_date)


def _make(cameo: str, side: Side | None, target: Side | None, sent: Span, status: str,
          article_date: dt.date | None) -> Action:
    evidence = Evidence(text=sent.text, start=sent.start_char, end=sent.end_char)
    return Action(category=category(cameo), actor=side, recipient=target, evidence=evidence,
                  cameo=cameo, date=action_date(sent, status, article_date), status=status)


def _intent(cameo: str, status: str, found: Clause) -> tuple[str, str]:
    """A stated future action is an intent, coded (as CAMEO does) as the statement made.

    On a condition ("will withdraw unless ...", "may halt talks if ...") or hostile and
    announced ("said it will impose sanctions") -> THREATEN; cooperative and announced
    ("said it would send aid") -> AGREE; a refusal ("will not accept") -> REJECT. A bare
    plan ("plans to visit Vienna") keeps its category, with the status planned.
    """
    lex = lexicon()
    kind = category(cameo)
    if status == "negated" and found.future and kind in _COOPERATIVE | {"AGREE"}:
        return lex.intent_codes["REJECT"].get(kind, "120"), "occurred"
    conditional = found.condition is not None
    if found.condition == "unless" or (kind in lex.hostile and conditional):
        return lex.intent_codes["THREATEN"].get(kind, "130"), "occurred"
    if not found.reported or status != "planned":
        return cameo, status
    if kind in lex.hostile:
        return lex.intent_codes["THREATEN"].get(kind, "130"), "occurred"
    if kind in _COOPERATIVE:
        return lex.intent_codes["AGREE"].get(kind, "030"), "occurred"
    return cameo, status
