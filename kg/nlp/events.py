"""Meetings: triggers (verbs and nouns of encounter), participants, place, date and status."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.nlp.sides import DocEntities, PlaceMention, SideMention
from kg.nlp.status import event_status, forms, vocabulary
from kg.nlp.triggers import find_triggers, scope
from kg.types import Side

#: Adverbs that make a second "with" phrase a later, separate meeting.
SEQUENCE = frozenset({"then", "later", "afterwards", "subsequently"})
NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4}


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


@dataclass
class Context:
    """What earlier sentences of the article leave for later ones: coordinated sides and
    encounters ("the three ministers", "they"), and the last single actor ("he", "she")."""

    groups: list[tuple[Side, ...]] = field(default_factory=list)
    actor: Side | None = None


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
                    context: Context) -> list[RawEvent]:
    """The encounters one sentence reports, in order."""
    doc = sent.doc
    earlier = list(context.groups)
    context.groups.extend(_groups_in(sent, ents))
    in_sent = [m for m in ents.sides if sent.start <= m.start < sent.end
               and m.kind != "qualifier" and _takes_part(m, doc)]
    triggers = find_triggers(sent, frozenset(i for m in in_sent for i in range(m.start, m.end)))
    events = []
    for trigger, kind in triggers:
        others = {t.i for t, _ in triggers if t.i != trigger.i}
        tokens, side_tokens = scope(trigger, others)
        sides = [m.side for m in in_sent if m.start in side_tokens]
        sides += _group_reference(tokens, doc, context.groups)
        sides += _pronoun_sides(side_tokens, doc, earlier, context.actor, bool(sides))
        places = [p for p in ents.places if p.start in tokens]
        if kind == "Visit" and places and places[0].city.country is not None and not (
                forms(trigger) & set(vocabulary()["object_triggers"])):
            sides.append(places[0].city.country)
        sides = list(dict.fromkeys(sides))
        if len(sides) < 2 and len(triggers) == 1 and sides:
            sides = list(dict.fromkeys(sides + _subject_sides(sent, in_sent)))
        if len(sides) < 2:
            continue
        dates = [d for d in ents.dates if d.start in tokens and _point_in_time(d)] or (
            [d for d in ents.dates if sent.start <= d.start < sent.end and _point_in_time(d)]
            if len(triggers) == 1 else [])
        names = tuple(dict.fromkeys(attendees[i] for i in sorted(tokens) if i in attendees))
        status = event_status(trigger)
        context.groups.append(tuple(sides))
        for group in _successive(trigger, in_sent, sides):
            events.append(RawEvent(kind, group, names, places[0] if places else None,
                                   dates[0].text if dates else None, status, sent))
    actor = _subject_sides(sent, in_sent, persons_only=True)
    if len(set(actor)) == 1:
        context.actor = actor[0]
    return _share_places(events)


def _successive(trigger: Token, mentions: list[SideMention],
                 sides: list[Side]) -> list[tuple[Side, ...]]:
    """"met with the IMF, then with President Trump": each "with" phrase after a "then"
    is a meeting of its own with the trigger's other sides."""
    phrases = [c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "with"]
    doc = trigger.doc
    if len(phrases) < 2 or not any(doc[p.i - 1].lower_ in SEQUENCE for p in phrases[1:]):
        return [tuple(sides)]
    spans = [{t.i for t in p.subtree} for p in phrases]
    inside = {m.side for m in mentions if any(m.start in s for s in spans)}
    base = [s for s in sides if s not in inside]
    groups = [tuple(dict.fromkeys(base + [m.side for m in mentions if m.start in span]))
              for span in spans]
    return [g for g in groups if len(g) >= 2] if base else [tuple(sides)]


def _takes_part(mention: SideMention, doc: Doc) -> bool:
    """An organisation named as a venue ("the UN General Assembly", "the G20 summit",
    "NATO headquarters") is where people meet, not a side of the encounter."""
    if mention.kind != "org":
        return True
    nouns = set(vocabulary()["event_nouns"])
    last = doc[mention.end - 1]
    if last.lower_ in nouns:
        return False
    after = doc[mention.end] if mention.end < len(doc) else None
    return not (after is not None and after.lower_ in nouns and last.head.i == after.i)


def _pronoun_sides(tokens: set[int], doc: Doc, groups: list[tuple[Side, ...]],
                   actor: Side | None, named: bool) -> list[Side]:
    """A subject pronoun continues an earlier sentence: "they" its last group of sides,
    "he"/"she" its last single actor."""
    kinds = vocabulary()["pronouns"]
    for i in sorted(tokens):
        token = doc[i]
        kind = kinds.get(token.lower_)
        if kind is None or token.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if kind == "group" and groups and not named:
            return list(groups[-1])
        if kind == "person" and actor is not None:
            return [actor]
    return []


def _point_in_time(date: Span) -> bool:
    """Not a bound ("since 2019", "by 2025"): the date an encounter happened on."""
    before = date.doc[date.start - 1].lower_ if date.start else ""
    return before not in ("since", "until", "till", "by", "from", "before", "after", "through")


def _subject_sides(sent: Span, mentions: list[SideMention],
                   persons_only: bool = False) -> list[Side]:
    """Sides named in the subject of the sentence's main verb (or only its people)."""
    subjects = [c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")]
    tokens = {t.i for s in subjects for t in s.subtree}
    return [m.side for m in mentions if m.start in tokens
            and (not persons_only or m.kind in ("person", "title"))]


def _share_places(events: list[RawEvent]) -> list[RawEvent]:
    """An encounter with no place in a sentence that names one for another ("visited Asmara
    to take part in a summit") took place there."""
    places = [e.place for e in events if e.place is not None]
    if len(places) != 1:
        return events
    return [e if e.place is not None else RawEvent(e.kind, e.sides, e.attendees, places[0],
                                                    e.date_text, e.status, e.sentence)
            for e in events]
