"""Find the words that name a PLOVER action and the CAMEO code they carry.

A reading is one trigger: a verb from the lexicon ("condemned"), a verb whose object
decides ("lifted sanctions", "sent troops"), a light verb and its noun ("imposed a
curfew"), or a verb of intent or demand and the action it governs ("threatened to cut
aid", "refused to meet"), whose code the governed action refines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.nlp.actions.lexicon import Lexicon, category, lexicon
from kg.nlp.status import PLANNED_MODIFIERS

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Prepositions that attach a nominal action to a verb ("arrived on a visit", "came for talks").
_NOUN_PREPS = frozenset({"on", "for"})
#: Categories of verbs that govern the action they refer to.
_GOVERNING = frozenset({"AGREE", "THREATEN", "REJECT", "DEMAND"})
_DEFAULT = {"AGREE": "030", "THREATEN": "130", "REJECT": "120", "DEMAND": "100"}
_OBLIGATION_AUX = frozenset({"must", "should"})
#: Adjectives that make a nominal action planned rather than done.


@dataclass(frozen=True)
class Reading:
    """One trigger: the code, the verb (or clause-heading noun), the noun that named it."""

    cameo: str
    trigger: Token
    noun: Token | None = None
    complement: Token | None = None
    nominal: bool = False

    @property
    def category(self) -> str:
        """The PLOVER category of the code."""
        return category(self.cameo)


def verb_keys(token: Token) -> list[str]:
    """Lexicon keys for a verb: with its particle or preposition first, then the lemma."""
    lemma = token.lemma_.lower()
    keys = [f"{lemma} {child.lower_}" for child in token.children
            if child.dep_ in ("prt", "prep") and child.i > token.i]
    return [*keys, lemma]


def direct_object(token: Token) -> Token | None:
    """The object of a verb: its direct object, else its passive subject."""
    for dep in ("dobj", "nsubjpass", "attr", "oprd"):
        found = next((c for c in token.children if c.dep_ == dep), None)
        if found is not None:
            return found
    return None


def object_nouns(obj: Token) -> list[str]:
    """Lemmas that may name what an object is: its head, its compounds, its "of" noun.

    "25,000 tons of food aid" is aid, "a mediation mission" is mediation.
    """
    lemmas = [obj.lemma_.lower()]
    for child in obj.children:
        if child.dep_ == "compound":
            lemmas.append(child.lemma_.lower())
        elif child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    lemmas += [pobj.lemma_.lower()] + [c.lemma_.lower() for c in pobj.children
                                                       if c.dep_ == "compound"]
    return lemmas


def noun_code(noun: Token, lex: Lexicon) -> str | None:
    """The code of a nominal trigger ("hunger strike", "sanctions")."""
    lemma = noun.lemma_.lower()
    for child in noun.children:
        if child.dep_ in ("compound", "amod") and child.i == noun.i - 1:
            code = lex.nouns.get(f"{child.lower_} {lemma}")
            if code:
                return code
    return next((lex.nouns[n] for n in object_nouns(noun) if n in lex.nouns), None)


def complement(token: Token) -> Token | None:
    """The clause a verb governs: its xcomp, else its ccomp."""
    for dep in ("xcomp", "ccomp"):
        found = next((c for c in token.children if c.dep_ == dep and c.pos_ in ("VERB", "AUX")),
                     None)
        if found is not None:
            return found
    return None


def read_verb(token: Token) -> Reading | None:
    """The reading of a verb, or None if it names no action the lexicon knows."""
    lex = lexicon()
    obj = direct_object(token)
    for key in verb_keys(token):
        governed = _governing(token, key, lex)
        if governed is not None:
            return governed
        if obj is not None:
            code = _object_code(key, obj, lex)
            if code:
                return Reading(code, token, obj)
        if obj is not None and key in lex.light_verbs:
            code = noun_code(obj, lex)
            if code:
                return Reading(code, token, obj, nominal=True)
        if key in lex.verbs:
            return Reading(lex.verbs[key], token, obj)
    return None


def read_noun(token: Token) -> Reading | None:
    """A noun heading a clause, stated, or attached to a verb of motion.

    "Sanctions on Iran" (a headline), "announced a boycott", "arrived on a visit".
    """
    lex = lexicon()
    head = token.head
    verb = None
    if token.dep_ == "dobj" and head.lemma_.lower() in lex.reporting_verbs:
        verb = head
    elif token.dep_ == "pobj" and head.lower_ in _NOUN_PREPS and head.head.pos_ == "VERB":
        verb = head.head
    if verb is not None and read_verb(verb) is not None:
        return None
    if verb is None and token.dep_ != "ROOT":
        return None
    code = noun_code(token, lex)
    return Reading(code, verb if verb is not None else token, token, nominal=True) if code else None


def read_obligation(token: Token) -> Reading | None:
    """A reported obligation the lexicon has no verb for: "X said Y must drop barriers".

    The speaker demands it of Y (CAMEO 100); the reading's trigger is the obliged verb, so
    the clause around it reads as reported and obliged.
    """
    lex = lexicon()
    if token.lemma_.lower() not in lex.reporting_verbs:
        return None
    comp = next((c for c in token.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")),
                None)
    if comp is None or read_verb(comp) is not None:
        return None
    obliged = any(c.dep_ == "aux" and c.lower_ in _OBLIGATION_AUX for c in comp.children)
    return Reading(_DEFAULT["DEMAND"], comp) if obliged else None


def planned_noun(noun: Token | None) -> bool:
    """A nominal action qualified as planned ("a planned visit")."""
    return noun is not None and any(c.lower_ in PLANNED_MODIFIERS for c in noun.children
                                    if c.dep_ == "amod")


def _governing(token: Token, key: str, lex: Lexicon) -> Reading | None:
    """Intent, threat, refusal or demand over a governed action, refined by that action."""
    own = lex.verbs.get(key)
    is_intent = key in lex.intent_verbs
    if not is_intent and (own is None or category(own) not in _GOVERNING):
        return None
    comp = complement(token)
    inner = read_verb(comp) if comp is not None else None
    if comp is None:
        return None
    if inner is None:
        return Reading(own or _DEFAULT["AGREE"], token, None, comp)
    base = category(own) if own and not is_intent else "AGREE"
    if is_intent and key != "agree" and inner.category in lex.hostile:
        base = "THREATEN"
    code = lex.intent_codes.get(base, {}).get(inner.category)
    if code is None:
        code = own if own and category(own) == base else _DEFAULT[base]
    return Reading(code, token, inner.noun, comp)


def _object_code(key: str, obj: Token, lex: Lexicon) -> str | None:
    """The object table's code for the first of the object's nouns it knows, else its "*"."""
    table = lex.objects.get(key, {})
    for noun in object_nouns(obj):
        name = lex.classes.get(noun, noun)
        if name in table:
            return table[name]
    return table.get("*")
