"""Resolve the tokens of an actor or recipient phrase to a side: a state or an organisation.

Uses only what is in the Doc: gazetteer entity ids where the kg pipeline set them, else the
entity or token text looked up in kg.linking (names, short forms, demonyms, capitals used
as metonyms, organisation names). People are resolved through the state named beside them
elsewhere in the same article ("Russian Foreign Minister Andrei Kozyrev" ... "Kozyrev").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kg import linking
from kg.errors import InputError
from kg.types import Organization, Side

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Dependents whose subtree describes something else than the phrase's referent.
_CLAUSAL = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "punct"})
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her", "our"})
_LINK_PREFIXES = ("country:", "org:", "city:")


def _from_id(ent_id: str) -> Side | None:
    kind, _, key = ent_id.partition(":")
    if kind == "country":
        try:
            return linking.country(key)
        except InputError:
            return None
    if kind == "org":
        return linking.find_organization(key)
    if kind == "city":
        return linking.capital_country(key)
    return None


def text_side(text: str) -> Side | None:
    """A side named by ``text``: a state's name or demonym, a capital, an organisation."""
    return (linking.find_country(text) or linking.capital_country(text)
            or linking.find_organization(text))


def span_side(span: Span) -> Side | None:
    """The side an entity span links to (gazetteer id first, then its text)."""
    if span.ent_id_.startswith(_LINK_PREFIXES):
        return _from_id(span.ent_id_)
    if span.label_ in ("PERSON", "DATE", "TIME", "CARDINAL", "MONEY", "QUANTITY", "ORDINAL"):
        return None
    return text_side(span.text)


def phrase_tokens(head: Token) -> list[Token]:
    """The tokens of the phrase headed by ``head``, clauses attached to it left out."""
    tokens = [head]
    for child in head.children:
        if child.dep_ not in _CLAUSAL:
            tokens.extend(phrase_tokens(child))
    return sorted(tokens, key=lambda t: t.i)


class SideFinder:
    """Maps tokens to sides within one Doc; remembers which state each person acts for."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._ents = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
        self._people = self._people_sides()

    def token_side(self, token: Token) -> Side | None:
        """The side a single token (or the entity it is part of) names, if any."""
        ent = self._ents.get(token.i)
        if ent is not None:
            side = span_side(ent)
            if side is not None or ent.label_ != "PERSON":
                return side
            return self._people.get(token.text)
        if token.pos_ in ("ADJ", "PROPN", "NOUN") and token.text[:1].isupper():
            return text_side(token.text)
        return None

    def sides(self, tokens: Iterable[Token]) -> Iterator[Side]:
        """Sides named by ``tokens`` in order, each entity counted once."""
        seen: set[int] = set()
        for token in tokens:
            ent = self._ents.get(token.i)
            if ent is not None:
                if ent.start in seen:
                    continue
                seen.add(ent.start)
            side = self.token_side(token)
            if side is not None:
                yield side

    def first(self, head: Token | None) -> Side | None:
        """The first side named in the phrase headed by ``head``."""
        if head is None:
            return None
        return self.token_side(head) or next(self.sides(phrase_tokens(head)), None)

    def sole_state(self, exclude: Side | None) -> Side | None:
        """The one state the article names (other than ``exclude``), if it names just one.

        An office holder whose state the article does not spell out ("President X agreed")
        acts for it: in a text about one state, its officials are that state's.
        """
        states = {side for ent in self.doc.ents if (side := span_side(ent)) is not None
                  and side != exclude and not isinstance(side, Organization)}
        return states.pop() if len(states) == 1 else None

    @staticmethod
    def is_pronoun(token: Token) -> bool:
        """A pronoun stands for an actor named elsewhere in the sentence."""
        return token.lower_ in _PRONOUNS

    def _people_sides(self) -> dict[str, Side]:
        """Each name token of a person -> the state named in the same noun phrase."""
        found: dict[str, Side] = {}
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            side = self._modifier_side(ent)
            if side is not None:
                for token in ent:
                    found.setdefault(token.text, side)
        return found

    def _modifier_side(self, ent: Span) -> Side | None:
        """A state among the modifiers of a person's name, or the words just before it."""
        root = ent.root
        candidates = [t for t in phrase_tokens(root) if not ent.start <= t.i < ent.end]
        start = ent.start
        while start > ent.sent.start and self.doc[start - 1].dep_ in ("compound", "amod", "poss",
                                                                      "case", "nmod", "det"):
            start -= 1
        candidates += list(self.doc[start:ent.start])
        for token in candidates:
            ent_of = self._ents.get(token.i)
            if ent_of is not None and ent_of.label_ == "PERSON":
                continue
            side = self.token_side(token)
            if side is not None:
                return side
        return None
