"""One person per real person: the people of every article resolved into canonical people.

Each article names people as it writes them ("Joseph R. Biden Jr.", "Biden", "Comrade
Vladimir Putin"), and each spelling with its side is a ``dip:Person`` of its own in the
articles' graphs (they keep the surface form and evidence). After a build they are
resolved, as meetings are, into **canonical people** (``dip:CanonicalPerson``) in the
named graph ``id/graph/people``: one per real person, ``rdfs:label`` the name the
leaders table gives, ``owl:sameAs`` its Wikidata item where the table knows it, and
``dip:mentionedAs`` each per-article person. The rule (:func:`link`):

- a full name (or a variant, or another spelling of one) that the leaders table gives
  to one office holder of the person's side, with a leading honorific dropped
  ("Comrade", "Mr", "Secretary"), is that office holder;
- a surname alone is the one office holder the table calls so whose side is the
  person's and whose office fits the person's role ("Biden", president of the USA);
- anyone else is a person of their own: people outside the table merge only on the same
  full name and side (which is already one ``dip:Person``), never on a surname.

>>> import kg
>>> graph = kg.KnowledgeGraph(kg.open_store())
>>> _ = graph.add(kg.extract("President Joseph R. Biden Jr. of the United States met Olaf "
...                          "Scholz in Berlin on 2 May 2022.", identifier="a"))
>>> _ = graph.add(kg.extract("U.S. President Joe Biden met Chancellor Olaf Scholz of "
...                          "Germany in Washington on 5 June 2022.", identifier="b"))
>>> resolve_people(graph.store).people
2
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import rdflib
from rdflib import OWL, RDF, RDFS, Literal, URIRef

from kg.linking.leaders import EXECUTIVE, Term, terms_by_name, terms_by_surname, wikidata_item
from kg.rdf.namespaces import DIP, ID, SPARQL_PREFIXES, WD, side_key, slug
from kg.store.base import Store

#: The named graph of canonical people.
PEOPLE_GRAPH = ID["graph/people"]

#: Words before a name that are no part of it.
HONORIFICS = frozenset(
    [
        "comrade", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame",
        "secretary", "general", "president", "premier", "chancellor", "minister", "prime",
        "his", "her", "excellency",
    ]
)

_PEOPLE = (
    SPARQL_PREFIXES
    + """SELECT ?p ?label ?side ?role WHERE {
  ?p a dip:Person . OPTIONAL { ?p rdfs:label ?label }
  OPTIONAL { ?p dip:represents ?side } OPTIONAL { ?p dip:role ?role } }"""
)
#: A canonical person's name is the people graph's label: where its IRI is also an article's
#: person, the union holds the article's spelling of the name too.
_CANONICAL = SPARQL_PREFIXES + (
    f"SELECT ?c ?p ?label WHERE {{ GRAPH {PEOPLE_GRAPH.n3()} "
    "{ ?c dip:mentionedAs ?p ; rdfs:label ?label } }"
)


@dataclass(frozen=True)
class Mention:
    """One per-article person: its IRI, the names it is written with, its sides and roles."""

    iri: str
    labels: frozenset[str]
    sides: frozenset[str]
    roles: frozenset[str]


@dataclass(frozen=True)
class Link:
    """Who a mention is: the canonical key, the name to show, and why."""

    key: str
    name: str
    reason: str
    wikidata: str | None = None


@dataclass
class Person:
    """A canonical person and the mentions of them."""

    iri: str
    name: str
    wikidata: str | None
    mentions: list[Mention] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PeopleResolution:
    """What :func:`resolve_people` did: per-article people and the canonical people."""

    mentions: int
    people: int

    def __str__(self) -> str:
        return f"{self.mentions} people as written resolved into {self.people} people"


def read_mentions(store: Store) -> list[Mention]:
    """Every per-article ``dip:Person`` with its names, sides and roles."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for p, label, side, role in store.query(_PEOPLE):
        item = found[str(p)]
        for name, value in (("labels", label), ("sides", side), ("roles", role)):
            if value is not None:
                item[name].add(str(value))
    return [
        Mention(iri, frozenset(v["labels"]), frozenset(v["sides"]), frozenset(v["roles"]))
        for iri, v in sorted(found.items())
    ]


def _bare(label: str) -> str:
    """The name without leading honorifics ("Comrade Vladimir Putin" -> "Vladimir Putin")."""
    words = label.split()
    while len(words) > 1 and words[0].lower() in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def _fits(term: Term, roles: frozenset[str]) -> bool:
    return not roles or term.role in roles or bool({term.role, *roles} <= EXECUTIVE)


def _one_holder(terms: list[Term], sides: set[str], roles: frozenset[str]) -> str | None:
    """The one table name among ``terms`` of these sides (any, if none known) and roles."""
    kept = [t for t in terms if (not sides or t.side in sides) and _fits(t, roles)]
    names = {t.name for t in kept}
    return names.pop() if len(names) == 1 else None


