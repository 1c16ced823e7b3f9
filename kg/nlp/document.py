"""An article as one spaCy Doc: its title (part of the article), a blank line, its text.

The title is read like any sentence ("Putin met Modi in New Delhi" as a headline is a
meeting); every paragraph break ends a sentence. Components read the publication date from
``doc._.published``; :func:`evidence` maps a sentence back to the article: offsets into
``article.text``, or into ``article.title`` for a sentence of the title.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kg.linking.publishers import publisher_side
from kg.types import Article, Evidence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

#: Between the title and the text in the Doc.
SEPARATOR = "\n\n"
#: What a sentence can end with. The parser is told that no sentence starts after any
#: other token: after a headline without a full stop it would otherwise break the first
#: sentence after its first word ("Kyriakos | Mitsotakis met ...").
SENTENCE_END = frozenset(".!?…:;\"'”’)]")


def register_extensions() -> None:
    """The Doc attributes kg's components read: publication date, where the text starts,
    and the state whose government published it (``voice``, an ISO3 code or None)."""
    from spacy.tokens import Doc

    for name, default in (("published", None), ("body_start", 0), ("voice", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def article_doc(nlp: Language, article: Article) -> Doc:
    """The article tokenised, with sentence breaks at the title and every paragraph break,
    and none after a word that cannot end a sentence."""
    register_extensions()
    prefix = f"{article.title}{SEPARATOR}" if article.title else ""
    doc = nlp.make_doc(prefix + article.text)
    doc._.published = article.date
    doc._.body_start = len(prefix)
    doc._.voice = publisher_side(article.source)
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if token.idx == len(prefix) or (previous.is_space and "\n\n" in previous.text):
            token.is_sent_start = True
        elif not previous.is_space and previous.text[-1] not in SENTENCE_END:
            token.is_sent_start = False
    return doc


def published(doc: Doc) -> dt.date | None:
    """The article's publication date, if the Doc was made by :func:`article_doc`."""
    return doc._.get("published") if doc.has_extension("published") else None


def evidence(sent: Span) -> Evidence:
    """The sentence as evidence, its offsets in the article's text (or title)."""
    doc = sent.doc
    words = [t for t in sent if not t.is_space]
    if not words:
        words = list(sent)
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    body = doc._.get("body_start") if doc.has_extension("body_start") else 0
    if start < body:
        return Evidence(text=doc.text[start:end], start=start, end=end, in_title=True)
    return Evidence(text=doc.text[start:end], start=start - body, end=end - body)
