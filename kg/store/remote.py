"""A store on any SPARQL 1.1 Query/Update endpoint: ``--store sparql+http://host:port/path``.

The URL names the query endpoint. Where the server takes updates elsewhere (Oxigraph's
``/update``, Fuseki's ``/ds/update``) name that endpoint with ``KG_SPARQL_UPDATE`` or
``update_endpoint=``; otherwise updates go to the query URL (Virtuoso's ``/sparql``).
HTTP is plain stdlib ``urllib``: no extra dependency. For example::

    KG_SPARQL_UPDATE=http://localhost:7878/update kg build corpus/ \
        --store sparql+http://localhost:7878/query          # oxigraph serve
    kg build corpus/ --store sparql+http://localhost:8890/sparql   # Virtuoso

Writes. ``replace`` sends ONE update request::

    DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { batch 1 } GRAPH <g> { batch 2 } ... }

Large graphs are cut into several ``GRAPH <g> { }`` blocks of one ``INSERT DATA``
operation (Virtuoso's SPARQL parser gives up near 5,000 triples in one block), so the
whole article is still one operation after the DROP. A graph holding blank nodes goes as
``INSERT { ... } WHERE { BIND (1 AS ?one) }`` instead: Virtuoso refuses blank nodes in
INSERT DATA, and its parser stumbles on an empty ``WHERE {}`` with several GRAPH blocks.

A request that fails on a transient error (connection refused/reset, timeout, HTTP
502/503/504) is sent again with exponential backoff; since it starts with DROP, resending
is harmless. Other errors (4xx, 500) are not retried: a failed update raises StoreError,
a failed query QueryError (StoreError for 401/403/404/405: a wrong URL or no rights),
each with the server's message on one line. A server that cannot be reached raises
StoreError naming the URL.

Atomicity depends on the server:

* Oxigraph applies an update request in one transaction: readers see the old article or
  the new one, never a mix, and a failed request changes nothing.
* Virtuoso's ``/sparql`` endpoint rejects a request that does not compile without running
  any of it, but commits operation by operation once running: the single INSERT DATA
  means a failure leaves the old article, the new one, or (if INSERT DATA itself fails
  at run time) an empty graph - never half an article. The error is raised; re-running
  the build repairs the graph.

Reads. ``query`` answers over the server's default graph, which must be the union of
the named graphs (one per article):

* Oxigraph server: start it with ``oxigraph serve --union-default-graph``; without the
  flag the default graph is empty and queries without ``GRAPH`` find nothing.
* Virtuoso: the default graph is the union of all graphs out of the box. Updates through
  ``/sparql`` run as the ``SPARQL`` user, which needs ``GRANT SPARQL_UPDATE TO "SPARQL";``
  (run once in ``isql``). Virtuoso keeps its own graphs (``virtrdf#``, ``ldp#``, the
  service description): ``graph_names``, ``export`` and ``len`` leave them out, but
  queries over the union still see them. Every result is capped by ``ResultSetMaxRows``
  (virtuoso.ini, default 10,000 rows; raise it for big SELECTs): ``export`` fetches one
  graph at a time and raises StoreError rather than write a truncated file. Prefixed
  names with backslash escapes (``id:country\\/FRA``) do not parse: write full IRIs.
  Virtuoso 7 answers ASK with a one-column SELECT (``__ASK_RETVAL``); ``query`` turns it
  back into a boolean result.
"""

from __future__ import annotations

import http.client
import io
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

import rdflib
from rdflib.query import Result

from kg.errors import QueryError, StoreError, StoreUnavailable
from kg.store.formats import QUAD_FORMATS, format_for

#: Environment variable naming a separate SPARQL Update endpoint.
UPDATE_ENV = "KG_SPARQL_UPDATE"
#: Graphs a server keeps for itself (Virtuoso), left out of graph_names/export/len.
SYSTEM_GRAPH_PREFIXES = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#")
_SD_SERVICE = "http://www.w3.org/ns/sparql-service-description#Service"
_TRANSIENT_STATUS = frozenset({502, 503, 504})
#: Statuses that say the URL or the rights are wrong, not the query.
_NOT_QUERY_ERRORS = frozenset({401, 403, 404, 405})
_RESULT_FORMATS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
}
_GRAPH_FORMATS = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/ntriples": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
_ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
_ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_SKIP_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


