"""SHACL: the mapped graph conforms to ontology/shapes.ttl; each kind of break is caught."""

from __future__ import annotations

import pytest
import rdflib
from sample_facts import busan_facts

from kg.rdf import facts_to_graph, validate

PREFIXES = """
PREFIX dip: <https://diplomatic-kg.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
CHN = "<https://diplomatic-kg.org/id/country/CHN>"
USA = "<https://diplomatic-kg.org/id/country/USA>"
MEETING = "<https://diplomatic-kg.org/id/event/trilateral-busan-1>"
EVIDENCE = "<https://diplomatic-kg.org/id/evidence/trilateral-busan-0-105>"
WANG = "<https://diplomatic-kg.org/id/person/chn-wang-yi>"
ARTICLE = "<https://diplomatic-kg.org/id/article/trilateral-busan>"


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return facts_to_graph(busan_facts())


def test_mapped_graph_conforms(graph: rdflib.Graph) -> None:
    conforms, report = validate(graph)
    assert conforms, report


@pytest.mark.parametrize(
    "update, expected",
    [
        (
            f'DELETE DATA {{ {CHN} dip:isoCode "CHN" }} ; INSERT DATA {{ {CHN} dip:isoCode "CN" }}',
            "isoCode",
        ),
        (f"DELETE WHERE {{ {CHN} rdfs:label ?l }}", "label"),
        (
            f'DELETE DATA {{ {MEETING} dip:status "occurred" }} ;'
            f' INSERT DATA {{ {MEETING} dip:status "rumoured" }}',
            "status",
        ),
        (
            f"DELETE WHERE {{ {MEETING} dip:participant ?p }} ;"
            f" INSERT DATA {{ {MEETING} dip:participant {CHN} }}",
            "participant",
        ),
        (f"DELETE WHERE {{ {MEETING} dip:evidence ?e }}", "evidence"),
        (
            f"DELETE WHERE {{ {MEETING} dip:date ?d }} ;"
            f' INSERT DATA {{ {MEETING} dip:date "last Sunday" }}',
            "date",
        ),
        (
            f"DELETE WHERE {{ {EVIDENCE} dip:end ?e }} ; INSERT DATA {{ {EVIDENCE} dip:end -1 }}",
            "end",
        ),
        (
            f"DELETE WHERE {{ {EVIDENCE} dip:start ?s }} ;"
            f' INSERT DATA {{ {EVIDENCE} dip:start "0" }}',
            "start",
        ),
        (f"DELETE WHERE {{ {WANG} rdfs:label ?l }}", "label"),
        (
            f"INSERT DATA {{ {WANG} dip:represents <https://diplomatic-kg.org/id/city/1838524> }}",
            "represents",
        ),
        (f"DELETE WHERE {{ {ARTICLE} dcterms:identifier ?i }}", "identifier"),
        (
            f"INSERT DATA {{ {CHN} dip:meets {USA} . {USA} dip:meets {CHN} }}",
            "without an occurred meeting",
        ),
        (f"INSERT DATA {{ {CHN} dip:meets {CHN} }}", "without an occurred meeting"),
        (f"INSERT DATA {{ {WANG} dip:meets {CHN} }}", "meets"),
    ],
)
def test_broken_graph_fails(graph: rdflib.Graph, update: str, expected: str) -> None:
    broken = rdflib.Graph()
    broken += graph
    broken.update(PREFIXES + update)
    assert len(broken) != len(graph) or set(broken) != set(graph)
    conforms, report = validate(broken)
    assert not conforms
    assert expected in report


@pytest.fixture(scope="module")
def resolved_union() -> rdflib.Graph:
    """Two articles reporting the same encounters, resolved: reports and canonical meetings."""
    from kg.graph import KnowledgeGraph
    from kg.store import open_store

    graph = KnowledgeGraph(open_store(None))
    graph.resolve_meetings([graph.add(busan_facts()), graph.add(busan_facts("busan-retold"))])
    union = graph.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph
    assert union is not None
    return union


CANONICAL = """?m a dip:CanonicalMeeting ; dip:participant
    <https://diplomatic-kg.org/id/country/KOR> , <https://diplomatic-kg.org/id/country/CHN>"""


def test_canonical_meetings_conform(resolved_union: rdflib.Graph) -> None:
    assert len(list(resolved_union.query(PREFIXES + f"SELECT ?m WHERE {{ {CANONICAL} }}"))) == 1
    conforms, report = validate(resolved_union)
    assert conforms, report


@pytest.mark.parametrize(
    "update, expected",
    [
        (f"DELETE {{ ?m dip:reportCount ?n }} INSERT {{ ?m dip:reportCount 3 }} "
         f"WHERE {{ {CANONICAL} ; dip:reportCount ?n }}", "reportCount is not the number"),
        (f"DELETE {{ ?m dip:reportedAs ?e }} WHERE {{ {CANONICAL} ; dip:reportedAs ?e }}",
         "reportedAs"),
        (f"DELETE {{ ?m dip:reportedIn ?a }} WHERE {{ {CANONICAL} ; dip:reportedIn ?a }}",
         "reportedIn"),
        (f"INSERT {{ ?m dip:evidence {EVIDENCE} }} WHERE {{ {CANONICAL} }}", "evidence"),
        (f'DELETE {{ ?m dip:status ?s }} INSERT {{ ?m dip:status "planned" }} '
         f"WHERE {{ {CANONICAL} ; dip:status ?s }}", "status"),
        (f"INSERT {{ ?m dip:reportedAs ?m }} WHERE {{ {CANONICAL} }}", "reportedAs"),
        (f"DELETE WHERE {{ {MEETING} dip:evidence ?e }}", "needs exactly one dip:evidence"),
    ],
)
def test_broken_canonical_meeting_fails(
    resolved_union: rdflib.Graph, update: str, expected: str
) -> None:
    broken = rdflib.Graph()
    broken += resolved_union
    broken.update(PREFIXES + update)
    assert set(broken) != set(resolved_union)
    conforms, report = validate(broken)
    assert not conforms
    assert expected in report
