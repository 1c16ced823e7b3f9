"""People: titles and sides from the text around each name, and coreference in one article."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from kg.linking import country
from kg.linking.leaders import find_leader
from kg.nlp.components import HONORIFICS
from kg.nlp.gazetteer import COUNTERPART
from kg.nlp.names import variant
from kg.nlp.pipeline import TITLES_KEY
from kg.nlp.sides import DocEntities, SideMention
from kg.types import Side

#: Words that make a title a past one: former office holders are not current officials.
PAST = frozenset({"former", "ex", "then", "late", "ousted", "deposed"})
#: Parts of speech a title's side may sit behind ("the senior US diplomat").
NP_POS = frozenset({"ADJ", "NOUN", "PROPN", "DET", "PART", "NUM"})
MAX_LOOK = 7
#: Roles a press release uses alone for its principal ("the President of Russia said").
LEADERS = frozenset({"head of state", "president", "prime minister", "chancellor",
                     "foreign minister", "secretary-general"})
#: Titles of heads of state or government: one such title fits a leader listed under another.
EXECUTIVE = frozenset({"head of state", "president", "prime minister", "chancellor"})


@dataclass(frozen=True)
class Title:
    """An office title in the text, with the side it names and whether it is past."""

    start: int
    end: int
    role: str
    side: Side | None
    past: bool
    plural: bool


@dataclass
class PersonInfo:
    """One person of the article: fullest name, role, side and mentions."""

    name: str
    role: str | None = None
    side: Side | None = None
    past: bool = False
    role_sentence: Span | None = None
    mentions: list[Span] = field(default_factory=list)


def read_titles(doc: Doc, ents: DocEntities) -> list[Title]:
    """Every title span with the side it names (before it, or in an "of" phrase after it).

    "His Greek counterpart" takes the role of the last other title in its sentence.
    """
    titles: list[Title] = []
    for span in doc.spans.get(TITLES_KEY, ()):
        side, past = _side_before(doc, span.start, ents)
        after = _side_after(doc, span.end, ents)
        plural = span[-1].tag_ in ("NNS", "NNPS")
        role = span.id_
        if role == COUNTERPART:
            sent_start = doc[span.start].sent.start
            role = next((t.role for t in reversed(titles) if t.start >= sent_start), role)
        titles.append(Title(span.start, span.end, role, side or (after.side if after else None),
                            past, plural))
    return titles


def _side_before(doc: Doc, start: int, ents: DocEntities) -> tuple[Side | None, bool]:
    past = False
    i = start - 1
    while i >= 0 and start - i <= MAX_LOOK:
        token = doc[i]
        if token.lower_ in PAST or token.lower_.startswith(("ex-", "then-")):
            past = True
        mention = ents.side_at(i)
        if mention is not None and mention.kind != "person":
            before = doc[max(0, mention.start - 3): mention.start]
            return mention.side, past or any(t.lower_ in PAST for t in before)
        if token.ent_type_ == "PERSON" or (token.pos_ not in NP_POS and token.text != "-"):
            break
        i -= 1
    return None, past


def _side_after(doc: Doc, end: int, ents: DocEntities) -> SideMention | None:
    """"President of Brazil", "spokesperson for the Chinese foreign ministry"."""
    if end < len(doc) and doc[end].lower_ in ("of", "for"):
        i = end + 1
        if i < len(doc) and doc[i].lower_ == "the":
            i += 1
        mention = ents.side_at(i) if i < len(doc) else None
        if mention is not None and mention.start == i and mention.kind != "person":
            return mention
    return None


def _title_before(doc: Doc, start: int, by_end: dict[int, Title],
                  ents: DocEntities) -> Title | None:
    """The title just before a name: "Foreign Minister Park", "President of Brazil, Mr. Lula",
    "Hungary's ambassador to Austria, Andor Nagy", "the envoy for climate, John Kerry"."""
    i = start
    while i > 0 and (doc[i - 1].lower_ in HONORIFICS or doc[i - 1].text == ","):
        i -= 1
    if i < start and doc[i].text == "," and i not in by_end:
        for k in range(i - 1, max(0, i - 5), -1):
            title = by_end.get(k)
            if title is not None and (doc[k].pos_ == "ADP" or doc[k - 1].pos_ == "ADP"):
                return title
            if doc[k].is_punct or doc[k].pos_ in ("VERB", "AUX") or any(
                    m.start <= k < m.end for m in ents.persons):
                break
    mention = ents.side_at(i - 1) if i > 0 else None
    if mention is not None and mention.kind != "person":
        j = mention.start
        if j > 0 and doc[j - 1].lower_ == "the":
            j -= 1
        if j > 0 and doc[j - 1].lower_ in ("of", "in", "to"):
            i = j - 1
            if i > 0 and doc[i - 1].text == ",":
                return None
    return by_end.get(i)


def _title_after(doc: Doc, end: int, titles: list[Title]) -> Title | None:
    """An apposition: "Wang Yi, China's top diplomat" / "Lula, the President of Brazil"."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    for title in titles:
        if end < title.start <= end + MAX_LOOK:
            between = doc[end + 1: title.start]
            if any(t.text in (",", ".", ";") or t.pos_ in ("VERB", "AUX") for t in between):
                return None
            return title
    return None


def _canonical(persons: list[Span]) -> dict[int, str]:
    """Map each person mention (by start) to the fullest name containing its tokens.

    Spelling variants of a token count as the same token ("Zelensky" / "Zelenskyy").
    """
    counts: dict[str, int] = {}
    for p in persons:
        counts[p.text] = counts.get(p.text, 0) + 1
    full = sorted(counts, key=lambda n: (-len(n.split()), -counts[n]))
    result = {}
    for mention in persons:
        tokens = mention.text.split()
        result[mention.start] = next((n for n in full if _covers(n.split(), tokens)),
                                     mention.text)
    return result


