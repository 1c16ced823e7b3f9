"""How a sentence reports an encounter: occurred, planned, hypothetical or negated.

The cue words are data (kg/data/events.json); lemmas of the small model are unreliable
("hopes" -> "hop"), so a cue matches the lemma or a plain inflection of the word.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from spacy.tokens import Token

from kg.linking._tables import data_json

CLAUSE_EDGES = frozenset({"relcl", "advcl", "ccomp", "parataxis", "acl"})
PLANNED_MODIFIERS = frozenset({"next", "upcoming", "future", "possible", "potential", "proposed",
                               "planned", "scheduled", "forthcoming", "expected", "prospective"})


@cache
def vocabulary() -> dict[str, Any]:
    """The trigger and cue words (kg/data/events.json)."""
    return data_json("events.json")


def forms(token: Token) -> set[str]:
    """The lemma and plain de-inflections of a token ("hopes" -> "hope", "denied" -> "deny")."""
    lower = token.lower_
    found = {token.lemma_.lower(), lower}
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("es", "e"), ("s", ""),
                         ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("d", "")):
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            found.add(lower[: -len(suffix)] + repl)
    return found


def event_status(trigger: Token) -> str:
    """How the text reports what ``trigger`` names (an encounter, or a PLOVER action):
    occurred, planned, hypothetical or negated. The one status function of kg.

    Walk from the trigger up its heads, reading modals, negations and governing verbs.
    A clause under a verb of denial or cancellation ("denied that they had met", "failed
    to ratify") is negated; under a verb of planning ("agreed that they would meet")
    planned; one that is obliged ("must return", "have to leave") hypothetical.
    """
    vocab = vocabulary()
    planned, hypo = set(vocab["planned_cues"]), set(vocab["hypothetical_cues"])
    negated = set(vocab["negated_cues"])
    if any(c.lower_ in PLANNED_MODIFIERS for c in trigger.children):
        return "planned"
    if any(c.lower_ == "no" and c.dep_ == "det" for c in trigger.children):
        return "negated"
    if trigger.dep_ == "xcomp" and trigger.head.lemma_ in ("have", "need"):
        return "hypothetical"
    node, first = trigger, True
    while True:
        aux = set().union(*(forms(c) for c in node.children if c.dep_ in (
            "aux", "auxpass", "neg", "mark", "advmod")))
        if aux & (hypo - {"would", "when"}):
            return "hypothetical"
        if first and aux & negated:
            return "negated"
        lemmas = forms(node)
        if lemmas & planned and not (first and node.i == trigger.i):
            return "planned"
        if aux & {"will", "would"}:
            return "planned"
        if lemmas & (negated - {"not", "no"}) and node.i != trigger.i:
            return "negated"
        if node.dep_ == "ccomp" and node.head.i != node.i:
            head = forms(node.head)
            if head & (negated - {"not", "no", "without"}):
                return "negated"
            if head & planned:
                return "planned"
        if node.dep_ in CLAUSE_EDGES or node.head.i == node.i or (
                node.dep_ == "pobj" and node.head.lower_ in vocab["temporal_preps"]):
            return "occurred"
        node, first = node.head, node.pos_ not in ("VERB", "AUX")
