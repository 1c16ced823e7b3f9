"""Which side each word stands for, once the whole article has been read.

States and organisations name themselves; a person stands for the side they act for; a
title without a name ("the Japanese ambassador", "the President") for the side it names,
or for the one person of the article who holds that role. Coordinations ("China, Japan
and South Korea") and encounters make groups that later sentences refer back to ("the
three ministers", "the two leaders", "they").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span

from kg.linking._tables import data_json
from kg.nlp.entities.mentions import ORG, PERSON, STATE, TITLE, Entities
from kg.types import Side

NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3,
           "4": 4}


@dataclass(frozen=True)
class SideMention:
    """A token range that names or stands for a side, and how (``form``)."""

    start: int
    end: int
    side: Side
    form: str


@dataclass
class Context:
    """What earlier sentences leave for later ones: groups of sides ("the three ministers",
    "they") and the last single actor ("he", "she")."""

    groups: list[tuple[int, tuple[Side, ...]]] = field(default_factory=list)
    actor: Side | None = None

    def before(self, i: int) -> list[tuple[Side, ...]]:
        """The groups that end before token ``i``, oldest first."""
        return [sides for end, sides in self.groups if end <= i]


@cache
def vocabulary() -> dict:
    """Group nouns, pronouns, event nouns (kg/data/events.json)."""
    return data_json("events.json")


def side_mentions(ents: Entities) -> list[SideMention]:
    """Every mention that stands for a side, in text order."""
    found = [SideMention(m.start, m.end, m.side, m.form) for m in ents.mentions
             if m.kind in (STATE, ORG) and m.side is not None]
    by_role: dict[str, set[Side]] = {}
    for info in ents.people.values():
        if info.role and info.side and not info.past:
            by_role.setdefault(info.role, set()).add(info.side)
    for m in ents.mentions:
        if m.kind == PERSON:
            info = ents.people.get(m.key)
            if info is not None and info.side is not None and not info.past:
                found.append(SideMention(m.start, m.end, info.side, "person"))
        elif m.kind == TITLE and not m.plural and not m.past and not _named(ents, m.start, m.end):
            holders = by_role.get(m.role or "", set())
            side = m.side or (next(iter(holders)) if len(holders) == 1 else None)
            if side is not None:
                found.append(SideMention(m.start, m.end, side, "title"))
    return sorted(found, key=lambda m: m.start)


def _named(ents: Entities, start: int, end: int) -> bool:
    """A title right before or after a person's name belongs to that name."""
    return any(p.start - 3 <= end and start <= p.end + 3 for p in ents.persons)


def takes_part(mention: SideMention, doc: Doc, mentions: list[SideMention]) -> bool:
    """An organisation named as a venue ("the UN General Assembly", "the G20 summit",
    "NATO headquarters") is where people meet, not a side of the encounter, unless another
    side names the event with it ("the Russia-ASEAN summit"); nor is a state named only as
    a place's qualifier, nor a group that is not an organisation of states (an NGO, an
    armed group)."""
    if mention.form in ("qualifier", "group"):
        return False
    if mention.form != "org":
        return True
    nouns = set(vocabulary()["event_nouns"])
    last = doc[mention.end - 1]
    if last.lower_ in nouns:
        return False
    event = last.head
    if event.lower_ not in nouns or event.i <= last.i:
        return True
    modifiers = {t.i for c in event.children if c.i < event.i for t in c.subtree}
    return any(m is not mention and m.start in modifiers for m in mentions)


def groups_in(sent: Span, mentions: list[SideMention]) -> list[tuple[int, tuple[Side, ...]]]:
    """Coordinations of two or more sides in a sentence ("China, Japan and South Korea"),
    with the token where each ends."""
    groups = []
    chain: list[SideMention] = []
    for mention in (m for m in mentions if sent.start <= m.start < sent.end):
        if chain and all(t.lower_ in (",", "and", "the", "&") for t in
                         sent.doc[chain[-1].end: mention.start]):
            chain.append(mention)
        else:
            chain = [mention]
        sides = tuple(dict.fromkeys(m.side for m in chain))
        if len(sides) >= 2:
            groups.append((mention.end, sides))
    return groups


def group_reference(tokens: set[int], doc: Doc, context: Context) -> list[Side]:
    """Sides of "the three ministers", "the two countries", "the leaders" from earlier groups
    ("the leaders of the allied states" says whose leaders: it refers to no group)."""
    nouns = set(vocabulary()["group_nouns"])
    for i in sorted(tokens):
        token = doc[i]
        if token.lower_ not in nouns:
            continue
        size = next((NUMBERS[c.lower_] for c in token.children if c.lower_ in NUMBERS), None)
        definite = any(c.lower_ in ("the", "both") for c in token.children) or size
        groups = context.before(i)
        named = any(c.dep_ == "prep" and c.lower_ in ("of", "from") for c in token.children)
        if not definite or not groups or named:
            continue
        match = next((g for g in reversed(groups) if size is None or len(g) == size), None)
        if match:
            return list(match)
    return []


def pronoun_sides(tokens: set[int], doc: Doc, context: Context, named: bool) -> list[Side]:
    """A subject pronoun refers back: "they" to the last group of sides before it (in this
    sentence or an earlier one), "he"/"she" to an earlier sentence's single actor."""
    kinds = vocabulary()["pronouns"]
    for i in sorted(tokens):
        token = doc[i]
        kind = kinds.get(token.lower_)
        if kind is None or token.dep_ not in ("nsubj", "nsubjpass"):
            continue
        groups = context.before(i)
        if kind == "group" and groups and not named:
            return list(groups[-1])
        if kind == "person" and context.actor is not None:
            return [context.actor]
    return []


def subject_sides(sent: Span, mentions: list[SideMention],
                  persons_only: bool = False) -> list[Side]:
    """Sides named in the subject of the sentence's main verb (or only its people)."""
    subjects = [c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")]
    tokens = {t.i for s in subjects for t in s.subtree}
    return [m.side for m in mentions if m.start in tokens
            and (not persons_only or m.form in ("person", "title"))]
