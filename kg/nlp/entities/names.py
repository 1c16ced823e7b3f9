"""Person names: titles and honorifics trimmed, names after a title, first names and
particles the NER left out, and surnames of a name already read in the article.

The statistical NER labels a lone surname as an organisation or misses it; within one
article a token of a full name already found is the same person. A name right after a
title is a person whatever the NER said ("Chancellor Olaf Scholz" read as ORG,
"President Santiago Peña" read as the city).
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span, Token

from kg.linking._tables import data_json
from kg.nlp.entities.gazetteer import CITY, DEMONYM, LEADER, ORG, REGION, SEAT, STATE

HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "h.e.", "sir",
                        "madam", "sheikh", "sheik", "sheikha", "hon", "hon.", "honourable",
                        "honorable", "comrade", "dato'", "dato", "datuk", "tun", "excellency",
                        "his", "her", "majesty", "highness", "holiness"})
#: Letters after a name ("Jane Roe MP", "John Doe CMG"): honours and seats, not the name.
POST_NOMINALS = frozenset({"MP", "MEP", "MLA", "CMG", "KCMG", "GCMG", "KC", "QC", "OBE", "MBE",
                           "CBE", "DBE", "KBE", "PC", "AC", "AO", "AM", "MNZM", "ONZM"})
#: Lower-case name particles ("Ursula von der Leyen", "Mohammed bin Salman").
PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "del", "della", "di", "du", "dos",
                       "das", "bin", "bint", "ibn", "al", "el", "la", "le", "ter", "ben"})
#: Entity labels the statistical NER puts on names it misreads (never dates or numbers).
MISREAD = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT",
                     "PERSON"})
_LINKED = (STATE, DEMONYM, SEAT, CITY, ORG, REGION)
MAX_NAME = 6
SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr"})


@cache
def _not_names() -> frozenset[str]:
    """Capitalised nouns that follow a title without being a name ("General Assembly")."""
    return frozenset(data_json("events.json")["not_names"])


def _nameish(token: Token, title_tokens: set[int]) -> bool:
    return (token.pos_ == "PROPN" and (token.is_title or token.text[:1].isupper())
            and token.is_alpha and token.i not in title_tokens
            and token.text not in _not_names() and token.lower_ not in HONORIFICS)


def person_names(doc: Doc, ents: list[Span], titles: list[Span]) -> list[Span]:
    """``ents`` with person names corrected (see the module docstring)."""
    title_tokens = {i for span in titles for i in range(span.start, span.end)}
    ents = [e for e in (_trim(ent, title_tokens) for ent in ents) if e is not None]
    ents = _titled_names(doc, ents, titles, title_tokens)
    ents = _extend_names(doc, ents, title_tokens)
    return _surnames(doc, ents, title_tokens)


def _surnames(doc: Doc, ents: list[Span], title_tokens: set[int]) -> list[Span]:
    """Tokens of a full name read elsewhere in the article are that person ("Wang"), and so
    is another entity made only of them (a headline's "Volodymyr Zelenskyy" read as ORG)."""
    name_tokens = {t.text for ent in ents if ent.label_ == "PERSON" and len(ent) > 1
                   for t in ent if t.is_alpha and t.is_title}
    if not name_tokens:
        return ents
    taken = {i: ent for ent in ents for i in range(ent.start, ent.end)}
    relabel, fresh = set(), []
    for token in doc:
        if token.text not in name_tokens or token.i in title_tokens:
            continue
        ent = taken.get(token.i)
        if ent is None:
            fresh.append(Span(doc, token.i, token.i + 1, label="PERSON"))
        elif ent.label_ != "PERSON" and not ent.kb_id_.startswith(_LINKED) and all(
                t.text in name_tokens or not t.is_alpha for t in ent):
            relabel.add(ent.start)
    ents = [Span(doc, e.start, e.end, label="PERSON") if e.start in relabel else e for e in ents]
    return sorted([*ents, *fresh], key=lambda e: e.start)


def _titled_names(doc: Doc, ents: list[Span], titles: list[Span],
                  title_tokens: set[int]) -> list[Span]:
    """A title followed by capitalised proper nouns names a person the NER missed."""
    by_token = {i: ent for ent in ents for i in range(ent.start, ent.end)}
    for span in titles:
        i = span.end
        if i + 1 < len(doc) and doc[i].lower_ == "of":
            i += 2 if doc[i + 1].lower_ == "the" else 1
            if i >= len(doc) or i not in by_token:
                continue
            while i < len(doc) and i in by_token:
                i += 1
        while i < len(doc) and doc[i].lower_ in HONORIFICS:
            i += 1
        end = _name_end(doc, i, by_token, title_tokens)
        institution = end < len(doc) and doc[end].text in _not_names()
        if end > i and not institution:
            _replace(by_token, Span(doc, i, end, label="PERSON"))
    return sorted(set(by_token.values()), key=lambda e: e.start)


def _extend_names(doc: Doc, ents: list[Span], title_tokens: set[int]) -> list[Span]:
    """Grow a person entity over a first name or a particle the NER left out
    ("Andor" of "Andor Nagy", "der Leyen" of "Ursula von der Leyen")."""
    by_token = {i: ent for ent in ents for i in range(ent.start, ent.end)}
    for ent in [e for e in ents if e.label_ == "PERSON"]:
        start = ent.start
        while (start > 0 and ent.end - start < MAX_NAME and start - 1 not in by_token
               and _nameish(doc[start - 1], title_tokens)):
            start -= 1
        end = _suffix_end(doc, _name_end(doc, ent.end, by_token, title_tokens,
                                         particle_first=True))
        if (start, max(ent.end, end)) != (ent.start, ent.end):
            _replace(by_token, Span(doc, start, max(ent.end, end), label="PERSON",
                                    kb_id=ent.kb_id_))
    return sorted(set(by_token.values()), key=lambda e: e.start)


def _suffix_end(doc: Doc, end: int) -> int:
    """Past a generational suffix: "Joseph R. Biden, Jr.", "Martin Luther King Jr."."""
    if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].text in SUFFIXES:
        return end + 2
    return end + 1 if end < len(doc) and doc[end].text in SUFFIXES else end


