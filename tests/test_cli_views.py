"""The ``kg`` command as a person expects it: version, help, query answers, exports, stats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from view_pages import articles, hostile_graph

from kg.cli import main
from kg.progress import count_inputs


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The hostile little graph (three articles, canonical meetings) in an on-disk store."""
    path = tmp_path_factory.mktemp("cli-views") / "store"
    hostile_graph(store=str(path)).close()
    return str(path)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["--version"])
    assert exit.value.code == 0
    assert capsys.readouterr().out.startswith("kg 0.")


@pytest.mark.parametrize(
    "command, shown",
    [
        ([], ["build", "query", "export", "view", "stats", "eval", "serve"]),
        (["eval"], ["(default: a fresh in-memory store)"]),
        (["query"], ["(default: $KG_STORE, else ./kg-store)", "(default: table)"]),
        (["build"], ["(default: 1)"]),
        (["export"], [".graphml", ".gexf", ".csv", "(default: countries)"]),
        (["serve"], ["(default: 8000)", "(default: 30.0)"]),
    ],
)
def test_help_says_what_each_argument_does(
    capsys: pytest.CaptureFixture[str], command: list[str], shown: list[str]
) -> None:
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for words in shown:
        assert words in text


def test_answers_by_form(capsys: pytest.CaptureFixture[str], store: str) -> None:
    assert run(capsys, "query", 'ASK { ?c dip:isoCode "KOR" }', "--store", store)[1] == "true\n"
    assert run(capsys, "query", 'ASK { ?c dip:isoCode "FRA" }', "--store", store)[1] == "false\n"
    _, out, _ = run(capsys, "query", "ASK { ?c a owl:Thing }", "--store", store, "--format", "json")
    assert json.loads(out) == {"head": {}, "boolean": False}
    construct = 'CONSTRUCT WHERE { ?c dip:isoCode "KOR" ; rdfs:label ?l }'
    status, out, _ = run(capsys, "query", construct, "--store", store)
    assert status == 0 and "@prefix dip: <https://diplomatic-kg.org/ontology#> ." in out
    assert 'dip:isoCode "KOR"' in out and 'rdfs:label "South Korea"' in out
    status, out, err = run(capsys, "query", construct, "--store", store, "--format", "csv")
    assert (status, out) == (1, "") and "--format csv is for SELECT answers" in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["build", "{corpus}", "--out", "{work}/graph.xml"], "'.xml'"),
        (["build", "{corpus}", "--html", "{work}/graph.txt"], "'.txt'"),
        (["export", "{work}/graph", "--store", "{store}"], "(no ending)"),
        (["view", "{work}/page.png", "--store", "{store}"], "'.png'"),
    ],
)
def test_unknown_output_is_refused_before_any_work(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: str, argv: list[str], message: str
) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("Japan met China.", encoding="utf-8")
    filled = [a.format(corpus=tmp_path / "corpus", work=tmp_path, store=store) for a in argv]
    status, _, err = run(
        capsys, *filled, *([] if "--store" in argv else ["--store", str(tmp_path / "s")])
    )
    assert status == 1 and message in err and err.count("\n") == 1
    assert not (tmp_path / "s").exists() and sorted(tmp_path.iterdir()) == [tmp_path / "corpus"]


def test_network_exports(capsys: pytest.CaptureFixture[str], store: str, tmp_path: Path) -> None:
    graphml, gexf, meetings = (tmp_path / n for n in ("g.graphml", "g.gexf", "meetings.csv"))
    for target in (graphml, gexf, meetings):
        assert run(capsys, "export", str(target), "--store", store)[0] == 0
    countries = nx.read_graphml(graphml)
    chn, jpn = (f"https://diplomatic-kg.org/id/country/{k}" for k in ("CHN", "JPN"))
    assert countries[chn][jpn]["weight"] == 2 and countries.nodes[chn]["meetings"] == 2
    assert nx.read_gexf(gexf).number_of_edges() == countries.number_of_edges() == 3
    rows = list(csv.DictReader(io.StringIO(meetings.read_text(encoding="utf-8"))))
    assert len(rows) == 4 and {r["status"] for r in rows} == {"occurred", "planned", "negated"}
    (tokyo,) = [r for r in rows if r["city_label"] == "Tokyo"]
    assert (tokyo["sides"], tokyo["reports"], tokyo["date"]) == ("CHN;JPN", "2", "2023-11")
    entities = tmp_path / "e.graphml"
    assert run(capsys, "export", str(entities), "--view", "entities", "--store", store)[0] == 0
    kinds = {k for _, k in nx.read_graphml(entities).nodes(data="kind")}
    assert kinds == {"country", "organization", "person", "city", "event"}


def test_stats(capsys: pytest.CaptureFixture[str], store: str) -> None:
    status, out, _ = run(capsys, "stats", "--store", store, "--top", "2")
    assert status == 0
    lines = {line.split("  ")[0].strip(): line.split()[-1] for line in out.splitlines()}
    assert lines["articles"] == "3" and lines["meetings (took place)"] == "2"
    assert lines["reports of them"] == "3" and lines["planned, hypothetical, negated"] == "2"
    assert lines["actions (PLOVER)"] == "1"
    assert "meetings counted as canonical meetings" in " ".join(out.split())
    assert "2023-11 to 2023-11-26\n" in out and "2023-11-27 to 2024-05-27" in out
    top = out.split("took place:\n")[1].splitlines()
    assert [line.split()[:2] for line in top] == [["CHN", "China"], ["JPN", "Japan"]]


def test_progress_total(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "README.md").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "one.gold.json").write_text("{}", encoding="utf-8")
    lines = "\n".join(json.dumps({"id": str(n), "text": "x"}) for n in range(5))
    (tmp_path / "b.jsonl").write_text(lines + "\n\n", encoding="utf-8")
    assert count_inputs([tmp_path / "a", tmp_path / "b.jsonl"]) == 6
    assert len(articles()) == 3


@pytest.mark.parametrize("suffix", [".ttl", ".trig"])
def test_exports_use_the_prefixes(
    capsys: pytest.CaptureFixture[str], store: str, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"graph{suffix}"
    assert run(capsys, "export", str(target), "--store", store)[0] == 0
    text = target.read_text(encoding="utf-8")
    assert "@prefix dip: <https://diplomatic-kg.org/ontology#> ." in text
    assert 'dip:isoCode "KOR"' in text
    assert text.count("<https://diplomatic-kg.org/ontology#") == 1  # only where it is declared
