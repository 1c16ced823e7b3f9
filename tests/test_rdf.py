"""Facts -> RDF: the exact triples of the contract, stable IRIs, the ontology's terms."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, XSD, Literal, URIRef
from sample_facts import BUSAN, CAMP_DAVID, CHN, UN, WANG, busan_facts

from kg.errors import KGError
from kg.rdf import (
    DIP,
    PLOVER_CLASSES,
    article_iri,
    city_iri,
    date_literal,
    facts_to_graph,
    ontology_graph,
    person_iri,
    side_iri,
    side_key,
    slug,
)
from kg.types import Event, Facts, Organization, Side

ID = "https://diplomatic-kg.org/id/"
PREFIXES = """
PREFIX dip: <https://diplomatic-kg.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX wd: <http://www.wikidata.org/entity/>
"""


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return facts_to_graph(busan_facts())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("trilateral-busan", "trilateral-busan"),
        ("Wang Yi", "wang-yi"),
        ("São Paulo", "sao-paulo"),
        ("  Camp David!! ", "camp-david"),
        ("records/42", "records-42"),
        ("***", "x"),
    ],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


@pytest.mark.parametrize(
    "iri, expected",
    [
        (side_iri(CHN), "country/CHN"),
        (side_iri(UN), "organization/UN"),
        (city_iri(BUSAN), "city/1838524"),
        (city_iri(CAMP_DAVID), "city/camp-david"),
        (person_iri("Wang Yi", CHN), "person/chn-wang-yi"),
        (person_iri("António Guterres", UN), "person/un-antonio-guterres"),
        (person_iri("Nobody Known", None), "person/nobody-known"),
        (article_iri("trilateral-busan"), "article/trilateral-busan"),
    ],
)
def test_stable_iris(iri: URIRef, expected: str) -> None:
    assert iri == URIRef(ID + expected)


@pytest.mark.parametrize(
    "side",
    [CHN, UN, Organization("G7/G20 Summit", "Group of Seven and Twenty", None)],
)
def test_side_key_is_the_inverse_of_side_iri(side: Side) -> None:
    assert side_key(str(side_iri(side))) == side.key


@pytest.mark.parametrize(
    "iri", [ID + "city/1838524", ID + "person/chn-wang-yi", "https://example.org/country/CHN"]
)
def test_side_key_leaves_other_iris_as_they_are(iri: str) -> None:
    assert side_key(iri) == iri


@pytest.mark.parametrize(
    "text, datatype",
    [("2023-11-26", XSD.date), ("2019-06", XSD.gYearMonth), ("2019", XSD.gYear)],
)
def test_date_literal_by_precision(text: str, datatype: URIRef) -> None:
    assert date_literal(text) == Literal(text, datatype=datatype)


@pytest.mark.parametrize("text", ["26 November 2023", "2023/11/26", "", "next year"])
def test_date_literal_rejects_non_iso(text: str) -> None:
    with pytest.raises(KGError, match="YYYY-MM-DD"):
        date_literal(text)


def test_graph_is_named_by_the_article(graph: rdflib.Graph) -> None:
    assert graph.identifier == URIRef(ID + "article/trilateral-busan")


@pytest.mark.parametrize(
    "pattern",
    [
        # the article
        """id:article/trilateral-busan a dip:Article ; dcterms:identifier "trilateral-busan" ;
           dcterms:title "China, Japan, South Korea foreign ministers meet in Busan" ;
           dcterms:date "2023-11-27"^^xsd:date ; dcterms:source "https://example.org/busan" ;
           dip:mentions id:country/CHN, id:country/USA, id:organization/UN, id:city/1838524,
                        id:city/camp-david, id:person/chn-wang-yi""",
        # countries, organisations, cities
        """id:country/CHN a dip:Country ; dip:isoCode "CHN" ; rdfs:label "China" ;
           owl:sameAs wd:Q148""",
        """id:organization/UN a dip:Organization ; rdfs:label "United Nations" ;
           dip:shortName "UN" ; owl:sameAs wd:Q1065""",
        """id:city/1838524 a dip:City ; rdfs:label "Busan" ; dip:country id:country/KOR ;
           owl:sameAs <https://sws.geonames.org/1838524/>""",
        """id:city/camp-david a dip:City ; rdfs:label "Camp David" ; dip:country id:country/USA""",
        # people
        """id:person/chn-wang-yi a dip:Person ; rdfs:label "Wang Yi" ;
           dip:represents id:country/CHN ; dip:role "foreign minister" ; dip:evidence ?s .
           ?s dip:text ?text ; dip:start 0 ; dip:end 105""",
        """id:person/un-antonio-guterres dip:represents id:organization/UN ;
           dip:role "secretary-general\"""",
        # the occurred meeting, with attendees, place, date, evidence
        """id:event/trilateral-busan-1 a dip:Meeting ; dip:status "occurred" ;
           dip:participant id:country/CHN, id:country/JPN, id:country/KOR ;
           dip:attendee id:person/chn-wang-yi, id:person/jpn-yoko-kamikawa, id:person/kor-park-jin ;
           dip:locatedIn id:city/1838524 ; dip:date "2023-11-26"^^xsd:date ;
           dip:evidence id:evidence/trilateral-busan-0-105""",
        """id:evidence/trilateral-busan-0-105 a dip:Evidence ; dip:start 0 ; dip:end 105 ;
           dcterms:isPartOf id:article/trilateral-busan""",
        # kinds, statuses and date precisions
        """id:event/trilateral-busan-2 a dip:Meeting, dip:Summit ; dip:status "planned" ;
           dip:date "2024"^^xsd:gYear""",
        """id:event/trilateral-busan-3 a dip:Visit ; dip:date "2023-08"^^xsd:gYearMonth ;
           dip:locatedIn id:city/camp-david ; dip:attendee id:person/kor-park-jin""",
        """id:event/trilateral-busan-4 a dip:Call ; dip:participant id:organization/UN ;
           dip:attendee id:person/un-antonio-guterres""",
        """id:event/trilateral-busan-5 dip:status "negated\"""",
        # the action
        """id:event/trilateral-busan-action-1 a dip:Action, dip:Sanction ;
           dip:actor id:country/USA ; dip:recipient id:country/CHN ; dip:ploverCode "SANCTION" ;
           dip:cameoCode "163" ; dip:status "occurred" ; dip:date "2023-11"^^xsd:gYearMonth ;
           dip:evidence ?s""",
    ],
)
def test_contract_triples(graph: rdflib.Graph, pattern: str) -> None:
    expanded = re.sub(r"\bid:([\w/-]+)", rf"<{ID}\1>", pattern)
    assert graph.query(f"{PREFIXES} ASK {{ {expanded} }}").askAnswer


