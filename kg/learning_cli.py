"""``kg eval`` and ``kg train``: scoring extraction on the gold, and fitting the decisions
layer on it. Thin over :mod:`kg.evaluate` and :mod:`kg.training`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from kg.evaluate import Evaluation, format_table

COMMANDS = ("eval", "train")


def add_learning_commands(
    subparsers: argparse._SubParsersAction,
    store_argument: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Add ``kg eval`` and ``kg train`` to the ``kg`` command's subparsers."""
    summary = "score extraction against *.gold.json files"
    evaluate = subparsers.add_parser("eval", help=summary, description=summary.capitalize())
    evaluate.add_argument("paths", nargs="+", type=Path, help="annotated articles or folders")
    evaluate.add_argument("--min-f1", type=float, help="exit 1 if any figure's F1 is below")
    evaluate.add_argument("--misses", action="store_true",
                          help="list each wrong and missed unit, article by article")
    evaluate.add_argument(
        "--cv", type=int, metavar="K",
        help="K-fold cross-validation grouped by article: the decisions are refitted on K-1 "
             "folds and each article is scored by a model that never saw it")
    store_argument(evaluate)
    summary = "fit the decisions layer on every *.gold.json file and write the model"
    train = subparsers.add_parser("train", help=summary, description=summary.capitalize())
    train.add_argument("paths", nargs="*", type=Path, default=[Path("corpus")],
                       help="annotated articles or folders (default: corpus/)")
    train.add_argument("--out", type=Path,
                       help="the model file to write (default: the one kg ships and uses)")
    train.add_argument("--cv", type=int, default=5, metavar="K",
                       help="folds of the cross-validation recorded in the model file")


def run_eval(args: argparse.Namespace, open_store: Callable) -> int:
    """``kg eval``: the graph built from the annotated articles, read back and scored; or,
    with ``--cv``, the cross-validated figures."""
    if args.cv:
        from kg.errors import InputError
        from kg.training import cross_validate, parse_annotated

        if args.cv < 2:
            raise InputError(f"--cv {args.cv}: needs 2 folds or more")
        items = parse_annotated(args.paths)
        if len(items) < args.cv:
            shown = ", ".join(map(str, args.paths))
            raise InputError(f"{shown}: {len(items)} annotated articles, fewer than "
                             f"{args.cv} folds")
        evaluation = cross_validate(items, args.cv)
        title = f"{args.cv}-fold cross-validation, grouped by article"
    else:
        from kg.evaluate import evaluate_paths

        with open_store(args.store, must_exist=False) as graph:
            evaluation = evaluate_paths(graph, args.paths)
        title = "the shipped model"
    return _report(evaluation, title, args)


def _report(evaluation: Evaluation, title: str, args: argparse.Namespace) -> int:
    if args.misses:
        for stem, figure, verdict, unit in evaluation.misses():
            print(f"{stem}\t{figure}\t{verdict}\t{unit}")
        print()
    print(f"{evaluation.count()} articles, {title} (macro: F1 averaged over articles)")
    print(format_table(evaluation.scores(), evaluation.macro()))
    scores = evaluation.scores()
    if args.min_f1 is not None and any(s.f1 < args.min_f1 for s in scores.values()):
        return 1
    return 0


def run_train(args: argparse.Namespace) -> int:
    """``kg train``: fit, write the model file, print its cross-validated figures."""
    from kg.nlp.decisions.model import SHIPPED
    from kg.training import train

    decisions, evaluation = train(args.paths, args.out, args.cv)
    about = decisions.about
    print(f"kg: fitted on {about['candidates']} candidates of {about['articles']} articles; "
          f"wrote {args.out or SHIPPED}", file=sys.stderr)
    print(f"{args.cv}-fold cross-validation, grouped by article (macro: F1 over articles)")
    print(format_table(evaluation.scores(), evaluation.macro()))
    return 0
