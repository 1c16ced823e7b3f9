"""RemoteStore against real servers on loopback: Oxigraph server and OpenLink Virtuoso."""

from __future__ import annotations

import functools

import pytest
import rdflib
import servers
from rdflib import RDF, RDFS, XSD, Literal, Namespace
from rdflib.compare import isomorphic
from sample_facts import busan_facts

from kg import queries
from kg.errors import QueryError, StoreError
from kg.meetings import resolve
from kg.rdf import article_iri, facts_to_graph
from kg.store import open_store
from kg.store.base import Store
from kg.store.remote import UPDATE_ENV, RemoteStore, factory

DIP = Namespace("https://diplomatic-kg.org/ontology#")
ID = Namespace("https://diplomatic-kg.org/id/")
DCT = Namespace("http://purl.org/dc/terms/")
PREFIXES = "".join(
    f"PREFIX {p}: <{ns}>\n" for p, ns in [("dip", DIP), ("rdfs", RDFS), ("dcterms", DCT)]
)
#: Full IRIs: Virtuoso does not read escapes like id:country\/FRA in prefixed names.
FRA, JPN = (f"<{ID['country/' + code]}>" for code in ("FRA", "JPN"))
#: What each server's own error message says about a syntax error.
SYNTAX_ERROR_MARK = {"oxigraph": "error at", "virtuoso": "SP030"}


def article(slug: str, countries: dict[str, str], when: str = "2023-11-26") -> rdflib.Graph:
    """A small article graph in the shape of the RDF contract, with awkward literals."""
    name = ID[f"article/{slug}"]
    graph = rdflib.Graph(identifier=name)
    event, sentence = ID[f"event/{slug}-1"], ID[f"sentence/{slug}-1"]
    graph.add((name, RDF.type, DIP.Article))
    graph.add((name, DCT.identifier, Literal(slug)))
    graph.add((name, DCT.title, Literal(f'Talks in "Busan" — 부산 ({slug})', lang="en")))
    graph.add((event, RDF.type, DIP.Meeting))
    graph.add((event, DIP.date, Literal(when, datatype=XSD.date)))
    graph.add((event, DIP.evidence, sentence))
    graph.add((sentence, DIP.text, Literal("Line one,\nline two with a \\ backslash.")))
    graph.add((sentence, DIP.start, Literal(120)))
    for code, label in countries.items():
        country = ID[f"country/{code}"]
        graph.add((name, DIP.mentions, country))
        graph.add((country, RDF.type, DIP.Country))
        graph.add((country, RDFS.label, Literal(label)))
        graph.add((country, DIP.isoCode, Literal(code)))
        graph.add((event, DIP.participant, country))
    return graph


BUSAN = article("busan", {"CHN": "China", "JPN": "Japan", "KOR": "South Korea"})
PARIS = article("paris", {"FRA": "France", "KOR": "South Korea"}, when="2024-02-01")


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory):
    with servers.oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    with servers.virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as endpoint:
        yield endpoint


@pytest.fixture(params=["oxigraph", pytest.param("virtuoso", marks=pytest.mark.slow)])
def endpoint(request) -> servers.Endpoint:
    return request.getfixturevalue(request.param)


@pytest.fixture
def store(endpoint):
    """An empty store on the server (graphs left by an earlier test are dropped)."""
    remote = RemoteStore(endpoint.query, endpoint.update, retries=2, backoff=0.05)
    for name in remote.graph_names():
        remote.remove(name)
    yield remote
    remote.close()


def test_remote_store_is_a_store(store):
    assert isinstance(store, Store)
    assert store.graph_names() == []
    assert len(store) == 0


def test_replace_twice_keeps_one_copy(store):
    store.replace(BUSAN)
    store.replace(BUSAN)
    assert len(store) == len(BUSAN)
    assert store.graph_names() == [str(BUSAN.identifier)]


