"""Frames -> encounters: the sides, attendees, place and date expression of each frame,
read sentence by sentence so that groups and pronouns find what they refer to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from kg.linking.organizations import forum_members
from kg.linking.sides import side_of
from kg.nlp.dates import resolve_date
from kg.nlp.discourse.sides import (
    Context,
    SideMention,
    group_reference,
    groups_in,
    pronoun_sides,
    subject_sides,
    takes_part,
    vocabulary,
)
from kg.nlp.document import published, sentences
from kg.nlp.entities.mentions import CITY, Entities, Mention
from kg.nlp.frames.component import Frame
from kg.types import Organization, Side

#: Adverbs that make a second "with" phrase a later, separate meeting.
SEQUENCE = frozenset({"then", "later", "afterwards", "subsequently"})
#: Words before a date that make it a bound, not the day of the encounter.
BOUNDS = frozenset({"since", "until", "till", "by", "from", "before", "after", "through"})


@dataclass(frozen=True)
class Encounter:
    """An encounter before its date is resolved: sides, place, date words, status."""

    frame: Frame
    sides: tuple[Side, ...]
    attendees: tuple[str, ...]
    place: Mention | None
    date_text: str | None
    sentence: Span
    also: tuple[str, ...] = ()

    @property
    def rows(self) -> tuple[str, ...]:
        """The frame rows that found it, its own first."""
        return (self.frame.row, *self.also)

    @property
    def kind(self) -> str:
        """Meeting, Visit, Call, Summit or Agreement."""
        return self.frame.kind

    @property
    def status(self) -> str:
        """occurred, planned, hypothetical or negated."""
        return self.frame.status


def encounters(doc: Doc, ents: Entities, frames: list[Frame],
               mentions: list[SideMention]) -> list[Encounter]:
    """Every frame of the Doc with its sides resolved, in text order.

    Where the parse of the frame's clause finds no side at all but the sentence reports
    only that one encounter, the sides the sentence names take part (a misparsed clause
    still says who met). A summit named with its place or date but no sides ("the summit
    opened in Ashgabat") is kept as an anchor for the sentences that say who attended it
    (:func:`fold_references`)."""
    attendees = {m.start: info.name for info in ents.people.values() if info.role
                 for m in info.mentions}
    context = Context()
    found: list[Encounter] = []
    index = sentences(doc)
    by_sentence: dict[tuple[int, int], list[Frame]] = {}
    for frame in frames:
        by_sentence.setdefault(frame.sentence, []).append(frame)
    mentions_of: dict[int, list[SideMention]] = {}
    for mention in mentions:
        mentions_of.setdefault(index.number(mention.start), []).append(mention)
    for n, sent in enumerate(index.all(doc)):
        found += _sentence(sent, by_sentence.get((sent.start, sent.end), []), ents,
                           mentions_of.get(n, []), attendees, context)
    return found


def _sentence(sent: Span, frames: list[Frame], ents: Entities, mentions: list[SideMention],
              attendees: dict[int, str], context: Context) -> list[Encounter]:
    doc = sent.doc
    context.groups.extend(groups_in(sent, mentions))
    in_sent = [m for m in mentions if sent.start <= m.start < sent.end
               and takes_part(m, doc, mentions)]
    found: list[Encounter] = []
    for frame in frames:
        if _private_subject(doc[frame.trigger], ents):
            continue
        places = _places(frame, ents, doc)
        sides = _sides(frame, sent, in_sent, context, places, alone=len(frames) == 1)
        low, high = min(frame.scope, default=0), max(frame.scope, default=-1) + 1
        dates = [d for d in ents.dates_within(low, high)
                 if d.start in frame.scope and _point_in_time(d)]
        anchor = frame.kind == "Summit" and bool(places or dates)
        if len(sides) < 2 and not anchor:
            continue
        names = tuple(dict.fromkeys(attendees[i] for i in sorted(frame.scope) if i in attendees))
        context.groups.append((frame.trigger + 1, tuple(sides)))
        for group in _separate(frame, doc[frame.trigger], in_sent, sides):
            for place in _coordinated(places, doc) or [None]:
                found.append(Encounter(frame, group, names, place,
                                       dates[0].text if dates else None, sent))
    actor = subject_sides(sent, in_sent, persons_only=True)
    if len(set(actor)) == 1:
        context.actor = actor[0]
    return _share_places(found)


def _places(frame: Frame, ents: Entities, doc: Doc) -> list[Mention]:
    """The cities of the frame's clause (none for a call; not where someone came from)."""
    if frame.kind == "Call":
        return []
    low, high = min(frame.scope, default=0), max(frame.scope, default=-1) + 1
    return [m for m in ents.within(low, high, CITY) if m.start in frame.scope
            and not _origin(doc[m.start], doc[frame.trigger])]


def _sides(frame: Frame, sent: Span, in_sent: list[SideMention], context: Context,
           places: list[Mention], alone: bool) -> list[Side]:
    """The sides that take part: those its clause names, the groups and pronouns it refers
    back to, the state visited; where the clause names none and the sentence reports only
    this encounter, the sentence's; where it names one, the sentence's subject's."""
    doc = sent.doc
    sides = [m.side for m in in_sent if m.start in frame.parties]
    sides += group_reference(set(frame.scope), doc, context)
    sides += pronoun_sides(set(frame.parties), doc, context, bool(sides))
    if frame.visit and places and places[0].city and places[0].city.country is not None:
        sides.append(places[0].city.country)
    day = published(doc)
    sides = list(dict.fromkeys(_forums(sides, day)))
    if not sides and alone:
        sides = list(dict.fromkeys(_forums([m.side for m in in_sent], day)))
    if len(sides) == 1 and alone:
        sides = list(dict.fromkeys(sides + subject_sides(sent, in_sent)))
    return sides


def _private_subject(trigger: Token, ents: Entities) -> bool:
    """An encounter whose subject is a person acting for no side ("the activist met the
    Pope and the UN chief") is no encounter between the sides it names."""
    verb = trigger.head if trigger.pos_ in ("NOUN", "PROPN") else trigger
    for subject in (c for c in verb.children if c.dep_ == "nsubj"):
        info = ents.person_at(subject.i)
        if info is not None and info.side is None and info.role is None:
            return True
    return False


def _origin(place: Token, trigger: Token) -> bool:
    """A place in a "from" phrase is where someone came from, not where they met."""
    token = place
    while token.i != token.head.i and token.i != trigger.i:
        if token.dep_ == "prep" and token.lower_ in ("from", "via"):
            return True
        token = token.head
    return False


def _forums(sides: list[Side], day: dt.date | None) -> list[Side]:
    """A forum of states ("G7 leaders") takes part as its members and usual guests."""
    found: list[Side] = []
    for side in sides:
        members = forum_members(side, day) if isinstance(side, Organization) else ()
        found += [m for key in members if (m := side_of(key)) is not None] or [side]
    return found


def _coordinated(places: list[Mention], doc: Doc) -> list[Mention]:
    """The first place of the clause and the places coordinated with it ("at Cusco and
    Ayacucho"): a summit held in two named cities is one encounter per city."""
    if not places:
        return []
    first = places[0]
    heads = {first.end - 1}
    for token in doc[first.start: doc[first.start].sent.end]:  # no arc leaves a sentence
        if token.dep_ == "conj" and token.head.i in heads:
            heads.add(token.i)
    return [first, *(p for p in places[1:] if p.end - 1 in heads)]


def fold_references(found: list[Encounter], day: dt.date | None) -> list[Encounter]:
    """A summit frame that names no event of its own ("attended the ceremony", "ministers
    attended for A and B") or no sides ("the summit was convened to ...") adds what it
    says to the last summit reported before it; a meeting "on the sidelines of the summit"
    took place where and when that summit did."""
    result: list[Encounter] = []
    last: list[int] = []
    for encounter in found:
        if last and _on_sidelines(encounter):
            summit = result[last[0]]
            encounter = replace(encounter, place=encounter.place or summit.place,
                                date_text=encounter.date_text or summit.date_text)
        if encounter.kind in GATHERINGS and encounter.status == "occurred":
            earlier = [k for k in last if result[k].frame != encounter.frame]
            joins = encounter.kind == "Summit" and (
                encounter.frame.refers or len(encounter.sides) < 2)
            if joins and earlier and _compatible(result[earlier[-1]], encounter, day):
                for k in [k for k in last if result[k].frame == result[earlier[-1]].frame]:
                    known = result[k]
                    result[k] = replace(
                        known, sides=tuple(dict.fromkeys(known.sides + encounter.sides)),
                        attendees=tuple(dict.fromkeys(known.attendees + encounter.attendees)),
                        place=known.place or encounter.place,
                        date_text=known.date_text or encounter.date_text,
                        also=tuple(dict.fromkeys((*known.also, *encounter.rows))))
                continue
            if not last or result[last[-1]].frame != encounter.frame:
                last = []
            last.append(len(result))
        result.append(encounter)
    return [e for e in result if len(e.sides) >= 2]


#: Encounters in person that a later sentence may add sides to.
GATHERINGS = frozenset({"Summit", "Meeting"})


def _compatible(known: Encounter, later: Encounter, day: dt.date | None) -> bool:
    """A later report can be of the same gathering: no other place, no other day (dates
    compared at the coarser precision)."""
    if known.place and later.place and known.place.key != later.place.key:
        return False
    texts = [e.date_text for e in (known, later) if e.date_text and _is_date(e.date_text)]
    if len(texts) < 2:
        return True
    a, b = (resolve_date(text, day) for text in texts)
    if a and b:
        return a[:len(b)] == b[:len(a)]
    return texts[0] == texts[1]


def _is_date(text: str) -> bool:
    """Whether words name a day, month or year at all ("the final day of the forum" does
    not), whatever the article's date."""
    return resolve_date(text, dt.date(2000, 1, 1)) is not None


def _on_sidelines(encounter: Encounter) -> bool:
    """"On the sidelines of the summit": a venue phrase naming an event already reported."""
    doc = encounter.sentence.doc
    venues = set(vocabulary()["venue_nouns"])
    for i in encounter.frame.scope:
        if doc[i].lower_ in venues:
            event = next((t for t in doc[i].subtree if t.dep_ == "pobj" and t.head.head.i == i),
                         None)
            if event is not None and any(c.lower_ in ("the", "this", "that")
                                         for c in event.children):
                return True
    return False


def _separate(frame: Frame, trigger: Token, mentions: list[SideMention],
              sides: list[Side]) -> list[tuple[Side, ...]]:
    """One encounter per partner where the frame says so ("had telephone conversations
    with A, B and C"), or where a second "with" phrase follows a "then" ("met with the IMF,
    then with President Trump"); else one encounter of all the sides."""
    if frame.each:
        partners = [m.side for m in mentions if m.start in frame.each]
        base = [s for s in sides if s not in partners]
        if base and len(set(partners)) > 1:
            return [tuple(dict.fromkeys([*base, p])) for p in dict.fromkeys(partners)]
    heads = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
    phrases = [c for h in heads for c in h.children
               if c.dep_ in ("prep", "conj") and c.lower_ == "with"]
    phrases = sorted({*phrases, *(c for p in phrases for c in p.children
                                  if c.dep_ == "conj" and c.lower_ == "with")},
                     key=lambda c: c.i)
    doc = trigger.doc
    if len(phrases) < 2 or not any(doc[p.i - 1].lower_ in SEQUENCE for p in phrases[1:]):
        return [tuple(sides)]
    spans = [{t.i for t in p.subtree} for p in phrases]
    inside = {m.side for m in mentions if any(m.start in s for s in spans)}
    base = [s for s in sides if s not in inside]
    groups = [tuple(dict.fromkeys(base + [m.side for m in mentions if m.start in span]))
              for span in spans]
    return [g for g in groups if len(g) >= 2] if base else [tuple(sides)]


def _point_in_time(date: Span) -> bool:
    """Not a bound ("since 2019", "by 2025"): the date an encounter happened on."""
    before = date.doc[date.start - 1].lower_ if date.start else ""
    return before not in BOUNDS


def _share_places(found: list[Encounter]) -> list[Encounter]:
    """An encounter with no place in a sentence that names one for another ("visited Asmara
    to take part in a summit") took place there."""
    places = [e.place for e in found if e.place is not None]
    if len({p.key for p in places}) != 1:
        return found
    return [e if e.place is not None or e.kind == "Call" else replace(e, place=places[0])
            for e in found]
