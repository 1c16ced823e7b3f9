"""``kg resolve`` and ``kg explain``: thin over :meth:`KnowledgeGraph.resolve_meetings` and
:meth:`KnowledgeGraph.explain`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from kg.graph import KnowledgeGraph

COMMANDS = ("resolve", "explain")


def add_meeting_commands(
    subparsers: argparse._SubParsersAction,
    store_argument: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Add ``kg resolve`` and ``kg explain`` to the ``kg`` command's subparsers."""
    resolve = subparsers.add_parser(
        "resolve", help="resolve every article's meetings again (kg build resolves new ones)"
    )
    store_argument(resolve)
    explain = subparsers.add_parser(
        "explain", help="list a canonical meeting's reports, why each joined, what was kept apart"
    )
    explain.add_argument("iri", help="a canonical meeting's IRI, or a report's (an event IRI)")
    store_argument(explain)


def run_meeting_command(args: argparse.Namespace, graph: KnowledgeGraph) -> None:
    """Run ``kg resolve`` or ``kg explain`` on an open graph."""
    if args.command == "resolve":
        print(f"kg: {graph.resolve_meetings()}", file=sys.stderr)
    else:
        print(graph.explain(args.iri.strip().removeprefix("<").removesuffix(">")))