def test_replace_swaps_the_whole_graph(store):
    store.replace(BUSAN)
    newer = article("busan", {"USA": "United States"}, when="2023-11-27")
    newer.remove((None, DCT.title, None))
    store.replace(newer)
    got = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{BUSAN.identifier}> {{ ?s ?p ?o }} }}"
    )
    assert isomorphic(got.graph, newer)


def test_second_article_leaves_the_first(store):
    store.replace(BUSAN)
    store.replace(PARIS)
    assert store.graph_names() == sorted([str(BUSAN.identifier), str(PARIS.identifier)])
    assert len(store) == len(BUSAN) + len(PARIS)


def test_remove_drops_one_graph_and_ignores_missing_ones(store):
    store.replace(BUSAN)
    store.replace(PARIS)
    store.remove(str(BUSAN.identifier))
    store.remove("https://diplomatic-kg.org/id/article/never-stored")
    assert store.graph_names() == [str(PARIS.identifier)]
    assert len(store) == len(PARIS)


def test_update_runs_sparql_update_on_the_server(store):
    store.replace(BUSAN)
    store.update(
        PREFIXES + f"INSERT DATA {{ GRAPH <{BUSAN.identifier}> {{ {FRA} dip:isoCode 'FRA' }} }} ;"
        f"DELETE WHERE {{ GRAPH <{BUSAN.identifier}> {{ ?c dip:isoCode 'JPN' }} }}"
    )
    codes = store.query(PREFIXES + "SELECT ?code WHERE { ?c dip:isoCode ?code }")
    assert {str(row[0]) for row in codes} == {"CHN", "FRA", "KOR"}
    assert len(store) == len(BUSAN)


@pytest.mark.parametrize("sparql", ["INSERT DATE { <a:b> <a:c> <a:d> }", "DROP GRAF <a:b>"])
def test_bad_update_raises_query_error_with_server_message(store, endpoint, sparql):
    with pytest.raises(QueryError) as caught:
        store.update(sparql)
    assert endpoint.update in str(caught.value)
    assert SYNTAX_ERROR_MARK[endpoint.name] in str(caught.value)


def _answer(result):
    """A query result as plain Python: bool for ASK, a set of rows or triples otherwise."""
    if result.type == "ASK":
        return result.askAnswer
    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        return {tuple(str(term) for term in triple) for triple in result.graph}
    return {tuple(str(term) for term in row) for row in result}


@pytest.mark.parametrize(
    "sparql, expected",
    [
        (
            "SELECT ?label WHERE { ?c dip:isoCode 'KOR' ; rdfs:label ?label }",
            {("South Korea",)},
        ),
        (
            "SELECT ?code (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a dip:mentions ?c . "
            "?c dip:isoCode ?code } GROUP BY ?code",
            {("CHN", "1"), ("JPN", "1"), ("KOR", "2"), ("FRA", "1")},
        ),
        (
            f"SELECT ?date WHERE {{ ?e a dip:Meeting ; dip:participant {FRA} ; dip:date ?date }}",
            {("2024-02-01",)},
        ),
        (
            "SELECT ?g WHERE { GRAPH ?g { ?g a dip:Article } } ORDER BY ?g",
            {(str(BUSAN.identifier),), (str(PARIS.identifier),)},
        ),
        ("ASK { ?c dip:isoCode 'FRA' }", True),
        ("ASK { ?c dip:isoCode 'DEU' }", False),
        (f"# SELECT in a comment\nASK {{ ?a dip:mentions {JPN} }}", True),
        (
            "CONSTRUCT { ?c rdfs:comment 'ASK me, SELECT me' } WHERE { ?c dip:isoCode 'JPN' }",
            {(str(ID["country/JPN"]), str(RDFS.comment), "ASK me, SELECT me")},
        ),
        (
            "CONSTRUCT { ?a dip:mentions ?c } WHERE { ?a dip:mentions ?c ; "
            f"dip:mentions {FRA} }}",
            {
                (str(PARIS.identifier), str(DIP.mentions), str(ID[f"country/{code}"]))
                for code in ("FRA", "KOR")
            },
        ),
    ],
)
def test_query_spans_the_union_of_graphs(store, sparql, expected):
    store.replace(BUSAN)
    store.replace(PARIS)
    assert _answer(store.query(PREFIXES + sparql)) == expected


