"""PLOVER JSON Lines export of the coded actions read back from a store."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import rdflib

from kg.errors import KGError
from kg.plover import plover_records, write_jsonl
from kg.rdf import facts_to_graph
from kg.store import open_store
from kg.types import Action, Article, Country, Evidence, Facts, Organization

FRA = Country("FRA", "France", "Q142")
RUS = Country("RUS", "Russia", "Q159")
UN = Organization("UN", "United Nations", "Q1065")
TEXT = "France condemned Russia on Monday. The UN may impose sanctions on Russia."


def _evidence(sentence: str) -> Evidence:
    start = TEXT.index(sentence)
    return Evidence(sentence, start, start + len(sentence))


FACTS = Facts(
    article=Article(identifier="paris-note", text=TEXT, date=dt.date(2024, 3, 6),
                    source="https://example.org/paris-note"),
    countries=(FRA, RUS),
    organizations=(UN,),
    actions=(
        Action("DISAPPROVE", FRA, RUS, _evidence("France condemned Russia on Monday."),
               cameo="111", date="2024-03-04"),
        Action("SANCTION", UN, RUS, _evidence("The UN may impose sanctions on Russia."),
               cameo="163", status="hypothetical"),
    ),
)


@pytest.fixture()
def store():
    store = open_store("memory")
    store.replace(facts_to_graph(FACTS))
    yield store
    store.close()


def test_records_from_store(store):
    records = list(plover_records(store))
    assert [r["event"] for r in records] == ["DISAPPROVE", "SANCTION"]
    first, second = records
    assert first["source"] == [{"actorText": "France", "code": "FRA"}]
    assert first["target"] == [{"actorText": "Russia", "code": "RUS"}]
    assert first["date"] == "2024-03-04"
    assert first["text"] == "France condemned Russia on Monday."
    assert (first["cameo"], first["mode"], first["status"]) == ("111", "disapprove", "occurred")
    assert first["article"] == {"identifier": "paris-note",
                                "source": "https://example.org/paris-note"}
    assert second["source"] == [{"actorText": "United Nations", "code": "UN"}]
    assert (second["status"], second["date"], second["context"]) == (
        "hypothetical", None, "diplomatic")
    assert first["id"] != second["id"]


def test_records_from_a_dataset_without_default_union():
    dataset = rdflib.Dataset()
    graph = facts_to_graph(FACTS)
    named = dataset.graph(graph.identifier)
    for triple in graph:
        named.add(triple)
    assert [r["event"] for r in plover_records(dataset)] == ["DISAPPROVE", "SANCTION"]


def test_empty_store_has_no_records():
    assert list(plover_records(open_store("memory"))) == []


def test_write_jsonl_round_trip(store, tmp_path):
    path = tmp_path / "events.jsonl"
    assert write_jsonl(plover_records(store), path) == 2
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["event"] for line in lines] == ["DISAPPROVE", "SANCTION"]


def test_write_jsonl_unwritable(tmp_path):
    with pytest.raises(KGError):
        write_jsonl([{"id": "x"}], tmp_path / "missing" / "events.jsonl")


def test_not_a_store():
    with pytest.raises(KGError):
        list(plover_records(object()))


def test_coded_actions_survive_the_store(nlp):
    from kg.nlp.actions import code_actions

    text = "Kenya expelled two Ugandan diplomats on Tuesday."
    actions = code_actions(nlp(text), dt.date(2024, 3, 8))
    facts = Facts(article=Article(identifier="nairobi", text=text), actions=actions)
    store = open_store("memory")
    store.replace(facts_to_graph(facts))
    (record,) = plover_records(store)
    assert (record["event"], record["source"][0]["code"], record["target"][0]["code"],
            record["date"], record["article"]["identifier"]) == (
        "SANCTION", "KEN", "UGA", "2024-03-05", "nairobi")
