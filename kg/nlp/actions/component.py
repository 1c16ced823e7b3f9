"""The ``plover_actions`` spaCy component: code_actions as a pipeline step."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.actions.coder import code_actions

EXTENSION = "plover_actions"


class PloverActions:
    """Stores the Doc's PLOVER actions on ``doc._.plover_actions`` (dated by ``doc._.date``)."""

    def __call__(self, doc: Doc) -> Doc:
        date = doc._.get("date") if Doc.has_extension("date") else None
        doc._.set(EXTENSION, code_actions(doc, date))
        return doc


@Language.factory("plover_actions")
def make_plover_actions(nlp: Language, name: str) -> PloverActions:
    """Factory for :class:`PloverActions`; registers the Doc extension it writes."""
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, default=())
    return PloverActions()
