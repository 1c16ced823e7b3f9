"""The NLP stage: a spaCy pipeline with kg's gazetteer and components; Article -> Facts.

Never imports rdflib; spaCy is imported when a pipeline is loaded.
"""

from kg.nlp.extract import extract_facts, extract_many
from kg.nlp.pipeline import load_pipeline

__all__ = ["extract_facts", "extract_many", "load_pipeline"]
