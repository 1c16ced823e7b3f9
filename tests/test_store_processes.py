"""The on-disk store across real processes: a writer killed (SIGKILL) anywhere, a second
writer refused, readers beside a writer, a read-only mount.

The writer is a small child process adding hand-built articles (no spaCy), so it can be
killed right after a chosen article; ``kg build`` itself is the writer where it must be.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.rdf.namespaces import MEETINGS_GRAPH, STORE_GRAPH
from kg.store import open_store
from kg.store.oxigraph import OxigraphStore

TESTS = Path(__file__).resolve().parent
ARTICLES = 40
WRITER = """
import sys, time
from sample_facts import busan_facts
from kg.graph import KnowledgeGraph
from kg.store import open_store

path, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with KnowledgeGraph(open_store(path)) as graph:
    for n in range(count):
        graph.add(busan_facts(f"a{n:03d}"))
        print(n + 1, flush=True)
    if mode == "optimize":
        print("optimizing", flush=True)
        graph.optimize()
    print("done", flush=True)
    if mode == "hold":
        time.sleep(600)
"""
#: A graph of the data: every named graph but the store's stamp (kg.store.stamp).
DATA = f"GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{STORE_GRAPH}>)"
PER_GRAPH = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ {DATA} }} GROUP BY ?g ORDER BY ?g"
UNION = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DISTINCT_NAMED = f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {DATA} }} }}"
STRAY = f"ASK {{ ?s ?p ?o FILTER NOT EXISTS {{ {DATA} }} }}"


def writer(path: Path, mode: str = "plain") -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), *sys.path])}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(ARTICLES), mode],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def run_until(process: subprocess.Popen[str], line: str) -> None:
    """Read the writer's progress until ``line``, then SIGKILL it."""
    assert process.stdout is not None
    for got in process.stdout:
        if got.strip() == line:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(30)


def snapshot(path: Path) -> tuple[dict[str, int], int, set[str]]:
    """Per-graph triple counts, the union's size and every quad, read as a reader would;
    the union must be exactly the distinct triples of the named graphs."""
    store = open_store(path, read_only=True)
    try:
        counts = {str(row["g"]): int(row["n"]) for row in store.query(PER_GRAPH)}
        union = int(store.query(UNION).bindings[0]["n"])
        assert int(store.query(DISTINCT_NAMED).bindings[0]["n"]) == union
        assert not store.query(STRAY).askAnswer
        assert isinstance(store, OxigraphStore)
        quads = {str(q) for q in store._db if str(q.graph_name) != STORE_GRAPH.n3()}
    finally:
        store.close()
    return counts, union, quads


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, int], int, set[str]]:
    """The store a writer left when nothing went wrong."""
    path = tmp_path_factory.mktemp("clean") / "store"
    process = writer(path)
    process.communicate(timeout=300)
    assert process.returncode == 0
    return snapshot(path)


def assert_whole_articles(path: Path, clean: tuple[dict[str, int], int, set[str]]) -> None:
    """Each graph present is complete (and the union is theirs: see :func:`snapshot`)."""
    counts, _, _ = snapshot(path)
    for graph, n in counts.items():
        assert n == clean[0][graph], f"half an article: {graph} has {n} of {clean[0][graph]}"


@pytest.mark.slow
def test_sigkill_anywhere_leaves_whole_articles_and_a_rerun_is_the_clean_build(
    clean, tmp_path: Path
) -> None:
    path = tmp_path / "store"
    for point in ("1", "5", "10", "15", "20", "25", "30", "35", "39"):
        run_until(writer(path), point)
        assert_whole_articles(path, clean)
    run_until(writer(path, "optimize"), "optimizing")
    assert_whole_articles(path, clean)
    finish = writer(path)
    finish.communicate(timeout=300)
    assert finish.returncode == 0
    assert snapshot(path) == clean


@pytest.mark.slow
def test_a_second_writer_is_refused_and_told_who_writes(tmp_path: Path) -> None:
    path = tmp_path / "store"
    holder = writer(path, "hold")
    try:
        assert holder.stdout is not None
        for line in holder.stdout:
            if line.strip() == "done":
                break
        done = subprocess.run(
            [sys.executable, "-m", "kg", "build", str(TESTS / "data"), "--store", str(path)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 1
        assert len(done.stderr.splitlines()) == 1, done.stderr
        line = done.stderr.strip()
        assert f"being written by process {holder.pid}" in line and "wait for it" in line
        reader = subprocess.run(
            [sys.executable, "-m", "kg", "query", UNION, "--format", "csv", "--store", str(path)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert reader.returncode == 0 and int(reader.stdout.split()[-1]) > 0
    finally:
        holder.kill()
        holder.wait(30)


@pytest.mark.slow
def test_kg_query_answers_while_kg_build_writes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(30):
        # Long enough that extraction outlasts a reader's start-up on a loaded machine.
        (folder / f"talks-{n:02d}.txt").write_text(
            f"The foreign ministers of Chile and Peru met in Lima for round {n} of the talks. "
            + "They discussed trade, fisheries and the border at length. " * 60,
            encoding="utf-8",
        )
    store = tmp_path / "store"
    build = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(folder), "--store", str(store)],
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[dict[str, int]] = []
    store_args = ("--format", "csv", "--store", str(store))
    try:
        while build.poll() is None:
            if (store / "CURRENT").exists():
                reader = subprocess.run(
                    [sys.executable, "-m", "kg", "query", PER_GRAPH, *store_args],
                    capture_output=True,
                    text=True,
                    timeout=300,
                )
                assert reader.returncode == 0, reader.stderr
                rows = [line.split(",") for line in reader.stdout.splitlines()[1:]]
                seen.append({g: int(n) for g, n in rows})
            time.sleep(0.5)
    finally:
        build.wait(600)
    assert build.returncode == 0, build.stderr
    final = snapshot(store)[0]
    assert len(final) == 31 and str(MEETINGS_GRAPH) in final, "30 articles and their meetings"
    assert any(0 < len(counts) < 30 for counts in seen), "no read landed during the build"
    for counts in seen:
        for graph, n in counts.items():
            assert n == final[graph], f"half an article seen: {graph}"


@pytest.mark.slow
def test_a_store_on_a_read_only_mount_is_read(clean, tmp_path: Path) -> None:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true: the read-only mount test needs root and unshare")
        pytest.skip("needs root and unshare to mount a read-only copy")
    source = tmp_path / "store"
    finish = writer(source)
    finish.communicate(timeout=300)
    mount = tmp_path / "ro"
    mount.mkdir()
    python = sys.executable
    script = (
        f"mount --bind {source} {mount} && mount -o remount,bind,ro {mount} && "
        f'{python} -m kg query "{UNION}" --format csv --store {mount}; '
        f"{python} -m kg export {tmp_path / 'out.nq'} --store {mount}; "
        f"{python} -c 'from kg.store import open_store; open_store(\"{mount}\")'"
    )
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300
    )
    assert done.stdout.split()[-1] == str(clean[1])
    assert (tmp_path / "out.nq").stat().st_size > 0
    assert "read-only file system" in done.stderr.splitlines()[-1]
