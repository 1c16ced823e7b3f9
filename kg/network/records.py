"""Meetings, actions, entities and articles read from the graph as plain records.

The one reader behind the countries view, the analytics, ``kg export meetings.csv``,
``kg stats`` and the explorer. It follows the contract of canonical meetings: where the
store has ``dip:CanonicalMeeting`` resources (one per meeting that took place, each
``dip:reportedAs`` its per-article reports), those are the meetings and their reports
are folded into them; reports that did not take place (planned, hypothetical, negated)
are never resolved, so they stay meetings of their own, and a report that took place but
joined no canonical meeting (one with a single known side) is no meeting (see
:mod:`kg.counts`). A store without canonical meetings falls back to one meeting per
report, and ``Records.canonical`` says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from kg.network.source import Runner, ask, local_name, rows
from kg.rdf.namespaces import SPARQL_PREFIXES

ARTICLE_COUNT = SPARQL_PREFIXES + "SELECT (COUNT(?a) AS ?n) WHERE { ?a a dip:Article }"

#: One predicate at a time, joined here: on a large store a scan of one predicate costs a
#: fraction of the joins and OPTIONALs of one query asking for everything (each a lookup
#: per row), and each answer term is decoded once.
SCAN = SPARQL_PREFIXES + "SELECT ?s ?o WHERE {{ ?s {} ?o }}"

CLASSES = (
    SPARQL_PREFIXES
    + """SELECT ?m ?class WHERE {
  VALUES ?class { dip:Meeting dip:Visit dip:Call dip:Summit dip:Agreement }
  ?m a ?class }"""
)

ENTITIES = (
    SPARQL_PREFIXES
    + """PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?n ?type ?label ?key ?role ?side ?same WHERE {
  VALUES ?type { dip:Country dip:Organization dip:Person dip:City }
  ?n a ?type .
  OPTIONAL { ?n rdfs:label ?label }
  OPTIONAL { ?n dip:isoCode|dip:shortName ?key }
  OPTIONAL { ?n dip:role ?role }
  OPTIONAL { ?n dip:represents|dip:country ?side }
  OPTIONAL { ?n owl:sameAs ?same }
}"""
)

ACTIONS = (
    SPARQL_PREFIXES
    + """SELECT ?x ?code ?status ?date ?actor ?recipient ?a WHERE {
  ?x a dip:Action ; dip:ploverCode ?code .
  OPTIONAL { ?x dip:status ?status }
  OPTIONAL { ?x dip:date ?date }
  OPTIONAL { ?x dip:actor ?actor }
  OPTIONAL { ?x dip:recipient ?recipient }
  OPTIONAL { ?x dip:evidence/dcterms:isPartOf ?a }
}"""
)


_KINDS = {"Country": "country", "Organization": "organization", "Person": "person", "City": "city"}
SIDE_KINDS = ("country", "organization")


@dataclass(frozen=True)
class EntityRecord:
    """A country, organisation, person or city.

    ``key`` is the ISO3 code or short name of a side; ``sides`` the sides a person
    represents, or a city's country; ``geonames`` a city's GeoNames id where known;
    ``aliases`` the other ways the articles write a canonical person.
    """

    iri: str
    kind: str
    label: str
    key: str | None = None
    roles: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    geonames: int | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleRecord:
    """An article's title, publication date and source URL, where known."""

    iri: str
    title: str | None = None
    date: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class MeetingRecord:
    """One meeting: a canonical meeting, or a report that stands alone.

    ``date`` is ISO with the precision known (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``);
    ``dated_by`` is ``"meeting"`` when the graph dates it, ``"article"`` when the date is
    the publication date of its earliest report, ``""`` when undated. ``reports`` pairs
    each per-article event with its article IRI (None where it was not looked up);
    ``report_count`` is the number of reports; ``confidence`` the extractor's
    (``dip:confidence``; a canonical meeting's is its surest report's), None where unknown.
    """

    iri: str
    kind: str
    status: str
    date: str | None
    dated_by: str
    sides: tuple[str, ...]
    attendees: tuple[str, ...]
    city: str | None
    reports: tuple[tuple[str, str | None], ...]
    report_count: int
    canonical: bool
    confidence: float | None = None


@dataclass(frozen=True)
class ActionRecord:
    """A PLOVER-coded action of one side towards another, as reported in one article."""

    iri: str
    category: str
    status: str
    date: str | None
    actor: str | None
    recipient: str | None
    article: str | None


