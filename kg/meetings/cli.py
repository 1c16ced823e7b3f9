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
    summary = "resolve every article's meetings again (kg build resolves new ones)"
    resolve = subparsers.add_parser("resolve", help=summary, description=summary.capitalize())
    store_argument(resolve)
    summary = ("list a canonical meeting's reports (or a person's mentions), why each "
               "joined, what was kept apart")
    explain = subparsers.add_parser("explain", help=summary, description=summary.capitalize())
    explain.add_argument(
        "iri", help="a canonical meeting's IRI, a report's (an event IRI), or a person's"
    )
    store_argument(explain)


def run_meeting_command(args: argparse.Namespace, graph: KnowledgeGraph) -> None:
    """Run ``kg resolve`` or ``kg explain`` on an open graph."""
    if args.command == "resolve":
        from kg.server.tables import save_for_serve

        print(f"kg: {graph.resolve_meetings()}; {graph.resolve_people()}", file=sys.stderr)
        save_for_serve(graph.store)
    else:
        print(graph.explain(args.iri.strip().removeprefix("<").removesuffix(">")))
