"""One number on every surface: the five figures of kg.counts, asked of each surface.

Meetings, reports, and meetings per city, per pair and per month are computed through
``kg.counts``, ``kg.queries``, ``kg stats``, ``/stats`` and ``/explorer/data.json`` of a
real server, the meetings CSV and the countries network, the editor's examples, the
README's queries and notebook 02's queries, on the bundled corpus (real extraction, an
on-disk store) and on a synthetic store of meetings reported one to four times.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from corpus_sample import sample
from http_server import call, running

import kg
from kg.cli import main
from kg.counts import Figures, figures, pair
from kg.network import meetings_csv, read_records, to_networkx
from kg.network.export import write_network
from kg.network.source import runner
from kg.queries import meetings_by_month, who_met_whom
from kg.rdf.namespaces import side_key
from kg.sparql import prepare
from kg.view.editor import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module", params=["corpus", "synthetic"])
def graph(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """A sample of the corpus built by the real pipeline, or synthetic reports; both on
    disk, resolved."""
    path = tmp_path_factory.mktemp(request.param) / "store"
    if request.param == "corpus":
        built = kg.build(sample(), store=str(path))
    else:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from synthetic_meetings import reported_meetings

        built = kg.KnowledgeGraph(kg.open_store(str(path)))
        for facts, _ in reported_meetings(300):
            built.add(facts)
        built.resolve_meetings()
    yield built
    built.close()


@pytest.fixture(scope="module")
def expected(graph) -> Figures:
    found = figures(graph.store.query)
    assert found.canonical and found.meetings > 10 and found.reports >= found.meetings
    return found


def _select(graph, query: str) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in graph.store.query(prepare(query))]


def _pairs_by_label(graph, figures_: Figures) -> Counter[tuple[str, str]]:
    label = {
        key: name
        for key, name in _select(
            graph, "SELECT ?k ?l WHERE { ?s dip:isoCode|dip:shortName ?k ; rdfs:label ?l }"
        )
    }
    found: Counter[tuple[str, str]] = Counter()
    for (a, b), n in figures_.per_pair.items():
        x, y = sorted((label[a], label[b]))
        found[(x, y)] += n
    return found


def _from_meetings(rows: list[dict[str, Any]]) -> Figures:
    """The five figures from meeting rows (status, date, dated_by, city, sides, reports)."""
    held = [r for r in rows if r["status"] == "occurred"]
    per_pair: Counter[tuple[str, str]] = Counter()
    for r in held:
        sides = sorted(set(r["sides"]))
        per_pair.update(pair(a, b) for i, a in enumerate(sides) for b in sides[i + 1 :])
    return Figures(
        meetings=len(held),
        reports=sum(int(r["reports"]) for r in held),
        per_city=dict(Counter(r["city"] for r in held if r["city"])),
        per_pair=dict(per_pair),
        per_month=dict(
            Counter(
                r["date"][:7]
                for r in held
                if r["dated_by"] == "meeting" and len(r["date"] or "") >= 7
            )
        ),
    )


def test_the_explorer_the_export_and_the_server_agree(graph, expected, tmp_path: Path) -> None:
    with running(graph.store, workers=1) as base:
        stats = json.loads(call(base, "GET", "/stats")[2])
        data = json.loads(call(base, "GET", "/explorer/data.json")[2])
    assert (stats["meetings"], stats["reports"]) == (expected.meetings, expected.reports)
    ids = [e["id"] for e in data["entities"]]
    explorer = _from_meetings(
        [
            {
                "status": data["statuses"][status],
                "date": date,
                "dated_by": data["datedBy"][dated_by],
                "city": ids[city] if city >= 0 else None,
                "sides": [ids[s] for s in sides],
                "reports": reports,
            }
            for _, status, date, dated_by, city, sides, _, reports, _ in data["meetings"]
        ]
    )
    assert explorer == expected

    export = tmp_path / "meetings.csv"
    write_network(graph, export)
    rows = list(csv.DictReader(export.open(encoding="utf-8")))
    for r in rows:
        r["sides"] = r["sides"].split(";") if r["sides"] else []
    by_key = _from_meetings(rows)
    assert (by_key.meetings, by_key.reports, by_key.per_month) == (
        expected.meetings,
        expected.reports,
        expected.per_month,
    )
    assert by_key.per_pair == expected.per_pair and by_key.per_city == expected.per_city

    countries = to_networkx(graph, view="countries")
    weights = {pair(a, b): w for a, b, w in countries.edges(data="weight")}
    assert weights == expected.per_pair


def test_kg_queries_and_kg_stats_agree(graph, expected, capsys, tmp_path: Path) -> None:
    pairs = {pair(p.a, p.b): p.meetings for p in who_met_whom(graph.store, counts=True)}
    assert pairs == expected.per_pair
    side = Counter(expected.per_pair).most_common(1)[0][0][0]
    by_month = {m.month: m.meetings for m in meetings_by_month(graph.store, side)}
    rows = _select(
        graph,
        f"""SELECT ?month (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m a dip:CanonicalMeeting ;
        dip:participant ?s ; dip:date ?d . ?s dip:isoCode|dip:shortName "{side}"
        BIND(SUBSTR(STR(?d), 1, 7) AS ?month) FILTER(STRLEN(?month) = 7) }} GROUP BY ?month""",
    )
    assert by_month == {m: int(n) for m, n in rows}
    if hasattr(graph.store, "path"):
        assert main(["stats", "--store", str(graph.store.path)]) in (0, None)
        out = capsys.readouterr().out
        lines = {line.split("  ")[0].strip(): line.split()[-1] for line in out.splitlines()}
        assert int(lines["meetings (took place)"].replace(",", "")) == expected.meetings
        assert int(lines["reports of them"].replace(",", "")) == expected.reports


def _example(name: str) -> str:
    return dict(EXAMPLES)[name]


def test_the_editors_examples_agree(graph, expected) -> None:
    per_city = _select(graph, _example("Meetings per city").replace("LIMIT 50", ""))
    assert sorted(int(n) for _, n in per_city) == sorted(expected.per_city.values())
    per_pair = {(a, b): int(n) for a, b, n in _select(
        graph, _example("Who met whom, most meetings first").replace("LIMIT 50", ""))}
    assert per_pair == _pairs_by_label(graph, expected)
    statuses = {s: (int(m), int(r)) for s, m, r in _select(
        graph, _example("Planned, hypothetical and held"))}
    assert statuses["occurred"] == (expected.meetings, expected.reports)
    months = {m: int(n) for m, n in _select(graph, _example("Meetings of a country by month"))}
    assert months == {m.month: m.meetings for m in meetings_by_month(graph.store, "USA")}


def _sparql_blocks(text: str) -> list[str]:
    """Each SELECT of the README's ```sparql blocks, one query a comment-led paragraph."""
    queries = []
    for block in re.findall(r"```sparql\n(.*?)```", text, re.S):
        body = "\n".join(line for line in block.splitlines() if not line.startswith("PREFIX"))
        queries += [q.strip() for q in re.split(r"\n#[^\n]*\n", "\n" + body) if q.strip()]
    return queries


