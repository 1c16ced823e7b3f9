"""Candidate sides of an encounter and the cues that brought each in: how a mention hangs
on the trigger, the role it gives the side, and the patterns of English that make a side
no party at all (an unresolved subject) or a mediator."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.nlp.discourse.sides import SideMention, groups_in
from kg.nlp.frames.component import Frame
from kg.types import Role, Side


@dataclass(frozen=True)
class Cue:
    """How a candidate side came into an encounter, for the decisions layer to weigh.

    ``how``: named in the frame's ``clause``, a ``group`` ("the two leaders"), a
    ``pronoun``, the state of the place ``visited``, the ``sentence`` or its ``subject``
    where the clause names none, or a later sentence about the same ``summit``. ``form``:
    the mention's (name, demonym, capital, person, title, org...). ``relation``: the
    mention's link to the trigger (subject, object, with, between, by, prep, modifier,
    other). ``forum``: a member standing for a forum named ("G7 leaders"). ``listed``:
    sides in the coordination the mention is part of."""

    side: Side
    how: str
    form: str = ""
    relation: str = "other"
    forum: bool = False
    listed: int = 1
    role: Role = "attendee"


def mention_cue(mention: SideMention, how: str, frame: Frame, trigger: Token,
                listed: dict[int, int]) -> Cue:
    """The cue of a side named in the sentence: its relation to the trigger and its role."""
    token = trigger.doc[mention.end - 1]
    how_hung = relation_to(token, trigger)
    role = "mediator" if mediates(token, trigger) else role_of(frame, how_hung)
    return Cue(mention.side, how, mention.form, how_hung, listed=listed.get(mention.start, 1),
               role=role)


def verb(trigger: Token) -> Token:
    """The trigger, or the verb a noun trigger is the subject or object of."""
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "nsubj", "nsubjpass"):
        return trigger.head
    return trigger


#: Kinds whose object meets the subject (a summit's objects are events, or its attendees).
PAIRWISE = frozenset({"Meeting", "Call", "Visit"})


def unresolved_subject(trigger: Token, cues: list[Cue], mentions: list[SideMention]) -> bool:
    """"A delegation met the ministers of A and B": the clause has a subject that stands for
    no side, so the encounter is between that unknown party and each of A and B, not
    between A and B. Such an encounter is left incomplete: it never pairs the rest. Read
    after the groups, pronouns and the sentence's subject have had their say."""
    if not cues or any(c.how not in ("clause", "sentence")
                       or c.relation in ("subject", "between", "trigger", "modifier")
                       for c in cues):
        return False
    subjects = [c for c in verb(trigger).children if c.dep_ == "nsubj"]
    tokens = {t.i for s in subjects for t in s.subtree}
    return bool(tokens) and not any(m.start in tokens for m in mentions)


def mediates(token: Token, trigger: Token) -> bool:
    """Whether the mention is the subject or agent of a verb of mediation on the way to the
    trigger ("Qatar mediated talks", "talks brokered by Norway")."""
    for _ in range(8):
        head = token.head
        if head.i == token.i:
            return False
        if head.lemma_ in MEDIATING and token.dep_ in ("nsubj", "agent"):
            return True
        if head.lemma_ in MEDIATING and token.dep_ == "pobj" and head.dep_ == "agent":
            return True
        if token.i == trigger.i:
            return False
        token = head
    return False


def relation_to(token: Token, trigger: Token) -> str:
    """How a mention's phrase hangs on the trigger (or on the light verb of a noun trigger):
    subject, object, with, between, by, of, prep, modifier; ``other`` when it does not."""
    anchors = {trigger.i, trigger.head.i if trigger.pos_ in ("NOUN", "PROPN") else trigger.i}
    below = None
    preps: list[str] = []
    for _ in range(12):
        if token.i in anchors:
            break
        below, token = token, token.head
        if below.i == token.i:
            return "other"
        if below.dep_ == "prep":
            preps.append(below.lower_)
    else:
        return "other"
    if below is None:
        return "trigger"
    dep = below.dep_
    if dep == "dobj" and preps and preps[-1] in ("with", "between", "among"):
        return "with" if preps[-1] == "with" else "between"
    if dep in ("nsubj", "nsubjpass", "poss"):
        return "subject"
    if dep in ("dobj", "attr", "dative", "oprd"):
        return "object"
    if dep == "agent":
        return "by"
    if dep == "prep":
        word = below.lower_
        return {"with": "with", "between": "between", "among": "between", "by": "by",
                "of": "of"}.get(word, "prep")
    if dep in ("amod", "compound", "nmod", "npadvmod"):
        return "modifier"
    return "other"


#: Rows whose subject receives the other side ("received", "hosted").
HOSTING_ROWS = frozenset({"receive-guest", "host"})
#: Verbs whose agent mediates between the other sides ("talks brokered by Qatar").
MEDIATING = frozenset({"mediate", "broker", "facilitate"})


def role_of(frame: Frame, relation: str) -> Role:
    """A side's role from the frame's kind and row and the side's relation to the trigger
    (sides "between" whom talks were held or hosted meet each other)."""
    if relation == "between":
        return "attendee"
    actor = relation in ("subject", "by") or (relation == "of" and frame.kind == "Visit")
    if frame.row in HOSTING_ROWS:
        return "host" if actor else "visitor"
    if frame.kind == "Visit":
        return "visitor" if actor else "host"
    if frame.kind == "Call":
        return "caller" if actor else "called"
    if frame.kind == "Agreement":
        return "signatory"
    return "attendee"


def coordination_sizes(sent: Span, mentions: list[SideMention]) -> dict[int, int]:
    """For each mention of the sentence, the number of sides in the list it belongs to
    ("China, Japan and South Korea": 3 each)."""
    sizes: dict[int, int] = {}
    for end, sides in groups_in(sent, mentions):
        for m in mentions:
            if m.end <= end and m.side in sides:
                sizes[m.start] = max(sizes.get(m.start, 1), len(sides))
    return sizes


def one_per_side(cues: list[Cue]) -> list[Cue]:
    """The first cue of each side (the clause's before the fallbacks')."""
    seen: dict[Side, Cue] = {}
    for cue in cues:
        seen.setdefault(cue.side, cue)
    return list(seen.values())
