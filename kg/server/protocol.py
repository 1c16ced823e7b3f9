"""Read one SPARQL 1.1 Protocol operation from an HTTP request, within the size limit.

Accepted: ``GET ?query=``; ``POST`` form-encoded ``query=`` or ``update=``; ``POST`` with
an ``application/sparql-query`` or ``application/sparql-update`` body. The dataset
parameters (``default-graph-uri``, ``named-graph-uri``, ``using-...``) are refused: the
dataset is always the store, whose default graph is the union of the article graphs;
``FROM`` / ``GRAPH`` in the query say the same thing without a second mechanism.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from starlette.requests import Request

DATASET_PARAMETERS = (
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)
FORM = "application/x-www-form-urlencoded"
#: Longest query string taken in a GET (or HEAD); longer ones get 414 and go by POST.
MAX_URL_BYTES = 64 * 1024
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


class Problem(Exception):
    """An HTTP error answer: status, a plain-text message, extra headers."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass(frozen=True)
class Operation:
    """A query or an update, as text."""

    kind: str
    text: str


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, f"the {what} is not valid UTF-8: {exc}") from exc


def _too_large(limit: int) -> Problem:
    return Problem(413, f"the request is larger than the limit of {limit} bytes")


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _params(text: str) -> dict[str, list[str]]:
    params = parse_qs(text, keep_blank_values=True)
    given = [name for name in DATASET_PARAMETERS if name in params]
    if given:
        raise Problem(
            400,
            f"the {given[0]} parameter is not supported: the dataset is this store "
            "(default graph = union of all graphs); use FROM or GRAPH in the query",
        )
    return params


def _single(params: dict[str, list[str]], name: str) -> str:
    values = params[name]
    if len(values) != 1:
        raise Problem(400, f"give exactly one '{name}' parameter, not {len(values)}")
    if not values[0].strip():
        raise Problem(400, f"the '{name}' parameter is empty")
    return values[0]


def _from_params(params: dict[str, list[str]], *, post: bool) -> Operation:
    if "query" in params and "update" in params:
        raise Problem(400, "give either 'query' or 'update', not both")
    if "update" in params:
        if not post:
            raise Problem(400, "SPARQL Update must be sent with POST")
        return Operation("update", _single(params, "update"))
    if "query" in params:
        return Operation("query", _single(params, "query"))
    raise Problem(400, "missing 'query' parameter")


async def read_operation(request: Request, limit: int) -> Operation:
    """The operation carried by ``request``; Problem (400, 413, 414, 415) if there is none."""
    raw_query = request.scope.get("query_string", b"")
    if len(raw_query) > min(limit, MAX_URL_BYTES):
        raise Problem(
            414,
            f"the URL is longer than {min(limit, MAX_URL_BYTES)} bytes; "
            f"send a long query with POST ({FORM} or {QUERY_BODY})",
        )
    url_params = _params(_decode(raw_query, "query string"))
    if request.method in ("GET", "HEAD"):
        return _from_params(url_params, post=False)
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await _body(request, limit)
    if media_type == FORM:
        return _from_params(_params(_decode(body, "form")), post=True)
    if media_type in (QUERY_BODY, UPDATE_BODY):
        text = _decode(body, "request body")
        if not text.strip():
            raise Problem(400, "the request body is empty")
        return Operation("query" if media_type == QUERY_BODY else "update", text)
    raise Problem(
        415,
        f"unsupported Content-Type {media_type or '(none)'}; "
        f"use {FORM}, {QUERY_BODY} or {UPDATE_BODY}",
    )
