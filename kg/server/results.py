"""Content negotiation and serialization of query results, with the result-size limit.

Media types are listed in order of preference: the first is the default (no Accept, or
``*/*``). SELECT and ASK results go out as SPARQL 1.1 results (JSON, XML; SELECT also CSV
and TSV), CONSTRUCT and DESCRIBE graphs as Turtle, N-Triples, JSON-LD, TriG or RDF/XML.

The size limit refuses rather than truncates: a client library cannot tell a cut answer
from a complete one, so a SELECT with more than ``max_results`` rows (or a graph with more
triples) fails with a message that says to add a LIMIT.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import rdflib
from rdflib.query import Result
from rdflib.term import BNode, Literal, Node, URIRef, Variable

from kg.errors import KGError
from kg.sparql import bind_prefixes

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"

#: media type -> serializer format, per query form, in order of preference.
SELECT_TYPES = {
    JSON: "json",
    XML: "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
ASK_TYPES = {JSON: "json", XML: "xml", "application/json": "json", "application/xml": "xml"}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/trig": "trig",
    "application/rdf+xml": "xml",
    "application/x-turtle": "turtle",
    "text/plain": "nt",
}
OFFERS = {
    "SELECT": SELECT_TYPES,
    "ASK": ASK_TYPES,
    "CONSTRUCT": GRAPH_TYPES,
    "DESCRIBE": GRAPH_TYPES,
}
_CHARSET = {"text/csv", "text/tab-separated-values", "text/turtle", "text/plain"}


class TooLarge(KGError):
    """The answer has more rows or triples than the server's limit."""


@dataclass(frozen=True)
class Payload:
    """A serialized answer ready to send."""

    body: bytes
    media_type: str


def _ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        quality = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((fields[0].lower(), quality))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range matching ``media_type`` (0 if none)."""
    kind = media_type.split("/")[0]
    best, specificity = 0.0, -1
    for pattern, quality in ranges:
        level = {media_type: 2, f"{kind}/*": 1, "*/*": 0}.get(pattern, -1)
        if level > specificity:
            best, specificity = quality, level
    return best


def negotiate(form: str, accept: str | None) -> str | None:
    """The media type to answer ``form`` with, or None if the Accept header allows none."""
    offers = list(OFFERS[form])
    if not accept or not accept.strip():
        return offers[0]
    ranges = _ranges(accept)
    scored = [(_quality(media, ranges), -i, media) for i, media in enumerate(offers)]
    quality, _, media = max(scored)
    return media if quality > 0 else None


def offered(form: str) -> str:
    """The media types ``form`` can be answered with, for a 406 message."""
    return ", ".join(OFFERS[form])


def _content_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type in _CHARSET else media_type


def render(result: Result, form: str, media_type: str, max_results: int) -> Payload:
    """Serialize ``result`` as ``media_type``; TooLarge past ``max_results`` rows/triples.

    Rows are drawn one at a time, so an over-limit SELECT stops at ``max_results + 1``
    when the store streams (the rdflib memory store does).
    """
    fmt = OFFERS[form][media_type]
    if form in ("CONSTRUCT", "DESCRIBE"):
        return Payload(_graph_bytes(result.graph, fmt, max_results), _content_type(media_type))
    if form == "ASK":
        answer = Result("ASK")
        answer.askAnswer = bool(result.askAnswer)
        return Payload(answer.serialize(format=fmt), _content_type(media_type))
    names = list(result.vars or [])
    rows: list[dict[Variable, Node]] = []
    for row in result:
        if len(rows) == max_results:
            raise TooLarge(
                f"the answer has more than {max_results} rows; add a LIMIT "
                f"(at most {max_results}) or page with OFFSET"
            )
        rows.append({v: t for v, t in zip(names, row, strict=True) if t is not None})
    if fmt == "tsv":
        return Payload(tsv(names, rows).encode("utf-8"), _content_type(media_type))
    if fmt == "json":
        return Payload(json_results(names, rows), _content_type(media_type))
    table = Result("SELECT")
    table.vars = names
    table.bindings = rows
    return Payload(table.serialize(format=fmt), _content_type(media_type))


def _graph_bytes(graph: rdflib.Graph | None, fmt: str, max_results: int) -> bytes:
    graph = graph if graph is not None else rdflib.Graph()
    if len(graph) > max_results:
        raise TooLarge(
            f"the answer has {len(graph)} triples, more than the limit of {max_results}; "
            "narrow the pattern or add a LIMIT"
        )
    bind_prefixes(graph)
    if fmt == "trig":
        dataset = rdflib.Dataset()
        dataset.default_graph.addN((s, p, o, dataset.default_graph) for s, p, o in graph)
        for prefix, namespace in graph.namespaces():
            dataset.bind(prefix, namespace, override=False)
        graph = dataset
    return graph.serialize(format=fmt, encoding="utf-8")


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        value = {"type": "literal", "value": str(term)}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype:
            value["datatype"] = str(term.datatype)
        return value
    raise TypeError(f"not an RDF term: {term!r}")


def json_results(names: list[Variable], rows: list[dict[Variable, Node]]) -> bytes:
    """SPARQL 1.1 results JSON, written directly: rdflib's serializer took most of the
    time of a 500-row answer."""
    document = {
        "head": {"vars": [str(name) for name in names]},
        "results": {
            "bindings": [{str(n): _json_term(t) for n, t in row.items()} for row in rows]
        },
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def term_nt(term: Node) -> str:
    """A term in N-Triples syntax, as SPARQL 1.1 TSV writes it."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = (
            str(term)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype and str(term.datatype) != str(rdflib.XSD.string):
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    raise TypeError(f"not an RDF term: {term!r}")


def tsv(names: list[Variable], rows: list[dict[Variable, Node]]) -> str:
    """SPARQL 1.1 TSV: a ``?var`` header, then one line per row, unbound cells empty."""
    lines = ["\t".join(f"?{name}" for name in names)]
    for row in rows:
        lines.append("\t".join(term_nt(row[n]) if n in row else "" for n in names))
    return "\n".join(lines) + "\n"
