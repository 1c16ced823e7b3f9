"""``kg build`` as a separate process on hostile folders: every bad input one error line,
every good article stored, a summary, exit 1; article identity; a full disk; a remote
store that goes away.

Full disks are real: a small tmpfs mounted in a private mount namespace (``unshare -m``,
root only; skipped elsewhere, a failure under CI=true).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import servers

from kg.rdf.namespaces import DIP, article_iri

GOOD = {
    "talks.txt": "The foreign ministers of Chile and Peru met in Lima on Monday to discuss trade.",
    "visit.md": "---\ntitle: A visit\ndate: 2022-03-04\n---\n"
    "The president of Kenya received the prime minister of Ethiopia in Nairobi on Friday.",
}
#: A YAML alias bomb: nine levels of nine aliases, 9^9 strings if it were expanded.
BOMB = "".join(
    f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9) if n else ', '.join(['lol'] * 9)}]\n"
    for n in range(9)
)
PARAGRAPH = "The foreign ministers of Norway and Sweden met in Oslo on Tuesday."


def _jsonl(*records: dict[str, str]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


#: name -> (content, the fragment of its one error line, or None where it must be stored).
INPUTS: dict[str, tuple[str | bytes, str | None]] = {
    "badmonth.md": (
        "---\ntitle: T\ndate: 2023-13-45\n---\nThe leaders of Ghana and Togo met in Accra.",
        "date is not a YYYY-MM-DD date: '2023-13-45'",
    ),
    "surrogate.jsonl": ('{"id": "s", "text": "Talks in Accra \\udfff went on."}\n', "surrogate"),
    "bomb-title.md": (
        "---\n" + BOMB + "title: *l8\n---\nThe leaders of Ghana and Togo met in Accra.",
        "'title' is not a single value",
    ),
    "bomb-tags.md": ("---\n" + BOMB + "title: Kept\n---\n" + PARAGRAPH, None),
    "long.jsonl": (
        _jsonl({"id": "long", "text": PARAGRAPH + "\n\n" + " " * 1_100_000 + "\n\n" + PARAGRAPH}),
        None,
    ),
    "deep.html": (
        "<html><body>" + "<div>" * 400 + f"<p>{PARAGRAPH}</p>" + "</div>" * 400 + "</body></html>",
        None,
    ),
    "nested.jsonl": ('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n", "not JSON"),
}


SAME_NAMES = {
    "a/article.txt": PARAGRAPH,
    "b/article.txt": PARAGRAPH,
    "Foo Bar.txt": PARAGRAPH,
    "foo-bar.txt": PARAGRAPH,
    "foo_bar.txt": PARAGRAPH,
    "Foo-Bar.txt": PARAGRAPH,
    "Ελλάδα/σύνοδος.txt": PARAGRAPH,
    "北京.txt": PARAGRAPH,
    "مؤتمر.txt": PARAGRAPH,
}


COLLIDING = {
    "dup.txt": PARAGRAPH,
    "dup.md": PARAGRAPH,
    "lines.jsonl": _jsonl({"id": "x1", "text": PARAGRAPH}, {"id": "x1", "text": PARAGRAPH}),
    "front.md": f"---\nid: x1\n---\n{PARAGRAPH}",
}


def kg(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *argv],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("kg: error: ")]


def graphs(store: Path) -> set[str]:
    query = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?a a <{DIP.Article}> }} }}"
    done = kg("query", query, "--format", "csv", "--store", str(store))
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split()[1:])


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """One build of the good articles with every bad input of the issue mixed in, files
    whose names differ only in folder, case or punctuation, and inputs that collide."""
    work = tmp_path_factory.mktemp("hostile")
    bad = {name: content for name, (content, _) in INPUTS.items()}
    folder = write(work / "in", {**GOOD, **bad, **SAME_NAMES, **COLLIDING})
    done = kg("build", str(folder), "--store", str(work / "store"))
    return work, done


def test_every_bad_input_is_one_error_line_and_the_rest_is_stored(hostile) -> None:
    work, done = hostile
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = errors(done.stderr)
    for name, (_, fragment) in INPUTS.items():
        mine = [line for line in lines if f"{name}" in line]
        assert len(mine) == (0 if fragment is None else 1), (name, lines)
        if fragment:
            assert fragment in mine[0]
    expected = len([f for f in INPUTS.values() if f[1]]) + 3
    summary = done.stderr.splitlines()[-1]
    assert summary.startswith(f"kg: {5 + len(SAME_NAMES) + 2} articles"), summary
    assert f"{expected} errors" in summary
    stored = graphs(work / "store")
    for name in ("talks", "visit", "bomb-tags", "deep", "long"):
        assert str(article_iri(name)) in stored, name


def test_a_long_article_is_extracted_whole_in_chunks(hostile) -> None:
    work, _ = hostile
    query = (
        "PREFIX dip: <https://diplomatic-kg.org/ontology#> SELECT ?start WHERE { GRAPH "
        f"<{article_iri('long')}> {{ ?e dip:evidence ?s . ?s dip:start ?start }} }}"
    )
    done = kg("query", query, "--format", "csv", "--store", str(work / "store"))
    starts = sorted(int(s) for s in done.stdout.split()[1:])
    assert starts and starts[-1] > 1_000_000, done.stdout


def test_look_alike_names_are_separate_graphs(hostile) -> None:
    work, _ = hostile
    expected = {str(article_iri(name.rsplit(".", 1)[0])) for name in SAME_NAMES}
    assert len(expected) == len(SAME_NAMES)
    assert expected <= graphs(work / "store")


def test_a_real_collision_names_both_inputs(hostile) -> None:
    work, done = hostile
    folder = work / "in"
    lines = [line for line in errors(done.stderr) if "same article IRI" in line]
    assert len(lines) == 3, lines
    collision = f"{folder / 'dup.txt'}: same article IRI"
    assert any(collision in line and str(folder / "dup.md") in line for line in lines)
    assert sum(f"as {folder / 'front.md'}" in line for line in lines) == 2
    assert {str(article_iri("dup")), str(article_iri("x1"))} <= graphs(work / "store")


ARTICLES = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dip:Article }"


def in_small_disk(script: str, tmp_path: Path, size: str = "600k") -> subprocess.CompletedProcess:
    """Run a shell ``script`` with a ``size`` tmpfs mounted at $DISK, in its own namespace."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true: the full-disk tests need root and unshare")
        pytest.skip("needs root and unshare to mount a small tmpfs")
    disk = tmp_path / "disk"
    disk.mkdir()
    wrapped = f"mount -t tmpfs -o size={size} tmpfs {disk} && DISK={disk} && {script}"
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", wrapped],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


