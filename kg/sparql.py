"""SPARQL as people type it: the usual prefixes predeclared, syntax errors located.

``kg query`` and ``kg serve`` both pass what they are given through :func:`prepare`, so a
query may use ``dip:``, ``rdf:``, ``rdfs:``, ``owl:``, ``xsd:`` and ``dcterms:`` without
declaring them, and a malformed one fails with the same message in both places:
``bad SPARQL query at line 2, column 9: Expected ...`` and the line with a caret.

>>> prepare("SELECT ?c WHERE { ?c a dip:Country }").startswith("PREFIX dip:")
True
>>> prepare("SELECT ?c\\nWHERE { ?c a dip:Country")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kg.errors.QueryError: bad SPARQL query at line 2, column 25: Expected SelectQuery...
"""

from __future__ import annotations

import re

import rdflib

from kg.errors import QueryError

#: Prefixes every query may use undeclared; graph answers and exports are written with them.
PREFIXES = {
    "dip": "https://diplomatic-kg.org/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
}

_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)


def prepare(text: str, *, update: bool = False) -> str:
    """``text`` checked for syntax and led by the declarations of the prefixes it lacks.

    The syntax is checked on ``text`` as given, so an error names the user's own line
    and column. The declarations then go on a line of their own (rdflib misreads a
    ``#`` IRI followed by more text on its line). Raises :class:`QueryError`.
    """
    check_syntax(text, update=update)
    declared = set(_DECLARED.findall(text))
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in declared]
    return " ".join(missing) + "\n" + text if missing else text


#: rdflib's parse-tree names of the query forms.
FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


def check_syntax(text: str, *, update: bool = False) -> str:
    """Parse ``text`` as a query (or an update) and return its form (``SELECT``, ``ASK``,
    ``CONSTRUCT``, ``DESCRIBE``; ``UPDATE``); QueryError naming where it goes wrong."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        if update:
            parseUpdate(text)
            return "UPDATE"
        return FORMS.get(parseQuery(text)[-1].name, "SELECT")
    except ParseBaseException as exc:
        what = "update" if update else "query"
        message = exc.msg.splitlines()[0] if exc.msg else "syntax error"
        caret = " " * (exc.col - 1) + "^"
        raise QueryError(
            f"bad SPARQL {what} at line {exc.lineno}, column {exc.col}: {message}\n"
            f"  {exc.line}\n  {caret}"
        ) from None


def bind_prefixes(graph: rdflib.Graph) -> rdflib.Graph:
    """Bind :data:`PREFIXES` on ``graph`` so Turtle, TriG and JSON-LD use them; returns it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
