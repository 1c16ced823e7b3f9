"""Scoring extracted facts against ``*.gold.json`` files (GOLD.md's six figures).

Units per article, compared as sets (an article that mentions the same pair of states
meeting twice, or the same person twice, counts once): countries (ISO3); represents
(person, side); roles (person, role); meets (unordered pair of sides taken from each
meeting's participants); meeting places (unordered pair, folded city name) for meetings
with a city; dates (unordered pair, ISO date) for meetings with a date, a predicted date
matching at the gold's precision ("2004-12-09" matches a gold "2004-12"). People match
when their case-folded names are equal or one's tokens are a subset of the other's
("Xi" ~ "Xi Jinping"). Figures are micro-averaged over articles.
Beside the micro figures stands the macro average over articles (GOLD.md). The figures a
developer may trust are cross-validated (:mod:`kg.training`): all of an annotated corpus
is development data.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError
from kg.linking._tables import fold
from kg.rdf.namespaces import SPARQL_PREFIXES
from kg.types import Facts, Organization, Participation, side_pairs

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

FIGURES = ("countries", "represents", "roles", "meets", "meeting places", "dates")

#: (participants, city, city's country, date) of one meeting.
Meeting = tuple[frozenset[str], str | None, str | None, str | None]


@dataclass(frozen=True)
class Gold:
    """What one article says: countries, people as (name, side, role), meetings."""

    countries: frozenset[str] = frozenset()
    people: frozenset[tuple[str, str | None, str | None]] = frozenset()
    meetings: tuple[Meeting, ...] = ()


@dataclass(frozen=True)
class Score:
    """Counts and the figures they give."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when there was nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_gold(path: str | Path) -> Gold:
    """Read a gold file; raises InputError naming the file if it is malformed."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        people = frozenset((p["name"], p.get("country"), p.get("role")) for p in
                           data.get("people", ()))
        meetings = tuple((frozenset(m["participants"]), m.get("city"), m.get("city_country"),
                          m.get("date")) for m in data.get("meetings", ()))
        return Gold(frozenset(data.get("countries", ())), people, meetings)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not a gold file: {exc}") from exc


def gold_from_facts(facts: Facts) -> Gold:
    """The gold-shaped view of extracted facts; only ``occurred`` events are meetings, one
    per pair of sides that met (:func:`kg.types.side_pairs`)."""
    people = frozenset((p.name, p.side.key if p.side else None, p.role) for p in facts.people)
    meetings = tuple(
        (frozenset((a.key, b.key)), e.place.name if e.place else None,
         e.place.country.iso3 if e.place and e.place.country else None, e.date)
        for e in facts.meetings for a, b in e.pairs)
    return Gold(frozenset(c.iso3 for c in facts.countries), people, meetings)


def names_match(a: str, b: str) -> bool:
    """Equal after case folding, or one name's tokens a subset of the other's."""
    ta, tb = set(fold(a).split()), set(fold(b).split())
    return bool(ta and tb) and (ta <= tb or tb <= ta)


def _pairs(gold: Gold) -> set[frozenset[str]]:
    return {frozenset(p) for m in gold.meetings for p in combinations(sorted(m[0]), 2)}


def _places(gold: Gold) -> set[tuple[frozenset[str], str]]:
    return {(frozenset(p), fold(m[1])) for m in gold.meetings if m[1]
            for p in combinations(sorted(m[0]), 2)}


def _dated(gold: Gold) -> set[tuple[frozenset[str], str]]:
    return {(frozenset(p), m[3]) for m in gold.meetings if m[3]
            for p in combinations(sorted(m[0]), 2)}


def _greedy(predicted: set, expected: set, same: Callable[[Any, Any], bool]) -> set[tuple]:
    """One-to-one (predicted, gold) matches, predicted units taken in sorted order."""
    unmatched = sorted(expected, key=str)
    matches = set()
    for unit in sorted(predicted, key=str):
        hit = next((g for g in unmatched if same(unit, g)), None)
        if hit is not None:
            unmatched.remove(hit)
            matches.add((unit, hit))
    return matches


def _same_person(p: tuple[str, str], g: tuple[str, str]) -> bool:
    """Fuzzy names, exact values."""
    return p[1] == g[1] and names_match(p[0], g[0])


def _same_date(p: tuple[frozenset[str], str], g: tuple[frozenset[str], str]) -> bool:
    """Same pair; the predicted date cut to the gold's precision equals it."""
    return p[0] == g[0] and len(p[1]) >= len(g[1]) and p[1][:len(g[1])] == g[1]


