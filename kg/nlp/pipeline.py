"""The spaCy pipeline: the statistical model, then kg's three layers.

``kg_titles`` (a SpanRuler of office titles) feeds ``kg_entities`` (the entity layer);
``kg_frames`` finds encounters sentence by sentence; ``kg_discourse`` reads across
sentences and leaves the article's events on the Doc.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from kg import config

if TYPE_CHECKING:
    from spacy.language import Language

TITLES_KEY = "kg_titles"
#: The kg components, in order, after the statistical model's own.
COMPONENTS = ("kg_titles", "kg_entities", "kg_frames", "kg_discourse")


def title_patterns() -> list[dict[str, Any]]:
    """SpanRuler patterns for office titles, labelled with the role: the fixed titles as
    phrases (matched in lower case by a PhraseMatcher, which costs little however many
    there are), the rows of titles.yaml as token patterns."""
    from kg.linking.roles import role_titles
    from kg.nlp.entities.titles import COUNTERPART

    patterns: list[dict[str, Any]] = [
        {"label": "TITLE", "pattern": title, "id": role}
        for title, role in role_titles().items()
    ]
    for word in ("counterpart", "counterparts"):
        patterns.append({"label": "TITLE", "pattern": word, "id": COUNTERPART})
    for row in title_rows():
        patterns.append({"label": "TITLE", "pattern": row["pattern"], "id": row["role"]})
    return patterns


def title_rows() -> list[dict[str, Any]]:
    """The rows of kg/data/titles.yaml: title patterns whose words vary."""
    import yaml

    from kg.linking._tables import data_text

    return yaml.safe_load(data_text("titles.yaml"))


@cache
def load_pipeline(model: str | None = None) -> Language:
    """The model named (default ``kg.config.spacy_model()``) with kg's components, built once."""
    import spacy

    from kg.linking.places import prepare
    from kg.nlp.discourse import component as discourse  # noqa: F401  (registers factories)
    from kg.nlp.entities import component as entities  # noqa: F401
    from kg.nlp.frames import component as frames  # noqa: F401

    nlp = spacy.load(model or config.spacy_model())
    titles = nlp.add_pipe("span_ruler", name="kg_titles", config={
        "spans_key": TITLES_KEY,
        "phrase_matcher_attr": "LOWER",
        "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"}})
    titles.add_patterns(title_patterns())
    for name in COMPONENTS[1:]:
        nlp.add_pipe(name)
    prepare()
    return nlp