def test_evidence_text_is_the_article_slice(graph: rdflib.Graph) -> None:
    text = busan_facts().article.text
    rows = graph.query(
        f"{PREFIXES} SELECT ?t ?a ?b WHERE {{ ?s dip:text ?t ; dip:start ?a ; dip:end ?b }}"
    )
    assert len(rows) == 6
    for sentence, start, end in rows:
        assert text[start.toPython() : end.toPython()] == str(sentence)


def test_meets_only_for_occurred_meetings(graph: rdflib.Graph) -> None:
    rows = graph.query(
        f"{PREFIXES} SELECT ?a ?b WHERE {{ ?x dip:meets ?y . "
        "?x dip:isoCode|dip:shortName ?a . ?y dip:isoCode|dip:shortName ?b }"
    )
    pairs = {(str(a), str(b)) for a, b in rows}
    occurred = {("CHN", "JPN"), ("CHN", "KOR"), ("JPN", "KOR"), ("KOR", "USA"), ("JPN", "UN")}
    assert pairs == occurred | {(b, a) for a, b in occurred}


def test_city_country_is_described_but_not_mentioned() -> None:
    facts = Facts(article=busan_facts().article, cities=(BUSAN,))
    graph = facts_to_graph(facts)
    korea = side_iri(BUSAN.country)
    assert (korea, DIP.isoCode, Literal("KOR")) in graph
    assert (article_iri("trilateral-busan"), DIP.mentions, korea) not in graph


