"""The explorer's data: the records of the graph as compact tables for the page's script.

One payload serves the written page and ``kg serve``. Entities and meetings are arrays
addressed by index (a meeting names its sides by index, not by IRI) so that 100,000
articles' meetings fit in a few megabytes; the page computes every view from them. A
written page also carries the details (evidence, articles) inline, up to
``Caps.inline_meetings`` meetings, newest first; the server sends them on request.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from kg.network.records import MeetingRecord, Records
from kg.view.geo import aliases, capital_point, city_point
from kg.view.layout import side_layout

STATUSES = ["occurred", "planned", "hypothetical", "negated"]
KINDS = ["Meeting", "Visit", "Call", "Summit", "Agreement"]
DATED_BY = ["", "meeting", "article"]


@dataclass(frozen=True)
class Caps:
    """Limits that keep every view quick to draw; the page says what each one left out.

    ``country_links``: links drawn in the countries view, strongest first.
    ``entity_nodes``: nodes in the entities view, most connected first.
    ``inline_meetings``: meetings whose evidence a written page carries, newest first.
    ``mentions``: articles listed per entity in a written page, newest first.
    """

    country_links: int = 1500
    entity_nodes: int = 250
    inline_meetings: int = 20_000
    mentions: int = 50


#: The caps a page gets unless told otherwise.
DEFAULT_CAPS = Caps()


class _Index:
    """Entity IRIs -> positions in the entity table, in order of first use."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.position: dict[str, int] = {}

    def __call__(self, iri: str | None) -> int:
        if iri is None:
            return -1
        if iri not in self.position:
            self.position[iri] = len(self.order)
            self.order.append(iri)
        return self.position[iri]


def _code(table: list[str], value: str) -> int:
    if value not in table:
        table.append(value)
    return table.index(value)


def _newest(meetings: tuple[MeetingRecord, ...], limit: int) -> set[int]:
    order = sorted(range(len(meetings)), key=lambda i: meetings[i].date or "", reverse=True)
    return set(order[:limit])


def explorer_data(records: Records, *, title: str, caps: Caps, inline: bool) -> dict[str, Any]:
    """The payload of the page (see the module docstring); JSON-ready."""
    statuses, kinds = list(STATUSES), list(KINDS)
    index = _Index()
    layout = side_layout(records)
    for side in layout:
        index(side)
    meetings = []
    for m in records.meetings:
        meetings.append(
            [
                _code(kinds, m.kind),
                _code(statuses, m.status),
                m.date,
                DATED_BY.index(m.dated_by),
                index(m.city),
                [index(s) for s in m.sides],
                [index(p) for p in m.attendees],
                m.report_count,
                m.confidence,
            ]
        )
    actions = [
        [a.category, _code(statuses, a.status), a.date, index(a.actor), index(a.recipient)]
        for a in records.actions
    ]
    for iri in sorted(records.entities):
        index(iri)
    data: dict[str, Any] = {
        "meta": {
            "title": title,
            "counted": records.counted,
            "articles": records.article_count,
            "inline": inline,
            "caps": asdict(caps),
        },
        "statuses": statuses,
        "quads": _quads(),
        "kinds": kinds,
        "datedBy": DATED_BY,
        "entities": [],
        "meetings": meetings,
        "actions": actions,
    }
    data["entities"] = [_entity(records, iri, layout.get(iri), index) for iri in index.order]
    if inline:
        data.update(_inline_details(records, caps, index))
    return data


def _quads() -> dict[str, str]:
    """PLOVER category -> quad class, for the pair chart."""
    from kg.plover import QUAD_CLASSES

    return {category: quad for quad, names in QUAD_CLASSES.items() for category in names}


def _entity(
    records: Records, iri: str, place: tuple[float, float, float] | None, index: _Index
) -> dict[str, Any]:
    entity = records.entities.get(iri)
    item: dict[str, Any] = {
        "id": iri,
        "kind": entity.kind if entity else "other",
        "label": entity.label if entity else iri.rsplit("/", 1)[-1],
    }
    if entity is None:
        return item
    if entity.key:
        item["key"] = entity.key
    if entity.roles:
        item["roles"] = list(entity.roles)
    if entity.sides:
        item["sides"] = [index.position[s] for s in entity.sides if s in index.position]
    if place is not None:
        item["x"], item["y"], item["between"] = place
    point = (
        city_point(entity.geonames)
        if entity.kind == "city"
        else capital_point(entity.key)
        if entity.kind == "country"
        else None
    )
    if point is not None:
        item["lat"], item["lon"] = point
    other_names = [*entity.aliases, *aliases(entity.kind, entity.key, entity.geonames)]
    if other_names:
        item["aliases"] = other_names
    return item


def _inline_details(records: Records, caps: Caps, index: _Index) -> dict[str, Any]:
    """Reports (article, evidence) of the newest meetings, the articles, the mentions."""
    articles = _Index()
    kept = _newest(records.meetings, caps.inline_meetings)
    reports: list[list[list[Any]] | None] = []
    for number, meeting in enumerate(records.meetings):
        if number not in kept:
            reports.append(None)
            continue
        reports.append(
            [[articles(article), records.evidence.get(event)] for event, article in meeting.reports]
        )
    action_reports = [[articles(a.article), records.evidence.get(a.iri)] for a in records.actions]
    mentions: dict[str, list[int]] = {}
    for iri, found in records.mentions.items():
        if iri in index.position:
            newest = sorted(found, key=lambda a: _article_date(records, a), reverse=True)
            mentions[str(index.position[iri])] = [articles(a) for a in newest[: caps.mentions]]
    mention_counts = {
        str(index.position[iri]): len(found)
        for iri, found in records.mentions.items()
        if iri in index.position
    }
    table = []
    for iri in articles.order:
        article = records.articles.get(iri)
        table.append([article.title, article.source, article.date] if article else [None] * 3)
    return {
        "meetingIds": [m.iri for m in records.meetings],
        "reports": reports,
        "actionReports": action_reports,
        "articles": table,
        "mentions": mentions,
        "mentionCounts": mention_counts,
    }


def _article_date(records: Records, iri: str) -> str:
    article = records.articles.get(iri)
    return (article.date if article else None) or ""