def test_select_keeps_datatypes_and_languages(store):
    store.replace(BUSAN)
    sparql = "SELECT ?t ?d ?n WHERE { ?a dcterms:title ?t . ?e dip:date ?d . ?s dip:start ?n }"
    rows = list(store.query(PREFIXES + sparql))
    title = Literal('Talks in "Busan" — 부산 (busan)', lang="en")
    assert rows == [(title, Literal("2023-11-26", datatype=XSD.date), Literal(120))]


@pytest.mark.parametrize("suffix", [".trig", ".nq", ".jsonld", ".ttl", ".nt"])
def test_export_round_trip(store, tmp_path, suffix):
    store.replace(BUSAN)
    store.replace(PARIS)
    path = tmp_path / f"graph{suffix}"
    store.export(path)
    if suffix in {".trig", ".nq", ".jsonld"}:
        dataset = rdflib.Dataset()
        dataset.parse(path)
        for graph in (BUSAN, PARIS):
            assert isomorphic(dataset.graph(graph.identifier), graph)
    else:
        union = rdflib.Graph()
        for graph in (BUSAN, PARIS):
            union += graph
        assert isomorphic(rdflib.Graph().parse(path), union)


def test_blank_nodes_survive_replace_and_export(store, tmp_path):
    graph = article("blank", {"IND": "India"})
    place = rdflib.BNode()
    graph.add((ID["event/blank-1"], DIP.locatedIn, place))
    graph.add((place, RDFS.label, Literal("somewhere unnamed")))
    store.replace(graph)
    store.replace(graph)
    store.export(tmp_path / "blank.trig")
    dataset = rdflib.Dataset()
    dataset.parse(tmp_path / "blank.trig")
    assert isomorphic(dataset.graph(graph.identifier), graph)


def test_large_graph_goes_in_batches_of_one_request(endpoint):
    remote = RemoteStore(endpoint.query, endpoint.update, batch_size=1000)
    graph = rdflib.Graph(identifier=ID["article/large"])
    for i in range(6000):
        graph.add((ID[f"sentence/large-{i}"], DIP.start, Literal(i)))
    remote.replace(graph)
    remote.replace(graph)
    count = remote.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph.identifier}> {{ ?s ?p ?o }} }}"
    )
    assert int(next(iter(count))[0]) == 6000
    remote.remove(str(graph.identifier))


@pytest.mark.parametrize(
    "sparql",
    ["SELEC ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { ?x ?p }", "ASK { ?x ?p ?o "],
)
def test_bad_query_raises_query_error_with_server_message(store, endpoint, sparql):
    with pytest.raises(QueryError) as caught:
        store.query(sparql)
    message = str(caught.value)
    assert endpoint.query in message
    assert SYNTAX_ERROR_MARK[endpoint.name] in message
    assert "\n" not in message


def test_unreachable_endpoint_raises_one_line_store_error():
    url = f"http://127.0.0.1:{servers.free_port()}/sparql"
    remote = RemoteStore(f"sparql+{url}", retries=2, backoff=0.01)
    for action in (lambda: remote.query("ASK {}"), lambda: remote.replace(BUSAN), remote.__len__):
        with pytest.raises(StoreError) as caught:
            action()
        assert url in str(caught.value)
        assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "failures",
    [["503"], ["reset"], ["502", "504"], ["reset", "503", "503"]],
)
def test_transient_failures_are_retried(endpoint, failures):
    with servers.flaky_proxy(endpoint.query, failures) as proxy:
        remote = RemoteStore(
            proxy.url_for(endpoint.query), proxy.url_for(endpoint.update), retries=4, backoff=0.01
        )
        remote.replace(PARIS)
        assert proxy.seen == [*failures, "forward"]
        assert remote.query(PREFIXES + "ASK { ?c dip:isoCode 'FRA' }").askAnswer is True
        remote.remove(str(PARIS.identifier))


