"""The ``kg_discourse`` spaCy component: what crosses sentences, and the article's events.

After the frames of every sentence are found, it links titles to the people they stand
for, resolves each frame's sides (names, people, titles, groups, pronouns), carries places
from earlier sentences and the dateline, resolves dates against the publication date, and
merges the reports of one encounter within the article. The title is part of the Doc, so
an encounter named only in the headline counts. Results: ``doc._.events``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.basis import date_basis
from kg.linking import find_city
from kg.nlp.dates import dated
from kg.nlp.decisions import Decisions, load_decisions
from kg.nlp.decisions.choose import candidates, decide
from kg.nlp.decisions.features import article_view
from kg.nlp.decisions.model import read_decisions
from kg.nlp.discourse.continuity import inherit_places
from kg.nlp.discourse.encounters import Encounter, encounters, fold_references
from kg.nlp.discourse.people import link_titles_to_people
from kg.nlp.discourse.sides import side_mentions
from kg.nlp.document import evidence, published
from kg.nlp.entities.mentions import Entities
from kg.types import City, Event, Participation

#: The decisions model's file inside a pipeline saved with ``nlp.to_disk``.
MODEL_FILE = "decisions.json"
DATELINE = re.compile(
    r"^\s*(?P<city>[A-ZÀ-Ý][A-ZÀ-Ý .'\-]{2,}?)(?:,\s*[A-Z][\w .]{2,30}?)?\s*[–—-]+\s")


class Discourse:
    """Turns a Doc's frames into the article's events; ``decisions`` (a trained model, or
    None to keep every candidate) weighs each candidate side."""

    def __init__(self, decisions: Decisions | None) -> None:
        self.decisions = decisions

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the decisions model with the pipeline (``nlp.to_disk``)."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        if self.decisions is not None:
            self.decisions.save(folder / MODEL_FILE)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Discourse:
        """Load the decisions model a saved pipeline carries (``spacy.load``)."""
        file = Path(path) / MODEL_FILE
        self.decisions = read_decisions(file) if file.exists() else None
        return self

    def __call__(self, doc: Doc) -> Doc:
        self.propose(doc)
        return self.conclude(doc, self.decisions)

    @staticmethod
    def propose(doc: Doc) -> Doc:
        """Every encounter the article reports, with its candidate sides and their
        features, as ``doc._.candidates``."""
        ents = doc._.kg
        link_titles_to_people(doc, ents)
        mentions = side_mentions(ents)
        found = fold_references(encounters(doc, ents, doc._.frames, mentions), published(doc))
        names = {m.start: info.name for info in ents.people.values() for m in info.mentions}
        found = inherit_places(found, ents, names, published(doc))
        doc._.candidates = candidates(found, article_view(doc, mentions, doc._.frames))
        doc._.sides = mentions
        return doc

    @staticmethod
    def conclude(doc: Doc, decisions: Decisions | None) -> Doc:
        """The article's events from its candidates as ``decisions`` weigh them (the
        cross-validation concludes a Doc again with each fold's model)."""
        found = decide(doc._.candidates, decisions)
        events = merge([_event(e, doc) for e in found])
        events = _first_placed(events, _dateline(doc) or _here(doc, doc._.kg))
        doc._.events = _dated_today(events, published(doc) if _today(doc) else None)
        return doc


def _event(found: Encounter, doc: Doc) -> Event:
    date = basis = None
    if found.date_text:
        date = dated(found.date_text, published(doc), found.status)
        basis = date_basis(found.date_text) if date else None
    place = found.place.city if found.place is not None else None
    sure = found.confidence or (None,) * len(found.cues)
    roles = tuple(Participation(c.side, c.role, p) for c, p in zip(found.cues, sure, strict=True))
    known = [p for p in sure if p is not None]
    return Event(kind=found.kind, participants=found.sides,  # type: ignore[arg-type]
                 evidence=evidence(found.sentence), attendees=found.attendees, place=place,
                 date=date, status=found.status, frames=found.rows,  # type: ignore[arg-type]
                 date_basis=basis, participation=roles,
                 confidence=round(min(known), 3) if known else None)


def merge(events: list[Event]) -> list[Event]:
    """One event per encounter: same sides and status, compatible place and date."""
    merged: list[Event] = []
    # Only events with the same sides and status can merge (merging keeps both): look
    # among those alone, in order.
    alike: dict[tuple[frozenset, str], list[int]] = {}
    for event in events:
        key = (frozenset(event.participants), event.status)
        for k in alike.get(key, ()):
            known = merged[k]
            if _same(known, event):
                merged[k] = replace(
                    known, participation=_joined(known.participation, event.participation),
                    confidence=_weakest(known.confidence, event.confidence),
                    attendees=tuple(dict.fromkeys(known.attendees + event.attendees)),
                    place=known.place or event.place, date=known.date or event.date,
                    date_basis=known.date_basis if known.date else event.date_basis,
                    frames=tuple(dict.fromkeys(known.frames + event.frames)))
                break
        else:
            alike.setdefault(key, []).append(len(merged))
            merged.append(event)
    return merged


