"""Namespaces and the stable IRIs of every resource the graph describes.

IRIs are built from keys (ISO3 codes, short names, GeoNames ids, names + states), never
from counters shared across articles, so the same thing read in two articles is one node.
"""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from rdflib import URIRef

if TYPE_CHECKING:
    from kg.types import Side
from rdflib.namespace import Namespace

from kg.config import BASE_IRI
from kg.types import City, Country, Evidence, Side

#: The ontology: classes and properties users write SPARQL against.
DIP = Namespace("https://diplomatic-kg.org/ontology#")
#: Resources: ``id/country/CHN``, ``id/person/...``, ``id/event/...``, ``id/article/...``.
ID = Namespace(f"{BASE_IRI}id/")
#: Wikidata entities (``wd:Q148``).
WD = Namespace("http://www.wikidata.org/entity/")
#: Simple Event Model, the ontology our events align to.
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
#: The one named graph that holds the canonical meetings resolved across articles.
MEETINGS_GRAPH = ID["graph/meetings"]
#: kg's own graph of facts about the store (its stamp, :mod:`kg.store.stamp`); outside
#: the default graph, unlike every other graph.
STORE_GRAPH = ID["graph/store"]

#: The prefix header of the SPARQL queries kg runs over its own graph.
SPARQL_PREFIXES = """PREFIX dip: <https://diplomatic-kg.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

#: PLOVER event categories (and two legacy CAMEO-era ones) -> their ``dip:`` class name.
PLOVER_CLASSES = {
    "AGREE": "Agree",
    "CONSULT": "Consult",
    "SUPPORT": "Support",
    "CONCEDE": "Concede",
    "COOPERATE": "Cooperate",
    "AID": "Aid",
    "RETREAT": "Retreat",
    "REQUEST": "Request",
    "ACCUSE": "Accuse",
    "REJECT": "Reject",
    "THREATEN": "Threaten",
    "PROTEST": "Protest",
    "SANCTION": "Sanction",
    "MOBILIZE": "Mobilize",
    "COERCE": "Coerce",
    "ASSAULT": "Assault",
    "DEMAND": "Demand",
    "DISAPPROVE": "Disapprove",
    "FIGHT": "Fight",
    "INVESTIGATE": "Investigate",
}


def slug(text: str) -> str:
    """A lower-case ASCII IRI segment: accents dropped, runs of other characters -> '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def geonames_iri(geonames_id: int) -> URIRef:
    """The GeoNames linked-data IRI of a place."""
    return URIRef(f"https://sws.geonames.org/{geonames_id}/")


#: Characters kept as they are in an article key: IRI ``iunreserved`` / sub-delims, ``:``,
#: ``@`` and ``/`` (a path keeps its folders). Everything else is percent-encoded as UTF-8.
_KEPT = frozenset(string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@/")
#: Unicode categories never kept literally: controls, formats (bidi marks), surrogates,
#: private use, unassigned, and separators (spaces that would read as a break).
_ESCAPED_CATEGORIES = ("C", "Z")


def _escape_char(char: str) -> str:
    if char in _KEPT or (
        ord(char) > 0x7F and not unicodedata.category(char).startswith(_ESCAPED_CATEGORIES)
    ):
        return char
    return quote(char.encode("utf-8", "surrogatepass"), safe="")


def article_key(identifier: str) -> str:
    """The identifier as an IRI path, one-to-one: case, Unicode and ``/`` kept.

    What is not allowed (or not readable) in an IRI is percent-encoded, ``%`` itself
    included, so two identifiers never give one key; a ``.`` or ``..`` segment is encoded
    too, so that no IRI normalisation can fold ``a/../b`` into another article's IRI.
    """
    escaped = "".join(map(_escape_char, identifier))
    return "/".join(
        part.replace(".", "%2E") if part in (".", "..") else part for part in escaped.split("/")
    )


def article_iri(identifier: str) -> URIRef:
    """The article's IRI, which is also the name of its graph (see :func:`article_key`)."""
    return ID[f"article/{article_key(identifier)}"]


def _local_key(identifier: str) -> str:
    """The article key inside event and evidence IRIs; a key ending in ``-action`` gets its
    dash encoded, so that its n-th event can never be another article's n-th action."""
    key = article_key(identifier)
    return key[: -len("-action")] + "%2Daction" if key.endswith("-action") else key


def side_iri(side: Side) -> URIRef:
    """``id/country/CHN`` or ``id/organization/UN``."""
    kind = "country" if isinstance(side, Country) else "organization"
    return ID[f"{kind}/{quote(side.key, safe='')}"]


_SIDE_PREFIXES = (str(ID["country/"]), str(ID["organization/"]))


@lru_cache(maxsize=4096)
def side_key(iri: str) -> str:
    """The key back from a side's IRI: ``CHN``, ``UN``; any other IRI is returned as it is."""
    for prefix in _SIDE_PREFIXES:
        if iri.startswith(prefix):
            return unquote(iri.removeprefix(prefix))
    return iri


def city_iri(city: City) -> URIRef:
    """Keyed by GeoNames id where known, else by the slug of the name."""
    key = str(city.geonames_id) if city.geonames_id is not None else slug(city.name)
    return ID[f"city/{key}"]


def person_iri(name: str, side: Side | None) -> URIRef:
    """Keyed by state + name, so one office holder is one node across articles."""
    prefix = f"{slug(side.key)}-" if side is not None else ""
    return ID[f"person/{prefix}{slug(name)}"]


def event_iri(identifier: str, n: int, *, action: bool = False) -> URIRef:
    """The n-th event (or action) of an article."""
    kind = "action-" if action else ""
    return ID[f"event/{_local_key(identifier)}-{kind}{n}"]


def participation_iri(event: URIRef, side: Side) -> URIRef:
    """One side's part in an event (its role and confidence)."""
    return URIRef(f"{event}/participation/{_local_key(side.key)}")


def meeting_iri(date: str | None, side_keys: Iterable[str], seed: str) -> URIRef:
    """A canonical meeting: its date and sides for the reader, a hash of its first report.

    The first report (in the resolver's content order) belongs to one meeting only, so the
    hash keeps two meetings with the same date and sides apart; nothing depends on the
    order in which articles were built.
    """
    sides = "-".join(slug(key) for key in sorted(side_keys))
    digest = hashlib.sha1(seed.encode("utf-8")).hexdigest()[:8]
    return ID[f"meeting/{date or 'undated'}-{sides}-{digest}"]


def evidence_iri(identifier: str, evidence: Evidence) -> URIRef:
    """A sentence, keyed by its article, where it is (text or title) and its offsets."""
    part = "title-" if evidence.in_title else ""
    return ID[f"evidence/{_local_key(identifier)}-{part}{evidence.start}-{evidence.end}"]


def plover_class(category: str) -> URIRef | None:
    """The ``dip:`` class of a PLOVER category, or None for a category we do not know."""
    name = PLOVER_CLASSES.get(category.strip().upper())
    return DIP[name] if name else None
