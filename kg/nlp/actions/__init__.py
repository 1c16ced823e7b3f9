"""Diplomatic actions coded with the PLOVER event ontology (and their CAMEO codes).

``code_actions(doc, article_date)`` reads a Doc that went through kg's pipeline (it reads
the sides the entity and discourse layers found) and returns :class:`kg.types.Action`
records; :func:`kg.nlp.facts.doc_to_facts` calls it, the one path.
"""

from kg.nlp.actions.coder import code_actions
from kg.plover import Code, codes

__all__ = ["Code", "code_actions", "codes"]
