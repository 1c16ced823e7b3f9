"""What the entity layer leaves on a Doc: typed mentions, and the people of the article.

Every mention has a kind (``STATE``, ``ORG``, ``CITY``, ``REGION``, ``PERSON``, ``TITLE``),
an identifier (ISO3, short name, GeoNames id, region name, person key, role) and a
confidence; the layer abstains (writes nothing) below ``MIN_CONFIDENCE``. Later layers
read these and nothing else for sides, places and people.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kg.linking.regions import Region
from kg.types import City, Side

if TYPE_CHECKING:
    from spacy.tokens import Span

STATE, ORG, CITY, REGION, PERSON, TITLE = "STATE", "ORG", "CITY", "REGION", "PERSON", "TITLE"
#: Below this a reading is not written: a wrong link costs more than a missing one.
MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Mention:
    """A token range ``[start, end)`` and what it refers to.

    ``form`` says how: a state by ``name``, ``demonym``, ``capital`` (as a metonym),
    ``seat`` ("the Kremlin") or as the ``qualifier`` of a place ("Davos, Switzerland").
    A TITLE carries the role, the side its phrase names ("Japan's foreign minister"),
    and whether it is past ("former") or plural ("the foreign ministers"). ``alternatives``
    are the other states an ambiguous word could name ("Congolese"), for a person's known
    office to settle.
    """

    start: int
    end: int
    kind: str
    key: str
    confidence: float
    form: str = ""
    side: Side | None = None
    city: City | None = None
    region: Region | None = None
    role: str | None = None
    past: bool = False
    plural: bool = False
    alternatives: tuple[str, ...] = ()

    def covers(self, i: int) -> bool:
        """Whether token ``i`` is part of the mention."""
        return self.start <= i < self.end

    def with_side(self, side: Side | None, confidence: float | None = None) -> Mention:
        """The same mention naming another side (a title whose side is learnt later)."""
        return replace(self, side=side, confidence=confidence or self.confidence)


@dataclass
class PersonInfo:
    """One person of the article: fullest name, role, side and every mention."""

    name: str
    role: str | None = None
    side: Side | None = None
    past: bool = False
    confidence: float = 0.0
    alternatives: tuple[str, ...] = ()
    role_sentence: Span | None = None
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Entities:
    """The entity layer's result for one Doc (``doc._.kg``), mentions and dates in text
    order. Its lists are not changed once the layer wrote them: lookups index them once."""

    mentions: list[Mention] = field(default_factory=list)
    people: dict[str, PersonInfo] = field(default_factory=dict)
    persons: list[Span] = field(default_factory=list)
    dates: list[Span] = field(default_factory=list)
    _by_token: dict[int, list[Mention]] | None = field(default=None, repr=False, compare=False)
    _starts: tuple[list[int], list[int]] | None = field(default=None, repr=False, compare=False)

    def of_kind(self, *kinds: str) -> list[Mention]:
        """Mentions of the given kinds."""
        return [m for m in self.mentions if m.kind in kinds]

    def within(self, start: int, end: int, *kinds: str) -> list[Mention]:
        """Mentions (of ``kinds``, if given) whose first token is in ``[start, end)``."""
        first, last = self._range(0, start, end)
        return [m for m in self.mentions[first:last] if not kinds or m.kind in kinds]

    def dates_within(self, start: int, end: int) -> list[Span]:
        """Dates whose first token is in ``[start, end)``."""
        first, last = self._range(1, start, end)
        return self.dates[first:last]

    def _range(self, which: int, start: int, end: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = ([m.start for m in self.mentions], [d.start for d in self.dates])
        starts = self._starts[which]
        return bisect_left(starts, start), bisect_left(starts, end)

    def at(self, i: int, *kinds: str) -> Mention | None:
        """The mention (of one of ``kinds``, if given) covering token ``i``."""
        if self._by_token is None:  # the mentions are not changed once the layer wrote them
            self._by_token = {}
            for m in self.mentions:
                for j in range(m.start, m.end):
                    self._by_token.setdefault(j, []).append(m)
        return next((m for m in self._by_token.get(i, ()) if not kinds or m.kind in kinds),
                    None)

    def person_at(self, i: int) -> PersonInfo | None:
        """The person whose mention covers token ``i``."""
        for info in self.people.values():
            if any(m.start <= i < m.end for m in info.mentions):
                return info
        return None

    def sides(self) -> list[Mention]:
        """Mentions that name a side directly (states and organisations)."""
        return self.of_kind(STATE, ORG)

    def places(self) -> list[Mention]:
        """City mentions."""
        return self.of_kind(CITY)

    def titles(self) -> list[Mention]:
        """Title mentions."""
        return self.of_kind(TITLE)
