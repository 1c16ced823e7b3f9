"""People of one article: the fullest name each mention stands for, and the role and side
the text around the names gives (a title before or after the name), else the table of
office holders on the article's date.

Sides come with a confidence: a title that names its state ("Japan's foreign minister")
is surest; a full name in the table of office holders on the article's date next; the
closest state in the sentence least. A surname alone is matched with the table only
behind a title that fits the office, never by itself; two people who share a name token
("Prince William", "William Ruto") are never merged.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span

from kg.linking.leaders import EXECUTIVE, terms_by_name, terms_by_surname, was_in_office_only_before
from kg.linking.roles import role_rank
from kg.linking.sides import side_of
from kg.linking.spelling import variant
from kg.nlp.entities.mentions import Mention, PersonInfo
from kg.nlp.entities.names import HONORIFICS
from kg.nlp.entities.titles import (
    COUNTERPART,
    MAX_LOOK,
    StartsIndex,
    first_starting,
    side_after,
    starts_index,
)
from kg.types import Side

#: Words for a relative of an office holder, who holds no office by being one.
KIN = frozenset({"wife", "husband", "spouse", "son", "daughter", "brother", "sister", "mother",
                 "father", "widow", "nephew", "niece", "grandson", "granddaughter", "child"})
#: A role this vague gives way to the office the table knows ("Crown Prince X").
WEAK_ROLES = frozenset({"official"})
CONFIDENCE = {"title": 0.9, "table": 0.85, "undated": 0.75, "surname": 0.75, "voice": 0.7,
              "nearest": 0.6}


def canonical_names(persons: list[Span]) -> dict[int, str]:
    """Map each person mention (by start) to the fullest name containing its tokens.

    Spelling variants of a token count as the same token ("Zelensky" / "Zelenskyy"); a
    mention two different fuller names could stand for stays as it is.
    """
    counts: dict[str, int] = {}
    for p in persons:
        counts[p.text] = counts.get(p.text, 0) + 1
    full = sorted(counts, key=lambda n: (-len(n.split()), -counts[n], n))
    result = {}
    for mention in persons:
        covering = [n for n in full if _covers(n.split(), mention.text.split())]
        chosen = covering[0]
        ambiguous = any(not _covers(chosen.split(), n.split()) for n in covering[1:])
        result[mention.start] = mention.text if ambiguous else chosen
    return result


def _covers(name: list[str], tokens: list[str]) -> bool:
    """Every token of a mention is a token of the name, or a variant spelling of one."""
    return all(any(t == n or variant(t, n) for n in name) for t in tokens)


def title_before(doc: Doc, start: int, by_end: dict[int, Mention],
                 sides: list[Mention], covering: dict[int, Mention] | None = None
                 ) -> Mention | None:
    """The title just before a name: "Foreign Minister Park", "President of Brazil, Mr. Lula",
    "Hungary's ambassador to Austria, Andor Nagy", "the envoy for climate, John Kerry"
    (but not "the wife of the President of Ukraine Olena Zelenska"). ``covering``: the
    first of the sides holding each token (:func:`first_covering`), where the caller has it.
    """
    title = _title_before(doc, start, by_end,
                          covering if covering is not None else first_covering(sides))
    if title is not None and _relative_of(doc, title.start):
        return None
    return title


def _relative_of(doc: Doc, start: int) -> bool:
    """"The wife of the president", "the son of the emir": the title is someone else's."""
    i = start - 1
    while i >= 0 and doc[i].lower_ in ("the", "a", "an", "late", "former"):
        i -= 1
    return i > 0 and doc[i].lower_ == "of" and doc[i - 1].lower_ in KIN


def first_covering(mentions: list[Mention]) -> dict[int, Mention]:
    """The first of the mentions (in their order) that holds each token."""
    covering: dict[int, Mention] = {}
    for m in mentions:
        for i in range(m.start, m.end):
            covering.setdefault(i, m)
    return covering


def _title_before(doc: Doc, start: int, by_end: dict[int, Mention],
                  covering: dict[int, Mention]) -> Mention | None:
    i = start
    while i > 0 and (doc[i - 1].lower_ in HONORIFICS or doc[i - 1].text == ","):
        i -= 1
    if i < start and doc[i].text == "," and i not in by_end:
        for k in range(i - 1, max(0, i - 5), -1):
            title = by_end.get(k)
            if title is not None and (doc[k].pos_ == "ADP" or doc[k - 1].pos_ == "ADP"):
                return title
            if doc[k].is_punct or doc[k].pos_ in ("VERB", "AUX") or doc[k].ent_type_ == "PERSON":
                break
    for _ in range(2):
        mention = covering.get(i - 1) if i > 0 else None
        if mention is None:
            break
        j = mention.start
        if j > 0 and doc[j - 1].lower_ == "the":
            j -= 1
        if not (j > 0 and doc[j - 1].lower_ in ("of", "in", "to", "for")):
            break
        i = j - 1
        if i > 0 and doc[i - 1].text == ",":
            return None
        if i in by_end:
            break
    return by_end.get(i) or _portfolio_title(doc, i, by_end)