def test_the_readme_agrees(graph, expected) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("**Counting meetings, not reports.**")[1].split("\n## ")[0]
    meetings, reports, per_city, per_month, per_pair = _sparql_blocks(section)
    assert int(_select(graph, meetings)[0][0]) == expected.meetings
    assert int(_select(graph, reports)[0][0]) == expected.reports
    assert {c: int(n) for c, n in _select(graph, per_city)} == expected.per_city
    assert {m: int(n) for m, n in _select(graph, per_month)} == expected.per_month
    found: Counter[tuple[str, str]] = Counter()
    for a, b, n, _ in _select(graph, per_pair):
        found[pair(a, b)] += int(n)
    assert found == expected.per_pair


def _notebook_queries() -> dict[str, str]:
    """Notebook 02's queries, by the heading of their section."""
    cells = json.loads((ROOT / "notebooks" / "02-sparql-cookbook.ipynb").read_text("utf-8"))
    found, heading = {}, ""
    for cell in cells["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and source.startswith("## "):
            heading = source.splitlines()[0][3:]
        elif "ask('''" in source:
            found[heading] = source.split("'''")[1]
    return found


def test_notebook_02_agrees(graph, expected) -> None:
    queries = _notebook_queries()
    pairs = {(a, b): int(n) for a, b, n in _select(
        graph, queries["1. Who met whom"].replace("LIMIT 10", ""))}
    assert pairs == _pairs_by_label(graph, expected)
    statuses = {s: int(m) for s, m, _ in _select(
        graph, queries["5. Planned, hypothetical, negated and held"])}
    assert statuses["occurred"] == expected.meetings
    cities = _select(graph, queries["4. Meetings per city"].replace("LIMIT 10", ""))
    assert sorted(int(n) for *_, n in cities) == sorted(expected.per_city.values())
    months = {m: int(n) for m, n in _select(graph, queries["2. A country's meetings by month"])}
    assert months == {m.month: m.meetings for m in meetings_by_month(graph.store, "UKR")}


def test_copies_of_one_story_are_one_meeting() -> None:
    """Seven syndicated copies: one meeting for the dated encounter, one for the undated."""
    text = (
        "Peru and Chile sign fisheries pact\n\nLIMA (Wire) - Peruvian Foreign Minister Ana "
        "Quispe met Chilean Foreign Minister Tomas Vidal in Lima to discuss fisheries. The two "
        "ministers met again in Santiago on 3 March 2031."
    )
    graph = kg.KnowledgeGraph(kg.open_store())
    for n in range(7):
        graph.add(kg.extract(text, date=f"2031-03-{20 + n % 2}", identifier=f"copy-{n}"))
    graph.resolve_meetings()
    found = figures(graph.store.query)
    assert (found.meetings, found.reports) == (2, 14)
    assert found.per_month == {"2031-03": 1}


def _records_rows(source: Any) -> list[dict[str, str]]:
    """The meetings CSV's rows as the views' reader (``read_records``) gives them."""
    records = read_records(runner(source), details=True)

    def label(iri: str | None) -> str:
        entity = records.entities.get(iri or "")
        return entity.label if entity else ""

    return [{
        "meeting": m.iri, "kind": m.kind, "status": m.status, "date": m.date or "",
        "dated_by": m.dated_by, "sides": ";".join(side_key(s) for s in m.sides),
        "side_labels": ";".join(label(s) for s in m.sides), "city": m.city or "",
        "city_label": label(m.city), "attendees": ";".join(label(p) for p in m.attendees),
        "reports": str(m.report_count),
        "articles": ";".join(sorted({a for _, a in m.reports if a})),
    } for m in records.meetings]


def test_the_csv_written_a_page_at_a_time_has_the_records_rows(
    graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(meetings_csv, "PAGE", 7)
    export = tmp_path / "paged.csv"
    write_network(graph, export)
    written = list(csv.DictReader(export.open(encoding="utf-8")))
    assert written == _records_rows(graph)
    assert len(written) > 20
    with kg.KnowledgeGraph(kg.open_store(str(tmp_path / "unresolved"))) as unresolved:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from synthetic_meetings import reported_meetings

        for facts, _ in reported_meetings(40):
            unresolved.add(facts)
        write_network(unresolved, export)
        written = list(csv.DictReader(export.open(encoding="utf-8")))
        assert written == _records_rows(unresolved) and len(written) > 40
