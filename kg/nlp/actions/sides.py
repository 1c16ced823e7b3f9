"""The side an actor or recipient phrase names: read off kg's entity layer.

The entity and discourse layers have already decided which side every mention stands for
(a state by name, demonym or capital, an organisation, a person or a title acting for a
side); the coder only looks the tokens of a phrase up there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kg.types import Organization, Side

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Dependents whose subtree describes something else than the phrase's referent.
_CLAUSAL = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "punct"})
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her", "our"})
#: Dependents of a demonym that say where its people live ("Bosnian", "in Serbia").
_RESIDENCE_DEPS = frozenset({"amod", "compound", "nmod", "prep", "poss"})
_PLACE_PREPS = frozenset({"in", "within", "inside", "across", "throughout", "of"})


def phrase_tokens(head: Token) -> list[Token]:
    """The tokens of the phrase headed by ``head``, clauses attached to it left out."""
    tokens = [head]
    for child in head.children:
        if child.dep_ not in _CLAUSAL:
            tokens.extend(phrase_tokens(child))
    return sorted(tokens, key=lambda t: t.i)


class SideFinder:
    """Maps tokens to the sides the entity and discourse layers gave them, within one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._mentions = {i: m for m in (doc._.sides or ()) for i in range(m.start, m.end)}
        self._settings = {i: m.city.country for m in doc._.kg.places() if m.city is not None
                          and m.city.country is not None for i in range(m.start, m.end)}
        self._states = {m.side for m in doc._.sides or () if m.form != "person"} | set(
            self._settings.values())

    def token_side(self, token: Token) -> Side | None:
        """The side the mention covering ``token`` stands for, if any."""
        mention = self._mentions.get(token.i)
        return mention.side if mention is not None else None

    def sides(self, tokens: Iterable[Token]) -> Iterator[Side]:
        """Sides named by ``tokens`` in order, each entity counted once."""
        seen: set[int] = set()
        for token in tokens:
            mention = self._mentions.get(token.i)
            if mention is None or mention.start in seen:
                continue
            seen.add(mention.start)
            yield mention.side

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
        named = {self.token_side(t) or self._settings.get(t.i): t for t in sent if t.i not in own}
        named.pop(None, None)
        return actor if set(named) == {actor} else None

    def _is_people(self, token: Token) -> bool:
        """A plural demonym naming a people ("Serbs", "Albanians")."""
        mention = self._mentions.get(token.i)
        return mention is not None and mention.form == "demonym" and token.tag_ in (
            "NNS", "NNPS")

    def home_state(self, sent: Span, exclude: Side | None = None) -> Side | None:
        """The one state a sentence names, where it names it as a place or a modifier.

        CAMEO codes a domestic group by its country ("Yoruba leaders ... the Nigerian
        president" -> Nigeria); a sentence naming one state only, as the setting ("in
        Baku", "Algeria's elections", "the Turkish government"), gives it.
        """
        states: set[Side] = set()
        home = False
        for token in sent:
            side = self.token_side(token) or self._settings.get(token.i)
            if side is None or side == exclude or isinstance(side, Organization):
                continue
            states.add(side)
            home |= token.dep_ in ("amod", "compound", "poss") or (
                token.dep_ == "pobj" and token.head.lower_ in _PLACE_PREPS)
        return states.pop() if home and len(states) == 1 else None

    def sole_state(self, exclude: Side | None) -> Side | None:
        """The one state the article names (other than ``exclude``), if it names just one.

        An office holder whose state the article does not spell out ("President X agreed")
        acts for it: in a text about one state, its officials are that state's.
        """
        states = {s for s in self._states if s != exclude and not isinstance(s, Organization)}
        return states.pop() if len(states) == 1 else None

    def is_person(self, token: Token) -> bool:
        """Whether the token is part of a person's name."""
        return self.doc._.kg.at(token.i, "PERSON") is not None

    @staticmethod
    def is_pronoun(token: Token) -> bool:
        """A pronoun stands for an actor named elsewhere in the sentence."""
        return token.lower_ in _PRONOUNS
