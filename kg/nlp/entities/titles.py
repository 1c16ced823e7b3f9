"""Office titles in the text, each with the role it names and the side its phrase gives.

"Japan's foreign minister", "the Chinese ambassador", "President of Brazil", "spokesperson
for the Chinese foreign ministry": the side stands before the title (a state, a demonym,
a possessive) or after it in an "of"/"for" phrase. "His Greek counterpart" takes the role
of the last other title in its sentence. "Former" and "then-" make a title past.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Span

from kg.linking.roles import role_rank
from kg.nlp.entities.mentions import TITLE, Mention

#: Words that make a title a past one: former office holders are not current officials.
PAST = frozenset({"former", "ex", "then", "late", "ousted", "deposed", "outgoing"})
#: Parts of speech a title's side may sit behind ("the senior US diplomat").
NP_POS = frozenset({"ADJ", "NOUN", "PROPN", "DET", "PART", "NUM"})
MAX_LOOK = 7
#: The role of a "counterpart" title: the role of the other office holder it mirrors.
COUNTERPART = "counterpart"
CONFIDENCE = 0.9


def read_titles(doc: Doc, titles: list[Span], sides: list[Mention]) -> list[Mention]:
    """A TITLE mention for every title span, with its side where the phrase names one."""
    found: list[Mention] = []
    # The first of the sides (in their order) holding each token, and those starting at each.
    covering: dict[int, Mention] = {}
    for m in sides:
        for i in range(m.start, m.end):
            covering.setdefault(i, m)
    starting = starts_index(sides)
    for span in titles:
        before, past = _side_before(doc, span.start, covering)
        inner = first_starting(starting, range(span.start + 1, span.end),
                               lambda m, end=span.end: m.end <= end)
        after = side_after(doc, span.end, sides, starting) or inner
        named = after or before
        plural = span[-1].tag_ in ("NNS", "NNPS")
        role = span.id_
        if role == COUNTERPART:
            sent_start = doc[span.start].sent.start
            role = next((t.role for t in reversed(found) if t.start >= sent_start
                         and t.role != COUNTERPART), role)
        found.append(Mention(span.start, span.end, TITLE, role, CONFIDENCE, "title",
                             side=named.side if named else None, role=role, past=past,
                             plural=plural, alternatives=named.alternatives if named else ()))
    return _coordinated(doc, found)


def _coordinated(doc: Doc, titles: list[Mention]) -> list[Mention]:
    """"The Crown Prince and Prime Minister of Saudi Arabia": coordinated titles share the
    side of the last, and the first takes the highest-ranking role of the chain."""
    result = list(titles)
    for k in range(len(result) - 1, 0, -1):
        first, second = result[k - 1], result[k]
        between = doc[first.end: second.start]
        if len(between) == 1 and between[0].lower_ == "and" and not first.plural:
            side = first.side or second.side
            role = min((first.role, second.role), key=lambda r: role_rank(r or ""))
            result[k - 1] = Mention(first.start, first.end, TITLE, role or "", first.confidence,
                                    "title", side=side, role=role, past=first.past)
            result[k] = second.with_side(second.side or side)
    return result


def _side_before(doc: Doc, start: int,
                 covering: dict[int, Mention]) -> tuple[Mention | None, bool]:
    past = False
    i = start - 1
    while i >= 0 and start - i <= MAX_LOOK:
        token = doc[i]
        if token.lower_ in PAST or token.lower_.startswith(("ex-", "then-")):
            past = True
        mention = covering.get(i)
        if mention is not None:
            before = doc[max(0, mention.start - 3): mention.start]
            return mention, past or any(t.lower_ in PAST for t in before)
        if token.ent_type_ == "PERSON" or (token.pos_ not in NP_POS and token.text != "-"):
            break
        i -= 1
    return None, past


#: Mentions by their first token, each with its place in the list it came from.
StartsIndex = dict[int, list[tuple[int, Mention]]]


def starts_index(mentions: list[Mention]) -> StartsIndex:
    """Index mentions by their first token, to find one without a search of the list."""
    index: StartsIndex = {}
    for position, m in enumerate(mentions):
        index.setdefault(m.start, []).append((position, m))
    return index


def first_starting(index: StartsIndex, starts: Iterable[int],
                   fits: Callable[[Mention], bool] = lambda m: True) -> Mention | None:
    """The first mention of the indexed list that starts at one of ``starts`` and fits."""
    found = [(p, m) for i in starts for p, m in index.get(i, ()) if fits(m)]
    return min(found, key=lambda pair: pair[0])[1] if found else None


def side_after(doc: Doc, end: int, sides: list[Mention],
               index: StartsIndex | None = None) -> Mention | None:
    """"President of Brazil", "spokesperson for the Chinese foreign ministry" (``index``:
    ``starts_index(sides)``, where the caller has it)."""
    if end < len(doc) and doc[end].lower_ in ("of", "for"):
        i = end + 1
        starts = {i, i + 1} if i < len(doc) and doc[i].lower_ == "the" else {i}
        return first_starting(index if index is not None else starts_index(sides), starts)
    return None