def link(mention: Mention) -> Link:
    """Who ``mention`` is (see the module docstring), and why."""
    sides = {side_key(s) for s in mention.sides}
    for label in sorted(mention.labels):
        bare = _bare(label)
        if len(bare.split()) > 1:
            name = _one_holder(terms_by_name(bare, None), sides, frozenset())
            if name is not None:
                written = f"{label!r}" if bare == label else f"{label!r} (honorific dropped)"
                why = "the leaders table's name" if bare == name else f"a form of {name!r}"
                return Link(f"table:{name}", name, f"{written}: {why} in the leaders table",
                            wikidata_item(name))
        elif sides:
            name = _one_holder(terms_by_surname(bare, None), sides, mention.roles)
            if name is not None:
                return Link(f"table:{name}", name, f"{label!r}: the one {', '.join(sorted(sides))} "
                            f"office holder of the leaders table called so, in a fitting role",
                            wikidata_item(name))
    return Link(f"own:{mention.iri}", min(mention.labels, default=mention.iri),
                "not an office holder the leaders table can tell: a person of their own")


def _canonical_iri(name: str, mentions: list[Mention]) -> str:
    sides = sorted({side_key(s) for m in mentions for s in m.sides})
    prefix = f"{slug(sides[0])}-" if len(sides) == 1 else ""
    return str(ID[f"person/{prefix}{slug(name)}"])


def people(mentions: list[Mention]) -> list[Person]:
    """The canonical people of ``mentions``, in order of IRI."""
    groups: dict[str, list[tuple[Mention, Link]]] = defaultdict(list)
    for mention in mentions:
        found = link(mention)
        groups[found.wikidata or found.key].append((mention, found))
    result = []
    for key, members in groups.items():
        first = members[0][1]
        group = [m for m, _ in members]
        iri = group[0].iri if key.startswith("own:") else _canonical_iri(first.name, group)
        result.append(Person(iri, first.name, first.wikidata, group,
                             {m.iri: found.reason for m, found in members}))
    return sorted(result, key=lambda p: p.iri)


def people_graph(found: list[Person]) -> rdflib.Graph:
    """The named graph of canonical people."""
    graph = rdflib.Graph(identifier=PEOPLE_GRAPH)
    for person in found:
        iri = URIRef(person.iri)
        graph.add((iri, RDF.type, DIP.CanonicalPerson))
        graph.add((iri, RDFS.label, Literal(person.name)))
        if person.wikidata:
            graph.add((iri, OWL.sameAs, WD[person.wikidata]))
        for mention in person.mentions:
            graph.add((iri, DIP.mentionedAs, URIRef(mention.iri)))
            for side in mention.sides:
                graph.add((iri, DIP.represents, URIRef(side)))
            for role in mention.roles:
                graph.add((iri, DIP.role, Literal(role)))
    return graph


def resolve_people(store: Store) -> PeopleResolution:
    """Resolve every per-article person of ``store`` into canonical people, from scratch."""
    mentions = read_mentions(store)
    found = people(mentions)
    store.replace(people_graph(found))
    return PeopleResolution(len(mentions), len(found))


def canonical_people(run: Callable[[str], rdflib.query.Result]) -> dict[str, tuple[str, str]]:
    """Each per-article person's canonical person and its name, by the person's IRI (empty
    where the store has no canonical people)."""
    return {str(p): (str(c), str(label)) for c, p, label in run(_CANONICAL)}


def explain_person(store: Store, iri: str) -> str:
    """The canonical person ``iri`` (or of the mention ``iri``), its mentions and why, and
    the people of the same surname kept apart and why."""
    mentions = read_mentions(store)
    found = people(mentions)
    person = next((p for p in found if p.iri == iri or any(m.iri == iri for m in p.mentions)),
                  None)
    if person is None:
        raise KeyError(iri)
    lines = [person.name, f"<{person.iri}>"]
    if person.wikidata:
        lines.append(f"Wikidata: {WD[person.wikidata]}")
    lines += ["", f"{len(person.mentions)} way(s) the articles write this person:"]
    for mention in person.mentions:
        names = ", ".join(sorted(mention.labels))
        sides = ", ".join(sorted(side_key(s) for s in mention.sides)) or "no side"
        lines.append(f"  {names} ({sides}; {', '.join(sorted(mention.roles)) or 'no role'})")
        lines.append(f"    <{mention.iri}>: {person.reasons[mention.iri]}")
    surname = person.name.split()[-1].lower()
    apart = [
        (other, m) for other in found if other is not person for m in other.mentions
        if any(label.split()[-1].lower() == surname for label in m.labels)
    ]
    lines += ["", "kept apart:" if apart else "kept apart: nobody of the same surname"]
    for other, m in apart:
        lines.append(f"  {', '.join(sorted(m.labels))} <{m.iri}>: {other.reasons[m.iri]}")
    return "\n".join(lines)
