"""Candidates in, decided encounters out: the model keeps the sides it believes took part."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kg.nlp.decisions.features import ArticleView, candidate_features
from kg.nlp.decisions.model import Decisions
from kg.nlp.discourse.encounters import Encounter
from kg.types import Participation, side_pairs


@dataclass(frozen=True)
class Candidates:
    """An encounter as proposed, with the features of each of its candidate sides (in the
    order of its cues)."""

    encounter: Encounter
    features: tuple[dict[str, object], ...]


def candidates(found: list[Encounter], view: ArticleView) -> list[Candidates]:
    """Each encounter with its candidates' features."""
    return [Candidates(e, tuple(candidate_features(e, c, view) for c in e.cues)) for e in found]


def decide(proposed: list[Candidates], decisions: Decisions | None) -> list[Encounter]:
    """The encounters with the sides the model keeps, each with its probability. An
    encounter left with no pair of sides that met (fewer than two sides, or hosts without
    their visitor) is dropped: an unresolved side never pairs the others. Encounters that
    did not take place (planned, hypothetical, negated) keep every side: the model was
    trained on what took place, and they make no ``dip:meets``. Without a model every
    candidate is kept, with no confidence."""
    if decisions is None:
        return [c.encounter for c in proposed]
    rows = [row for c in proposed for row in c.features]
    probabilities = iter(decisions.probabilities(rows))
    kept: list[Encounter] = []
    for item in proposed:
        scored = [(cue, round(next(probabilities), 3)) for cue in item.encounter.cues]
        if item.encounter.status != "occurred":
            kept.append(replace(item.encounter, confidence=tuple(p for _, p in scored)))
            continue
        chosen = [(cue, p) for cue, p in scored if p >= decisions.threshold]
        if side_pairs(tuple(Participation(cue.side, cue.role) for cue, _ in chosen)):
            kept.append(replace(item.encounter, cues=tuple(c for c, _ in chosen),
                                confidence=tuple(p for _, p in chosen)))
    return kept