def _people(gold: Gold, index: int) -> set[tuple[str, str]]:
    return {(p[0], str(p[index]).lower()) for p in gold.people if p[index]}


#: Per figure: the units of a Gold, and when a predicted unit matches a gold one.
MATCHING: dict[str, tuple[Callable[[Gold], set], Callable[[Any, Any], bool]]] = {
    "countries": (lambda g: set(g.countries), operator.eq),
    "represents": (lambda g: _people(g, 1), _same_person),
    "roles": (lambda g: _people(g, 2), _same_person),
    "meets": (_pairs, operator.eq),
    "meeting places": (_places, operator.eq),
    "dates": (_dated, _same_date),
}


def unmatched(figure: str, predicted: Gold, gold: Gold) -> tuple[set, set]:
    """(wrong, missed): the predicted and the gold units of a figure left unmatched."""
    units, same = MATCHING[figure]
    got, want = units(predicted), units(gold)
    matches = _greedy(got, want, same)
    return got - {m[0] for m in matches}, want - {m[1] for m in matches}


def score(pairs: Iterable[tuple[Gold, Gold]]) -> dict[str, Score]:
    """Micro-averaged scores over (predicted, gold) pairs, one per article."""
    totals = {name: Score(0, 0, 0) for name in FIGURES}
    for predicted, gold in pairs:
        for name in FIGURES:
            wrong, missed = unmatched(name, predicted, gold)
            tp = len(MATCHING[name][0](predicted)) - len(wrong)
            t = totals[name]
            totals[name] = Score(t.tp + tp, t.fp + len(wrong), t.fn + len(missed))
    return totals


def format_table(scores: dict[str, Score], macro: dict[str, float] | None = None) -> str:
    """A plain-text table: figure, P, R, F1, the counts, and the macro F1 over articles."""
    lines = [f"{'figure':<16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"
             + (f"{'macro':>8}" if macro else "")]
    for name, s in scores.items():
        lines.append(f"{name:<16}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
                     f"{s.tp:>6}{s.fp:>6}{s.fn:>6}"
                     + (f"{macro[name]:>8.3f}" if macro else ""))
    return "\n".join(lines)


def gold_from_graph(graph: KnowledgeGraph, identifier: str) -> Gold:
    """The gold-shaped view of one article's named graph, read back by SPARQL."""
    from kg.rdf import article_iri

    where = f"GRAPH <{article_iri(identifier)}>"
    countries = {str(r[0]) for r in graph.query(f"{SPARQL_PREFIXES} SELECT ?iso WHERE {{ {where} {{"
                                                " ?a dip:mentions ?c . ?c dip:isoCode ?iso } }")}
    people = frozenset(
        (str(name), *(None if v is None else str(v) for v in (side, role)))
        for name, side, role in graph.query(
            f"{SPARQL_PREFIXES} SELECT ?name ?side ?role WHERE {{ {where} {{"
            " ?p a dip:Person ; rdfs:label ?name"
            " OPTIONAL { ?p dip:represents/(dip:isoCode|dip:shortName) ?side }"
            " OPTIONAL { ?p dip:role ?role } } }"))
    rows = graph.query(
        f"{SPARQL_PREFIXES} SELECT ?e ?side ?role ?city ?iso ?date WHERE {{ {where} {{"
        ' ?e a dip:Meeting ; dip:status "occurred" ; dip:participation ?p .'
        " ?p dip:participantRole ?role ; dip:side/(dip:isoCode|dip:shortName) ?side"
        " OPTIONAL { ?e dip:locatedIn ?c . ?c rdfs:label ?city"
        "            OPTIONAL { ?c dip:country/dip:isoCode ?iso } }"
        " OPTIONAL { ?e dip:date ?date } } }")
    parts: dict[str, list[Participation]] = {}
    details: dict[str, tuple[str | None, str | None, str | None]] = {}
    for event, side, role, city, iso, date in rows:
        part = Participation(Organization(str(side), str(side)), str(role))  # type: ignore[arg-type]
        parts.setdefault(str(event), []).append(part)
        details[str(event)] = tuple(None if v is None else str(v) for v in (city, iso, date))
    meetings = tuple((frozenset((a.key, b.key)), *details[e]) for e in sorted(parts)
                     for a, b in side_pairs(tuple(dict.fromkeys(parts[e]))))
    return Gold(frozenset(countries), people, meetings)


