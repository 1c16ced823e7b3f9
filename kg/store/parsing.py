"""rdflib's SPARQL parser, one caller at a time.

pyparsing wraps each parse action on its first call to find out how many arguments it
takes; two threads making that first call at once can both get it wrong, and the wrong
answer sticks ("Param.postParse2() missing 1 required positional argument" for every
later query). So every parse goes through one lock, and :func:`warm_up` makes those first
calls once, at start-up, before any request comes in.
"""

from __future__ import annotations

import threading
from typing import Any

_LOCK = threading.Lock()

#: Exercises the grammar's parse actions (prologue, forms, paths, filters, graph ops).
_WARM_QUERIES = (
    "PREFIX a: <http://a/> BASE <http://b/> SELECT DISTINCT ?x (COUNT(*) AS ?n) FROM <http://g/>"
    " WHERE { ?x a:p/a:q* ?y ; ^a:r ?z . OPTIONAL { ?y a:s 'v'@en } FILTER(?x != 1.5e0)"
    ' { SELECT ?x WHERE { VALUES ?x { a:v 2 } } } UNION { GRAPH ?g { ?x ?p "w"^^a:t } }'
    " MINUS { ?x a:t true } BIND(STR(?x) AS ?s) } GROUP BY ?x HAVING (COUNT(*) > 0)"
    " ORDER BY DESC(?x) LIMIT 5 OFFSET 1",
    "ASK { ?s ?p ?o FILTER NOT EXISTS { ?s a [] } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "DESCRIBE <http://a/x>",
)
_WARM_UPDATES = (
    "PREFIX a: <http://a/> INSERT DATA { GRAPH a:g { a:s a:p 'o', 1 } } ;"
    " DELETE DATA { GRAPH a:g { a:s a:p 'o' } } ;"
    " DELETE { GRAPH ?g { ?s ?p ?o } } INSERT { ?s ?p ?o } USING <http://g/> WHERE { ?s ?p ?o } ;"
    " DELETE WHERE { ?s ?p ?o } ; DROP SILENT GRAPH a:g ; CLEAR DEFAULT ; CREATE GRAPH a:h ;"
    " ADD a:g TO a:h ; MOVE DEFAULT TO a:h ; COPY a:g TO DEFAULT ; LOAD <http://a/f>",
)


def parse_query(sparql: str) -> Any:
    """rdflib's algebra of a SPARQL query; rdflib's own exception if it does not parse."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    with _LOCK:
        return translateQuery(parseQuery(sparql))


def parse_update(sparql: str) -> Any:
    """rdflib's algebra of a SPARQL Update; rdflib's own exception if it does not parse."""
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    with _LOCK:
        return translateUpdate(parseUpdate(sparql))


def warm_up() -> None:
    """Parse one of each kind of operation, so that no request is a parse action's first."""
    for query in _WARM_QUERIES:
        parse_query(query)
    for update in _WARM_UPDATES:
        parse_update(update)


def first_line(exc: BaseException) -> str:
    """An exception's message cut to its first line (parsers add the whole query)."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
