"""``kg build`` resolves meetings; ``kg explain`` and ``kg resolve`` on an on-disk store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main

DATA = Path(__file__).resolve().parent / "data" / "meetings"
CANONICAL = (
    "PREFIX dip: <https://diplomatic-kg.org/ontology#> "
    "SELECT ?m ?e WHERE { ?m a dip:CanonicalMeeting ; dip:reportedAs ?e } ORDER BY ?e"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """Two written articles that report one meeting: a day in Berlin, and the month."""
    records = [json.loads(line) for line in (DATA / "articles.jsonl").read_text().splitlines()]
    path = tmp_path / "berlin.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records
                            if r["id"] in ("m01-wire", "m01-weekly")), encoding="utf-8")
    return path


def test_build_resolves_and_explain_tells_why(
    capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path
) -> None:
    store = str(tmp_path / "store")
    status, _, err = run(capsys, "build", str(source), "--store", store)
    assert status == 0 and "2 reports resolved into 1 meetings" in err
    status, out, _ = run(capsys, "query", CANONICAL, "--format", "csv", "--store", store)
    rows = [line.split(",") for line in out.splitlines()[1:]]
    assert status == 0 and len(rows) == 2 and rows[0][0] == rows[1][0]
    meeting, report = rows[0][0], rows[0][1]
    status, out, _ = run(capsys, "explain", meeting, "--store", store)
    assert status == 0
    assert out.startswith("Meeting: France, Germany\n") and "agree to the month" in out
    assert run(capsys, "explain", f"<{report}>", "--store", store)[1] == out
    status, _, err = run(capsys, "explain", "https://example.org/nothing", "--store", store)
    assert status == 1 and "no canonical meeting" in err
    status, _, err = run(capsys, "resolve", "--store", store)
    assert status == 0 and "(1 written" in err


def test_build_without_resolution(
    capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path
) -> None:
    store = str(tmp_path / "store")
    status, _, err = run(capsys, "build", str(source), "--no-resolve", "--store", store)
    assert status == 0 and "resolved" not in err
    status, out, _ = run(capsys, "query", CANONICAL, "--format", "csv", "--store", store)
    assert status == 0 and out.splitlines() == ["m,e"]
