"""PLOVER JSON Lines export: the graph's coded actions as PLOVER event records.

Event-data users (PLOVER, POLECAT, ICEWS-style pipelines) read one JSON record per event:
id, date, event category, mode, context, source and target actors, the sentence. The
records are read back from the store by SPARQL (``dip:Action``), so any store, or an
rdflib graph or dataset, exports the same way. rdflib is imported only when needed.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.rdf.namespaces import SPARQL_PREFIXES

_CAMEO_TABLE = Path(__file__).resolve().parent / "data" / "plover_cameo.csv"

_QUERY = (
    SPARQL_PREFIXES
    + """
SELECT ?e ?code ?cameo ?status ?date ?text ?ident ?source ?role ?side ?label ?iso ?short
WHERE {
  ?e a dip:Action ; dip:ploverCode ?code .
  OPTIONAL { ?e dip:cameoCode ?cameo }
  OPTIONAL { ?e dip:status ?status }
  OPTIONAL { ?e dip:date ?date }
  OPTIONAL {
    ?e dip:evidence ?s . ?s dip:text ?text .
    OPTIONAL { ?s dcterms:isPartOf ?article .
               OPTIONAL { ?article dcterms:identifier ?ident }
               OPTIONAL { ?article dcterms:source ?source } }
  }
  OPTIONAL {
    VALUES ?role { dip:actor dip:recipient }
    ?e ?role ?side .
    OPTIONAL { ?side rdfs:label ?label }
    OPTIONAL { ?side dip:isoCode ?iso }
    OPTIONAL { ?side dip:shortName ?short }
  }
}
"""
)


@dataclass(frozen=True)
class Code:
    """One CAMEO code and what PLOVER makes of it (category as in the PLOVER gold records)."""

    cameo: str
    category: str
    plover2021: str
    mode: str
    context: str
    description: str


#: PLOVER categories by quad class, after CAMEO's quad classes of the codes they take.
QUAD_CLASSES = {
    "verbal cooperation": ("AGREE", "CONSULT", "SUPPORT"),
    "material cooperation": ("CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE"),
    "verbal conflict": ("DEMAND", "DISAPPROVE", "REJECT", "THREATEN"),
    "material conflict": ("PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT"),
}


def quad_class(category: str) -> str | None:
    """The quad class of a PLOVER category (``"verbal cooperation"`` for ``CONSULT``)."""
    wanted = category.strip().upper()
    return next((quad for quad, names in QUAD_CLASSES.items() if wanted in names), None)


@cache
def codes() -> dict[str, Code]:
    """CAMEO code -> :class:`Code`, from kg/data/plover_cameo.csv."""
    text = _CAMEO_TABLE.read_text(encoding="utf-8")
    return {row["cameo"]: Code(**row) for row in csv.DictReader(text.splitlines())}


def _queryable(store_or_graph: Any) -> Any:
    """Something whose ``query`` sees every article graph: a Store, or an rdflib graph."""
    import rdflib

    if isinstance(store_or_graph, rdflib.Dataset) and not store_or_graph.default_union:
        union = rdflib.Graph()
        for s, p, o, _ in store_or_graph.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    if not hasattr(store_or_graph, "query"):
        raise KGError(f"cannot read actions from {type(store_or_graph).__name__}: no query()")
    return store_or_graph


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def plover_records(store_or_graph: Any) -> Iterator[dict[str, Any]]:
    """Every ``dip:Action`` in the store as a PLOVER record, ordered by article then id.

    A record carries PLOVER's fields (``id``, ``date``, ``event``, ``mode``, ``context``,
    ``source`` and ``target`` as lists of ``{"actorText", "code"}``, ``text``) plus the
    CAMEO code, the status and the ``article`` (``identifier``, ``source``) it came from.
    """
    rows = _queryable(store_or_graph).query(_QUERY)
    events: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = str(row["e"])
        record = events.setdefault(iri, _record(iri, row))
        if row["side"] is not None:
            key = "source" if str(row["role"]).endswith("actor") else "target"
            code = str(row["iso"] or row["short"] or _local(str(row["side"])))
            actor = {"actorText": str(row["label"] or code), "code": code}
            if actor not in record[key]:
                record[key].append(actor)
    yield from sorted(events.values(), key=lambda r: (r["article"]["identifier"] or "", r["id"]))


def _record(iri: str, row: Any) -> dict[str, Any]:
    def text(name: str) -> str | None:
        value = row[name]
        return None if value is None else str(value)

    cameo = text("cameo")
    known = codes().get(cameo or "")
    return {
        "id": _local(iri),
        "date": text("date"),
        "event": str(row["code"]),
        "mode": known.mode if known else "",
        "context": known.context if known else "",
        "source": [],
        "target": [],
        "text": text("text"),
        "cameo": cameo,
        "status": text("status") or "occurred",
        "article": {"identifier": text("ident"), "source": text("source")},
    }


def write_jsonl(records: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write one JSON record per line (UTF-8); returns how many were written."""
    target = Path(path)
    count = 0
    try:
        with target.open("w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    except OSError as exc:
        raise KGError(f"{target}: cannot write PLOVER records: {exc}") from exc
    return count