class RemoteStore:
    """A :class:`~kg.store.base.Store` over HTTP on a SPARQL 1.1 Query/Update endpoint."""

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        *,
        timeout: float = 60.0,
        retries: int = 4,
        backoff: float = 0.5,
        batch_size: int = 2000,
    ) -> None:
        self.endpoint = _http_url(endpoint)
        self.update_endpoint = _http_url(update_endpoint) if update_endpoint else self.endpoint
        self.timeout = timeout
        self.retries = max(1, retries)
        self.backoff = backoff
        self.batch_size = max(1, batch_size)

    def replace(self, graph: rdflib.Graph) -> None:
        """Swap the article's named graph in one update request (see the module notes)."""
        name = _iri(graph.identifier)
        try:
            blocks = [
                f"GRAPH {name} {{\n{''.join(batch)}}}"
                for batch in _batches(_triple_lines(graph), self.batch_size)
            ]
        except Exception as exc:
            raise StoreError(f"cannot write graph {name} to {self.update_endpoint}: {exc}") from exc
        update = f"DROP SILENT GRAPH {name}"
        if blocks and _has_blank_nodes(graph):
            update += " ;\nINSERT {\n" + "\n".join(blocks) + "\n} WHERE { BIND (1 AS ?one) }"
        elif blocks:
            update += " ;\nINSERT DATA {\n" + "\n".join(blocks) + "\n}"
        self._update(update, name)

    def remove(self, graph_iri: str) -> None:
        """Drop one named graph; SILENT makes a missing graph no error."""
        name = _iri(rdflib.URIRef(graph_iri))
        self._update(f"DROP SILENT GRAPH {name}", name)

    def query(self, sparql: str) -> Result:
        """Run a query on the endpoint; QueryError carries the server's message if it fails."""
        form = _query_form(sparql)
        accept = _ACCEPT_GRAPH if form in {"CONSTRUCT", "DESCRIBE"} else _ACCEPT_RESULTS
        status, ctype, body = self._send(self.endpoint, {"query": sparql}, accept)
        if status >= 400:
            message = f"SPARQL query failed at {self.endpoint} (HTTP {status}): {_message(body)}"
            raise (StoreError if status in _NOT_QUERY_ERRORS else QueryError)(message)
        return _parse_result(form, ctype, body, self.endpoint)

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update as one request; QueryError carries the server's message.

        One request is one transaction on Oxigraph; Virtuoso commits it operation by
        operation (see the module notes).
        """
        status, _, body = self._send(self.update_endpoint, {"update": sparql}, "*/*")
        if status >= 400:
            message = f"SPARQL update failed at {self.update_endpoint} (HTTP {status}): "
            error = StoreError if status in _NOT_QUERY_ERRORS else QueryError
            raise error(message + _message(body))

    def optimize(self) -> None:
        """Nothing to do from here: the server manages its own storage."""

    def graph_names(self) -> list[str]:
        """IRIs of the non-empty named graphs, the server's own graphs left out."""
        sparql = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._own_graphs()} }}"
        return sorted(str(row[0]) for row in self.query(sparql))

    def export(self, path: Path) -> None:
        """Fetch the graphs one by one (so no server row cap cuts them) and write them."""
        path = Path(path)
        fmt = format_for(path)
        names = self.graph_names()
        dataset = rdflib.Dataset()
        for name in names:
            iri = rdflib.URIRef(name)
            construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {_iri(iri)} {{ ?s ?p ?o }} }}"
            target = dataset.graph(iri)
            target += self.query(construct).graph
        fetched, expected = sum(len(dataset.graph(rdflib.URIRef(n))) for n in names), len(self)
        if fetched != expected:
            raise StoreError(
                f"{self.endpoint} returned {fetched} of {expected} triples; raise the server's "
                "result row limit (Virtuoso: ResultSetMaxRows) to export"
            )
        try:
            if fmt in QUAD_FORMATS:
                dataset.serialize(destination=path, format=fmt, encoding="utf-8")
            else:
                union = rdflib.Graph()
                for name in names:
                    union += dataset.graph(rdflib.URIRef(name))
                union.serialize(destination=path, format=fmt, encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"{path}: cannot write ({exc.strerror or exc})") from exc

    def __len__(self) -> int:
        sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._own_graphs()} }}"
        rows = list(self.query(sparql))
        return int(rows[0][0]) if rows else 0

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""

    def _own_graphs(self) -> str:
        """A FILTER on ``?g`` that leaves out the server's graphs: known prefixes, and the
        graphs describing a SPARQL service (Virtuoso's names its host, so it is looked up)."""
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a <{_SD_SERVICE}> }} }}")
        tests = [f'!STRSTARTS(STR(?g), "{prefix}")' for prefix in SYSTEM_GRAPH_PREFIXES]
        service = ", ".join(_iri(row[0]) for row in rows)
        if service:
            tests.append(f"?g NOT IN ({service})")
        return f"FILTER ({' && '.join(tests)})"

    def _update(self, update: str, graph: str) -> None:
        status, _, body = self._send(self.update_endpoint, {"update": update}, "*/*")
        if status >= 400:
            raise StoreError(
                f"cannot write graph {graph} at {self.update_endpoint} (HTTP {status}): "
                f"{_message(body)}"
            )

    def _send(self, url: str, form: dict[str, str], accept: str) -> tuple[int, str, bytes]:
        """POST a form; retry transient failures; return (status, content type, body)."""
        data = urllib.parse.urlencode(form).encode("utf-8")
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        problem = ""
        for attempt in range(self.retries):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            request = urllib.request.Request(url, data=data, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.status, response.headers.get_content_type(), response.read()
            except urllib.error.HTTPError as exc:
                body = exc.read()
                if exc.code not in _TRANSIENT_STATUS:
                    return exc.code, exc.headers.get_content_type(), body
                problem = f"HTTP {exc.code} {_message(body) or exc.reason}"
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
                if not _transient(reason):
                    raise StoreUnavailable(f"SPARQL endpoint {url} unreachable: {reason}") from exc
                problem = str(reason) or type(reason).__name__
        raise StoreUnavailable(
            f"SPARQL endpoint {url} unreachable after {self.retries} tries: {problem}"
        )


def factory(location: str) -> RemoteStore:
    """Open ``sparql+http(s)://...``; ``KG_SPARQL_UPDATE`` names a separate update endpoint."""
    return RemoteStore(location, os.environ.get(UPDATE_ENV) or None)


def _http_url(location: str) -> str:
    """``sparql+http://h/p`` -> ``http://h/p``; StoreError if it is not an http(s) URL."""
    url = location.removeprefix("sparql+")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise StoreError(f"{location}: not a SPARQL endpoint URL (want sparql+http://host/path)")
    return url


def _transient(reason: object) -> bool:
    """Connection refused/reset/dropped and timeouts may pass; DNS or TLS failures will not."""
    return isinstance(
        reason, ConnectionError | TimeoutError | http.client.RemoteDisconnected
    ) or "timed out" in str(reason)


def _iri(term: rdflib.term.Node) -> str:
    if not isinstance(term, rdflib.URIRef):
        raise StoreError(f"graph name {term!r} is not an IRI")
    return term.n3()


def _has_blank_nodes(graph: rdflib.Graph) -> bool:
    """Virtuoso refuses blank nodes in INSERT DATA; an INSERT template takes them anywhere."""
    return any(isinstance(t, rdflib.BNode) for triple in graph for t in triple)


def _triple_lines(graph: rdflib.Graph) -> Iterator[str]:
    for s, p, o in graph.triples((None, None, None)):
        yield f"{s.n3()} {p.n3()} {o.n3()} .\n"


def _batches(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside IRIs and strings."""
    match = _FORM.search(_SKIP_TOKENS.sub(" ", sparql))
    return match.group(1).upper() if match else "SELECT"


def _parse_result(form: str, ctype: str, body: bytes, url: str) -> Result:
    if ctype in _RESULT_FORMATS:
        try:
            parsed = Result.parse(io.BytesIO(body), format=_RESULT_FORMATS[ctype])
        except Exception as exc:
            raise StoreError(f"{url} sent results rdflib cannot read: {exc}") from exc
        return _ask_result(parsed) if form == "ASK" and parsed.type == "SELECT" else parsed
    if ctype not in _GRAPH_FORMATS:
        raise StoreError(f"{url} answered with unexpected content type {ctype!r}")
    result = Result("DESCRIBE" if form == "DESCRIBE" else "CONSTRUCT")
    try:
        result.graph = rdflib.Graph().parse(data=body, format=_GRAPH_FORMATS[ctype])
    except Exception as exc:
        raise StoreError(f"{url} sent RDF rdflib cannot read: {exc}") from exc
    return result


def _ask_result(rows: Result) -> Result:
    """Virtuoso 7 answers ASK as a one-column SELECT: no row = false, a row of 1 = true."""
    result = Result("ASK")
    result.askAnswer = any(row[0] is not None and bool(row[0].toPython()) for row in rows)
    return result


def _message(body: bytes) -> str:
    """The server's error on one line, without Virtuoso's echo of the query."""
    text = body.decode("utf-8", "replace").split("\nSPARQL query:", 1)[0]
    text = " ".join(text.split())
    return text if len(text) <= 500 else text[:497] + "..."
