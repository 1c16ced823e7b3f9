"""Article -> Doc -> Facts: the pipeline's layers read off into frozen dataclasses."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kg.nlp.actions import code_actions
from kg.nlp.document import article_doc, evidence
from kg.nlp.entities.mentions import PersonInfo
from kg.types import Article, Country, Facts, Organization, Person

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


def extract_facts(article: Article, nlp: Language | None = None) -> Facts:
    """Everything the article says about states, officials and their encounters."""
    return next(extract_many([article], nlp))


def extract_many(articles: Iterable[Article], nlp: Language | None = None,
                 batch_size: int = 16) -> Iterator[Facts]:
    """Facts for many articles through ``nlp.pipe``, in order."""
    from kg.nlp.pipeline import load_pipeline

    pipeline = nlp or load_pipeline()
    pairs = ((article_doc(pipeline, article), article) for article in articles)
    for doc, article in pipeline.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield doc_to_facts(doc, article)


def doc_to_facts(doc: Doc, article: Article) -> Facts:
    """The facts of a Doc that went through kg's pipeline."""
    ents = doc._.kg
    officials = [p for p in ents.people.values() if p.role and not p.past]
    sides = [m.side for m in ents.sides() if m.side is not None and m.form != "group"]
    sides += [p.side for p in officials if p.side]
    sides += [s for e in doc._.events for s in e.participants]
    unique = list(dict.fromkeys(sides))
    return Facts(
        article=article,
        countries=tuple(s for s in unique if isinstance(s, Country)),
        organizations=tuple(s for s in unique if isinstance(s, Organization)),
        people=tuple(_person(p) for p in officials),
        cities=tuple(dict.fromkeys(m.city for m in ents.places() if m.city is not None)),
        events=tuple(doc._.events),
        actions=code_actions(doc, article.date),
    )


def _person(info: PersonInfo) -> Person:
    sent = info.role_sentence
    return Person(name=info.name, role=info.role, side=info.side,
                  evidence=evidence(sent) if sent is not None else None,
                  confidence=info.confidence if info.side is not None else None)