def _joined(a: tuple[Participation, ...],
            b: tuple[Participation, ...]) -> tuple[Participation, ...]:
    """One participation per side, the surer of two reports of it."""
    best: dict[object, Participation] = {}
    for part in (*a, *b):
        known = best.get(part.side)
        if known is None or (part.confidence or 0) > (known.confidence or 0):
            best[part.side] = part
    return tuple(best.values())


def _weakest(a: float | None, b: float | None) -> float | None:
    known = [c for c in (a, b) if c is not None]
    return min(known) if known else None


def _same(a: Event, b: Event) -> bool:
    """Same sides and status, and no clash: a dated event without a place is not merged
    with a placed event without a date (they may be two meetings)."""
    if set(a.participants) != set(b.participants) or a.status != b.status:
        return False
    if (a.place and b.place and a.place != b.place) or (a.date and b.date and a.date != b.date):
        return False
    complementary = (a.place is None) != (b.place is None) and (a.date is None) != (b.date is None)
    return not complementary or (a.place is None) == (a.date is None)


def _dateline(doc: Doc) -> City | None:
    """The city of a dateline ("BRASÍLIA, Brazil –")."""
    match = DATELINE.match(doc.text[doc._.body_start:])
    return find_city(match["city"].strip().title()) if match else None


def _here(doc: Doc, ents: Entities) -> City | None:
    """The city a speaker says they are in ("we welcome you here in Kazan", "glad to see you
    in Minsk")."""
    for token in doc:
        if token.lower_ != "here" and not (token.lower_ == "you" and token.head.lemma_ in (
                "see", "welcome", "host", "receive", "greet")):
            continue
        sent = token.sent
        for mention in ents.places():
            head = doc[mention.end - 1]
            if token.i < mention.start <= token.i + 8 and mention.end <= sent.end and (
                    head.dep_ == "pobj" and head.head.lower_ == "in") and mention.city:
                return mention.city
    return None


def _first_placed(events: list[Event], city: City | None) -> list[Event]:
    """The article's own place (dateline, "here in ...") goes to its first encounter in
    person that names no city."""
    if city is None:
        return events
    for k, event in enumerate(events):
        if event.status == "occurred" and event.place is None and event.kind != "Call":
            events[k] = replace(event, place=city)
            break
    return events


#: Words for an encounter, and verbs of what is done at one ("discussed today").
TALK_WORDS = frozenset({"meeting", "talks", "conversation", "negotiations", "visit", "summit",
                        "participation", "call", "discuss", "talk", "meet", "agree", "sign",
                        "exchange"})


def _today(doc: Doc) -> bool:
    """Whether the text says its encounters are today's ("at today's talks we agreed", "the
    matters we discussed today", "Today, during our meeting, ...")."""
    for token in doc:
        if token.lower_ != "today":
            continue
        head = token.head
        near = [head, *head.children, *(t for c in head.children if c.dep_ == "prep"
                                         for t in c.children)]
        if any(t.lemma_ in TALK_WORDS or t.lower_ in TALK_WORDS for t in near if t.i != token.i):
            return True
    return False


#: Words that set a reported encounter before the day of the text.
EARLIER = frozenset({"last", "previous", "previously", "earlier", "ago", "former", "past", "had",
                     "once", "then", "recalled", "remembered"})


def _dated_today(events: list[Event], day: dt.date | None) -> list[Event]:
    """A text that says its encounters are today's (a press release of the day) dates
    those it gives no date for, unless their sentence sets them earlier ("their previous
    meeting", "had met")."""
    if day is None:
        return events
    for k, event in enumerate(events):
        words = set(re.findall(r"[a-z]+", event.evidence.text.lower()))
        if event.status == "occurred" and event.date is None and not words & EARLIER:
            events[k] = replace(event, date=day.isoformat(), date_basis="relative")
    return events


@Language.factory("kg_discourse", default_config={"decisions": None})
def make_discourse(nlp: Language, name: str, decisions: str | None) -> Discourse:
    """Factory for :class:`Discourse`: ``decisions`` names a model file (default: the one
    shipped with kg). Registers ``doc._.events``, ``doc._.sides`` and ``doc._.candidates``."""
    for attribute in ("events", "sides", "candidates"):
        if not Doc.has_extension(attribute):
            Doc.set_extension(attribute, default=None)
    return Discourse(load_decisions(decisions))
