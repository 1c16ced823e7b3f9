"""Meetings: triggers (verbs and nouns of encounter), participants, place, date and status."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from kg.linking._tables import data_json
from kg.nlp.sides import DocEntities, PlaceMention, SideMention
from kg.types import Side

NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4}
LIGHT_VERBS = frozenset({"hold", "have", "attend", "join", "host", "take", "conduct", "participate",
                         "follow", "begin", "open", "chair", "start", "end", "conclude", "pay"})
CLAUSE_EDGES = frozenset({"relcl", "advcl", "ccomp", "parataxis", "acl"})
VISIT_PREPS = frozenset({"to", "into", "in", "at"})


@cache
def vocabulary() -> dict[str, Any]:
    """The trigger and cue words (kg/data/events.json)."""
    return data_json("events.json")


@dataclass(frozen=True)
class RawEvent:
    """An event before linking dates: sides, place, date expression, status, sentence."""

    kind: str
    sides: tuple[Side, ...]
    attendees: tuple[str, ...]
    place: PlaceMention | None
    date_text: str | None
    status: str
    sentence: Span


def find_triggers(sent: Span) -> list[tuple[Token, str]]:
    """Tokens of the sentence that announce an encounter, with the event kind."""
    vocab = vocabulary()
    found = []
    for token in sent:
        lemma, lower = token.lemma_.lower(), token.lower_
        if token.pos_ in ("VERB", "AUX") and lemma in vocab["verb_triggers"]:
            needs = vocab["verb_needs"].get(lemma)
            window = {t.lower_ for t in token.doc[token.i + 1: token.i + 6]} | {
                t.lemma_.lower() for t in token.children}
            if needs is None or window & set(needs):
                found.append((token, vocab["verb_triggers"][lemma]))
        elif token.pos_ in ("NOUN", "PROPN") and lower in vocab["noun_triggers"]:
            if lower == "call" and not _is_phone_call(token):
                continue
            if token.head in (t for t, _ in found) and token.dep_ == "dobj":
                continue
            found.append((token, vocab["noun_triggers"][lower]))
    return found


def _is_phone_call(token: Token) -> bool:
    words = {c.lower_ for c in token.children} | {token.doc[token.i - 1].lower_}
    return bool(words & {"phone", "telephone", "video", "with"})


def _scope(trigger: Token, others: set[int]) -> tuple[set[int], set[int]]:
    """Token indices of the trigger's clause (and the subject it shares), and of those the
    ones whose sides take part (relative clauses inside it only give places)."""
    tokens: set[int] = set()

    def add(node: Token) -> None:
        for child in node.children:
            sub = {t.i for t in child.subtree}
            if child.dep_ in CLAUSE_EDGES | {"conj"} and sub & others:
                continue
            if child.dep_ in ("ccomp", "parataxis") or (
                    child.dep_ == "conj" and child.pos_ in ("VERB", "AUX")):
                continue
            tokens.update(sub)
        tokens.add(node.i)

    add(trigger)
    head = trigger
    if trigger.pos_ in ("NOUN", "PROPN"):
        verb = trigger.head.head if trigger.dep_ == "pobj" else trigger.head
        if trigger.dep_ in ("nsubj", "nsubjpass") or verb.lemma_ in LIGHT_VERBS:
            add(verb)
            head = verb
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
        up = head
        while up.dep_ in ("xcomp", "conj", "advcl", "acl", "relcl") and up.head.i != up.i:
            control = up.dep_ == "xcomp"
            up = up.head
            subjects = [c for c in up.children if c.dep_ in ("nsubj", "nsubjpass")]
            if control:
                subjects = [c for c in up.children if c.dep_ == "dobj"] + subjects
            if subjects:
                tokens.update(t.i for t in subjects[0].subtree)
                break
    doc = trigger.doc
    clauses = {t.i for i in tokens for t in doc[i].subtree if doc[i].dep_ in ("relcl", "acl")
               and doc[i].i != trigger.i and trigger.i not in {a.i for a in doc[i].subtree}}
    return tokens, tokens - clauses


def _status(trigger: Token) -> str:
    """How the sentence reports the encounter: occurred, planned, hypothetical or negated."""
    vocab = vocabulary()
    planned, hypo = set(vocab["planned_cues"]), set(vocab["hypothetical_cues"])
    negated = set(vocab["negated_cues"])
    for child in trigger.children:
        if child.lower_ in ("next", "upcoming", "future", "possible", "potential", "proposed",
                            "planned", "scheduled", "forthcoming", "expected"):
            return "planned"
    node, first = trigger, True
    while True:
        aux = {c.lemma_.lower() for c in node.children if c.dep_ in ("aux", "auxpass", "neg",
                                                                      "mark", "advmod")}
        if aux & (hypo - {"would", "when"}):
            return "hypothetical"
        if first and aux & negated:
            return "negated"
        if node.lemma_.lower() in planned and not (first and node.i == trigger.i):
            return "planned"
        if aux & {"will", "would"}:
            return "planned"
        if node.lemma_.lower() in negated - {"not", "no"} and node.i != trigger.i:
            return "negated"
        if node.dep_ in CLAUSE_EDGES or node.head.i == node.i or (
                node.dep_ == "pobj" and node.head.lower_ in vocab["temporal_preps"]):
            return "occurred"
        node, first = node.head, node.pos_ not in ("VERB", "AUX")


def _groups_in(sent: Span, ents: DocEntities) -> list[tuple[Side, ...]]:
    """Coordinations of two or more sides in a sentence ("China, Japan and South Korea")."""
    groups = []
    chain: list[SideMention] = []
    for mention in (m for m in ents.sides if sent.start <= m.start < sent.end):
        if chain and all(t.lower_ in (",", "and", "the", "&") for t in
                         sent.doc[chain[-1].end: mention.start]):
            chain.append(mention)
        else:
            chain = [mention]
        sides = tuple(dict.fromkeys(m.side for m in chain))
        if len(sides) >= 2:
            groups.append(sides)
    return groups


def _group_reference(tokens: set[int], doc: Doc, groups: list[tuple[Side, ...]]) -> list[Side]:
    """Sides of "the three ministers", "the two countries", "the leaders" from earlier groups."""
    nouns = set(vocabulary()["group_nouns"])
    for i in sorted(tokens):
        token = doc[i]
        if token.lower_ not in nouns:
            continue
        size = next((NUMBERS[c.lower_] for c in token.children if c.lower_ in NUMBERS), None)
        definite = any(c.lower_ in ("the", "both") for c in token.children) or size
        if not definite or not groups:
            continue
        match = next((g for g in reversed(groups) if size is None or len(g) == size), None)
        if match:
            return list(match)
    return []


def sentence_events(sent: Span, ents: DocEntities, attendees: dict[int, str],
                    groups: list[tuple[Side, ...]]) -> list[RawEvent]:
    """The encounters one sentence reports, in order."""
    doc = sent.doc
    groups.extend(_groups_in(sent, ents))
    triggers = find_triggers(sent)
    events = []
    for trigger, kind in triggers:
        others = {t.i for t, _ in triggers if t.i != trigger.i}
        tokens, side_tokens = _scope(trigger, others)
        mentions = [m for m in ents.sides if m.start in side_tokens]
        sides = [m.side for m in mentions] + _group_reference(tokens, doc, groups)
        places = [p for p in ents.places if p.start in tokens]
        if kind == "Visit" and places and places[0].city.country is not None:
            sides.append(places[0].city.country)
        sides = list(dict.fromkeys(sides))
        if len(sides) < 2 and len(triggers) == 1 and sides:
            sides = list(dict.fromkeys(sides + _subject_sides(sent, ents)))
        if len(sides) < 2:
            continue
        dates = [d for d in ents.dates if d.start in tokens and _point_in_time(d)] or (
            [d for d in ents.dates if sent.start <= d.start < sent.end and _point_in_time(d)]
            if len(triggers) == 1 else [])
        names = tuple(dict.fromkeys(attendees[i] for i in sorted(tokens) if i in attendees))
        status = _status(trigger)
        groups.append(tuple(sides))
        events.append(RawEvent(kind, tuple(sides), names, places[0] if places else None,
                               dates[0].text if dates else None, status, sent))
    return _share_places(events)


def _point_in_time(date: Span) -> bool:
    """Not a bound ("since 2019", "by 2025"): the date an encounter happened on."""
    before = date.doc[date.start - 1].lower_ if date.start else ""
    return before not in ("since", "until", "till", "by", "from", "before", "after", "through")


def _subject_sides(sent: Span, ents: DocEntities) -> list[Side]:
    """Sides named in the subject of the sentence's main verb."""
    subjects = [c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")]
    tokens = {t.i for s in subjects for t in s.subtree}
    return [m.side for m in ents.sides if m.start in tokens]


def _share_places(events: list[RawEvent]) -> list[RawEvent]:
    """An encounter with no place in a sentence that names one for another ("visited Asmara
    to take part in a summit") took place there."""
    places = [e.place for e in events if e.place is not None]
    if len(places) != 1:
        return events
    return [e if e.place is not None else RawEvent(e.kind, e.sides, e.attendees, places[0],
                                                    e.date_text, e.status, e.sentence)
            for e in events]
