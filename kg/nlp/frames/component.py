"""The ``kg_frames`` spaCy component: every encounter a sentence reports, as a Frame.

Each row of kg/data/frames.yaml runs as a DependencyMatcher of its own, on the sentences
that hold the words it names (kg.nlp.frames.gate); each match names a trigger (the word for
the encounter) and the row that found it. A frame holds the trigger's clause
and the tokens whose sides take part; which sides those are is decided later, by the
discourse layer, once every sentence of the article has been read. ``disabled`` switches
rows off (tests show each row is needed for its own example).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import groupby

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token

from kg.linking._tables import data_json
from kg.nlp.document import sentences
from kg.nlp.entities.mentions import CITY, ORG, PERSON, REGION, STATE, TITLE, Entities
from kg.nlp.frames.gate import SentenceGate
from kg.nlp.frames.rows import Row, frame_rows
from kg.nlp.frames.scope import SEQUENCE_PREPS, clause_scope
from kg.nlp.status import event_status

#: Mentions that can stand for a side in a party slot; a visit may name a place instead.
PARTY_KINDS = (STATE, ORG, PERSON, TITLE)
PLACE_KINDS = (CITY, REGION)


@dataclass(frozen=True)
class Frame:
    """One encounter a sentence reports, before its sides are resolved."""

    row: str
    kind: str
    trigger: int
    sentence: tuple[int, int]
    scope: frozenset[int]
    parties: frozenset[int]
    status: str
    visit: bool = False
    each: frozenset[int] = frozenset()
    refers: bool = False


@cache
def _group_nouns() -> frozenset[str]:
    return frozenset(data_json("events.json")["group_nouns"])


class FrameFinder:
    """Finds the frames of a Doc with the rows of kg/data/frames.yaml."""

    def __init__(self, nlp: Language, disabled: Iterable[str] = ()) -> None:
        off = set(disabled)
        self.rows = {row.id: row for row in frame_rows() if row.id not in off}
        self.matchers = []
        for row in self.rows.values():
            matcher = DependencyMatcher(nlp.vocab)
            matcher.add(row.id, [list(row.pattern)])
            self.matchers.append(matcher)
        self.gate = SentenceGate(nlp.vocab, self.rows.values())

    def __call__(self, doc: Doc) -> Doc:
        doc._.frames = self.find(doc)
        return doc

    def find(self, doc: Doc) -> list[Frame]:
        """The frames of the Doc in text order, one per trigger."""
        ents: Entities = doc._.kg
        order = {row_id: n for n, row_id in enumerate(self.rows)}
        best: dict[int, tuple[Row, list[int]]] = {}
        for match_id, token_ids in self.matches(doc):
            row = self.rows[doc.vocab.strings[match_id]]
            trigger = token_ids[0]
            known = best.get(trigger)
            better = known is None or (len(row.pattern), -order[row.id]) > (
                len(known[0].pattern), -order[known[0].id])
            if better and self._fits(doc, ents, row, token_ids):
                best[trigger] = (row, token_ids)
        triggers = set(best)
        by_sentence: dict[int, set[int]] = {}
        for t in triggers:
            by_sentence.setdefault(doc[t].sent.start, set()).add(t)
        frames = []
        for trigger in sorted(best):
            row, token_ids = best[trigger]
            token = doc[trigger]
            if _absorbed(token, triggers):
                continue
            others = by_sentence[token.sent.start] - {trigger}
            scope, parties = clause_scope(token, others)
            nodes = dict(zip((n["RIGHT_ID"] for n in row.pattern), token_ids, strict=True))
            refers = row.refers or _definite(doc[nodes.get("event", trigger)])
            each = frozenset()
            if row.each == "always" or (
                    row.each in nodes and doc[nodes[row.each]].tag_ in ("NNS", "NNPS")):
                each = frozenset(i for i in parties if _in_with_phrase(doc[i], token))
            frames.append(Frame(row.id, row.kind, trigger, (token.sent.start, token.sent.end),
                                frozenset(scope), frozenset(parties), event_status(token),
                                row.visit, each, refers))
        return frames

    def matches(self, doc: Doc) -> Iterator[tuple[int, list[int]]]:
        """Each row's matches, its matcher run only on the runs of sentences where the gate
        finds every word the row names (kg.nlp.frames.gate)."""
        index = sentences(doc)
        parts: dict[tuple[int, int], Doc] = {}
        for matcher, numbers in zip(self.matchers, self.gate.sentences(doc, index), strict=True):
            for first, last in _runs(numbers):
                start, end = index.starts[first], index.ends[last]
                if (start, end) not in parts:
                    parts[start, end] = _part(doc, start, end)
                for match_id, token_ids in matcher(parts[start, end]):
                    yield match_id, [start + i for i in token_ids]

    @staticmethod
    def _fits(doc: Doc, ents: Entities, row: Row, token_ids: list[int]) -> bool:
        trigger = doc[token_ids[0]]
        if row.unless and any(c.lower_ in row.unless and c.dep_ in ("prt", "prep")
                              and c.i == trigger.i + 1 for c in trigger.children):
            return False
        if row.party is None:
            return True
        nodes = [node["RIGHT_ID"] for node in row.pattern]
        node = doc[token_ids[nodes.index(row.party)]]
        if node.i == trigger.i:
            modifiers = [t for c in trigger.children if c.i < trigger.i for t in c.subtree]
            return len({m.key for t in modifiers if (m := ents.at(t.i, STATE, ORG))}) >= 2
        kinds = PARTY_KINDS + (PLACE_KINDS if row.visit else ())
        return any(ents.at(t.i, *kinds) or t.lower_ in _group_nouns() for t in _heads(node))


def _part(doc: Doc, start: int, end: int) -> Doc:
    """Tokens ``start:end`` (whole sentences: every head inside) as a Doc of their own, with
    what the rows read; ``Span.as_doc`` would copy the Doc's user data too."""
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]
    tokens = doc[start:end]
    part = Doc(doc.vocab, words=[t.text for t in tokens],
               spaces=[bool(t.whitespace_) for t in tokens])
    return part.from_array(attrs, tokens.to_array(attrs))


