"""Canonical people: one per real person across articles, linked to Wikidata from the table."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.cli import main
from kg.network.records import read_records
from kg.people import PEOPLE_GRAPH, Mention, link, people

ID = "https://diplomatic-kg.org/id/"


def mention(label: str, side: str | None = None, role: str | None = None) -> Mention:
    return Mention(
        iri=f"{ID}person/{label.lower().replace(' ', '-')}",
        labels=frozenset({label}),
        sides=frozenset({f"{ID}country/{side}"} if side else ()),
        roles=frozenset({role} if role else ()),
    )


@pytest.mark.parametrize(
    "label, side, role, name, wikidata",
    [
        ("Joseph R. Biden Jr.", "USA", "president", "Joe Biden", "Q6279"),
        ("Biden", "USA", "president", "Joe Biden", "Q6279"),
        ("Mr Gordon Brown", "GBR", "prime minister", "Gordon Brown", "Q10648"),
        ("Volodymyr Zelenskyy", "UKR", "president", "Volodymyr Zelensky", "Q3874799"),
        ("Boris Yeltsin", None, None, "Boris Yeltsin", "Q34453"),
        # a table name of another side, a surname without a side, two office holders
        # of one surname, and someone the table does not know: each a person of their own
        ("Joe Biden", "MEX", "president", None, None),
        ("Biden", None, "president", None, None),
        ("Bush", "USA", "president", None, None),
        ("Ana Quispe", "PER", "foreign minister", None, None),
    ],
)
def test_link(label: str, side: str | None, role: str | None, name: str | None,
              wikidata: str | None) -> None:
    found = link(mention(label, side, role))
    if name is None:
        assert found.key.startswith("own:") and found.wikidata is None, found
    else:
        assert (found.name, found.wikidata) == (name, wikidata), found


def test_spellings_of_one_office_holder_are_one_person() -> None:
    found = people([mention("Joe Biden", "USA", "president"),
                    mention("Joseph Biden", "USA", "president"),
                    mention("Biden", "USA", "president"),
                    mention("Ana Quispe", "PER", "foreign minister")])
    assert [(p.name, len(p.mentions)) for p in found] == [("Ana Quispe", 1), ("Joe Biden", 3)]
    assert found[1].iri == f"{ID}person/usa-joe-biden"


ARTICLES = {
    "one": ("Lima talks", "2022-05-03",
            "President Joseph R. Biden Jr. of the United States met Peruvian Foreign "
            "Minister Ana Quispe in Lima on 2 May 2022."),
    "two": ("Talks in Lima", "2022-06-06",
            "U.S. President Joe Biden met Peruvian Foreign Minister Ana Quispe in Lima on "
            "5 June 2022. Biden said the talks went well."),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("people")
    for name, (title, date, text) in ARTICLES.items():
        (folder / f"{name}.txt").write_text(
            f"---\ntitle: {title}\ndate: {date}\n---\n{text}\n", encoding="utf-8")
    path = folder / "store"
    kg.build([str(folder)], store=str(path)).close()
    return path


def test_a_build_resolves_people_with_wikidata(store: Path) -> None:
    graph = kg.KnowledgeGraph(kg.open_store(str(store), read_only=True))
    rows = list(graph.query(f"""PREFIX dip: <https://diplomatic-kg.org/ontology#>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?c ?same (COUNT(DISTINCT ?p) AS ?n) WHERE {{ GRAPH <{PEOPLE_GRAPH}> {{
          ?c a dip:CanonicalPerson ; rdfs:label "Joe Biden" ; dip:mentionedAs ?p .
          OPTIONAL {{ ?c owl:sameAs ?same }} }} }} GROUP BY ?c ?same"""))
    assert [(str(c), str(s), int(n)) for c, s, n in rows] == [
        (f"{ID}person/usa-joe-biden", "http://www.wikidata.org/entity/Q6279", 2)]
    records = read_records(graph.store.query, details=True)
    people_ = sorted(e.label for e in records.entities.values() if e.kind == "person")
    assert people_ == ["Ana Quispe", "Joe Biden"]
    biden = records.entities[f"{ID}person/usa-joe-biden"]
    assert "Joseph R. Biden Jr." in biden.aliases  # search finds the person by it
    attendees = {a for m in records.meetings for a in m.attendees}
    assert f"{ID}person/usa-joe-biden" in attendees
    assert f"{ID}person/usa-joseph-r-biden-jr" not in attendees
    graph.close()


def test_stats_and_explain_show_the_person(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--store", str(store)]) == 0
    lines = {line.split("  ")[0].strip(): line.split()[-1]
             for line in capsys.readouterr().out.splitlines()}
    assert lines["people"] == "2"
    assert main(["explain", f"{ID}person/usa-joseph-r-biden-jr", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Joe Biden\n<{ID}person/usa-joe-biden>\nWikidata: ")
    assert "'Joseph R. Biden Jr.': a form of 'Joe Biden' in the leaders table" in out
    assert main(["explain", f"{ID}person/nobody", "--store", str(store)]) == 1
    assert "no such person" in capsys.readouterr().err


def test_a_name_written_without_its_accents_shows_the_tables_spelling(tmp_path: Path) -> None:
    """The article's person and the canonical person share an IRI here (the same slug):
    the union holds both spellings, and every surface names the people graph's."""
    (tmp_path / "visit.txt").write_text(
        "---\ntitle: Border talks\ndate: 2019-04-10\n---\nMexican President Andres Manuel "
        "Lopez Obrador met Guatemalan President Jimmy Morales in Tapachula on 9 April 2019.\n",
        encoding="utf-8")
    with kg.build([str(tmp_path / "visit.txt")], store=str(tmp_path / "store")) as graph:
        records = read_records(graph.store.query)
        iri = f"{ID}person/mex-andres-manuel-lopez-obrador"
        assert records.entities[iri].label == "Andrés Manuel López Obrador"
        labels = {str(label) for (label,) in graph.query(
            f"SELECT ?l WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}")}
        assert labels == {"Andrés Manuel López Obrador", "Andres Manuel Lopez Obrador"}
