"""The NLP stage: a spaCy pipeline with kg's entity, frame and discourse layers;
Article -> Facts. Never imports rdflib; spaCy is imported when a pipeline is loaded.
"""

from kg.nlp.facts import extract_facts, extract_many
from kg.nlp.pipeline import load_pipeline

__all__ = ["extract_facts", "extract_many", "load_pipeline"]
