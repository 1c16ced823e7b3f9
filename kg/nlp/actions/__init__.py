"""Diplomatic actions coded with the PLOVER event ontology (and their CAMEO codes).

``code_actions(doc, article_date)`` reads a parsed spaCy Doc and returns
:class:`kg.types.Action` records; the ``plover_actions`` pipeline component (registered by
importing :mod:`kg.nlp.actions.component`) stores them on ``doc._.plover_actions``.
"""

from kg.nlp.actions.coder import code_actions
from kg.plover import Code, codes

__all__ = ["Code", "code_actions", "codes"]
