"""What the clause around a trigger says about it: who acts, on whom, how sure, when.

Everything is read off the dependency parse: subjects and objects, the verbs that govern
the trigger (reporting, planning, negating), modal auxiliaries, negation and conditions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.nlp.actions.lexicon import lexicon
from kg.nlp.actions.sides import SideFinder, phrase_tokens
from kg.nlp.dates import dated
from kg.nlp.document import ents_within
from kg.nlp.status import event_status
from kg.types import Side, Status

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_OBLIGATION_AUX = frozenset({"must", "should", "ought"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
#: Prepositions introducing a recipient, most telling first.
_RECIPIENT_PREPS = ("against", "with", "to", "toward", "towards", "on", "upon", "from", "into",
                    "at", "over", "for", "in", "of", "about", "between")


@dataclass(frozen=True)
class Clause:
    """The verbs that govern a trigger, from the trigger up, and what they imply."""

    chain: tuple[Token, ...]
    status: Status
    reported: bool
    future: bool
    obliged: bool
    condition: str | None


def governors(trigger: Token) -> tuple[Token, ...]:
    """The trigger and the verbs above it that only frame it (say, plan, fail, conj heads)."""
    lex = lexicon()
    chain = [trigger]
    transparent = (lex.reporting_verbs | lex.planning_verbs | lex.aspect_verbs
                   | lex.negating_verbs)
    current = trigger
    while current.head.i != current.i:
        head = current.head
        quoted = (current.dep_ == "pcomp" and head.lower_ == "as"
                  and current.lemma_.lower() in lex.reporting_verbs)
        if quoted:
            head = head.head  # "was quoted as saying": the quoting verb frames it
        elif current.dep_ not in ("xcomp", "ccomp", "conj", "acomp") or (
                current.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() not in transparent):
            break
        chain.append(head)
        current = head
    return tuple(chain)


def clause(trigger: Token, noun: Token | None = None) -> Clause:
    """What the clause around ``trigger`` says of it: its status (kg's one status function,
    :func:`kg.nlp.status.event_status`; "no talks" negates the noun that names it), and
    for the coder whether it is reported, future, obliged or conditional."""
    lex = lexicon()
    chain = governors(trigger)
    reported = future = obliged = False
    condition = None
    for depth, verb in enumerate(chain):
        lemma = verb.lemma_.lower()
        if depth:
            reported |= lemma in lex.reporting_verbs
            future |= lemma in lex.planning_verbs
            obliged |= lemma in ("have", "need") and chain[depth - 1].dep_ == "xcomp"
        for child in verb.children:
            word = child.lower_
            if child.dep_ in ("aux", "auxpass"):
                future |= word in _FUTURE_AUX or word in ("would", "'d")
                obliged |= word in _OBLIGATION_AUX
            elif child.dep_ == "advcl":
                condition = condition or _mark(child, ("unless", "if"))
    status: Status = event_status(trigger)  # type: ignore[assignment]
    if noun is not None and any(c.lower_ == "no" and c.dep_ == "det" for c in noun.children):
        status = "negated"
    return Clause(chain, status, reported, future, obliged, condition)


def _mark(verb: Token, words: tuple[str, ...]) -> str | None:
    return next((c.lower_ for c in verb.children if c.dep_ == "mark" and c.lower_ in words), None)


def _child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def actor(chain: tuple[Token, ...], finder: SideFinder) -> tuple[Side | None, Token | None]:
    """The acting side and the subject head it was read from.

    The subject of the trigger, else of the verbs governing it (control: "Iran threatened to
    cut"); a pronoun subject defers to the governing verb's subject ("Nigeria said it
    will"); in the passive, the agent ("attacked by Burundian militiamen").
    """
    fallback: Token | None = None
    reporting = lexicon().reporting_verbs
    for verb in _with_acl_head(chain):
        agent = _child(verb, "agent")
        if agent is not None:
            pobj = _child(agent, "pobj")
            side = finder.first(pobj)
            if side is not None:
                return side, pobj
        subject = _child(verb, "nsubj", "csubj")
        lemma = verb.lemma_.lower()
        if subject is None and (lemma in lexicon().stative_participles or lemma in reporting):
            subject = _child(verb, "nsubjpass")
        if subject is None:
            continue
        fallback = fallback or subject
        if finder.is_pronoun(subject):
            continue
        side = finder.first(subject)
        if side is not None:
            return side, subject
        if subject.pos_ in ("PROPN", "NOUN"):
            return None, subject
    return None, fallback


def _with_acl_head(chain: tuple[Token, ...]) -> tuple[Token, ...]:
    """The chain, and for a trigger qualifying a noun ("issued a declaration demanding"),
    the verb that noun depends on, whose subject acts."""
    top = chain[-1]
    if top.dep_ == "acl" and top.head.dep_ in ("dobj", "pobj", "attr"):
        verb = top.head.head if top.head.dep_ != "pobj" else top.head.head.head
        if verb.pos_ in ("VERB", "AUX"):
            return (*chain, verb)
    return chain


def recipient(trigger: Token, noun: Token | None, complement: Token | None,
              actor_side: Side | None, finder: SideFinder) -> Side | None:
    """The side acted upon: passive subject, the noun's and the verb's objects, then preps.

    A side other than the actor is preferred; where the only side named is the actor's
    own (domestic actions: "Turkish police detained Turkish students"), that is it.
    """
    heads: list[Token] = []
    for verb in (trigger, complement):
        if verb is None:
            continue
        heads += [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj", "dative", "attr")]
        if complement is not None and verb.i == complement.i:
            heads += [c for c in verb.children if c.dep_ == "nsubj"]
        if noun is not None and noun.head.i == verb.i:
            heads += _preps(noun)
        heads += _preps(verb)
    seen_self = False
    for head in heads:
        for side in finder.sides(phrase_tokens(head)):
            if side != actor_side:
                return side
            seen_self = True
    return actor_side if seen_self else None


def _preps(token: Token) -> list[Token]:
    preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in _RECIPIENT_PREPS]
    return sorted(preps, key=lambda p: _RECIPIENT_PREPS.index(p.lower_))


def action_date(sent: Span, status: Status, article_date: dt.date | None) -> str | None:
    """The action's ISO date: the sentence's date resolved by kg's one date resolver
    (:func:`kg.nlp.dates.dated`, as for encounters), else, as event data does, the
    article's date."""
    dates = ents_within(sent, "DATE")
    if not dates:
        return article_date.isoformat() if article_date is not None else None
    found = (dated(ent.text, article_date, status) for ent in dates)
    return next((date for date in found if date is not None), None)
