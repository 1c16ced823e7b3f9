"""The decisions layer: which candidate the other layers propose becomes a fact.

The frames and discourse layers propose each encounter's candidate sides with the cues
that brought them in (:class:`kg.nlp.discourse.encounters.Cue`); a model trained on the
gold (``kg train``) weighs each, and a side it doubts is left out.
"""

from kg.nlp.decisions.model import Decisions, load_decisions

__all__ = ["Decisions", "load_decisions"]
