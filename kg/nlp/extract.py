"""Doc -> Facts: people, sides, places and events of one article."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kg.linking import find_city
from kg.nlp.actions import code_actions
from kg.nlp.continuity import inherit_places
from kg.nlp.dates import resolve_date
from kg.nlp.events import Context, RawEvent, sentence_events
from kg.nlp.people import PersonInfo, read_titles, resolve_people
from kg.nlp.sides import DocEntities, SideMention, link_entities
from kg.types import Article, City, Country, Event, Evidence, Facts, Organization, Person, Side

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

DATELINE = re.compile(
    r"^\s*(?P<city>[A-ZÀ-Ý][A-ZÀ-Ý .'\-]{2,}?)(?:,\s*[A-Z][\w .]{2,30}?)?\s*[–—-]+\s")


def extract_facts(article: Article, nlp: Language | None = None) -> Facts:
    """Everything the article says about states, officials and their encounters."""
    from kg.nlp.pipeline import load_pipeline

    return doc_to_facts((nlp or load_pipeline())(article.text), article)


def extract_many(articles: Iterable[Article], nlp: Language | None = None, n_process: int = 1,
                 batch_size: int = 16) -> Iterator[Facts]:
    """Facts for many articles through ``nlp.pipe``; identical to :func:`extract_facts`."""
    from kg.nlp.pipeline import load_pipeline

    pipeline = nlp or load_pipeline()
    pairs = ((article.text, article) for article in articles)
    for doc, article in pipeline.pipe(pairs, as_tuples=True, n_process=n_process,
                                      batch_size=batch_size):
        yield doc_to_facts(doc, article)


def evidence(sent: Span) -> Evidence:
    """The sentence as evidence, with its character offsets in the article text."""
    return Evidence(text=sent.text, start=sent.start_char, end=sent.end_char)


def doc_to_facts(doc: Doc, article: Article) -> Facts:
    """Turn an annotated Doc into Facts (links names, resolves dates and coreference)."""
    ents = link_entities(doc)
    titles = read_titles(doc, ents)
    people = resolve_people(doc, ents, titles, article.date.year if article.date else None)
    _add_person_sides(ents, people, titles, doc)
    attendees = {m.start: p.name for p in people.values() if p.role for m in p.mentions}
    context = Context()
    raw = [e for sent in doc.sents for e in sentence_events(sent, ents, attendees, context)]
    names = {m.start: p.name for p in people.values() for m in p.mentions}
    raw = inherit_places(raw, ents, names, article.date)
    events = _merge([_event(e, article) for e in raw])
    events = _dateline_place(events, article)
    officials = [p for p in people.values() if p.role and not p.past]
    sides = [m.side for m in ents.sides] + [p.side for p in officials if p.side]
    sides += [s for e in events for s in e.participants]
    unique = list(dict.fromkeys(sides))
    return Facts(
        article=article,
        countries=tuple(s for s in unique if isinstance(s, Country)),
        organizations=tuple(s for s in unique if isinstance(s, Organization)),
        people=tuple(_person(p) for p in officials),
        cities=tuple(dict.fromkeys(p.city for p in ents.places)),
        events=tuple(events),
        actions=code_actions(doc, article.date),
    )


def _add_person_sides(ents: DocEntities, people: dict[str, PersonInfo], titles: list,
                      doc: Doc) -> None:
    """Person mentions and bare titles ("the President") stand for their side in events."""
    extra = [SideMention(m.start, m.end, p.side, "person")
             for p in people.values() if p.side and not p.past for m in p.mentions]
    by_role: dict[str, set[Side]] = {}
    for p in people.values():
        if p.role and p.side:
            by_role.setdefault(p.role, set()).add(p.side)
    person_tokens = {i for m in ents.persons for i in range(m.start - 1, m.end + 1)}
    for title in titles:
        if title.side is None and not title.plural and title.end not in person_tokens:
            candidates = by_role.get(title.role, set())
            if len(candidates) == 1:
                extra.append(SideMention(title.start, title.end, next(iter(candidates)), "title"))
    ents.sides = sorted([*ents.sides, *extra], key=lambda m: m.start)


def _person(info: PersonInfo) -> Person:
    sent = info.role_sentence
    return Person(name=info.name, role=info.role, side=info.side,
                  evidence=evidence(sent) if sent is not None else None)


def _event(raw: RawEvent, article: Article) -> Event:
    date = None
    if raw.date_text:
        date = resolve_date(raw.date_text, article.date, future=raw.status == "planned")
    return Event(kind=raw.kind, participants=raw.sides, evidence=evidence(raw.sentence),  # type: ignore[arg-type]
                 attendees=raw.attendees, place=raw.place.city if raw.place else None,
                 date=date, status=raw.status)  # type: ignore[arg-type]


def _merge(events: list[Event]) -> list[Event]:
    """One event per encounter: same sides and status, compatible place and date."""
    merged: list[Event] = []
    for event in events:
        for k, known in enumerate(merged):
            if _same(known, event):
                merged[k] = Event(
                    kind=known.kind, participants=known.participants, evidence=known.evidence,
                    attendees=tuple(dict.fromkeys(known.attendees + event.attendees)),
                    place=known.place or event.place, date=known.date or event.date,
                    status=known.status)
                break
        else:
            merged.append(event)
    return merged


def _same(a: Event, b: Event) -> bool:
    """Same sides and status, and no clash: a dated event without a place is not merged
    with a placed event without a date (they may be two meetings)."""
    if set(a.participants) != set(b.participants) or a.status != b.status:
        return False
    if (a.place and b.place and a.place != b.place) or (a.date and b.date and a.date != b.date):
        return False
    complementary = (a.place is None) != (b.place is None) and (a.date is None) != (b.date is None)
    return not complementary or (a.place is None) == (a.date is None)


def _dateline_place(events: list[Event], article: Article) -> list[Event]:
    """A dateline ("BRASÍLIA, Brazil –") places the first encounter that names no city."""
    match = DATELINE.match(article.text)
    city: City | None = find_city(match["city"].strip().title()) if match else None
    if city is None:
        return events
    for k, event in enumerate(events):
        if event.status == "occurred" and event.place is None and event.kind != "Call":
            events[k] = Event(kind=event.kind, participants=event.participants,
                              evidence=event.evidence, attendees=event.attendees, place=city,
                              date=event.date, status=event.status)
            break
    return events
