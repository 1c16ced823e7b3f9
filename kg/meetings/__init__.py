"""One meeting, many reports: meetings resolved across articles into canonical meetings.

After a build, the per-article reports of meetings that took place are compared by the
rule of :mod:`kg.meetings.rule` and merged into canonical meetings (``dip:CanonicalMeeting``)
in the named graph ``kg.rdf.namespaces.MEETINGS_GRAPH``, each linked to its reports
(``dip:reportedAs``) and articles (``dip:reportedIn``). The stage reads and writes the
store through SPARQL only.

>>> import kg
>>> from kg.meetings import resolve
>>> graph = kg.KnowledgeGraph(kg.open_store())
>>> for n, text in enumerate(["Japan's foreign minister met China's foreign minister in "
...                           "Busan on 26 November 2023.",
...                           "China and Japan held talks in November 2023."]):
...     _ = graph.add(kg.extract(text, identifier=f"report-{n}"))
>>> print(resolve(graph.store).meetings)
1
"""

from kg.meetings.canonical import Meeting
from kg.meetings.explain import Explanation, explain
from kg.meetings.reports import Report, read_reports
from kg.meetings.resolve import Resolution, resolve
from kg.meetings.rule import Verdict, compare
from kg.meetings.storage import resolved


class UnresolvedWarning(UserWarning):
    """A store without canonical meetings: its reports are counted as meetings."""


__all__ = [
    "Explanation",
    "Meeting",
    "Report",
    "Resolution",
    "UnresolvedWarning",
    "Verdict",
    "compare",
    "explain",
    "read_reports",
    "resolve",
    "resolved",
]
