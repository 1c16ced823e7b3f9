"""The ``kg`` command end to end, on a sample of the bundled corpus and a real on-disk store."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from corpus_sample import sample, sample_folder

from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DCTERMS = "PREFIX dcterms: <http://purl.org/dc/terms/> "
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def quad_count(capsys: pytest.CaptureFixture[str], store: Path) -> int:
    status, out, _ = run(capsys, "query", COUNT, "--format", "csv", "--store", str(store))
    assert status == 0
    return int(out.splitlines()[1])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("cli")
    store = work / "store"
    status = main(
        [
            "build",
            str(sample_folder(work / "corpus")),
            "--store",
            str(store),
            "--out",
            str(work / "graph.trig"),
            "--html",
            str(work / "graph.html"),
        ]
    )
    assert status == 0
    return work, store


def test_build_writes_store_export_and_page(built: tuple[Path, Path]) -> None:
    work, store = built
    assert store.is_dir()
    dataset = rdflib.Dataset()
    dataset.parse(work / "graph.trig", format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert len([g for g in graphs if "/id/article/" in g]) == len(sample())
    assert "vis" in (work / "graph.html").read_text(encoding="utf-8")


def test_build_prints_one_summary_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = tmp_path / "new" / "folders" / "s"  # made with its parents
    seed = str(CORPUS / "trilateral-busan.txt")
    status, _, err = run(capsys, "build", seed, "--store", str(store))
    assert status == 0 and store.is_dir()
    assert err.strip().splitlines()[-1].startswith("kg: 1 articles, ")
    assert "0 errors" in err


@pytest.mark.slow
def test_rebuild_is_idempotent(
    capsys: pytest.CaptureFixture[str], built: tuple[Path, Path]
) -> None:
    work, store = built
    before = quad_count(capsys, store)
    assert run(capsys, "build", str(work / "corpus"), "--store", str(store))[0] == 0
    assert quad_count(capsys, store) == before > 0


def test_query_formats(capsys: pytest.CaptureFixture[str], built: tuple[Path, Path]) -> None:
    _, store = built
    sparql = (
        "PREFIX dip: <https://diplomatic-kg.org/ontology#> "
        "SELECT ?code WHERE { ?c dip:isoCode ?code } ORDER BY ?code"
    )
    _, out, _ = run(capsys, "query", sparql, "--format", "csv", "--store", str(store))
    lines = list(csv.reader(io.StringIO(out)))
    assert lines[0] == ["code"]
    codes = [line[0] for line in lines[1:]]
    assert {"CHN", "JPN", "KOR", "USA"} <= set(codes)
    _, out, _ = run(capsys, "query", sparql, "--format", "json", "--store", str(store))
    results = json.loads(out)
    assert results["head"]["vars"] == ["code"]
    assert [b["code"]["value"] for b in results["results"]["bindings"]] == codes
    _, out, _ = run(capsys, "query", sparql, "--store", str(store))
    assert out.splitlines()[0].strip() == "code"
    assert len(out.splitlines()) == len(codes) + 1


def test_query_from_file(
    capsys: pytest.CaptureFixture[str], built: tuple[Path, Path], tmp_path: Path
) -> None:
    _, store = built
    query = tmp_path / "ask.rq"
    query.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert run(capsys, "query", f"@{query}", "--store", str(store))[1].strip() == "true"


def test_bad_query_names_line_and_column(
    capsys: pytest.CaptureFixture[str], built: tuple[Path, Path]
) -> None:
    status, _, err = run(capsys, "query", "SELECT WHERE {", "--store", str(built[1]))
    assert status == 1
    first, text, caret = err.splitlines()
    assert first.startswith("kg: error: bad SPARQL query at line 1, column ")
    assert text.strip() == "SELECT WHERE {" and caret.strip() == "^"


def test_query_on_missing_store(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "query", COUNT, "--store", str(tmp_path / "nowhere"))
    assert status == 1
    assert "nowhere" in err and "kg build" in err


@pytest.mark.parametrize(
    "suffix, fmt",
    [(".trig", "trig"), (".nq", "nquads"), (".ttl", "turtle"), (".jsonld", "json-ld")],
)
def test_export_formats(
    capsys: pytest.CaptureFixture[str],
    built: tuple[Path, Path],
    tmp_path: Path,
    suffix: str,
    fmt: str,
) -> None:
    target = tmp_path / f"graph{suffix}"
    assert run(capsys, "export", str(target), "--store", str(built[1]))[0] == 0
    dataset = rdflib.Dataset()
    dataset.parse(target, format=fmt)
    assert len(dataset) > 100 or sum(len(g) for g in dataset.graphs()) > 100


def test_export_unknown_extension(
    capsys: pytest.CaptureFixture[str], built: tuple[Path, Path], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "export", str(tmp_path / "graph.xyz"), "--store", str(built[1]))
    assert status == 1 and "graph.xyz" in err


def test_view_writes_page(
    capsys: pytest.CaptureFixture[str], built: tuple[Path, Path], tmp_path: Path
) -> None:
    assert run(capsys, "view", str(tmp_path / "v.html"), "--store", str(built[1]))[0] == 0
    assert "Busan" in (tmp_path / "v.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_eval_prints_table_and_gates(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for gold in sorted(CORPUS.glob("*.gold.json"))[40:52]:
        stem = gold.name.removesuffix(".gold.json")
        shutil.copy(gold, tmp_path)
        shutil.copy(CORPUS / f"{stem}.txt", tmp_path)
    status, out, _ = run(capsys, "eval", str(tmp_path))
    assert status == 0 and "12 articles, the shipped model" in out
    for figure in ("countries", "represents", "roles", "meets", "meeting places", "dates"):
        assert figure in out
    assert "macro" in out.splitlines()[1]
    assert run(capsys, "eval", str(tmp_path), "--min-f1", "1.01")[0] == 1
    status, out, _ = run(capsys, "eval", str(tmp_path), "--cv", "2")
    assert status == 0 and "2-fold cross-validation, grouped by article" in out
    status, _, err = run(capsys, "eval", str(tmp_path), "--cv", "13")
    assert status == 1 and "fewer than 13 folds" in err


def test_eval_without_gold_files_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shutil.copy(CORPUS / "trilateral-busan.txt", tmp_path)
    status, out, err = run(capsys, "eval", str(tmp_path))
    assert status == 1 and "no *.gold.json" in err and str(tmp_path) in err
    assert "whole" not in out


def test_bad_inputs_are_reported_and_the_rest_stored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    assert run(capsys, "build", str(CORPUS / "trilateral-busan.txt"), "--store", str(store))[0] == 0
    kept = quad_count(capsys, store)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(CORPUS / "2021-12-06-russian-indian-talks.txt", inputs)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (inputs / "latin1.txt").write_bytes("Le président a rencontré à Brasília.".encode("latin-1"))
    (inputs / "nothing.html").write_text("<html><body><nav>Home</nav></body></html>")
    (inputs / "lines.jsonl").write_text(
        '{"id": "a1", "title": "T", "date": "2022-05-01", "text": "Russia and India held talks.",'
        ' "url": "https://example.org/a1"}\nnot json\n',
        encoding="utf-8",
    )
    with open(inputs / "huge.txt", "wb") as huge:
        huge.truncate(50 * 1024 * 1024)
    missing = tmp_path / "missing.txt"
    status, _, err = run(capsys, "build", str(inputs), str(missing), "--store", str(store))
    assert status == 1
    errors = [line for line in err.splitlines() if line.startswith("kg: error: ")]
    for name in (
        "empty.txt",
        "binary.txt",
        "latin1.txt",
        "nothing.html",
        "lines.jsonl",
        "huge.txt",
        "missing.txt",
    ):
        assert sum(name in line for line in errors) == 1, (name, errors)
    assert "2 articles" in err.splitlines()[-1] and "7 errors" in err.splitlines()[-1]
    assert quad_count(capsys, store) > kept
    for identifier in ("trilateral-busan", "2021-12-06-russian-indian-talks", "a1"):
        one = DCTERMS + f'ASK {{ ?a dcterms:identifier "{identifier}" }}'
        assert run(capsys, "query", one, "--store", str(store))[1].strip() == "true", identifier


@pytest.mark.parametrize("command", [["kg"], [sys.executable, "-m", "kg"]])
def test_console_entry_points(command: list[str]) -> None:
    executable = shutil.which(command[0]) if command[0] == "kg" else command[0]
    assert executable, "the kg console script is installed by pip install -e ."
    result = subprocess.run([*command, "--help"], capture_output=True, text=True, check=True)
    for sub in ("build", "query", "export", "view", "eval"):
        assert sub in result.stdout


def test_export_plover_events(
    capsys: pytest.CaptureFixture[str], built: tuple[Path, Path], tmp_path: Path
) -> None:
    target = tmp_path / "events.jsonl"
    assert run(capsys, "export", str(target), "--store", str(built[1]))[0] == 0
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert records
    for record in records:
        assert record["event"] and record["text"]
        assert record["article"]["identifier"]
    assert {r["article"]["identifier"] for r in records} <= {
        p.name.removesuffix(".txt") for p in sample()
    }
