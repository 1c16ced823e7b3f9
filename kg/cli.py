"""The ``kg`` command: a thin layer over the Python API."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import BNode, Literal, URIRef

from kg import config
from kg.budget import DEFAULT_BUDGET, Budget
from kg.errors import KGError, QueryError, StoreError
from kg.graph import KnowledgeGraph, Rows
from kg.network import VIEWS
from kg.network.export import NETWORK_FORMATS
from kg.sparql import bind_prefixes, check_syntax, prepare
from kg.store import FORMATS, open_store

#: What ``--out`` and ``kg export`` write, by file ending.
GRAPH_EXPORTS = {**{suffix: "RDF" for suffix in FORMATS}, ".jsonl": "PLOVER event records"}
PAGE_SUFFIXES = (".html", ".htm")


class _Formatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows each option's default, unless it has none or its help already says it."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if action.default in (None, False) or "default" in text:
            return text
        return super()._get_help_string(action) or text


class _Parser(argparse.ArgumentParser):
    """Every subcommand's parser shows defaults too (``kg serve`` is defined elsewhere)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def _positive(text: str) -> float:
    """A number of seconds or megabytes, 0 or more (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"not a number, 0 or more: {text!r}")
    return value


def _store_argument(parser: argparse.ArgumentParser, default: str | None) -> None:
    where = "a fresh in-memory store" if default == "memory" else "$KG_STORE, else ./kg-store"
    parser.add_argument(
        "--store",
        default=default,
        help="store: a directory (Oxigraph), 'memory', or a sparql+http(s):// endpoint "
        f"(default: {where})",
    )


def _command(commands: argparse._SubParsersAction, name: str, summary: str) -> _Parser:
    return commands.add_parser(name, help=summary, description=summary[0].upper() + summary[1:])


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kg", description="A knowledge graph of diplomatic relations from news articles."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    build = _command(commands, "build", "ingest articles into the store")
    build.add_argument("paths", nargs="+", type=Path, help="files or folders of articles")
    build.add_argument(
        "--out", type=Path, help="export the whole graph: " + ", ".join(GRAPH_EXPORTS)
    )
    build.add_argument("--html", type=Path, help="write the explorer page (.html)")
    build.add_argument("--workers", type=int, default=1, help="extraction processes")
    build.add_argument(
        "--dask", metavar="ADDRESS", help="extract on a Dask cluster ('local' starts one)"
    )
    build.add_argument(
        "--no-resolve", action="store_true", help="do not resolve meetings across articles"
    )
    build.add_argument(
        "--min-confidence", type=float, default=0.0, metavar="X",
        help="leave out events the extractor is less sure of than X (0-1, dip:confidence)"
    )
    build.add_argument(
        "--article-timeout",
        type=_positive,
        default=DEFAULT_BUDGET.seconds,
        metavar="SECONDS",
        help="stop an article's extraction past this time (0: no limit)",
    )
    build.add_argument(
        "--article-memory",
        type=_positive,
        default=DEFAULT_BUDGET.megabytes,
        metavar="MB",
        help="stop an article's extraction once it grows memory by this much (0: no limit)",
    )
    _store_argument(build, None)

    query = _command(
        commands, "query", "run a SPARQL query (dip: rdfs: owl: xsd: dcterms: predeclared)"
    )
    query.add_argument("sparql", help="the query, or @FILE.rq to read it from a file")
    query.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="SELECT as an aligned table, CSV or SPARQL JSON; ASK prints true or false; "
        "CONSTRUCT/DESCRIBE as Turtle (table) or JSON-LD (json)",
    )
    _store_argument(query, None)

    export = _command(commands, "export", "write the graph, its network or its meetings")
    export.add_argument(
        "file",
        type=Path,
        help="by ending: "
        + ", ".join(GRAPH_EXPORTS)
        + " (the graph); "
        + "; ".join(f"{k} ({v})" for k, v in NETWORK_FORMATS.items()),
    )
    export.add_argument(
        "--view",
        choices=VIEWS,
        default="countries",
        help="the network written to .graphml / .gexf",
    )
    _store_argument(export, None)

    view = _command(commands, "view", "write the HTML explorer (self-contained, offline)")
    view.add_argument("file", type=Path, help="the page to write (.html)")
    _store_argument(view, None)

    stats = _command(commands, "stats", "sum up the store: facts by type, top sides, dates")
    stats.add_argument("--top", type=int, default=10, help="sides listed by meetings")
    _store_argument(stats, None)

    from kg.learning_cli import add_learning_commands
    from kg.meetings.cli import add_meeting_commands
    from kg.server import add_serve_command

    add_learning_commands(commands, lambda sub: _store_argument(sub, "memory"))
    add_meeting_commands(commands, lambda sub: _store_argument(sub, None))
    add_serve_command(commands)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("diplomatic-kg")
    except PackageNotFoundError:
        return "(not installed)"


def _check_suffix(path: Path | None, allowed: Iterable[str], what: str) -> None:
    """Refuse an output file whose ending names no format, before any work is done."""
    if path is not None and path.suffix.lower() not in allowed:
        raise KGError(
            f"{path}: cannot write {what} as '{path.suffix or '(no ending)'}'; "
            f"use one of {', '.join(allowed)}"
        )


def _open(location: str | None, *, must_exist: bool, write: bool | None = None) -> KnowledgeGraph:
    """The store to write (``must_exist=False``, or ``write``), or to read beside any writer."""
    location = location or config.store_location()
    local = location != "memory" and "://" not in location
    if must_exist and local and not Path(location.removeprefix("oxigraph:")).exists():
        raise StoreError(f"{location}: no store here; run 'kg build' first")
    read_only = must_exist if write is None else not write
    return KnowledgeGraph(open_store(location, read_only=read_only))


def _cell(term: object) -> str:
    return "" if term is None else str(term)


#: What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(term: object) -> str:
    """A CSV cell that a spreadsheet shows as text: a would-be formula gets a leading
    apostrophe (numbers such as ``-3`` are left alone)."""
    text = _cell(term)
    if text.startswith(_FORMULA_START):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


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
    """Print a query result as an aligned table, CSV, or SPARQL 1.1 results JSON.

    ASK answers print ``true`` or ``false``; graphs print as Turtle (or JSON-LD) with the
    usual prefixes; CSV is for SELECT answers only.
    """
    if rows.boolean is not None:
        answer = "true" if rows.boolean else "false"
        print(json.dumps({"head": {}, "boolean": rows.boolean}) if fmt == "json" else answer)
        return
    if rows.graph is not None:
        if fmt == "csv":
            raise KGError(_NO_CSV)
        graph = bind_prefixes(rows.graph)
        print(graph.serialize(format="json-ld" if fmt == "json" else "turtle").rstrip())
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
        writer.writerows([_csv_cell(term) for term in row] for row in rows)
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


_NO_CSV = (
    "--format csv is for SELECT answers; a CONSTRUCT or DESCRIBE answer is a graph: "
    "use --format table (Turtle) or json (JSON-LD)"
)


_NO_UPDATE = (
    "kg query reads; this is a SPARQL Update: updates go through "
    "`kg serve --allow-update` (POST to /sparql with a bearer token), or `kg build`"
)


def _is_update(text: str) -> bool:
    try:
        check_syntax(text, update=True)
    except QueryError:
        return False
    return True


def _query(graph: KnowledgeGraph, args: argparse.Namespace) -> None:
    text = _read_query(args.sparql)
    try:
        form = check_syntax(text)
    except QueryError:
        if _is_update(text):
            raise KGError(_NO_UPDATE) from None
        raise
    if args.format == "csv" and form in ("CONSTRUCT", "DESCRIBE"):
        raise KGError(_NO_CSV)
    print_rows(graph.query(prepare(text)), args.format)


def _export(graph: KnowledgeGraph, args: argparse.Namespace) -> None:
    from kg.network.export import write_network

    if args.file.suffix.lower() in NETWORK_FORMATS:
        write_network(graph, args.file, view=args.view)
    else:
        graph.serialize(args.file)


def _stats(graph: KnowledgeGraph, args: argparse.Namespace) -> None:
    from kg.stats import format_stats, store_stats

    print(format_stats(store_stats(graph.store.query, top=args.top)))


def _check_outputs(args: argparse.Namespace) -> None:
    """Every output file of the command has a known ending: checked before any work."""
    if args.command == "build":
        _check_suffix(args.out, GRAPH_EXPORTS, "the graph")
        _check_suffix(args.html, PAGE_SUFFIXES, "the explorer page")
    elif args.command == "export":
        _check_suffix(args.file, [*GRAPH_EXPORTS, *NETWORK_FORMATS], "an export")
    elif args.command == "view":
        _check_suffix(args.file, PAGE_SUFFIXES, "the explorer page")


def _build(args: argparse.Namespace) -> int:
    """``kg build``: every error on its own line, then the summary, always the last line."""
    import dataclasses

    from kg.build import ingest
    from kg.server.tables import save_for_serve

    def report(error: KGError) -> None:
        print(f"kg: error: {error}", file=sys.stderr)

    summary = None
    try:
        with _open(args.store, must_exist=False) as graph:
            summary = ingest(
                graph,
                args.paths,
                on_error=report,
                workers=args.workers,
                dask=args.dask,
                min_confidence=args.min_confidence,
                progress=sys.stderr.isatty(),
                resolve=not args.no_resolve,
                budget=Budget(args.article_timeout, int(args.article_memory)),
            )
            if args.out and not summary.stopped:
                graph.serialize(args.out)
            if args.html and not summary.stopped:
                graph.to_html(args.html)
            if not summary.stopped:
                save_for_serve(graph.store)
    except KGError as error:
        if summary is None:
            raise
        report(error)
        closing = (
            f"the store failed as it closed ({summary.articles} articles were committed; "
            "its log gives them back when it is next opened)"
        )
        summary = dataclasses.replace(
            summary, errors=summary.errors + 1, stopped=summary.stopped or closing
        )
    finally:
        if summary is not None:
            print(f"kg: {summary}", file=sys.stderr)
    return 1 if summary.errors else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kg`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        _check_outputs(args)
        if args.command == "build":
            return _build(args)
        if args.command == "eval":
            from kg.learning_cli import run_eval

            return run_eval(args, _open)
        if args.command == "train":
            from kg.learning_cli import run_train

            return run_train(args)
        if args.command == "serve":
            from kg.server import run_serve

            return run_serve(args)
        with _open(args.store, must_exist=True, write=args.command == "resolve") as graph:
            if args.command == "query":
                _query(graph, args)
            elif args.command == "export":
                _export(graph, args)
            elif args.command == "stats":
                _stats(graph, args)
            elif args.command == "view":
                graph.to_html(args.file)
            else:
                from kg.meetings.cli import run_meeting_command

                run_meeting_command(args, graph)
        return 0
    except KGError as error:
        print(f"kg: error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader stopped early (`kg query ... | head`): nothing more to say; stdout
        # goes to /dev/null so that the interpreter's last flush raises nothing either
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
