"""The spaCy pipeline: the statistical model plus the gazetteer, titles and coreference."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from kg import config

if TYPE_CHECKING:
    from spacy.language import Language

TITLES_KEY = "kg_titles"


@cache
def load_pipeline(model: str | None = None) -> Language:
    """The model named (default ``kg.config.spacy_model()``) with kg's components, built once."""
    import spacy

    from kg.linking.places import prepare
    from kg.nlp import components  # noqa: F401  (registers the factories)
    from kg.nlp.gazetteer import entity_patterns, title_patterns

    nlp = spacy.load(model or config.spacy_model())
    ruler = nlp.add_pipe("entity_ruler", name="kg_gazetteer", before="ner",
                         config={"overwrite_ents": True, "validate": False})
    ruler.add_patterns(entity_patterns())
    titles = nlp.add_pipe("span_ruler", name="kg_titles",
                          config={"spans_key": TITLES_KEY, "spans_filter": {
                              "@misc": "spacy.first_longest_spans_filter.v1"}})
    titles.add_patterns(title_patterns(nlp.make_doc))
    nlp.add_pipe("kg_coref", last=True)
    prepare()
    return nlp
