"""Structural features of a candidate participant, read off the layers (never its words).

Each candidate is a side proposed for an encounter: how it came in, the frame row that
found the encounter, the side's relation to the trigger, whether it stands for a forum's
member, the size of the list it was named in, and what the article says elsewhere of it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from kg.linking.organizations import forum_members
from kg.nlp.discourse.cues import Cue
from kg.nlp.discourse.encounters import Encounter
from kg.nlp.discourse.sides import SideMention
from kg.nlp.document import sentences
from kg.nlp.frames.component import Frame
from kg.types import Organization, Side

#: Categorical features (encoded by the vocabulary the model was trained with).
CATEGORICAL = ("row", "kind", "status", "how", "form", "relation", "role", "side_type")
#: Numeric features.
NUMERIC = ("forum_member", "forum_body", "listed", "candidates", "forum_candidates",
           "side_mentions", "side_in_title", "article_sides", "position", "sentence_tokens",
           "frames_in_sentence", "has_place", "has_date", "attendees", "person_cue")
FEATURES = CATEGORICAL + NUMERIC


@dataclass(frozen=True)
class ArticleView:
    """What the whole article says that a candidate's features read: how often each side is
    named, which sides the title names, how many sentences there are."""

    mentions: Counter[Side]
    in_title: frozenset[Side]
    sentence_index: dict[int, int]
    frames_per_sentence: Counter[int]

    @property
    def sides(self) -> int:
        """Distinct sides named in the article."""
        return len(self.mentions)


def candidate_features(encounter: Encounter, cue: Cue, view: ArticleView) -> dict[str, object]:
    """The features of one (encounter, side) candidate."""
    sent = encounter.sentence
    forum_body = isinstance(cue.side, Organization) and bool(forum_members(cue.side, None))
    return {
        "row": encounter.frame.row,
        "kind": encounter.kind,
        "status": encounter.status,
        "how": cue.how,
        "form": cue.form or "none",
        "relation": cue.relation,
        "role": cue.role,
        "side_type": "org" if isinstance(cue.side, Organization) else "state",
        "forum_member": float(cue.forum),
        "forum_body": float(forum_body),
        "listed": float(cue.listed),
        "candidates": float(len(encounter.sides)),
        "forum_candidates": float(sum(c.forum for c in encounter.cues)),
        "side_mentions": float(view.mentions.get(cue.side, 0)),
        "side_in_title": float(cue.side in view.in_title),
        "article_sides": float(view.sides),
        "position": _position(sent, view),
        "sentence_tokens": float(len(sent)),
        "frames_in_sentence": float(view.frames_per_sentence.get(sent.start, 0)),
        "has_place": float(encounter.place is not None),
        "has_date": float(encounter.date_text is not None),
        "attendees": float(len(encounter.attendees)),
        "person_cue": float(cue.form in ("person", "title")),
    }


def _position(sent: Span, view: ArticleView) -> float:
    """Where the sentence stands in the article, 0 (title) to 1 (last)."""
    return view.sentence_index.get(sent.start, 0) / max(len(view.sentence_index) - 1, 1)


def article_view(doc: Doc, sides: list[SideMention], frames: list[Frame]) -> ArticleView:
    """The article-wide counts, read once per Doc."""
    body = doc._.body_start
    return ArticleView(
        mentions=Counter(m.side for m in sides if m.form not in ("qualifier", "group")),
        in_title=frozenset(m.side for m in sides if doc[m.start].idx < body),
        sentence_index={start: n for n, start in enumerate(sentences(doc).starts)},
        frames_per_sentence=Counter(f.sentence[0] for f in frames))
