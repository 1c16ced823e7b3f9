"""``kg build`` as a real process: a budget per article, articles stored as they finish,
workers that die with the build, a full disk's summary.

The dense article is the bundled corpus run into one line, 200,000 characters (about
30 s of extraction on a quiet 2-core machine, far more than the budgets set here and far
less than the defaults).
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from kg.rdf.namespaces import article_iri

#: Builds that wait out a time budget or kill processes: seconds each.
pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOOD = "The foreign ministers of Chile and Peru met in Lima on Monday to discuss trade."
ARTICLES = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dip:Article }"


def dense_text(size: int) -> str:
    """The corpus articles as one line of ``size`` characters."""
    texts = (p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*.txt")))
    words = " ".join(" ".join(text.split()) for text in texts)
    while len(words) < size:
        words = f"{words} {words}"
    return words[:size]


def folder_with_dense(folder: Path, good: int, dense_size: int = 200_000) -> Path:
    folder.mkdir()
    (folder / "a-dense.txt").write_text(dense_text(dense_size), encoding="utf-8")
    for n in range(good):
        (folder / f"good-{n:03}.txt").write_text(f"{GOOD} Round {n}.", encoding="utf-8")
    return folder


def kg(*argv: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *argv], capture_output=True, text=True, timeout=timeout
    )


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("kg: error: ")]


def stored(store: Path) -> int:
    done = kg("query", ARTICLES, "--format", "csv", "--store", str(store))
    return int(done.stdout.split()[-1]) if done.returncode == 0 else 0


@pytest.mark.parametrize(
    ("option", "value", "budget"),
    [("--article-timeout", "3", "time budget of 3 s"), ("--article-memory", "150", "150 MB")],
)
def test_an_article_over_its_budget_is_one_error_and_the_rest_is_stored(
    option: str, value: str, budget: str, tmp_path: Path
) -> None:
    folder = folder_with_dense(tmp_path / "in", good=3)
    store = tmp_path / "store"
    done = kg("build", str(folder), "--store", str(store), option, value)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    (line,) = errors(done.stderr)
    assert line.startswith(f"kg: error: {folder / 'a-dense.txt'}: over the "), line
    assert budget in line and f"raise it with {option}" in line
    assert done.stderr.splitlines()[-1].startswith("kg: 3 articles"), done.stderr
    assert stored(store) == 3


def family(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def kill_all(processes: list[psutil.Process]) -> None:
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()


def test_finished_articles_are_stored_while_a_slow_one_runs_and_kill_9_leaves_no_worker(
    tmp_path: Path,
) -> None:
    """The dense article comes first and takes minutes (no budget); the good ones finish
    on the other worker, are stored at once, and a kill -9 of the build then keeps them
    and leaves no worker behind."""
    folder = folder_with_dense(tmp_path / "in", good=40, dense_size=1_000_000)
    store = tmp_path / "store"
    command = [sys.executable, "-m", "kg", "build", str(folder), "--store", str(store)]
    build = subprocess.Popen(
        [*command, "--workers", "2", "--article-timeout", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    children: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 300
        while stored(store) < 40:
            assert build.poll() is None, build.stderr.read() if build.stderr else ""
            assert time.monotonic() < deadline, "the good articles were never stored"
            time.sleep(1)
        children = family(build.pid)
        assert len(children) >= 2, children
        build.send_signal(signal.SIGKILL)
        build.wait(30)
        _, alive = psutil.wait_procs(children, timeout=10)
        assert not alive, f"workers outlived the build: {alive}"
    finally:
        kill_all([*children, *family(build.pid)])
        build.kill()
        build.wait(30)
        if build.stderr:
            build.stderr.close()
    assert stored(store) == 40
    graphs = kg("query", "SELECT ?g { GRAPH ?g {} }", "--store", str(store)).stdout
    assert str(article_iri("a-dense")) not in graphs


def test_kill_9_of_a_dask_build_leaves_no_worker(tmp_path: Path) -> None:
    folder = folder_with_dense(tmp_path / "in", good=2, dense_size=1_000_000)
    command = [sys.executable, "-m", "kg", "build", str(folder), "--store", str(tmp_path / "s")]
    build = subprocess.Popen(
        [*command, "--dask", "local", "--article-timeout", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 300
        while not any(p.cpu_percent(0.5) > 50 for p in family(build.pid)):
            assert build.poll() is None
            assert time.monotonic() < deadline, "no Dask worker started"
            time.sleep(1)
        time.sleep(3)
        children = family(build.pid)
        build.send_signal(signal.SIGKILL)
        build.wait(30)
        _, alive = psutil.wait_procs(children, timeout=10)
        assert not alive, f"Dask workers outlived the build: {alive}"
    finally:
        kill_all([*children, *family(build.pid)])
        build.kill()
        build.wait(30)
