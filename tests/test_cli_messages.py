"""What the command says when it is used wrongly or cut short: one clear line, no traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sample_facts import busan_facts
from servers import kg_serve

import kg
from kg.cli import main
from kg.errors import InputError


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small on-disk store: the hand-built Busan article, resolved."""
    path = tmp_path_factory.mktemp("messages") / "store"
    graph = kg.KnowledgeGraph(kg.open_store(str(path)))
    graph.resolve_meetings([graph.add(busan_facts("busan"))])
    graph.close()
    return path


def _kg(*argv: str, stdin_head: bool = False) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "kg", *argv]
    if not stdin_head:
        return subprocess.run(command, capture_output=True, text=True, timeout=120)
    # `kg ... | head -1`: the reader goes away after one line
    kg_process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    head = subprocess.run(["head", "-1"], stdin=kg_process.stdout, capture_output=True)
    assert kg_process.stdout is not None
    kg_process.stdout.close()
    _, err = kg_process.communicate(timeout=120)
    return subprocess.CompletedProcess(command, kg_process.returncode, head.stdout, err.decode())


@pytest.mark.parametrize(
    "argv",
    [
        ["query", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"],
        ["query", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "--format", "csv"],
        ["query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"],
        ["stats"],
    ],
)
def test_a_reader_that_stops_early_gets_no_traceback(store: Path, argv: list[str]) -> None:
    done = _kg(*argv, "--store", str(store), stdin_head=True)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    assert done.returncode == 0


def test_an_update_is_sent_to_kg_serve(capsys: pytest.CaptureFixture[str], store: Path) -> None:
    assert main(["query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "--store", str(store)]) == 1
    assert "updates go through `kg serve --allow-update`" in capsys.readouterr().err


def test_explain_asks_for_an_iri(capsys: pytest.CaptureFixture[str], store: Path) -> None:
    assert main(["explain", "hello", "--store", str(store)]) == 1
    err = capsys.readouterr().err
    assert "'hello' is not an IRI" in err and "SPARQL" not in err


@pytest.mark.parametrize("content", [None, "notes.csv", "letter.docx", "missing"])
def test_no_article_found_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | None
) -> None:
    folder = tmp_path / "news"
    if content != "missing":
        folder.mkdir()
    if content and content != "missing":
        (folder / content).write_text("Chile, Peru", encoding="utf-8")
    assert main(["build", str(folder), "--store", "memory"]) == 1
    err = capsys.readouterr().err
    assert f"no article found in {folder}" in err and ".txt, .md, .html, .htm, .jsonl" in err
    assert "0 articles" not in err
    with pytest.raises(InputError, match="no article found"):
        kg.build([str(folder)])


def test_a_taken_port_is_named(store: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = _kg("serve", "--store", str(store), "--port", str(port))
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"kg: error: port {port} on 127.0.0.1 is taken (another kg serve?); "
        "choose another with --port"
    )


def test_listening_beyond_loopback_warns(store: Path, tmp_path: Path) -> None:
    with kg_serve(store, tmp_path, "--host", "0.0.0.0", "--workers", "1") as (_, pid):
        assert pid
    log = next(tmp_path.glob("serve-*.log")).read_text(encoding="utf-8")
    assert "warning: listening on 0.0.0.0: the endpoint is open to the network" in log


@pytest.mark.parametrize("command", ["resolve", "explain", "serve"])
def test_every_command_describes_itself(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    description = out.split("\n\n")[1]
    assert description[0].isupper() and not description.startswith(("positional", "options"))
