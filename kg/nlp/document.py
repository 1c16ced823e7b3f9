"""An article as one spaCy Doc: its title (part of the article), a blank line, its text.

The title is read like any sentence ("Putin met Modi in New Delhi" as a headline is a
meeting); every paragraph break ends a sentence. Components read the publication date from
``doc._.published``; :func:`evidence` maps a sentence back to the article: offsets into
``article.text``, or into ``article.title`` for a sentence of the title.
"""

from __future__ import annotations

import datetime as dt
import weakref
from bisect import bisect_right
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
    import numpy
    from spacy.attrs import SENT_START

    register_extensions()
    prefix = f"{article.title}{SEPARATOR}" if article.title else ""
    doc = nlp.make_doc(prefix + article.text)
    doc._.published = article.date
    doc._.body_start = len(prefix)
    doc._.voice = publisher_side(article.source)
    # Set in one pass: ``token.is_sent_start = ...`` checks every token of the Doc for a
    # parse each time it is set.
    starts = numpy.zeros(len(doc), dtype="int64")
    starts[:1] = 1
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if token.idx == len(prefix) or (previous.is_space and "\n\n" in previous.text):
            starts[token.i] = 1
        elif not previous.is_space and previous.text[-1] not in SENTENCE_END:
            starts[token.i] = -1
    if len(doc):
        doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
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
    # The text of the words' span is doc.text[start:end], without joining the whole Doc.
    text = doc[words[0].i: words[-1].i + 1].text
    body = doc._.get("body_start") if doc.has_extension("body_start") else 0
    if start < body:
        return Evidence(text=text, start=start, end=end, in_title=True)
    return Evidence(text=text, start=start - body, end=end - body)


class Sentences:
    """A parsed Doc's sentence boundaries, read once: a token's sentence by bisection.

    spaCy finds ``token.sent`` by walking the Doc's tokens and ``doc.sents`` by walking
    all of them; reading either once per event, match or mention makes the cost of an
    article grow with the square of its length. :func:`index_sentences` installs this
    index as the Doc's ``sent`` hooks, so ``token.sent`` and ``span.sent`` use it too.
    """

    def __init__(self, doc: Doc) -> None:
        self.starts = [sent.start for sent in doc.sents]
        self.ends = [*self.starts[1:], len(doc)]

    def number(self, i: int) -> int:
        """The position in the Doc's sentences of the sentence holding token ``i``."""
        return max(0, bisect_right(self.starts, i) - 1)

    def span(self, doc: Doc, n: int) -> Span:
        """The Doc's ``n``-th sentence."""
        return doc[self.starts[n]: self.ends[n]]

    def of(self, doc: Doc, i: int) -> Span:
        """The sentence holding token ``i``."""
        return self.span(doc, self.number(i))

    def all(self, doc: Doc) -> list[Span]:
        """Every sentence, in text order."""
        return [self.span(doc, n) for n in range(len(self.starts))]

    def before(self, sent: Span) -> list[Span]:
        """The sentences that end where ``sent`` starts or earlier, in text order."""
        return [self.span(sent.doc, n) for n in range(bisect_right(self.ends, sent.start))]


_SENTENCES: weakref.WeakKeyDictionary[Doc, Sentences] = weakref.WeakKeyDictionary()


def index_sentences(doc: Doc) -> Sentences:
    """Index the sentences of a parsed Doc once (they must not change afterwards), and
    make ``token.sent`` and ``span.sent`` look them up in the index."""
    index = Sentences(doc)
    _SENTENCES[doc] = index
    doc.user_token_hooks["sent"] = lambda token: index.of(token.doc, token.i)
    doc.user_span_hooks["sent"] = lambda span: index.of(
        span.doc, min(span.start, len(span.doc) - 1))
    return index


def sentences(doc: Doc) -> Sentences:
    """The Doc's sentence index, made by :func:`index_sentences` now if not before."""
    index = _SENTENCES.get(doc)
    return index if index is not None else index_sentences(doc)


def ents_within(sent: Span, label: str) -> list[Span]:
    """The Doc's entities of one label that lie wholly in ``sent``, as ``sent.ents`` gives
    them but read from the sentence's own tokens (``sent.ents`` reads every entity of the
    Doc)."""
    from spacy.tokens import Span

    doc, found = sent.doc, []
    i = sent.start
    while i < sent.end:
        if doc[i].ent_iob_ != "B":
            i += 1
            continue
        end = i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if end <= sent.end and doc[i].ent_type_ == label:
            found.append(Span(doc, i, end, label=label))
        i = end
    return found
