"""Stores: memory and on-disk Oxigraph behave the same; replace is idempotent and atomic."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib import XSD, Literal, URIRef
from sample_facts import busan_facts

from kg.errors import KGError, QueryError, StoreError
from kg.rdf import facts_to_graph
from kg.rdf.namespaces import STORE_GRAPH
from kg.store import open_store, register
from kg.store.base import FORMATS, Store
from kg.store.memory import MemoryStore
from kg.store.oxigraph import OxigraphStore

ARTICLE = "https://diplomatic-kg.org/id/article/trilateral-busan"
DIP = "PREFIX dip: <https://diplomatic-kg.org/ontology#>\n"


@pytest.fixture(params=["memory", "oxigraph"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    opened = open_store(None if request.param == "memory" else tmp_path / "store")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def busan() -> rdflib.Graph:
    return facts_to_graph(busan_facts())


class FailingGraph(rdflib.Graph):
    """A graph whose triples run out half way: a disk or network failure mid-replace."""

    def triples(self, pattern, context=None):  # type: ignore[no-untyped-def]
        for n, triple in enumerate(super().triples(pattern)):
            if n == 20:
                raise RuntimeError("source failed mid-way")
            yield triple


@pytest.mark.parametrize(
    "location, expected",
    [
        (None, MemoryStore),
        ("memory", MemoryStore),
        ("oxigraph:{tmp}/a", OxigraphStore),
        ("{tmp}/b", OxigraphStore),
    ],
)
def test_open_store_by_location(location: str | None, expected: type, tmp_path: Path) -> None:
    opened = open_store(location.format(tmp=tmp_path) if location else None)
    assert isinstance(opened, expected) and isinstance(opened, Store)
    opened.close()


def test_open_store_accepts_a_path(tmp_path: Path) -> None:
    opened = open_store(tmp_path / "p")
    assert isinstance(opened, OxigraphStore) and (tmp_path / "p").is_dir()
    opened.close()


def test_register_a_new_scheme() -> None:
    seen: list[str] = []

    def factory(location: str) -> Store:
        seen.append(location)
        return MemoryStore()

    register("kgtest+http", factory)
    assert isinstance(open_store("kgtest+http://example.org/sparql"), MemoryStore)
    assert seen == ["kgtest+http://example.org/sparql"]


def test_replace_twice_gives_the_same_quads(store: Store, busan: rdflib.Graph) -> None:
    store.replace(busan)
    first = len(store)
    store.replace(facts_to_graph(busan_facts()))
    assert first == len(busan) == len(store)
    assert store.graph_names() == [ARTICLE]


def test_optimize_keeps_every_quad_and_answer(store: Store, busan: rdflib.Graph) -> None:
    store.replace(busan)
    ask = DIP + 'ASK { ?e dip:status "planned" }'
    store.optimize()
    assert len(store) == len(busan)
    assert store.query(ask).askAnswer
    store.replace(busan)
    assert len(store) == len(busan)


def test_replace_drops_what_the_new_version_lacks(store: Store, busan: rdflib.Graph) -> None:
    store.replace(busan)
    store.replace(facts_to_graph(busan_facts(events=busan_facts().events[:1])))
    ask = DIP + 'ASK { ?e dip:status "planned" }'
    assert not store.query(ask).askAnswer
    assert len(store) < len(busan)


def test_graphs_are_kept_apart_and_removed(store: Store, busan: rdflib.Graph) -> None:
    store.replace(busan)
    store.replace(facts_to_graph(busan_facts("second-article")))
    assert len(store.graph_names()) == 2
    count = DIP + "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dip:Article }"
    assert int(store.query(count).bindings[0]["n"]) == 2
    store.remove("https://diplomatic-kg.org/id/article/second-article")
    store.remove("https://diplomatic-kg.org/id/article/never-there")
    assert store.graph_names() == [ARTICLE] and len(store) == len(busan)


def test_failure_mid_replace_keeps_the_old_graph(store: Store, busan: rdflib.Graph) -> None:
    store.replace(busan)
    broken = FailingGraph(identifier=URIRef(ARTICLE))
    broken += facts_to_graph(busan_facts(events=()))
    with pytest.raises(StoreError, match="mid-way"):
        store.replace(broken)
    assert len(store) == len(busan)
    assert store.query(DIP + 'ASK { ?e dip:status "planned" }').askAnswer


def test_oxigraph_rejects_a_bad_graph_and_keeps_the_old_one(
    tmp_path: Path, busan: rdflib.Graph
) -> None:
    store = OxigraphStore(tmp_path / "s")
    store.replace(busan)
    bad = rdflib.Graph(identifier=URIRef(ARTICLE))
    bad.add((URIRef("https://x.org/a"), URIRef("https://x.org/p"), Literal("ok")))
    bad.add((URIRef("relative-iri"), URIRef("https://x.org/p"), Literal("bad")))
    with pytest.raises(StoreError, match="cannot replace graph"):
        store.replace(bad)
    assert len(store) == len(busan)
    store.close()


@pytest.mark.parametrize(
    "sparql, check",
    [
        (
            DIP + "SELECT ?iso ?label WHERE { ?c dip:isoCode ?iso ; "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?iso",
            lambda r: (
                r.vars == [rdflib.Variable("iso"), rdflib.Variable("label")]
                and (r.bindings[0]["iso"], r.bindings[0]["label"])
                == (Literal("CHN"), Literal("China"))
                and len(r.bindings) == 4
            ),
        ),
        (
            DIP
            + "SELECT ?d WHERE { ?e dip:date ?d ; dip:locatedIn ?c . ?c dip:country ?k . "
            + '?k dip:isoCode "KOR" }',
            lambda r: r.bindings[0]["d"] == Literal("2023-11-26", datatype=XSD.date),
        ),
        (
            DIP
            + 'SELECT ?s WHERE { ?e dip:evidence ?s ; dip:status "negated" . ?s dip:start ?s0 }',
            lambda r: isinstance(r.bindings[0]["s"], URIRef),
        ),
        (
            DIP
            + 'SELECT ?x ?missing WHERE { ?x dip:shortName "UN" '
            + "OPTIONAL { ?x dip:role ?missing } }",
            lambda r: r.bindings[0].get("missing") is None,
        ),
        (DIP + "ASK { ?a dip:meets ?b }", lambda r: r.type == "ASK" and r.askAnswer is True),
        (DIP + 'ASK { ?a dip:status "rumoured" }', lambda r: r.askAnswer is False),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", lambda r: len(r.graph) == 202),
        ("DESCRIBE <https://diplomatic-kg.org/id/country/CHN>", lambda r: len(r.graph) >= 4),
    ],
)
def test_query_returns_rdflib_results(
    store: Store, busan: rdflib.Graph, sparql: str, check
) -> None:  # type: ignore[no-untyped-def]
    store.replace(busan)
    assert check(store.query(sparql))


@pytest.mark.parametrize(
    "sparql",
    [
        "SELEC ?x WHERE { ?x ?y ?z }",
        "SELECT ?x WHERE { ?x ?y }",
        "PREFIX : <x> ASK { ?x :p undefined:y }",
        "",
    ],
)
def test_bad_query_raises_query_error(store: Store, sparql: str) -> None:
    with pytest.raises(QueryError, match="SPARQL"):
        store.query(sparql)


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_export_reparses(store: Store, busan: rdflib.Graph, tmp_path: Path, suffix: str) -> None:
    store.replace(busan)
    store.replace(facts_to_graph(busan_facts("second-article")))
    path = tmp_path / f"out{suffix}"
    store.export(path)
    dataset = rdflib.Dataset()
    dataset.parse(path, format=FORMATS[suffix])
    named = {str(g.identifier) for g in dataset.graphs() if len(g)}
    total = sum(len(g) for g in dataset.graphs())
    if suffix in (".trig", ".nq", ".jsonld"):
        assert total == len(store) and len(named) == 2
    else:
        union = rdflib.Graph()
        union += busan
        union += facts_to_graph(busan_facts("second-article"))
        assert total == len(union) < len(store)


def test_export_unknown_extension_names_the_file(store: Store, tmp_path: Path) -> None:
    with pytest.raises(KGError, match=r"graph\.xyz"):
        store.export(tmp_path / "graph.xyz")


def test_oxigraph_persists_across_reopen(tmp_path: Path, busan: rdflib.Graph) -> None:
    store = open_store(tmp_path / "db")
    store.replace(busan)
    store.close()
    again = open_store(f"oxigraph:{tmp_path / 'db'}")
    assert len(again) == len(busan) and again.graph_names() == [ARTICLE]
    again.close()


def test_oxigraph_locked_store_is_a_store_error(tmp_path: Path) -> None:
    first = open_store(tmp_path / "db")
    with pytest.raises(StoreError, match=r"being written by process \d+ .*pytest") as info:
        open_store(tmp_path / "db")
    assert "\n" not in str(info.value)
    first.close()


def test_oxigraph_not_a_directory_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("not a store")
    with pytest.raises(StoreError, match=r"file\.txt"):
        open_store(tmp_path / "file.txt")


def test_closed_oxigraph_store_says_so(tmp_path: Path) -> None:
    store = open_store(tmp_path / "db")
    store.close()
    with pytest.raises(StoreError, match="closed"):
        len(store)


def copy_as(graph: rdflib.Graph, iri: str) -> rdflib.Graph:
    twin = rdflib.Graph(identifier=URIRef(iri))
    for triple in graph:
        twin.add(triple)
    return twin


UNION_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_union_counts_a_triple_shared_by_graphs_once(store: Store, busan: rdflib.Graph) -> None:
    store.replace(busan)
    alone = int(store.query(UNION_COUNT).bindings[0]["n"])
    store.replace(copy_as(busan, "https://diplomatic-kg.org/id/article/twin"))
    assert int(store.query(UNION_COUNT).bindings[0]["n"]) == alone == len(busan)
    assert len(store) == 2 * len(busan)


def test_removing_one_graph_keeps_the_triples_another_holds(
    store: Store, busan: rdflib.Graph
) -> None:
    store.replace(busan)
    twin = "https://diplomatic-kg.org/id/article/twin"
    store.replace(copy_as(busan, twin))
    store.remove(str(busan.identifier))
    assert int(store.query(UNION_COUNT).bindings[0]["n"]) == len(busan)
    store.remove(twin)
    assert int(store.query(UNION_COUNT).bindings[0]["n"]) == 0
    assert len(store) == 0


def test_update_is_seen_by_queries(store: Store, busan: rdflib.Graph) -> None:
    store.replace(busan)
    store.update(
        "INSERT DATA { GRAPH <https://diplomatic-kg.org/id/article/new> "
        "{ <https://example.org/s> <https://example.org/p> 'o' } }"
    )
    assert store.query("ASK { <https://example.org/s> <https://example.org/p> 'o' }").askAnswer
    assert len(store) == len(busan) + 1


#: The default graph is the union of the named graphs, but the store's stamp (kg.store.stamp).
NAMED = f"GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{STORE_GRAPH}>)"
UNION_IS_NAMED = (
    f"ASK {{ {{ ?s ?p ?o FILTER NOT EXISTS {{ {NAMED} }} }} UNION "
    f"{{ {NAMED} FILTER NOT EXISTS {{ ?s ?p ?o }} }} }}"
)
S, P = "<https://example.org/s>", "<https://example.org/p>"
G1, G2 = "<https://diplomatic-kg.org/id/article/g1>", "<https://diplomatic-kg.org/id/article/g2>"


@pytest.mark.parametrize(
    "updates, present",
    [
        ([f"INSERT DATA {{ GRAPH {G1} {{ {S} {P} 'a' }} }}"], True),
        (
            [
                f"INSERT DATA {{ GRAPH {G1} {{ {S} {P} 'a' }} GRAPH {G2} {{ {S} {P} 'a' }} }}",
                f"DELETE DATA {{ GRAPH {G1} {{ {S} {P} 'a' }} }}",
            ],
            True,
        ),
        (
            [
                f"INSERT DATA {{ GRAPH {G1} {{ {S} {P} 'a' }} GRAPH {G2} {{ {S} {P} 'a' }} }}",
                f"DROP GRAPH {G1} ; CLEAR SILENT GRAPH {G2}",
            ],
            False,
        ),
        ([f"INSERT DATA {{ GRAPH {G1} {{ {S} {P} 'a' }} }} ; DROP GRAPH {G1}"], False),
        ([f"INSERT DATA {{ {S} {P} 'a' }}"], False),
        ([f"INSERT DATA {{ GRAPH {G1} {{ {S} {P} _:b }} }}"], None),
        ([f"INSERT {{ GRAPH {G1} {{ ?s {P} 'a' }} }} WHERE {{ ?s a ?t }}"], None),
        ([f"INSERT DATA {{ GRAPH {G1} {{ {S} {P} 'a' }} }}", "DROP ALL"], False),
        ([f"INSERT DATA {{ GRAPH {G1} {{ {S} {P} 'a' }} }}", "CLEAR DEFAULT"], None),
        ([f"INSERT DATA {{ GRAPH {G1} {{ {S} {P} 'a' }} }} # done;"], True),
        # As kg writes its own updates: one statement a line, read without rdflib.
        ([f"INSERT DATA {{\nGRAPH {G1} {{\n{S} {P} \"a }} .\" .\n{S} {P} \"a\" .\n}}\n}}"], True),
        (
            [
                f"INSERT DATA {{\nGRAPH {G1} {{\n{S} {P} \"a\" .\n}}\nGRAPH {G2} {{\n"
                f"{S} {P} \"a\" .\n}}\n}}",
                f"DELETE DATA {{\nGRAPH {G1} {{\n{S} {P} \"a\" .\n}}\n}} ;\n"
                f"DELETE DATA {{\nGRAPH {G2} {{\n{S} {P} \"a\" .\n}}\n}}",
            ],
            False,
        ),
    ],
)
def test_updates_keep_the_default_graph_the_union(
    store: Store, busan: rdflib.Graph, updates: list[str], present: bool | None
) -> None:
    if isinstance(store, MemoryStore) and "GRAPH" not in updates[0]:
        pytest.skip("rdflib's union Dataset cannot write its default graph")
    store.replace(busan)
    for update in updates:
        store.update(update)
    assert not store.query(UNION_IS_NAMED).askAnswer
    if present is not None:
        assert store.query(f"ASK {{ {S} {P} 'a' }}").askAnswer is present


@pytest.mark.parametrize(
    "update, lines",
    [
        (f"INSERT DATA {{\nGRAPH {G1} {{\n{S} {P} \"a\" .\n}}\n}} ;\nDELETE DATA {{\n"
         f"GRAPH {G2} {{\n{S} {P} \"b\" .\n}}\n}}", [f'{S} {P} "a" .', f'{S} {P} "b" .']),
        (f"INSERT DATA {{ GRAPH {G1} {{ {S} {P} 'a' }} }}", None),
        (f"PREFIX e: <https://example.org/>\nINSERT DATA {{\nGRAPH {G1} {{\ne:s e:p 1 .\n}}\n}}",
         None),
        (f"INSERT DATA {{\nGRAPH {G1} {{\n{S} {P} _:b .\n}}\n}}", None),
        (f"INSERT DATA {{\nGRAPH {G1} {{\n{S} {P} \"\"\"a .\nb\"\"\" .\n}}\n}}", None),
        (f"DELETE {{\nGRAPH {G1} {{\n{S} {P} ?o .\n}}\n}} WHERE {{ ?s ?p ?o }}", None),
    ],
)
def test_updates_written_as_kg_writes_them_are_read_without_rdflib(
    update: str, lines: list[str] | None
) -> None:
    from kg.store.union import data_lines

    assert data_lines(update) == lines


def test_data_updates_never_rebuild_the_union() -> None:
    from kg.store.parsing import parse_update
    from kg.store.union import RESYNC, maintained

    cheap = f"INSERT DATA {{ GRAPH {G1} {{ {S} {P} 'a' }} }} ; DROP GRAPH {G2}"
    assert RESYNC not in maintained(cheap, parse_update(cheap).algebra)
    costly = f"DELETE {{ GRAPH {G1} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {G1} {{ ?s ?p ?o }} }}"
    assert RESYNC in maintained(costly, parse_update(costly).algebra)


def test_a_reader_cannot_write_and_follows_the_writer(tmp_path: Path, busan) -> None:
    writer = open_store(tmp_path / "db")
    reader = open_store(tmp_path / "db", read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        reader.replace(busan)
    writer.replace(busan)
    writer.close()
    assert isinstance(reader, OxigraphStore)
    reader.follow(force=True)
    assert reader.graph_names() == [ARTICLE]
    reader.close()
    with pytest.raises(StoreError, match="no store here"):
        open_store(tmp_path / "absent", read_only=True)
