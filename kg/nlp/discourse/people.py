"""People across sentences: a title without a name that stands for a person named
elsewhere, and a bare title that stands for the one person holding that role.

Press releases name their principal once and then use the title alone ("Vladimir Putin
met ... The President of Russia said"); a sentence may end with a title and a speech verb
and the next open with the name ("..., Croatia's national security adviser said. Ivan
Horvat, ...").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.nlp.entities.mentions import Entities, Mention, PersonInfo

#: Roles a press release uses alone for its principal ("the President of Russia said").
LEADERS = frozenset({"head of state", "president", "prime minister", "chancellor",
                     "foreign minister", "secretary-general"})


def link_titles_to_people(doc: Doc, ents: Entities) -> None:
    """Give people the roles and sides of titles that stand for them in other sentences."""
    _unnamed_titles(doc, ents)
    _title_then_name(doc, ents)


def _near_a_name(ents: Entities, title: Mention, reach: int) -> bool:
    return any(m.start - reach <= title.start < m.end + reach for m in ents.persons)


def _unnamed_titles(doc: Doc, ents: Entities) -> None:
    """"The President of Russia" with no name is the article's most-named person without a
    title, named before it."""
    held = {(p.role, p.side) for p in ents.people.values()}
    untitled = sorted((p for p in ents.people.values() if p.role is None and " " in p.name),
                      key=lambda p: (-len(p.mentions), p.mentions[0].start))
    for title in ents.titles():
        if title.side is None or title.plural or title.past or title.role not in LEADERS or (
                _near_a_name(ents, title, 3)):
            continue
        if (title.role, title.side) in held or not untitled:
            continue
        if not any(t.lower_ == "the" for t in doc[max(0, title.start - 3): title.start]):
            continue
        if len(untitled[0].mentions) < 2 or untitled[0].mentions[0].start > title.start:
            continue
        info = untitled.pop(0)
        info.role, info.side, info.role_sentence = title.role, title.side, doc[title.start].sent
        info.confidence = 0.8
        held.add((title.role, title.side))


def _described(name: Span) -> bool:
    """"Marko Horvat, a local shopkeeper, ...": the name comes with its own description."""
    doc = name.doc
    return name.end + 1 < len(doc) and doc[name.end].text == "," and (
        doc[name.end + 1].lower_ in ("a", "an"))


def _title_then_name(doc: Doc, ents: Entities) -> None:
    """A sentence ending with a nameless title and a speech verb, the next one opening with
    a name: the name is the title's holder."""
    starts = {m.start: m for m in ents.persons}
    for title in ents.titles():
        if title.side is None or title.plural or title.past or _near_a_name(ents, title, 2):
            continue
        sent = doc[title.start].sent
        rest = [t for t in doc[title.end: sent.end] if not t.is_punct and not t.is_space]
        if len(rest) != 1 or rest[0].pos_ != "VERB" or sent.end >= len(doc):
            continue
        mention = starts.get(sent.end)
        info: PersonInfo | None = ents.person_at(sent.end)
        if mention is None or info is None or info.role is not None or _described(mention):
            continue
        info.role, info.side, info.role_sentence = title.role, title.side, mention.sent
        info.confidence = 0.8
