"""Resolve the tokens of an actor or recipient phrase to a side: a state or an organisation.

Uses only what is in the Doc: gazetteer entity ids where the kg pipeline set them, else the
entity or token text looked up in kg.linking (names, short forms, demonyms, capitals used
as metonyms, organisation names). People are resolved through the state named beside them
elsewhere in the same article ("Russian Foreign Minister Andrei Kozyrev" ... "Kozyrev"),
else through the world-leaders table ("President Bush", "the Bush administration").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kg import linking
from kg.errors import InputError
from kg.linking.leaders import find_leader
from kg.types import Organization, Side

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Dependents whose subtree describes something else than the phrase's referent.
_CLAUSAL = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "punct"})
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her", "our"})
_LINK_PREFIXES = ("country:", "org:", "city:")
#: Dependents of a demonym that say where its people live ("Bosnian", "in Serbia").
_RESIDENCE_DEPS = frozenset({"amod", "compound", "nmod", "prep", "poss"})
_PLACE_PREPS = frozenset({"in", "within", "inside", "across", "throughout", "of"})
#: Heads of a named group that acts for its leader's state ("the Bush administration").
_LEADER_GROUPS = frozenset({"administration", "government", "cabinet", "regime", "camp"})


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

    def __init__(self, doc: Doc, year: int | None = None) -> None:
        self.doc = doc
        self.year = year
        self._ents = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
        self._people = self._people_sides()
        self._leaders: dict[int, Side | None] = {}

    def token_side(self, token: Token) -> Side | None:
        """The side a single token (or the entity it is part of) names, if any."""
        ent = self._ents.get(token.i)
        if ent is not None:
            side = span_side(ent)
            if side is not None or ent.label_ not in ("PERSON", "ORG"):
                return side
            if ent.label_ == "PERSON":
                return self._people.get(token.text) or self.leader_side(ent)
            if ent.root.lemma_.lower() in _LEADER_GROUPS:
                return next(filter(None, (self._leader(t.text, t.i) for t in ent
                                          if t.pos_ == "PROPN")), None)
            return None
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
        """The first side named in the phrase headed by ``head``.

        A people named by demonym are coded, as CAMEO does, by where they live when the
        phrase says so: "Bosnian Serbs" -> Bosnia, "Albanians in southern Serbia" -> Serbia.
        """
        if head is None:
            return None
        side = self.token_side(head)
        if side is None:
            return next(self.sides(phrase_tokens(head)), None)
        if self._is_people(head):
            modifiers = [t for c in head.children if c.dep_ in _RESIDENCE_DEPS
                         for t in phrase_tokens(c)]
            return next((s for s in self.sides(modifiers) if s != side), side)
        return side

    def domestic_target(self, actor: Side, sent: Span, subject: Token | None) -> Side | None:
        """The actor's own state as the recipient, when the sentence sets the action there.

        "Gbagbo will extend the curfew in Abidjan", "the Nigerian authorities jailed 52
        members of a banned movement": no other side is named, and the actor's state is
        named again outside the actor's phrase (a place, a modifier), so the action is
        domestic, coded (as CAMEO does) with the state as its recipient.
        """
        if isinstance(actor, Organization):
            return None
        own = {t.i for t in phrase_tokens(subject)} if subject is not None else set()
        named = {self.token_side(t): t for t in sent if t.i not in own}
        named.pop(None, None)
        return actor if set(named) == {actor} else None

    def _is_people(self, token: Token) -> bool:
        """A plural demonym naming a people ("Serbs", "Albanians")."""
        ent = self._ents.get(token.i)
        return (ent is None or ent.label_ == "NORP") and token.tag_ in ("NNS", "NNPS")

    def home_state(self, sent: Span) -> Side | None:
        """The one state a sentence names, where it names it as a place or a modifier.

        CAMEO codes a domestic group by its country ("Yoruba leaders ... the Nigerian
        president" -> Nigeria); a sentence naming one state only, as the setting ("in
        Baku", "Algeria's elections", "the Turkish government"), gives it.
        """
        states: set[Side] = set()
        home = False
        for token in sent:
            side = self.token_side(token)
            if side is None or isinstance(side, Organization):
                continue
            states.add(side)
            home |= token.dep_ in ("amod", "compound", "poss") or (
                token.dep_ == "pobj" and token.head.lower_ in _PLACE_PREPS)
        return states.pop() if home and len(states) == 1 else None

    def leader_side(self, ent: Span) -> Side | None:
        """The state a person leads, from the leaders table (with a title just before)."""
        start = ent.start
        before = self.doc[start - 1] if start > ent.sent.start else None
        if before is not None and before.dep_ == "compound" and before.text[:1].isupper():
            start -= 1
        return self._leader(self.doc[start:ent.end].text, ent.start)

    def _leader(self, name: str, key: int) -> Side | None:
        if key not in self._leaders:
            found = find_leader(name, self.year)
            self._leaders[key] = linking.country(found[1]) if found else None
        return self._leaders[key]

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
