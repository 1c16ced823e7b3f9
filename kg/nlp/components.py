"""Custom pipeline components (registered as spaCy factories on import)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.nlp.gazetteer import CITY, COUNTRY, ORG

HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "h.e.", "sir",
                        "madam"})
_LINKED = (COUNTRY, CITY, ORG)


class PersonCoreference:
    """Fix person entities: trim titles and honorifics, and label surnames ("Wang") as PERSON.

    The statistical NER labels a lone surname as an organisation or misses it; within one
    article a token of a full name already found is the same person.
    """

    def __init__(self, titles_key: str) -> None:
        self.titles_key = titles_key

    def __call__(self, doc: Doc) -> Doc:
        title_tokens = {i for span in doc.spans.get(self.titles_key, ()) for i in
                        range(span.start, span.end)}
        ents = [self._trim(ent, title_tokens) for ent in doc.ents]
        ents = [ent for ent in ents if ent is not None]
        ents = self._titled_names(doc, ents, title_tokens)
        name_tokens = {t.text for ent in ents if ent.label_ == "PERSON" and len(ent) > 1
                       for t in ent if t.is_alpha and t.is_title}
        if not name_tokens:
            doc.ents = ents
            return doc
        taken = {i: ent for ent in ents for i in range(ent.start, ent.end)}
        relabel, fresh = set(), []
        for token in doc:
            if token.text not in name_tokens or token.i in title_tokens:
                continue
            ent = taken.get(token.i)
            if ent is None:
                fresh.append(Span(doc, token.i, token.i + 1, label="PERSON"))
            elif len(ent) == 1 and ent.label_ != "PERSON" and not ent.ent_id_.startswith(_LINKED):
                relabel.add(ent.start)
        ents = [Span(doc, e.start, e.end, label="PERSON") if e.start in relabel else e
                for e in ents]
        doc.ents = sorted([*ents, *fresh], key=lambda e: e.start)
        return doc

    def _titled_names(self, doc: Doc, ents: list[Span], title_tokens: set[int]) -> list[Span]:
        """A title followed by capitalised proper nouns names a person the NER missed."""
        taken = {i for ent in ents for i in range(ent.start, ent.end)}
        fresh = []
        for span in doc.spans.get(self.titles_key, ()):
            i = span.end
            if i + 1 < len(doc) and doc[i].lower_ == "of":
                i += 2 if doc[i + 1].lower_ == "the" else 1
                if i >= len(doc) or i not in taken:
                    continue
                while i < len(doc) and i in taken:
                    i += 1
            while i < len(doc) and doc[i].lower_ in HONORIFICS:
                i += 1
            end = i
            while (end < len(doc) and end - i < 4 and doc[end].pos_ == "PROPN"
                   and doc[end].is_title and end not in taken and end not in title_tokens):
                end += 1
            if end > i:
                fresh.append(Span(doc, i, end, label="PERSON"))
                taken.update(range(i, end))
        return sorted([*ents, *fresh], key=lambda e: e.start)

    @staticmethod
    def _trim(ent: Span, title_tokens: set[int]) -> Span | None:
        if ent.label_ != "PERSON":
            return ent
        start = ent.start
        while start < ent.end and (ent.doc[start].lower_ in HONORIFICS or start in title_tokens):
            start += 1
        end = ent.end
        while end > start and not ent.doc[end - 1].is_alpha:
            end -= 1
        if start >= end:
            return None
        return Span(ent.doc, start, end, label="PERSON")


@Language.factory("kg_coref", default_config={"titles_key": "kg_titles"})
def make_coref(nlp: Language, name: str, titles_key: str) -> PersonCoreference:
    """Factory for :class:`PersonCoreference`."""
    return PersonCoreference(titles_key)