@dataclass(frozen=True)
class Records:
    """What the views are drawn from; ``evidence`` and ``mentions`` only when asked for."""

    meetings: tuple[MeetingRecord, ...]
    actions: tuple[ActionRecord, ...]
    entities: dict[str, EntityRecord]
    articles: dict[str, ArticleRecord]
    canonical: bool
    article_count: int = 0
    evidence: dict[str, str] = field(default_factory=dict)
    mentions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def counted(self) -> str:
        """What a meeting is here: ``"canonical meetings"`` or ``"reports"`` (the fallback)."""
        return "canonical meetings" if self.canonical else "reports"

    def sides(self) -> dict[str, EntityRecord]:
        """The countries and organisations, by IRI."""
        return {k: e for k, e in self.entities.items() if e.kind in SIDE_KINDS}


def iso_date(value: str | None) -> str | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` from a date literal; None if it is none of them."""
    if not value:
        return None
    head = value.strip()[:10]
    for size in (10, 7, 4):
        part = head[:size]
        if len(part) == size and part[:4].isdigit() and (size == 4 or part[4] == "-"):
            return part
    return None


def _geonames(same: str | None) -> int | None:
    if same and "geonames.org/" in same:
        tail = same.rstrip("/").rsplit("/", 1)[-1]
        return int(tail) if tail.isdigit() else None
    return None


def read_entities(run: Runner) -> dict[str, EntityRecord]:
    """Every country, organisation, person and city, with keys, roles, sides and GeoNames."""
    found: dict[str, dict] = {}
    for node, type_, label, key, role, side, same in rows(run, ENTITIES):
        item = found.setdefault(
            node,
            {
                "kind": _KINDS[local_name(type_ or "")],
                "label": label,
                "key": key,
                "roles": [],
                "sides": [],
                "geonames": None,
            },
        )
        item["label"] = item["label"] or label
        item["key"] = item["key"] or key
        for name, value in (("roles", role), ("sides", side)):
            if value and value not in item[name]:
                item[name].append(value)
        item["geonames"] = item["geonames"] or _geonames(same)
    return {
        iri: EntityRecord(
            iri,
            v["kind"],
            v["label"] or local_name(iri),
            v["key"],
            tuple(v["roles"]),
            tuple(v["sides"]),
            v["geonames"],
        )
        for iri, v in found.items()
    }


def scan(run: Runner, predicate: str) -> list[tuple[str, str]]:
    """Every (subject, object) of ``predicate`` (``dip:status``), in no particular order."""
    return rows(run, SCAN.format(predicate), ordered=False)  # type: ignore[return-value]


def read_articles(run: Runner, *, details: bool) -> dict[str, ArticleRecord]:
    """Every article's date; with ``details``, its title and source too."""
    fields: dict[str, dict[str, str | None]] = defaultdict(dict)
    names = {"date": "dcterms:date"}
    if details:
        names |= {"title": "dcterms:title", "source": "dcterms:source"}
    for name, predicate in names.items():
        for article, value in scan(run, predicate):
            fields[article][name] = iso_date(value) if name == "date" else value
    return {a: ArticleRecord(a, **values) for a, values in fields.items()}


def _grouped(pairs: list[tuple[str, str]], keep: set[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for subject, value in pairs:
        if subject in keep:
            found[subject].append(value)
    return found


def _report_articles(run: Runner, events: set[str]) -> dict[str, str]:
    """The article of each report, through its evidence sentence (no named graph needed)."""
    part_of = dict(scan(run, "dcterms:isPartOf"))
    found: dict[str, str] = {}
    for event, sentence in scan(run, "dip:evidence"):
        if event in events and sentence in part_of:
            found.setdefault(event, part_of[sentence])
    return found


def read_meetings(
    run: Runner, articles: dict[str, ArticleRecord], *, with_reports: bool = True
) -> tuple[tuple[MeetingRecord, ...], bool]:
    """The meetings (canonical where the store has them) and whether they are canonical.

    Without ``with_reports`` the reports' articles are only looked up when some meeting
    has no date of its own (a pass over every sentence of the store, saved on a large one).
    """
    from kg.counts import HAS_CANONICAL  # kg.counts reads through kg.network.source

    canonical = ask(run, HAS_CANONICAL)
    kinds: dict[str, str] = {}
    for event, class_ in rows(run, CLASSES, ordered=False):
        name = local_name(class_ or "")
        if name != "Meeting" or event not in kinds:
            kinds[event] = name  # type: ignore[index]
    reported = _grouped(scan(run, "dip:reportedAs"), set(kinds)) if canonical else {}
    folded = {event for events in reported.values() for event in events}
    events = set(kinds)
    statuses = dict(scan(run, "dip:status"))
    sure = {event: float(value) for event, value in scan(run, "dip:confidence")
            if event in kinds}
    meetings_iris = {
        e
        for e in events - folded
        if not canonical or e in reported or statuses.get(e, "occurred") != "occurred"
    }
    single = {
        p: dict(_grouped(scan(run, f"dip:{p}"), meetings_iris))
        for p in ("date", "reportCount", "locatedIn")
    }
    many = {p: _grouped(scan(run, f"dip:{p}"), meetings_iris) for p in ("participant", "attendee")}
    undated = any(not single["date"].get(iri) for iri in meetings_iris)
    article_of = _report_articles(run, events) if undated or with_reports else {}
    meetings = []
    for iri in sorted(meetings_iris):
        reports = tuple(sorted((e, article_of.get(e)) for e in reported.get(iri) or [iri]))
        date = iso_date(_first(single["date"], iri))
        dated_by = "meeting" if date else ""
        if not date:
            days = sorted(d for _, a in reports if a and (d := _day(articles, a)))
            date, dated_by = (days[0], "article") if days else (None, "")
        count = _first(single["reportCount"], iri)
        meetings.append(
            MeetingRecord(
                iri=iri,
                kind=kinds[iri],
                status=statuses.get(iri) or "occurred",
                date=date,
                dated_by=dated_by,
                sides=tuple(sorted(set(many["participant"].get(iri, ())))),
                attendees=tuple(sorted(set(many["attendee"].get(iri, ())))),
                city=_first(single["locatedIn"], iri),
                reports=reports,
                report_count=int(count) if count and count.isdigit() else len(reports),
                canonical=iri in reported,
                confidence=max((sure[e] for e, _ in reports if e in sure), default=None),
            )
        )
    return tuple(meetings), canonical


def _first(values: dict[str, list[str]], key: str) -> str | None:
    found = values.get(key)
    return min(found) if found else None


def _day(articles: dict[str, ArticleRecord], article: str) -> str | None:
    record = articles.get(article)
    return record.date if record else None


def read_actions(run: Runner) -> tuple[ActionRecord, ...]:
    """Every PLOVER-coded action, one per action resource."""
    found: dict[str, ActionRecord] = {}
    for x, code, status, date, actor, recipient, article in rows(run, ACTIONS):
        found.setdefault(
            x,
            ActionRecord(
                x, code or "", status or "occurred", iso_date(date), actor, recipient, article
            ),
        )
    return tuple(found.values())


def fold_people(
    entities: dict[str, EntityRecord], canonical: dict[str, tuple[str, str]]
) -> dict[str, EntityRecord]:
    """The entities with each per-article person replaced by its canonical person
    (:mod:`kg.people`): the canonical name, the roles and sides of every mention."""
    folded = {iri: e for iri, e in entities.items() if iri not in canonical}
    for iri, entity in sorted(entities.items()):
        if iri not in canonical:
            continue
        target, name = canonical[iri]
        known = folded.get(target)
        roles = (*known.roles, *entity.roles) if known else entity.roles
        sides = (*known.sides, *entity.sides) if known else entity.sides
        written = (*known.aliases, entity.label) if known else (entity.label,)
        folded[target] = EntityRecord(
            target, "person", name, None, tuple(dict.fromkeys(roles)),
            tuple(dict.fromkeys(sides)), None, tuple(a for a in dict.fromkeys(written) if a != name)
        )
    return folded


def _person(canonical: dict[str, tuple[str, str]], iri: str) -> str:
    return canonical[iri][0] if iri in canonical else iri


def read_records(run: Runner, *, details: bool = False) -> Records:
    """Everything the views need; with ``details``, evidence sentences, article titles and
    sources, and which articles mention each entity."""
    from kg.people import canonical_people

    articles = read_articles(run, details=details)
    meetings, canonical = read_meetings(run, articles, with_reports=details)
    people = canonical_people(run)
    if people:
        meetings = tuple(
            replace(m, attendees=tuple(sorted({_person(people, p) for p in m.attendees})))
            for m in meetings
        )
    records = Records(
        meetings=meetings,
        actions=read_actions(run),
        entities=fold_people(read_entities(run), people),
        articles=articles,
        canonical=canonical,
        article_count=int(rows(run, ARTICLE_COUNT)[0][0] or 0),
    )
    if details:
        texts = dict(scan(run, "dip:text"))
        for event, sentence in scan(run, "dip:evidence"):
            if sentence in texts:
                records.evidence.setdefault(event, texts[sentence])
        mentions: dict[str, list[str]] = defaultdict(list)
        for article, entity in scan(run, "dip:mentions"):
            mentions[_person(people, entity)].append(article)
        records.mentions.update({k: tuple(sorted(set(v))) for k, v in mentions.items()})
    return records
