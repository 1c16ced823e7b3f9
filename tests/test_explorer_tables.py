"""The explorer's tables saved in an on-disk store: a restart on an unchanged store loads
them without reading the store; a write, a damaged file or other settings never let an
old copy be served (a real Oxigraph store, a real server on loopback)."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from http_server import TOKEN, article_graph, call, running
from view_pages import hostile_graph

from kg.network import read_records
from kg.server.explorer import Explorer
from kg.server.tables import FILE_NAME
from kg.store import open_store
from kg.store.base import Store
from kg.store.stamp import READ, stamp
from kg.view.data import Caps, explorer_data

FORM = {"Content-Type": "application/x-www-form-urlencoded", "Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """An on-disk store of the three hostile articles and their canonical meetings."""
    hostile_graph(store=str(tmp_path / "store")).close()
    return tmp_path / "store"


def fresh(store: Store) -> Any:
    """The page's data as reading the store now gives it."""
    records = read_records(store.query)
    data = explorer_data(records, title="diplomatic-kg", caps=Caps(), inline=False)
    return json.loads(json.dumps(data))


class Counted:
    """A read-only store whose queries are counted (the server's own store handle)."""

    def __init__(self, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.store = open_store(path, read_only=True)
        self.asked: list[str] = []
        query = self.store.query

        def counting(sparql: str) -> Any:
            self.asked.append(sparql)
            return query(sparql)

        monkeypatch.setattr(self.store, "query", counting)


def served(store: Store, **options: Any) -> AbstractContextManager[str]:
    """A server on ``store`` with one query worker (the explorer reads in the server)."""
    return running(store, workers=1, **options)


def data_of(base: str) -> tuple[Any, str]:
    status, _, text = call(base, "GET", "/explorer/data.json")
    assert status == 200, text
    return json.loads(text), text


def test_every_write_through_kg_changes_the_stamp(tmp_path: Path) -> None:
    store = open_store(tmp_path / "store")
    seen = [stamp(store.query)]
    store.replace(article_graph("a", {"JPN": "Japan"}, meeting=False))
    seen.append(stamp(store.query))
    store.update("INSERT DATA { GRAPH <https://example.org/g> { <urn:s> <urn:p> 'o' } }")
    seen.append(stamp(store.query))
    store.remove("https://example.org/g")
    seen.append(stamp(store.query))
    store.update("DROP ALL")
    seen.append(stamp(store.query))
    assert seen[0] is None and None not in seen[1:] and len(set(seen)) == len(seen)
    assert store.graph_names() == [] and len(store) == 0
    assert not store.query("ASK { ?s ?p ?o }").askAnswer
    assert stamp(open_store("memory").query) is None
    store.close()


def test_a_restart_serves_the_saved_tables_without_reading_the_store(
    path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first = Counted(path, monkeypatch)
    with served(first.store) as base:
        built, built_text = data_of(base)
    assert built == fresh(first.store)
    assert (path / FILE_NAME).is_file() and len(first.asked) > 10
    first.store.close()

    again = Counted(path, monkeypatch)
    with served(again.store) as base:
        loaded, loaded_text = data_of(base)
        assert again.asked == [READ]  # the stamp; nothing read for the tables
        pair = [n for n, m in enumerate(loaded["meetings"]) if len(m[5]) == 2][:2]
        reports = json.loads(call(base, "GET", f"/explorer/reports?meetings={pair[0]}")[2])
        assert call(base, "GET", "/explorer/entity?index=0")[0] == 200
    assert loaded_text == built_text
    assert reports[str(pair[0])] and "warning" not in capsys.readouterr().err
    again.store.close()


def test_an_update_through_the_server_is_shown_and_saved(
    path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = open_store(path)
    article = "https://diplomatic-kg.org/id/article/x"
    update = f"INSERT DATA {{ GRAPH <{article}> {{ <{article}> a dip:Article }} }}"
    with served(store, allow_update=True, update_token=TOKEN) as base:
        before, _ = data_of(base)
        stamped = stamp(store.query)
        status, _, text = call(base, "POST", "/sparql", urlencode({"update": update}), **FORM)
        assert status == 200, text
        after, after_text = data_of(base)
    assert stamp(store.query) != stamped and "warning" not in capsys.readouterr().err
    assert after["meta"]["articles"] == before["meta"]["articles"] + 1 and after == fresh(store)
    store.close()

    again = Counted(path, monkeypatch)
    with served(again.store) as base:
        assert data_of(base)[1] == after_text
    assert again.asked == [READ]
    again.store.close()


def test_a_write_by_another_process_is_read_again(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reader = open_store(path, read_only=True)
    with served(reader) as base:
        data_of(base)
    reader.close()
    writer = open_store(path)
    writer.replace(article_graph("osaka", {"JPN": "Japan", "USA": "United States"}, meeting=True))
    writer.close()
    reader = open_store(path, read_only=True)
    with served(reader) as base:
        data, _ = data_of(base)
    assert data == fresh(reader) and data["meta"]["articles"] == 4
    warned = capsys.readouterr().err
    assert "are of an earlier state of the store; reading the store" in warned
    reader.close()


@pytest.mark.parametrize(
    "damage, reason",
    [
        (lambda b: b[:-100], "are cut short or padded"),
        (lambda b: b[:-50] + bytes(50), "checksum does not match"),
        (lambda b: b"PK\x03\x04" + b[4:], "are not the explorer's saved tables"),
        (lambda b: b.replace(b'"format": "', b'"format": "old-', 1), "another version of kg"),
    ],
)
def test_damaged_tables_are_never_served(
    path: Path, capsys: pytest.CaptureFixture[str], damage: Any, reason: str
) -> None:
    store = open_store(path, read_only=True)
    explorer = Explorer(store, lambda: 0)
    made = explorer.tables()
    saved = path / FILE_NAME
    good = saved.read_bytes()
    saved.write_bytes(damage(good))
    capsys.readouterr()
    again = explorer.tables()
    warned = capsys.readouterr().err.strip().splitlines()
    assert again == made and json.loads(again.body) == fresh(store)
    assert len(warned) == 1 and reason in warned[0] and warned[0].startswith("kg: warning:")
    assert saved.read_bytes() != damage(good)
    assert explorer.tables() == made and capsys.readouterr().err == ""
    store.close()


def test_tables_of_other_caps_are_not_served(path: Path) -> None:
    store = open_store(path, read_only=True)
    Explorer(store, lambda: 0).tables()
    few = Explorer(store, lambda: 0, caps=Caps(country_links=1)).tables()
    assert few.body == Explorer(store, lambda: 0, caps=Caps(country_links=1)).tables().body
    assert few.body != Explorer(store, lambda: 0).tables().body
    store.close()


def test_tables_that_cannot_be_saved_are_served_all_the_same(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (path / FILE_NAME).mkdir()  # neither a file to read nor a place to write one
    store = open_store(path, read_only=True)
    with served(store) as base:
        data, _ = data_of(base)
    assert data == fresh(store)
    warned = capsys.readouterr().err.strip().splitlines()
    assert [line.startswith("kg: warning:") for line in warned] == [True, True]
    assert "cannot be read" in warned[0] and "the next kg serve reads the store again" in warned[1]
    store.close()


@pytest.mark.parametrize("command", [["build", "{text}"], ["resolve"]])
def test_kg_build_and_resolve_save_the_tables_the_first_serve_loads(
    tmp_path: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.cli import main

    text = tmp_path / "talks.txt"
    text.write_text("Ghana's president met the president of Togo in Accra on 3 May 2019.",
                    encoding="utf-8")
    path = tmp_path / "store"
    assert main(["build", str(text), "--store", str(path)]) == 0
    (path / FILE_NAME).unlink()
    argv = [part.format(text=text) for part in command]
    assert main([*argv, "--store", str(path)]) == 0
    assert (path / FILE_NAME).is_file()

    first = Counted(path, monkeypatch)
    with served(first.store) as base:
        loaded, _ = data_of(base)
        assert first.asked == [READ]  # the stamp; the tables were saved by the command
    assert loaded == fresh(first.store) and loaded["meetings"]
    first.store.close()