def _portfolio_title(doc: Doc, i: int, by_end: dict[int, Mention]) -> Mention | None:
    """A title, its portfolio, then the name: "Minister for Regional Development Ana Kovač"."""
    j = i
    while j > 0 and i - j < MAX_LOOK and doc[j - 1].is_title and doc[j - 1].pos_ in (
            "PROPN", "NOUN", "ADJ"):
        j -= 1
    if j < i and j > 0 and doc[j - 1].lower_ in ("for", "of"):
        return by_end.get(j - 1)
    return None


def title_after(doc: Doc, end: int, titles: list[Mention],
                index: StartsIndex | None = None) -> Mention | None:
    """An apposition: "Wang Yi, China's top diplomat", "Lula, the President of Brazil",
    "X, who is the foreign minister" (``index``: ``starts_index(titles)``, where the
    caller has it)."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    index = index if index is not None else starts_index(titles)
    near = sorted(pair for i in range(end + 1, end + MAX_LOOK + 1) for pair in index.get(i, ()))
    for _, title in near:
        if not _names_someone(doc, title.end):
            between = [t for t in doc[end + 1: title.start]
                       if t.lower_ not in ("who", "is", "was", "serves", "served", "as")]
            if any(t.text in (",", ".", ";") or t.pos_ in ("VERB", "AUX") for t in between):
                return None
            return title
    return None


def _names_someone(doc: Doc, end: int) -> bool:
    """A title right before a name is that person's ("..., Greek prime minister Kyriakos
    Mitsotakis"), not an apposition of the name before it."""
    i = end
    if i < len(doc) and doc[i].lower_ == "of":
        return False
    return i < len(doc) and doc[i].ent_type_ == "PERSON"


def side_after_name(doc: Doc, end: int, sides: list[Mention],
                    index: StartsIndex | None = None) -> Mention | None:
    """"Presidents A of Ghana and B of Togo": the state right after a titled name
    (``index``: ``starts_index(sides)``, where the caller has it)."""
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        starts = {end + 1, end + 2} if doc[end + 1].lower_ == "the" else {end + 1}
        return first_starting(index if index is not None else starts_index(sides), starts,
                              lambda m: m.form in ("name", "org"))
    return None


def resolve_people(doc: Doc, persons: list[Span], titles: list[Mention], sides: list[Mention],
                   published: dt.date | None) -> dict[str, PersonInfo]:
    """People of the article keyed by fullest name, with role, side and mentions. A titled
    person no title or table places acts for the government that published the article
    (``doc._.voice``: "Spokesperson X" in a State Department release), else for the
    nearest state named."""
    by_end = {t.end: t for t in titles}
    names = canonical_names(persons)
    respectively = _respective_sides(doc, persons, titles, sides)
    covering, side_starts, title_starts = (first_covering(sides), starts_index(sides),
                                           starts_index(titles))
    titled = {t.start for t in titles}
    people: dict[str, PersonInfo] = {}
    previous: tuple[Span, Mention] | None = None
    for mention in persons:
        info = people.setdefault(names[mention.start], PersonInfo(names[mention.start]))
        info.mentions.append(mention)
        title = _preferred(title_before(doc, mention.start, by_end, sides, covering),
                           title_after(doc, mention.end, titles, title_starts))
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
        side = title.side if not title.plural else respectively.get(mention.start)
        if side is None:
            after = side_after_name(doc, mention.end, sides, side_starts)
            side = after.side if after is not None else None
        if info.side is None and side is not None:
            info.side, info.confidence = side, CONFIDENCE["title"]
            info.alternatives = title.alternatives
    for info in people.values():
        _office_holder(info, published)
    voice = side_of(doc._.voice) if doc.has_extension("voice") and doc._.voice else None
    for info in people.values():
        if info.role is not None and info.side is None and voice is not None:
            info.side, info.confidence = voice, CONFIDENCE["voice"]
        if info.role is not None and info.side is None:
            info.side = _nearest_side(info.mentions[0], sides, titled)
            info.confidence = CONFIDENCE["nearest"] if info.side else 0.0
    return people


def _preferred(before: Mention | None, after: Mention | None) -> Mention | None:
    """The title before a name, unless an apposition names the side and it does not
    ("Major General X, spokesman for the Indonesian military")."""
    if before is not None and after is not None and before.side is None and (
            after.side is not None):
        return after
    return before or after