def _covers(name: list[str], tokens: list[str]) -> bool:
    """Every token of a mention is a token of the name, or a variant spelling of one."""
    return all(any(t == n or variant(t, n) for n in name) for t in tokens)


def resolve_people(doc: Doc, ents: DocEntities, titles: list[Title],
                   year: int | None = None) -> dict[str, PersonInfo]:
    """People of the article keyed by fullest name, with role, side and mentions.

    ``year`` (the article's) lets a known leader's name give the side the text leaves out.
    """
    by_end = {t.end: t for t in titles}
    names = _canonical(ents.persons)
    people: dict[str, PersonInfo] = {}
    previous: tuple[Span, Title] | None = None
    for mention in ents.persons:
        info = people.setdefault(names[mention.start], PersonInfo(names[mention.start]))
        info.mentions.append(mention)
        title = _title_before(doc, mention.start, by_end, ents) or _title_after(
            doc, mention.end, titles)
        if title is None and previous is not None and previous[1].plural:
            gap = doc[previous[0].end: mention.start]
            if len(gap) == 1 and gap[0].lower_ in ("and", ","):
                title = previous[1]
        previous = (mention, title) if title is not None else None
        if title is None:
            continue
        info.past = info.past or title.past
        if info.role is None and title.role != COUNTERPART:
            info.role, info.role_sentence = title.role, mention.sent
        if info.side is None and title.side is not None and not title.plural:
            info.side = title.side
    _unnamed_titles(doc, ents, titles, people)
    _title_then_name(doc, ents, titles, people)
    leader_sides(people, year)
    for info in people.values():
        if info.role is not None and info.side is None:
            info.side = _nearest_side(info.mentions[0], ents)
    return people


def _nearest_side(mention: Span, ents: DocEntities) -> Side | None:
    """The closest state named in the sentence, preferring one before the name.

    A state after the name counts only inside the same clause: one behind a verb or a
    comma ("Senator Menendez criticised Egypt", "Harris met Philippine President Marcos")
    is someone else's.
    """
    sent, doc = mention.sent, mention.doc
    kinds = ("country", "demonym", "capital")
    before = [m for m in ents.sides if sent.start <= m.start < mention.start and m.kind in kinds]
    if before:
        return before[-1].side
    after = [m for m in ents.sides if mention.end <= m.start < sent.end and m.kind in kinds
             and not any(t.pos_ in ("VERB", "AUX") or t.text in (",", ";")
                         for t in doc[mention.end:m.start])]
    return after[0].side if after else None


def _title_then_name(doc: Doc, ents: DocEntities, titles: list[Title],
                     people: dict[str, PersonInfo]) -> None:
    """"..., South Korea's national security adviser said. Cho Tae-yong, ..." : a sentence
    ending with a nameless title and a speech verb, and the next one opening with a name."""
    named = {i for m in ents.persons for i in range(m.start - 2, m.end + 2)}
    starts = {m.start: m for m in ents.persons}
    by_name = {m.start: info for info in people.values() for m in info.mentions}
    for title in titles:
        if title.side is None or title.plural or title.past or title.start in named:
            continue
        sent = doc[title.start].sent
        rest = [t for t in doc[title.end: sent.end] if not t.is_punct]
        if len(rest) != 1 or rest[0].pos_ != "VERB" or sent.end >= len(doc):
            continue
        mention = starts.get(sent.end)
        info = by_name.get(sent.end)
        if mention is None or info is None or info.role is not None:
            continue
        info.role, info.side, info.role_sentence = title.role, title.side, mention.sent


def _unnamed_titles(doc: Doc, ents: DocEntities, titles: list[Title],
                    people: dict[str, PersonInfo]) -> None:
    """"The President of Russia" with no name is the article's most-named person without a title.

    Press releases name their principal once and then use the title alone.
    """
    named = {i for m in ents.persons for i in range(m.start - 3, m.end + 3)}
    held = {(p.role, p.side) for p in people.values()}
    untitled = sorted((p for p in people.values() if p.role is None and " " in p.name),
                      key=lambda p: (-len(p.mentions), p.mentions[0].start))
    for title in titles:
        if title.side is None or title.plural or title.past or title.start in named or (
                title.role not in LEADERS):
            continue
        if (title.role, title.side) in held or not untitled:
            continue
        if not any(t.lower_ == "the" for t in doc[max(0, title.start - 3): title.start]):
            continue
        if len(untitled[0].mentions) < 2 or untitled[0].mentions[0].start > title.start:
            continue
        info = untitled.pop(0)
        info.role, info.side, info.role_sentence = title.role, title.side, doc[title.start].sent
        held.add((title.role, title.side))


def leader_sides(people: dict[str, PersonInfo], year: int | None) -> None:
    """A titled person the text gives no state for ("President Trump", "Chancellor Merkel")
    acts for the state a known leader of that name led in the article's year.

    Only a current title that fits the leader's office counts, and only when the year is
    known: "President Smith of the company" or a name out of office that year stay stateless.
    """
    if year is None:
        return
    for info in people.values():
        if info.side is not None or info.role is None or info.past:
            continue
        leader = find_leader(info.name, year)
        if leader is None or not _fits(info.role, leader[2]):
            continue
        info.side = country(leader[1])


def _fits(role: str, office: str) -> bool:
    return role == office or (role in EXECUTIVE and office in EXECUTIVE)