def gold_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The ``*.gold.json`` files under ``paths`` (folders, gold files or articles beside one)."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(path.rglob("*.gold.json"))
        elif path.name.endswith(".gold.json"):
            yield path
        elif (gold := path.with_name(f"{path.stem}.gold.json")).exists():
            yield gold


@dataclass(frozen=True)
class Evaluation:
    """Each annotated article's extracted and gold facts, by file stem."""

    articles: tuple[tuple[str, Gold, Gold], ...]

    def scores(self) -> dict[str, Score]:
        """Micro-averaged figures over every article."""
        return score((p, g) for _, p, g in self.articles)

    def macro(self) -> dict[str, float]:
        """Per figure, each article's F1 averaged over the articles that have a gold or an
        extracted unit of it (GOLD.md): one summit with many pairs weighs as one article."""
        found: dict[str, list[float]] = {name: [] for name in FIGURES}
        for _, predicted, gold in self.articles:
            for name, article in score([(predicted, gold)]).items():
                if article.tp + article.fp + article.fn:
                    found[name].append(article.f1)
        return {name: sum(v) / len(v) if v else 1.0 for name, v in found.items()}

    def count(self) -> int:
        """Articles scored."""
        return len(self.articles)

    def misses(self) -> Iterator[tuple[str, str, str, str]]:
        """(article, figure, "missed" | "wrong", unit) for every article."""
        for stem, predicted, gold in self.articles:
            for figure in FIGURES:
                wrong, missed = unmatched(figure, predicted, gold)
                for unit in sorted(map(_shown, missed)):
                    yield stem, figure, "missed", unit
                for unit in sorted(map(_shown, wrong)):
                    yield stem, figure, "wrong", unit


def evaluate_paths(
    graph: KnowledgeGraph,
    paths: Iterable[str | Path],
    on_error: Callable[[InputError], None] | None = None,
) -> Evaluation:
    """Build the articles that have gold files into ``graph`` and read each back from it.

    Raises ``InputError`` when ``paths`` hold no gold file: nothing scored is no score.
    """
    from kg.build import ingest, warn_input_error
    from kg.corpus import is_article_file

    pairs: list[tuple[str, Path, Gold]] = []
    paths = list(paths)
    for gold_path in gold_files(paths):
        stem = gold_path.name.removesuffix(".gold.json")
        articles = [p for p in gold_path.parent.glob(f"{stem}.*") if is_article_file(p.name)]
        if not articles:
            (on_error or warn_input_error)(InputError(f"{gold_path}: no article beside it"))
            continue
        pairs.append((stem, articles[0], load_gold(gold_path)))
    if not pairs:
        shown = ", ".join(map(str, paths))
        raise InputError(f"{shown}: no *.gold.json file with its article: nothing to score")
    ingest(graph, [article for _, article, _ in pairs], on_error=on_error or warn_input_error)
    return Evaluation(tuple((stem, gold_from_graph(graph, stem), gold)
                            for stem, _, gold in pairs))


def _shown(unit: object) -> str:
    """A unit as a reader wants it: pairs as "A-B", no frozenset noise."""
    if isinstance(unit, tuple):
        return " ".join(_shown(part) for part in unit)
    if isinstance(unit, frozenset):
        return "-".join(sorted(unit))
    return str(unit)
