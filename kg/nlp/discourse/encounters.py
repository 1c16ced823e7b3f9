"""Frames -> encounters: the sides, attendees, place and date expression of each frame,
read sentence by sentence so that groups and pronouns find what they refer to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from kg.linking.organizations import forum_members
from kg.linking.sides import side_of
from kg.nlp.dates import resolve_date
from kg.nlp.discourse.cues import (
    PAIRWISE,
    Cue,
    coordination_sizes,
    mention_cue,
    one_per_side,
    role_of,
    unresolved_subject,
)
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
    """An encounter before its date is resolved: candidate sides (``cues``), place, date
    words, status; ``confidence`` of each side once the decisions layer has weighed it."""

    frame: Frame
    cues: tuple[Cue, ...]
    attendees: tuple[str, ...]
    place: Mention | None
    date_text: str | None
    sentence: Span
    also: tuple[str, ...] = ()
    confidence: tuple[float, ...] = ()

    @property
    def sides(self) -> tuple[Side, ...]:
        """The candidate sides, each once, in order."""
        return tuple(dict.fromkeys(c.side for c in self.cues))

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
        cues = _cues(frame, sent, in_sent, context, places, alone=len(frames) == 1)
        sides = list(dict.fromkeys(c.side for c in cues))
        low, high = min(frame.scope, default=0), max(frame.scope, default=-1) + 1
        dates = [d for d in ents.dates_within(low, high)
                 if d.start in frame.scope and _point_in_time(d)]
        anchor = (frame.kind == "Summit" and bool(places or dates)) or (
            len(sides) == 1 and _with_a_group(frame, doc))
        if len(sides) < 2 and not anchor:
            continue
        names = tuple(dict.fromkeys(attendees[i] for i in sorted(frame.scope) if i in attendees))
        context.groups.append((frame.trigger + 1, tuple(sides)))
        for group in _separate(frame, doc[frame.trigger], in_sent, sides):
            chosen = tuple(c for c in cues if c.side in group)
            for place in _coordinated(places, doc) or [None]:
                found += per_host(Encounter(frame, chosen, names, place,
                                            dates[0].text if dates else None, sent))
    actor = subject_sides(sent, in_sent, persons_only=True)
    if len(set(actor)) == 1:
        context.actor = actor[0]
    return _share_places(found)


def _with_a_group(frame: Frame, doc: Doc) -> bool:
    """"Held a call with European leaders": the other sides are a group a later sentence
    may name ("Participants included ..."), so the encounter is kept as an anchor."""
    nouns = set(vocabulary()["group_nouns"])
    return any(doc[i].lower_ in nouns and doc[i].tag_ == "NNS" for i in frame.parties)


def _places(frame: Frame, ents: Entities, doc: Doc) -> list[Mention]:
    """The cities of the frame's clause (none for a call; not where someone came from)."""
    if frame.kind == "Call":
        return []
    low, high = min(frame.scope, default=0), max(frame.scope, default=-1) + 1
    return [m for m in ents.within(low, high, CITY) if m.start in frame.scope
            and not _origin(doc[m.start], doc[frame.trigger])
            and not _clause_of_its_own(doc[m.start], doc[frame.trigger])]


def _clause_of_its_own(place: Token, trigger: Token) -> bool:
    """A place inside a clause of purpose ("convened them to discuss the summit in Delhi")
    is not where the encounter took place."""
    anchors = {trigger.i, trigger.head.i}
    token = place
    while token.i != token.head.i and token.i not in anchors:
        if token.dep_ in ("advcl", "xcomp") and token.pos_ == "VERB" and any(
                c.lower_ == "to" and c.dep_ == "aux" for c in token.children):
            return True
        token = token.head
    return False


def _cues(frame: Frame, sent: Span, in_sent: list[SideMention], context: Context,
          places: list[Mention], alone: bool) -> list[Cue]:
    """The candidate sides: those its clause names, the groups and pronouns it refers back
    to, the state visited; where the clause names none and the sentence reports only this
    encounter, the sentence's; where it names one, the sentence's subject's. A forum of
    states stands for itself and for each of its members, for the decisions to choose."""
    doc = sent.doc
    trigger = doc[frame.trigger]
    listed = coordination_sizes(sent, in_sent)
    cues = [mention_cue(m, "clause", frame, trigger, listed)
            for m in in_sent if m.start in frame.parties]
    cues += [Cue(s, "group", role=role_of(frame, "other"))
             for s in group_reference(set(frame.scope), doc, context)]
    cues += [Cue(s, "pronoun", relation="subject", role=role_of(frame, "subject"))
             for s in pronoun_sides(set(frame.parties), doc, context, bool(cues))]
    if frame.visit:
        cues += [Cue(p.city.country, "visited", "place", "object", role=role_of(frame, "object"))
                 for p in _coordinated(places, doc) if p.city and p.city.country is not None]
    if not cues and alone:
        cues = [mention_cue(m, "sentence", frame, trigger, listed) for m in in_sent]
    if len({c.side for c in cues}) == 1 and alone:
        subjects = subject_sides(sent, in_sent)
        cues += [Cue(s, "subject", relation="subject", role=role_of(frame, "subject"))
                 for s in subjects]
    if frame.kind in PAIRWISE and frame.status == "occurred" and not frame.refers and (
            unresolved_subject(trigger, cues, in_sent)):
        return []
    return one_per_side(_forums(cues, published(doc)))


def per_host(encounter: Encounter) -> list[Encounter]:
    """A trip (a visitor and several hosts) is one encounter per host: in the host's city
    where the encounter is placed in one, else with no place."""
    hosts = [c for c in encounter.cues if c.role == "host"]
    others = [c for c in encounter.cues if c.role != "host"]
    if len(hosts) < 2 or not any(c.role == "visitor" for c in others):
        return [encounter]
    place = encounter.place
    country = place.city.country if place is not None and place.city is not None else None
    if any(c.side == country for c in hosts):
        return [replace(encounter, cues=tuple(others + [c for c in hosts if c.side == country]))]
    return [replace(encounter, cues=(*others, host), place=None) for host in hosts]


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


def _forums(cues: list[Cue], day: dt.date | None) -> list[Cue]:
    """A forum of states ("G7 leaders") is a candidate itself and through each of its
    members and usual guests (``forum`` cues)."""
    found: list[Cue] = []
    for cue in cues:
        found.append(cue)
        members = forum_members(cue.side, day) if isinstance(cue.side, Organization) else ()
        found += [replace(cue, side=m, forum=True) for key in members
                  if (m := side_of(key)) is not None]
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
                    joined = [replace(c, how="summit") for c in encounter.cues]
                    result[k] = replace(
                        known, cues=tuple(one_per_side([*known.cues, *joined])),
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


#: Encounters that a later sentence may add sides to ("Participants included ...").
GATHERINGS = frozenset({"Summit", "Meeting", "Call"})


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
