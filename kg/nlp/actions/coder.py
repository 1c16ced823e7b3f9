"""Code a parsed Doc's diplomatic actions as PLOVER events (kg.types.Action)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.nlp.actions.clauses import action_date, actor, clause, recipient
from kg.nlp.actions.lexicon import category, lexicon
from kg.nlp.actions.sides import SideFinder
from kg.nlp.actions.triggers import Reading, planned_noun, read_noun, read_verb
from kg.types import Action, Evidence

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
        reading = read_verb(token) if token.pos_ in ("VERB", "AUX") else None
        if reading is None and token.pos_ in ("NOUN", "PROPN"):
            reading = read_noun(token)
        if reading is not None:
            readings.setdefault(reading.trigger.i, reading)
    top = [_Found(r, _depth(r.trigger)) for i, r in readings.items()
           if not _dominated(r.trigger, readings)]
    return sorted(top, key=lambda f: (f.depth, f.reading.trigger.i))


def _depth(token: Token) -> int:
    depth = 0
    while token.head is not token:
        token = token.head
        depth += 1
    return depth


def _dominated(token: Token, triggers: dict[int, Reading]) -> bool:
    """Whether a trigger sits inside another's clause (coordination does not count)."""
    only_conj = True
    while token.head is not token:
        only_conj = only_conj and token.dep_ == "conj"
        token = token.head
        if token.i in triggers and not only_conj:
            return True
    return False


def _action(reading: Reading, sent: Span, finder: SideFinder,
            article_date: dt.date | None) -> Action:
    found = clause(reading.trigger, reading.noun)
    status = found.status
    if status == "occurred" and planned_noun(reading.noun):
        status = "planned"
    cameo = reading.cameo
    side, subject = actor(found.chain, finder)
    if cameo.startswith("14") and side is not None and subject is not None \
            and subject.lemma_.lower() not in lexicon().crowds:
        cameo = "114"
    cameo, status = _intent(cameo, status, found.reported or found.conditional,
                            found.conditional)
    target = recipient(reading.trigger, reading.noun, reading.complement, side, finder)
    evidence = Evidence(text=sent.text, start=sent.start_char, end=sent.end_char)
    return Action(category=category(cameo), actor=side, recipient=target, evidence=evidence,
                  cameo=cameo, date=action_date(sent, status, article_date), status=status)


def _intent(cameo: str, status: str, stated: bool, conditional: bool) -> tuple[str, str]:
    """A stated future action is an intent: hostile -> THREATEN, cooperative -> AGREE.

    CAMEO codes the statement, which happened: "Nigeria said it will withdraw its force
    unless ..." is a threat, "Japan said it would send aid" an expression of intent.
    """
    lex = lexicon()
    kind = category(cameo)
    if status not in ("planned", "hypothetical") or not stated:
        return cameo, status
    if kind in lex.hostile and (conditional or status == "planned"):
        return lex.intent_codes["THREATEN"].get(kind, "130"), "occurred"
    if kind in _COOPERATIVE and status == "planned" and not conditional:
        return lex.intent_codes["AGREE"].get(kind, "030"), "occurred"
    return cameo, status