def _respective_sides(doc: Doc, persons: list[Span], titles: list[Mention],
                      sides: list[Mention]) -> dict[int, Side]:
    """"Her Portuguese and Moroccan counterparts, A and B (respectively)", "the presidents of
    Ghana and Togo, A and B": the n-th state of a plural title goes to its n-th name."""
    found: dict[int, Side] = {}
    # A chain read back from a title's start (or on from a side's start) meets only sides
    # that end before it (or start after it): no need to leave the others out.
    index, side_ends, person_ends = starts_index(sides), _ends(sides), _ends(persons)
    for title in (t for t in titles if t.plural):
        states = _chain(doc, side_ends, title.start, -1)
        after = side_after(doc, title.end, sides, index)
        if after is not None:
            states = _chain(doc, side_ends, after.start, 1)
        start = title.end + 1 if title.end < len(doc) and doc[title.end].text == "," else (
            title.end)
        if after is not None:
            start = max(m.end for m in states) + (1 if doc[max(m.end for m in states)].text
                                                  == "," else 0)
        names = _chain(doc, person_ends, start, 1)
        if len(states) == len(names) >= 2:
            found.update({n.start: m.side for n, m in zip(names, states, strict=True)})
    return found


def _ends(items: list) -> tuple[dict, dict]:
    """Items by their first token, and by the token after their last (the last of several)."""
    return {item.start: item for item in items}, {item.end: item for item in items}


def _chain(doc: Doc, ends: tuple[dict, dict], edge: int, step: int) -> list:
    """Items coordinated by "," and "and" from token ``edge`` on (step 1) or back (step -1);
    ``ends``: the items indexed by :func:`_ends`."""
    by_start, by_end = ends
    found: list = []
    i = edge
    while True:
        item = by_start.get(i) if step == 1 else by_end.get(i)
        if item is None:
            break
        found.append(item)
        i = item.end if step == 1 else item.start - 1
        while 0 <= i < len(doc) and doc[i].lower_ in (",", "and", "the"):
            i += step
        if step == -1:
            i += 1
    return found if step == 1 else found[::-1]


def _office_holder(info: PersonInfo, day: dt.date | None) -> None:
    """Role and side from the table of office holders, for a full name (or a surname behind
    a fitting title) in office on the article's date; a title's own role and side win.
    A titled name the table lists only in offices that ended before the date is a former
    office holder ("socialist President Salvador Allende" in an article of 2005). Without
    a date, a full name, or a surname behind a fitting title, still gives the one side it
    ever held such office for ("President Herzog" undated stays unknown: Germany and
    Israel both had one)."""
    if info.past:
        return
    if len(info.name.split()) > 1:
        if day is None:
            terms, how = terms_by_name(info.name, None), "undated"
        elif info.role is not None and was_in_office_only_before(info.name, info.role, day):
            info.past = True
            return
        else:
            terms, how = terms_by_name(info.name, day), "table"
    elif info.role is not None:
        terms = [t for t in terms_by_surname(info.name, day) if _fits(info.role, t.role)]
        how = "surname"
    else:
        return
    if len({t.side for t in terms}) != 1:
        return
    term = min(terms, key=lambda t: role_rank(t.role))
    role = term.role if how != "undated" or len({t.role for t in terms}) == 1 else None
    if (info.role is None or info.role in WEAK_ROLES) and role is not None:
        info.role = role
        info.role_sentence = info.role_sentence or info.mentions[0].sent
    if info.side is None or term.side in info.alternatives:
        info.side, info.confidence = side_of(term.side), CONFIDENCE[how]


def _fits(role: str, office: str) -> bool:
    return role == office or (role in EXECUTIVE and office in EXECUTIVE)


def _nearest_side(mention: Span, sides: list[Mention], titled: set[int]) -> Side | None:
    """The closest state named in the sentence, preferring one before the name.

    A state after the name counts only inside the same clause: one behind a verb or a
    comma ("Senator Menendez criticised Egypt", "Harris met Philippine President Marcos")
    is someone else's, and so is a state that starts another title ("the Greek prime
    minister met President X").
    """
    sent, doc = mention.sent, mention.doc
    forms = ("name", "demonym", "capital")
    sides = [m for m in sides if not (m.end in titled and m.end < mention.start and any(
        t.pos_ in ("VERB", "AUX") for t in doc[m.end:mention.start]))]
    before = [m for m in sides if sent.start <= m.start < mention.start and m.form in forms]
    if before:
        return before[-1].side
    after = [m for m in sides if mention.end <= m.start < sent.end and m.form in forms
             and not any(t.pos_ in ("VERB", "AUX") or t.text in (",", ";")
                         for t in doc[mention.end:m.start])]
    return after[0].side if after else None