def test_graph_is_self_contained(graph: rdflib.Graph) -> None:
    untyped = graph.query(
        f"""{PREFIXES} SELECT DISTINCT ?x WHERE {{ ?s ?p ?x . FILTER(isIRI(?x) &&
        STRSTARTS(STR(?x), "{ID}")) FILTER NOT EXISTS {{ ?x a ?type }} }}"""
    )
    assert list(untyped) == []


def test_same_person_in_two_articles_is_one_iri() -> None:
    one = facts_to_graph(busan_facts("first"))
    two = facts_to_graph(busan_facts("second"))
    wang = person_iri(WANG.name, WANG.side)
    assert (wang, RDFS.label, Literal("Wang Yi")) in one
    assert (wang, RDFS.label, Literal("Wang Yi")) in two
    assert one.identifier != two.identifier


def test_unknown_attendee_becomes_a_labelled_person() -> None:
    event = Event("Meeting", (CHN, UN), busan_facts().events[0].evidence, attendees=("Li Qiang",))
    graph = facts_to_graph(busan_facts(events=(event,)))
    li = person_iri("Li Qiang", None)
    assert (li, RDF.type, DIP.Person) in graph
    assert (li, RDFS.label, Literal("Li Qiang")) in graph
    assert (URIRef(ID + "event/trilateral-busan-1"), DIP.attendee, li) in graph


def test_every_dip_term_is_defined_in_the_ontology(graph: rdflib.Graph) -> None:
    ontology = ontology_graph()
    used = {p for p in graph.predicates() if p.startswith(str(DIP))}
    used |= {o for o in graph.objects(None, RDF.type) if o.startswith(str(DIP))}
    declared = {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, kind)
    }
    assert used and used <= declared


@pytest.mark.parametrize("name", sorted(PLOVER_CLASSES.values()))
def test_plover_classes_are_documented_actions(name: str) -> None:
    ontology = ontology_graph()
    assert (DIP[name], RDFS.subClassOf, DIP.Action) in ontology
    assert ontology.value(DIP[name], RDFS.comment) is not None


@pytest.mark.parametrize(
    "subject, relation, target",
    [
        (DIP.Country, RDFS.subClassOf, "https://schema.org/Country"),
        (DIP.Country, RDFS.subClassOf, "http://www.wikidata.org/entity/Q6256"),
        (DIP.Event, RDFS.subClassOf, "http://semanticweb.cs.vu.nl/2009/11/sem/Event"),
        (DIP.Person, RDFS.subClassOf, "http://semanticweb.cs.vu.nl/2009/11/sem/Actor"),
        (DIP.Visit, RDFS.subClassOf, str(DIP.Meeting)),
        (DIP.locatedIn, RDFS.subPropertyOf, "http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace"),
        (DIP.date, RDFS.subPropertyOf, "http://semanticweb.cs.vu.nl/2009/11/sem/hasTimeStamp"),
        (DIP.meets, RDF.type, str(OWL.SymmetricProperty)),
    ],
)
def test_ontology_alignment(subject: URIRef, relation: URIRef, target: str) -> None:
    assert (subject, relation, URIRef(target)) in ontology_graph()


def test_rdf_never_imports_spacy() -> None:
    folder = Path(__file__).resolve().parents[1] / "kg" / "rdf"
    imported = set()
    for source in folder.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
    assert "rdflib" in imported and "spacy" not in imported
