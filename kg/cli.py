"""The ``kg`` command: a thin layer over the Python API."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from rdflib import BNode, Literal, URIRef

from kg import config
from kg.errors import InputError, KGError, StoreError
from kg.graph import KnowledgeGraph, Rows
from kg.store import open_store


def _store_argument(parser: argparse.ArgumentParser, default: str | None) -> None:
    parser.add_argument(
        "--store",
        default=default,
        help="store directory, or 'memory' (default: $KG_STORE or ./kg-store)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="A knowledge graph of diplomatic relations from news articles."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="ingest articles into the store")
    build.add_argument("paths", nargs="+", type=Path, help="files or folders of articles")
    build.add_argument("--out", type=Path, help="export the whole graph (.trig .nq .ttl .jsonld)")
    build.add_argument("--html", type=Path, help="write the explorer page")
    build.add_argument("--workers", type=int, default=1, help="extraction processes")
    build.add_argument(
        "--dask", metavar="ADDRESS", help="extract on a Dask cluster ('local' starts one)"
    )
    build.add_argument(
        "--no-resolve", action="store_true", help="do not resolve meetings across articles"
    )
    _store_argument(build, None)

    query = commands.add_parser("query", help="run a SPARQL query (or @file.rq)")
    query.add_argument("sparql")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    _store_argument(query, None)

    export = commands.add_parser("export", help="write the whole graph to a file")
    export.add_argument("file", type=Path)
    _store_argument(export, None)

    view = commands.add_parser("view", help="write the HTML explorer")
    view.add_argument("file", type=Path)
    _store_argument(view, None)

    evaluate = commands.add_parser("eval", help="score extraction against *.gold.json files")
    evaluate.add_argument("paths", nargs="+", type=Path)
    evaluate.add_argument(
        "--min-f1", type=float, help="exit 1 if any figure's F1 on the whole is below"
    )
    evaluate.add_argument(
        "--misses",
        action="store_true",
        help="list each wrong and missed unit of the tune half (never of the check half)",
    )
    _store_argument(evaluate, "memory")

    from kg.meetings.cli import add_meeting_commands
    from kg.server import add_serve_command

    add_meeting_commands(commands, lambda sub: _store_argument(sub, None))
    add_serve_command(commands)
    return parser


def _open(location: str | None, *, must_exist: bool) -> KnowledgeGraph:
    location = location or config.store_location()
    local = location != "memory" and "://" not in location
    if must_exist and local and not Path(location).exists():
        raise StoreError(f"{location}: no store here; run 'kg build' first")
    return KnowledgeGraph(open_store(location))


def _cell(term: object) -> str:
    return "" if term is None else str(term)


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    value: dict[str, str] = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype:
        value["datatype"] = str(term.datatype)
    return value


def print_rows(rows: Rows, fmt: str) -> None:
    """Print a query result as an aligned table, CSV, or SPARQL 1.1 results JSON."""
    if rows.boolean is not None:
        print(json.dumps({"head": {}, "boolean": rows.boolean}) if fmt == "json" else rows.boolean)
        return
    if rows.graph is not None:
        print(rows.graph.serialize(format="json-ld" if fmt == "json" else "turtle"))
        return
    names = list(rows.variables)
    if fmt == "json":
        bindings = [
            {
                name: _json_term(term)
                for name, term in zip(names, row, strict=True)
                if term is not None
            }
            for row in rows
        ]
        print(json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, indent=1))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([_cell(term) for term in row] for row in rows)
    else:
        table = [names, *([_cell(term) for term in row] for row in rows)]
        widths = [max(len(line[i]) for line in table) for i in range(len(names))]
        for line in table:
            print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))


def _read_query(argument: str) -> str:
    if not argument.startswith("@"):
        return argument
    path = Path(argument[1:])
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise KGError(f"{path}: cannot read query ({error.strerror})") from error


def _build(args: argparse.Namespace) -> int:
    from kg.build import ingest

    def report(error: InputError) -> None:
        print(f"kg: error: {error}", file=sys.stderr)

    with _open(args.store, must_exist=False) as graph:
        summary = ingest(
            graph,
            args.paths,
            on_error=report,
            workers=args.workers,
            dask=args.dask,
            progress=sys.stderr.isatty(),
            resolve=not args.no_resolve,
        )
        if args.out:
            graph.serialize(args.out)
        if args.html:
            graph.to_html(args.html)
    print(f"kg: {summary}", file=sys.stderr)
    return 1 if summary.errors else 0


def _eval(args: argparse.Namespace) -> int:
    from kg.evaluate import HALVES, evaluate_paths, format_table

    with _open(args.store, must_exist=False) as graph:
        evaluation = evaluate_paths(graph, args.paths)
    if args.misses:
        for stem, figure, verdict, unit in evaluation.misses():
            print(f"{stem}\t{figure}\t{verdict}\t{unit}")
        print()
    for which in (*HALVES, None):
        print(f"{which or 'whole'} ({evaluation.count(which)} articles)")
        print(format_table(evaluation.scores(which)))
        print()
    scores = evaluation.scores()
    if args.min_f1 is not None and any(s.f1 < args.min_f1 for s in scores.values()):
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kg`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "eval":
            return _eval(args)
        if args.command == "serve":
            from kg.server import run_serve

            return run_serve(args)
        with _open(args.store, must_exist=True) as graph:
            if args.command == "query":
                print_rows(graph.query(_read_query(args.sparql)), args.format)
            elif args.command == "export":
                graph.serialize(args.file)
            elif args.command == "view":
                graph.to_html(args.file)
            else:
                from kg.meetings.cli import run_meeting_command

                run_meeting_command(args, graph)
        return 0
    except KGError as error:
        print(f"kg: error: {error}", file=sys.stderr)
        return 1