def _runs(numbers: list[int]) -> Iterator[tuple[int, int]]:
    """The first and last of each run of consecutive numbers: [1, 2, 3, 7] gives (1, 3), (7, 7)."""
    for _, run in groupby(enumerate(numbers), lambda pair: pair[1] - pair[0]):
        found = [n for _, n in run]
        yield found[0], found[-1]


def _definite(event: Token) -> bool:
    """"The summit", "the ceremony", "its meeting": an event named as already known."""
    return event.pos_ in ("NOUN", "PROPN") and event.lower_ in _event_nouns() and any(
        c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in event.children)


@cache
def _event_nouns() -> frozenset[str]:
    return frozenset(data_json("events.json")["event_nouns"])


def _heads(node: Token) -> list[Token]:
    """The head word of a phrase and of every phrase coordinated with it ("A, B and C")."""
    if node.dep_ in ("prep", "agent"):
        node = next((c for c in node.children if c.dep_ == "pobj"), node)
    heads = [node]
    for token in heads:
        heads.extend(c for c in token.children if c.dep_ in ("conj", "appos"))
    return heads


def _absorbed(token: Token, triggers: set[int]) -> bool:
    """A noun trigger that is the object of another trigger belongs to that one's frame
    ("held talks", "signed a declaration", "took part in a summit")."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    head = token.head
    if token.dep_ == "pobj":
        if head.lower_ in SEQUENCE_PREPS:
            return False
        head = head.head
    while head.i != head.head.i and head.i not in triggers and head.dep_ in ("prep", "dobj"):
        head = head.head
    return head.i in triggers and head.i != token.i


def _in_with_phrase(token: Token, trigger: Token) -> bool:
    """Whether ``token`` sits in a "with" phrase of the trigger or of its object."""
    while token.i != token.head.i:
        if token.dep_ == "prep" and token.lower_ == "with":
            return token.head.i == trigger.i or token.head.head.i == trigger.i
        token = token.head
    return False


@Language.factory("kg_frames", default_config={"disabled": []})
def make_frame_finder(nlp: Language, name: str, disabled: list[str]) -> FrameFinder:
    """Factory for :class:`FrameFinder`; registers ``doc._.frames``."""
    if not Doc.has_extension("frames"):
        Doc.set_extension("frames", default=None)
    return FrameFinder(nlp, disabled)
