"""Only regular files are read: named pipes, sockets and devices in a folder are skipped
with one line each and never opened; a broken or looping symlink is an error for that
entry alone; the rest of the folder is read.

A reader that opened a named pipe would wait forever, so every check runs in a child
process with a time limit: a regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

PARAGRAPH = "The foreign ministers of Chile and Peru met in Lima on Monday to discuss trade."

LIST_ARTICLES = """
import json, sys
from kg.corpus import iter_articles
out = []
for item in iter_articles(sys.argv[1:]):
    out.append(["article", item.identifier] if hasattr(item, "text") else ["error", str(item)])
print(json.dumps(out))
"""


def hostile_folder(folder: Path) -> Path:
    """Good articles beside a named pipe, a socket, two symlinks pointing at each other,
    a broken symlink and a symlink to a device, all with article names."""
    folder.mkdir()
    (folder / "good.txt").write_text(PARAGRAPH, encoding="utf-8")
    (folder / "zz-last.md").write_text(PARAGRAPH, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock.jsonl"))
    (folder / "loop-a.txt").symlink_to("loop-b.txt")
    (folder / "loop-b.txt").symlink_to("loop-a.txt")
    (folder / "broken.html").symlink_to("nowhere.html")
    (folder / "zero.txt").symlink_to("/dev/zero")
    return folder


def list_articles(*paths: Path) -> list[list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", LIST_ARTICLES, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_only_regular_files_are_read_and_each_bad_entry_is_one_line(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path / "in")
    items = list_articles(folder)
    assert [i for kind, i in items if kind == "article"] == ["good", "zz-last"]
    errors = {Path(line.split(": ")[0]).name: line for kind, line in items if kind == "error"}
    assert set(errors) == {"pipe.txt", "sock.jsonl", "loop-a.txt", "loop-b.txt",
                           "broken.html", "zero.txt"}, errors
    assert "named pipe" in errors["pipe.txt"] and "never opened" in errors["pipe.txt"]
    assert "socket" in errors["sock.jsonl"]
    assert "character device" in errors["zero.txt"]
    for name in ("loop-a.txt", "loop-b.txt"):
        assert "looping symlink (Too many levels of symbolic links)" in errors[name]
    assert "broken or looping symlink (No such file or directory)" in errors["broken.html"]


def test_a_pipe_or_a_loop_named_by_itself_is_one_error(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path / "in")
    paths = [folder / name for name in ("pipe.txt", "loop-a.txt", "sock.jsonl", "good.txt")]
    items = list_articles(*paths)
    assert [kind for kind, _ in items] == ["error", "error", "error", "article"], items
    assert "named pipe" in items[0][1]
    assert "broken or looping symlink" in items[1][1]


@pytest.mark.slow
def test_a_build_beside_a_pipe_stores_the_good_articles(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path / "in")
    store = tmp_path / "store"
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(folder), "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("kg: error: ")]
    assert len(errors) == 6, errors
    assert done.stderr.splitlines()[-1].startswith("kg: 2 articles"), done.stderr
