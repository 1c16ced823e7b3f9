"""Place continuity: a meeting reported as following on the same day takes the place where
an earlier sentence put its principal ("In his Tuesday talk in Washington, X said ...
Later on Tuesday X met with Y")."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from spacy.tokens import Span

from kg.nlp.dates import resolve_date
from kg.nlp.discourse.encounters import Encounter
from kg.nlp.document import sentences
from kg.nlp.entities.mentions import CITY, Entities, Mention

#: Words that report an encounter as following what came before.
CUES = frozenset({"later", "afterwards", "afterward", "then", "subsequently", "earlier",
                  "also"})


def inherit_places(events: list[Encounter], ents: Entities, names: dict[int, str],
                   published: dt.date | None) -> list[Encounter]:
    """Events with no place of their own, a continuation cue and a principal (the subject
    person) placed in one city by an earlier sentence of the same day take that city.

    ``names`` maps each person mention's first token to the person's fullest name. The
    placing sentence must not be dated another day; for an undated meeting, no dated
    sentence may stand between the two.
    """
    result = []
    for event in events:
        if event.place is None and event.status == "occurred" and event.kind != "Call" and (
                _has_cue(event.sentence)):
            place = _earlier_place(event, ents, names, published)
            if place is not None:
                event = replace(event, place=place)
        result.append(event)
    return result


def _has_cue(sent: Span) -> bool:
    return any(t.lower_ in CUES and t.dep_ == "advmod" for t in sent)


def _subjects(sent: Span, names: dict[int, str]) -> set[str]:
    """Fullest names of the people in the subject of the sentence's main verb."""
    tokens = {t.i for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")
              for t in c.subtree}
    return {name for start, name in names.items() if start in tokens}


def _pronoun_principal(sent: Span, names: dict[int, str]) -> set[str]:
    """"He later met ...": the person subject of the nearest earlier sentence that has one."""
    if not any(c.dep_ == "nsubj" and c.lower_ in ("he", "she") for c in sent.root.children):
        return set()
    for earlier in reversed(sentences(sent.doc).before(sent)):
        found = _subjects(earlier, names)
        if found:
            return found
    return set()


def _dates(sent: Span, ents: Entities, published: dt.date | None) -> set[str]:
    texts = (d.text for d in ents.dates_within(sent.start, sent.end))
    return {r for r in (resolve_date(t, published) for t in texts) if r}


def _earlier_place(event: Encounter, ents: Entities, names: dict[int, str],
                   published: dt.date | None) -> Mention | None:
    sent = event.sentence
    principal = _subjects(sent, names) or _pronoun_principal(sent, names)
    if len(principal) != 1:
        return None
    day = _dates(sent, ents, published)
    doc = sent.doc
    for earlier in reversed(sentences(doc).before(sent)):
        dates = _dates(earlier, ents, published)
        places = {p.key: p for p in ents.within(earlier.start, earlier.end, CITY)}
        if places and _subjects(earlier, names) == principal:
            same_day = not dates or not day or bool(dates & day)
            return next(iter(places.values())) if len(places) == 1 and same_day else None
        if dates and not day:
            return None
    return None
