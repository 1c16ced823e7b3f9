"""The ``kg_entities`` spaCy component: every mention of a state, organisation, city,
region, person and title, typed, identified and scored, or left out.

Results live on the Doc: ``doc.spans["kg"]`` (label = kind, ``kb_id_`` = identifier,
``span._.kg`` = the :class:`~kg.nlp.entities.mentions.Mention`) and ``doc._.kg`` (the
:class:`~kg.nlp.entities.mentions.Entities`, with the people of the article).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.nlp.document import index_sentences, published, register_extensions
from kg.nlp.entities.gazetteer import build_date_matcher, build_matcher, merge
from kg.nlp.entities.linker import Linker
from kg.nlp.entities.mentions import MIN_CONFIDENCE, ORG, PERSON, STATE, Entities, Mention
from kg.nlp.entities.names import person_names
from kg.nlp.entities.people import resolve_people
from kg.nlp.entities.titles import read_titles

SPANS_KEY = "kg"
TITLES_KEY = "kg_titles"


def _mention_of(span: Span) -> Mention | None:
    found = span.doc._.kg
    if found is None:
        return None
    return next((m for m in found.mentions if (m.start, m.end, m.kind) == (
        span.start, span.end, span.label_)), None)


def register() -> None:
    """Doc and Span attributes the layer writes (idempotent)."""
    register_extensions()
    if not Doc.has_extension("kg"):
        Doc.set_extension("kg", default=None)
    if not Span.has_extension("kg"):
        Span.set_extension("kg", getter=_mention_of)


class EntityLayer:
    """Merges the gazetteer with the NER, fixes person names, links and scores mentions."""

    def __init__(self, nlp: Language, titles_key: str, spans_key: str,
                 min_confidence: float) -> None:
        self.matcher = build_matcher(nlp)
        self.days = build_date_matcher(nlp)
        self.titles_key = titles_key
        self.spans_key = spans_key
        self.min_confidence = min_confidence

    def __call__(self, doc: Doc) -> Doc:
        index_sentences(doc)
        titles = list(doc.spans.get(self.titles_key, ()))
        ents, choices = merge(doc, self.matcher, self.days)
        doc.ents = person_names(doc, ents, titles)
        linked = Linker(doc, choices).link(list(doc.ents))
        sides = [m for m in linked if m.kind in (STATE, ORG)]
        title_mentions = read_titles(doc, titles, sides)
        persons = [e for e in doc.ents if e.label_ == "PERSON"]
        people = resolve_people(doc, persons, title_mentions, sides, published(doc))
        for info in people.values():
            if info.confidence < self.min_confidence:
                info.side = None
        named = [Mention(m.start, m.end, PERSON, key, 1.0, "person")
                 for key, info in people.items() for m in info.mentions]
        mentions = sorted((m for m in [*linked, *title_mentions, *named]
                           if m.confidence >= self.min_confidence), key=lambda m: m.start)
        dates = [e for e in doc.ents if e.label_ == "DATE"]
        doc._.kg = Entities(mentions, people, persons, dates)
        doc.spans[self.spans_key] = [Span(doc, m.start, m.end, label=m.kind, kb_id=m.key)
                                     for m in mentions]
        return doc


@Language.factory("kg_entities", default_config={
    "titles_key": TITLES_KEY, "spans_key": SPANS_KEY, "min_confidence": MIN_CONFIDENCE})
def make_entity_layer(nlp: Language, name: str, titles_key: str, spans_key: str,
                      min_confidence: float) -> EntityLayer:
    """Factory for :class:`EntityLayer`; registers the attributes it writes."""
    register()
    return EntityLayer(nlp, titles_key, spans_key, min_confidence)