@pytest.mark.slow
@pytest.mark.parametrize("timeout, seen", [(1.0, ["freeze:3", "forward"]), (60.0, ["freeze:3"])])
def test_a_frozen_server_is_waited_for_or_asked_again(endpoint, timeout, seen):
    with servers.flaky_proxy(endpoint.query, ["freeze:3"]) as proxy:
        remote = RemoteStore(
            proxy.url_for(endpoint.query),
            proxy.url_for(endpoint.update),
            timeout=timeout,
            retries=4,
            backoff=0.01,
        )
        remote.replace(PARIS)
        assert proxy.seen == seen
        assert remote.query(PREFIXES + "ASK { ?c dip:isoCode 'FRA' }").askAnswer is True
        remote.remove(str(PARIS.identifier))


@pytest.mark.parametrize(
    "failures, error, requests",
    [
        (["400"], QueryError, 1),
        (["404"], StoreError, 1),
        (["500"], QueryError, 1),
        (["503", "503", "503"], StoreError, 3),
    ],
)
def test_client_errors_are_not_retried(endpoint, failures, error, requests):
    with servers.flaky_proxy(endpoint.query, failures) as proxy:
        remote = RemoteStore(proxy.url_for(endpoint.query), retries=3, backoff=0.01)
        with pytest.raises(error) as caught:
            remote.query("ASK {}")
        assert len(proxy.seen) == requests
        assert proxy.url in str(caught.value)


@pytest.mark.parametrize(
    "location, update_env, query_url, update_url",
    [
        (
            "sparql+http://127.0.0.1:8890/sparql",
            None,
            "http://127.0.0.1:8890/sparql",
            "http://127.0.0.1:8890/sparql",
        ),
        (
            "sparql+https://kg.example.org/ds/query",
            "https://kg.example.org/ds/update",
            "https://kg.example.org/ds/query",
            "https://kg.example.org/ds/update",
        ),
        (
            "sparql+http://h:7878/query",
            "sparql+http://h:7878/update",
            "http://h:7878/query",
            "http://h:7878/update",
        ),
    ],
)
def test_factory_reads_the_location_and_update_env(
    monkeypatch, location, update_env, query_url, update_url
):
    if update_env:
        monkeypatch.setenv(UPDATE_ENV, update_env)
    else:
        monkeypatch.delenv(UPDATE_ENV, raising=False)
    remote = factory(location)
    assert (remote.endpoint, remote.update_endpoint) == (query_url, update_url)


@pytest.mark.parametrize("location", ["sparql+ftp://h/sparql", "sparql+http://", "sparql"])
def test_factory_rejects_what_is_not_an_endpoint(location):
    with pytest.raises(StoreError, match="not a SPARQL endpoint"):
        factory(location)


@pytest.mark.parametrize(
    "question, args",
    [
        (queries.who_met_whom, ()),
        (functools.partial(queries.who_met_whom, counts=True), ()),
        (queries.meetings_by_month, ("KOR",)),
        (queries.roles, ("Wang Yi",)),
        (queries.two_hop_partners, ("UN",)),
        (functools.partial(queries.two_hop_partners, counts=True), ("UN",)),
    ],
)
def test_kg_queries_answer_as_on_the_memory_store(store, question, args):
    local = open_store(None)
    for target in (store, local):  # two articles: each meets triple is in two graphs
        target.replace(facts_to_graph(busan_facts()))
        resolve(target)  # the first resolution replaces the meetings graph, the next updates it
        target.replace(facts_to_graph(busan_facts("busan-retold")))
        resolve(target, [str(article_iri("busan-retold"))])
    expected = question(local, *args)
    assert expected
    assert question(store, *args) == expected
