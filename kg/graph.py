"""KnowledgeGraph: the Python face of a store (add facts, SPARQL, networkx, HTML, export)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import rdflib
from rdflib.query import Result, ResultRow
from rdflib.term import Node, Variable

from kg import queries
from kg.errors import KGError
from kg.store.base import Store
from kg.types import Facts

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from kg.meetings import Explanation, Resolution
    from kg.people import PeopleResolution


@dataclass(frozen=True)
class Rows:
    """A SPARQL answer that outlives the store: SELECT rows, an ASK boolean or a graph.

    Rows behave like rdflib's: ``row[0]``, ``row["name"]`` and ``row.name`` all work.
    """

    variables: tuple[str, ...] = ()
    rows: tuple[ResultRow, ...] = ()
    boolean: bool | None = None
    graph: rdflib.Graph | None = None

    @classmethod
    def from_result(cls, result: Result) -> Rows:
        """Copy an rdflib Result (from any store) into Rows."""
        if result.type == "ASK":
            return cls(boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return cls(graph=result.graph)
        names = [Variable(v) for v in result.vars or ()]
        rows = tuple(ResultRow(binding, names) for binding in result.bindings)
        return cls(variables=tuple(str(v) for v in names), rows=rows)

    def __iter__(self) -> Iterator[ResultRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> ResultRow:
        return self.rows[index]

    def __bool__(self) -> bool:
        """An ASK answer, a non-empty graph, or at least one row."""
        if self.boolean is not None:
            return self.boolean
        if self.graph is not None:
            return len(self.graph) > 0
        return bool(self.rows)

    def to_dataframe(self) -> pd.DataFrame:
        """One column per variable; literals become Python values, IRIs strings."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError("Rows.to_dataframe needs pandas: pip install pandas") from exc
        return pd.DataFrame(
            [[_python(term) for term in row] for row in self.rows], columns=list(self.variables)
        )


def _python(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, rdflib.Literal):
        return term.toPython()
    return str(term)


class KnowledgeGraph:
    """A knowledge graph of diplomatic relations over any :class:`~kg.store.base.Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, facts: Facts) -> str:
        """Map one article's facts and replace its named graph: re-adding never duplicates.

        Returns the article's IRI. Meetings are resolved across articles by
        :meth:`resolve_meetings` (``kg.build`` does it after the articles are in).
        """
        from kg.rdf import facts_to_graph

        graph = facts_to_graph(facts)
        self.store.replace(graph)
        return str(graph.identifier)

    def resolve_meetings(self, articles: Iterable[str] | None = None) -> Resolution:
        """Resolve the reports of ``articles`` (IRIs; all when None) into canonical meetings.

        Incremental: only the meetings those articles can change are read and rewritten.
        """
        from kg.meetings import resolve

        return resolve(self.store, articles)

    def resolve_people(self) -> PeopleResolution:
        """Resolve every article's people into canonical people (see :mod:`kg.people`)."""
        from kg.people import resolve_people

        return resolve_people(self.store)

    def explain(self, iri: str) -> Explanation | str:
        """Why the canonical meeting ``iri`` (or the one a report ``iri`` is in) holds its
        reports, or why a person's mentions are one person (a person's IRI);
        ``print()`` it for the text ``kg explain`` shows."""
        from kg.meetings import explain

        if "/id/person/" in iri:
            from kg.people import explain_person

            try:
                return explain_person(self.store, iri)
            except KeyError:
                raise KGError(f"{iri}: no such person in the store") from None
        return explain(self.store, iri)

    def query(self, sparql: str) -> Rows:
        """Run SPARQL over the union of all articles; ``QueryError`` if malformed."""
        return Rows.from_result(self.store.query(sparql))

    def who_met_whom(self, *, counts: bool = False) -> list:
        """Every ordered pair of sides that met, by key (``CHN``, ``UN``), sorted.

        With ``counts``: :class:`~kg.queries.PairCount` rows, the distinct meetings of each
        pair and the reports of them.
        """
        return queries.who_met_whom(self.store, counts=counts)  # type: ignore[call-overload]

    def meetings_by_month(self, side: str) -> list[queries.MonthCount]:
        """``(YYYY-MM, meetings, reports)``: the distinct meetings a side (code, name or IRI)
        took part in by month, and the reports of them."""
        return queries.meetings_by_month(self.store, side)

    def roles(self, person: str) -> list[tuple[str, str]]:
        """``(role, side key)`` for each role the person of that name is reported in."""
        return queries.roles(self.store, person)

    def two_hop_partners(self, side: str, *, counts: bool = False) -> list:
        """Keys of the sides that met a partner of ``side`` (code, name or IRI).

        With ``counts``: :class:`~kg.queries.PartnerCount` rows, each partner's distinct
        meetings with the side's partners and the reports of them.
        """
        return queries.two_hop_partners(self.store, side, counts=counts)  # type: ignore[call-overload]

    def optimize(self) -> None:
        """Compact the store after a bulk load, so that queries read fewer files."""
        self.store.optimize()

    def to_networkx(self, view: str = "entities") -> nx.Graph:
        """Project onto networkx: ``"entities"`` (a MultiDiGraph of sides, people, cities
        and meetings) or ``"countries"`` (sides weighted by meetings); see :mod:`kg.network`."""
        from kg.network import to_networkx

        return to_networkx(self.store, view)  # type: ignore[arg-type]

    def to_html(self, path: str | Path, title: str = "diplomatic-kg") -> Path:
        """Write the self-contained HTML explorer of the graph (see :mod:`kg.view`); the
        file is written whole or not at all."""
        from kg.atomic import replacing
        from kg.view import write_html

        with replacing(path) as temp:
            write_html(self, temp, title=title)
        return Path(path)

    def serialize(self, path: str | Path) -> Path:
        """Export every quad; the extension picks the format (.trig .nq .ttl .jsonld .nt).

        ``.jsonl`` writes the diplomatic actions as PLOVER event records instead. The file
        is written whole or not at all (a temporary file, renamed when complete).
        """
        from kg.atomic import replacing

        out = Path(path)
        with replacing(out) as temp:
            if out.suffix.lower() == ".jsonl":
                from kg.plover import plover_records, write_jsonl

                write_jsonl(plover_records(self.store), temp)
            else:
                self.store.export(temp)
        return out

    def validate(self) -> tuple[bool, str]:
        """Check the union of all graphs against the SHACL shapes of the contract."""
        from kg.rdf import validate

        union = self.store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph
        return validate(union if union is not None else rdflib.Graph())

    def __len__(self) -> int:
        return len(self.store)

    def close(self) -> None:
        """Release the store (flushes and unlocks an on-disk store)."""
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