@pytest.mark.slow
def test_a_full_disk_stops_the_build_with_a_summary(tmp_path: Path) -> None:
    records = [{"id": f"r{n}", "text": f"{PARAGRAPH} Round {n} of the talks."} for n in range(60)]
    source = write(tmp_path, {"many.jsonl": _jsonl(*records)}) / "many.jsonl"
    python = sys.executable
    done = in_small_disk(
        f'{python} -m kg build {source} --store "$DISK/store"; echo "status=$?"; '
        f'{python} -m kg query "{ARTICLES}" --format csv --store "$DISK/store"',
        tmp_path,
    )
    assert "Traceback" not in done.stderr
    lines = errors(done.stderr)
    assert "No space left on device" in lines[0] and f"{source}:" in lines[0]
    summary = next(line for line in done.stderr.splitlines() if "stopped early" in line)
    stored = int(summary.split()[1])
    assert "status=1" in done.stdout
    assert done.stdout.split()[-1] == str(stored)


def test_an_export_to_a_full_disk_leaves_no_partial_file(hostile, tmp_path: Path) -> None:
    store = hostile[0] / "store"
    python = sys.executable
    done = in_small_disk(
        f'echo old > "$DISK/graph.nq" && head -c 2000 /dev/zero > "$DISK/fill" && '
        f'{python} -m kg export "$DISK/graph.nq" --store {store}; echo "status=$?"; '
        'ls -A "$DISK"; cat "$DISK/graph.nq"',
        tmp_path,
        size="8k",
    )
    assert "status=1" in done.stdout
    (line,) = errors(done.stderr)
    assert "graph.nq: not written" in line and "No space left" in line
    assert done.stdout.split()[-3:] == ["fill", "graph.nq", "old"]


def test_csv_cells_never_start_a_formula(hostile) -> None:
    store = str(hostile[0] / "store")
    query = "SELECT ?x ?n WHERE { VALUES (?x ?n) { (\"=cmd|' /C calc'!A0\" -3) (\"@SUM(1)\" 2) } }"
    done = kg("query", query, "--format", "csv", "--store", store)
    assert done.stdout.splitlines()[1:] == ["'=cmd|' /C calc'!A0,-3", "'@SUM(1),2"]


@pytest.mark.slow
def test_a_remote_store_that_goes_away_stops_the_build(tmp_path: Path) -> None:
    records = [{"id": f"r{n}", "text": f"{PARAGRAPH} Round {n}."} for n in range(8)]
    source = write(tmp_path, {"eight.jsonl": _jsonl(*records)}) / "eight.jsonl"
    with (
        servers.oxigraph_server(tmp_path) as endpoint,
        servers.flaky_proxy(endpoint.query, ["forward"] * 3 + ["reset"] * 50) as proxy,
    ):
        done = kg(
            "build",
            str(source),
            "--store",
            "sparql+" + proxy.url_for(endpoint.query),
            env={"KG_SPARQL_UPDATE": proxy.url_for(endpoint.update)},
        )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    (line,) = errors(done.stderr)
    assert line.startswith(f"kg: error: {source}:4: not stored:") and "unreachable" in line
    summary = done.stderr.splitlines()[-1]
    assert summary.startswith("kg: 3 articles") and "stopped early" in summary


@pytest.mark.slow
@pytest.mark.parametrize(
    ("size", "where"),
    [("760k", "before the meetings were resolved"), ("910k", "the store failed as it closed")],
)
def test_a_disk_that_fills_after_the_articles_still_gets_the_summary_last(
    size: str, where: str, tmp_path: Path
) -> None:
    """Eight articles fit; the canonical meetings (760k) or the flush at close (910k) do not."""
    records = [{"id": f"r{n}", "text": f"{PARAGRAPH} Round {n} of the talks."} for n in range(8)]
    source = write(tmp_path, {"eight.jsonl": _jsonl(*records)}) / "eight.jsonl"
    python = sys.executable
    done = in_small_disk(
        f'{python} -m kg build {source} --store "$DISK/store"; echo "status=$?"; '
        f'{python} -m kg query "{ARTICLES}" --format csv --store "$DISK/store"',
        tmp_path,
        size=size,
    )
    assert "Traceback" not in done.stderr and "status=1" in done.stdout
    summary = done.stderr.splitlines()[-1]
    assert summary.startswith("kg: 8 articles") and where in summary, done.stderr
    assert "No space left on device" in errors(done.stderr)[0]
    assert done.stdout.split()[-1] == "8"