def _trim(ent: Span, title_tokens: set[int]) -> Span | None:
    """A person span without titles, honorifics ("The Honourable", "Comrade", "Dato'"),
    post-nominal letters ("MP", "CMG"), a possessive, or the name of a body before the name
    ("Minister for Regional Development Ana Kovač")."""
    if ent.label_ != "PERSON":
        return ent
    bodies = [t.i for t in ent if t.text in _not_names()]
    start = bodies[-1] + 1 if bodies else ent.start
    while start < ent.end and (ent.doc[start].lower_ in HONORIFICS or start in title_tokens):
        start += 1
    end = next((t.i for t in ent.doc[start:ent.end] if t.lower_ in ("'s", "’s")), ent.end)
    while end > start and (not ent.doc[end - 1].is_alpha
                           or ent.doc[end - 1].text in POST_NOMINALS):
        end -= 1
    if start >= end:
        return None
    kb_id = ent.kb_id_ if (start, end) == (ent.start, ent.end) else ""
    return Span(ent.doc, start, end, label="PERSON", kb_id=kb_id)


def _absorbable(ent: Span | None, last: bool) -> bool:
    """An entity a name may swallow: unlinked misreadings, or a city inside a longer name."""
    if ent is None:
        return True
    if ent.label_ not in MISREAD or ent.kb_id_.startswith(LEADER):
        return False
    if ent.kb_id_.startswith(CITY):
        return not last
    return not ent.kb_id_.startswith(_LINKED)


def _name_end(doc: Doc, i: int, by_token: dict[int, Span], title_tokens: set[int],
              particle_first: bool = False) -> int:
    """End of the name starting at token ``i`` (``i`` itself when there is none)."""
    end = i
    while end < len(doc) and end - i < MAX_NAME:
        token = doc[end]
        nxt = doc[end + 1] if end + 1 < len(doc) else None
        joint = token.lower_ in PARTICLES or token.text in ("-", "‐")
        if joint and nxt is not None and (end > i or particle_first) and _nameish(
                nxt, title_tokens) and _absorbable(by_token.get(nxt.i), False):
            end += 2
            continue
        if particle_first and end == i:
            return i
        if not _nameish(token, title_tokens):
            break
        ent = by_token.get(end)
        following = nxt is not None and _nameish(nxt, title_tokens)
        if not _absorbable(ent, last=not following):
            break
        end = max(end + 1, ent.end if ent is not None and ent.start == end else end + 1)
    return end


def _replace(by_token: dict[int, Span], span: Span) -> None:
    """Put ``span`` in the token map, dropping every entity it overlaps."""
    for ent in {by_token[i] for i in range(span.start, span.end) if i in by_token}:
        for k in range(ent.start, ent.end):
            by_token.pop(k, None)
    for k in range(span.start, span.end):
        by_token[k] = span
