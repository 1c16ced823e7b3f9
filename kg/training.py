"""Fitting the decisions layer on the gold, and scoring it by cross-validation.

Every annotated article is parsed once; its candidates (``doc._.candidates``) are
labelled from its gold: a candidate side is right where it and another candidate of the
same encounter are a pair that met in the gold. ``kg train`` fits on every article and
writes the model into the package; ``kg eval --cv K`` fits on K-1 folds of articles and
concludes the articles of the K-th with that model, so that no article is scored by a
model that saw it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.evaluate import Evaluation, Gold, gold_files, gold_from_facts, load_gold
from kg.types import Article, Participation, side_pairs

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from kg.nlp.decisions import Decisions


@dataclass(frozen=True)
class Annotated:
    """One annotated article, parsed: its Doc (candidates proposed) and its gold."""

    stem: str
    article: Article
    doc: Doc
    gold: Gold


def parse_annotated(paths: Iterable[str | Path]) -> list[Annotated]:
    """Every article with a gold file under ``paths``, parsed once, in file order, with no
    model deciding (its candidates are what training and cross-validation read)."""
    from kg.corpus import is_article_file
    from kg.corpus.reader import read_file
    from kg.nlp.document import article_doc
    from kg.nlp.pipeline import load_pipeline

    found: list[tuple[str, Article, Gold]] = []
    for gold_path in gold_files(paths):
        stem = gold_path.name.removesuffix(".gold.json")
        beside = sorted(p for p in gold_path.parent.glob(f"{stem}.*") if is_article_file(p.name))
        if beside:
            found.append((stem, read_file(beside[0])[0], load_gold(gold_path)))
    nlp = load_pipeline()
    discourse = nlp.get_pipe("kg_discourse")
    shipped, discourse.decisions = discourse.decisions, None
    try:
        docs = nlp.pipe((article_doc(nlp, article) for _, article, _ in found), batch_size=16)
        return [Annotated(stem, article, doc, gold)
                for (stem, article, gold), doc in zip(found, docs, strict=True)]
    finally:
        discourse.decisions = shipped


def labelled(items: Sequence[Annotated]) -> tuple[list[dict[str, object]], list[int]]:
    """The candidates of encounters that took place, with their labels."""
    rows: list[dict[str, object]] = []
    labels: list[int] = []
    for item in items:
        met = {frozenset(p) for m in item.gold.meetings for p in _combinations(m[0])}
        for proposed in item.doc._.candidates:
            encounter = proposed.encounter
            if encounter.status != "occurred":
                continue
            parts = tuple(Participation(c.side, c.role) for c in encounter.cues)
            right = {s for a, b in side_pairs(parts) if frozenset((a.key, b.key)) in met
                     for s in (a, b)}
            rows.extend(proposed.features)
            labels.extend(int(cue.side in right) for cue in encounter.cues)
    return rows, labels


def _combinations(sides: frozenset[str]) -> list[tuple[str, str]]:
    ordered = sorted(sides)
    return [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:]]


def fit_items(items: Sequence[Annotated]) -> Decisions:
    """The decisions fitted on these articles."""
    from kg.nlp.decisions.model import fit, rows_hash

    rows, labels = labelled(items)
    if len(set(labels)) < 2:
        raise InputError(f"{len(items)} annotated articles give {len(rows)} candidates, not "
                         "both right and wrong ones: too few to fit the decisions")
    return fit(rows, labels, {"articles": len(items), "candidates": len(rows),
                              "sha256": rows_hash(rows, labels)})


def conclude(items: Sequence[Annotated], decisions: Decisions | None) -> Evaluation:
    """Each article's facts as ``decisions`` conclude its candidates, scored on its gold."""
    from kg.nlp.discourse.component import Discourse
    from kg.nlp.facts import doc_to_facts

    scored = []
    for item in items:
        Discourse.conclude(item.doc, decisions)
        scored.append((item.stem, gold_from_facts(doc_to_facts(item.doc, item.article)),
                       item.gold))
    return Evaluation(tuple(scored))


def fold_of(stem: str, folds: int) -> int:
    """An article's fold: fixed by its name, blind to what it says."""
    return int(hashlib.sha1(stem.encode("utf-8")).hexdigest(), 16) % folds


def cross_validate(items: Sequence[Annotated], folds: int = 5) -> Evaluation:
    """Grouped K-fold: each article concluded by a model fitted on the other folds."""
    scored = []
    for k in range(folds):
        held = [i for i in items if fold_of(i.stem, folds) == k]
        if not held:
            continue
        fitted = fit_items([i for i in items if fold_of(i.stem, folds) != k])
        scored.extend(conclude(held, fitted).articles)
    order = {i.stem: n for n, i in enumerate(items)}
    return Evaluation(tuple(sorted(scored, key=lambda a: order[a[0]])))


def train(paths: Iterable[str | Path], out: str | Path | None = None,
          folds: int = 5) -> tuple[Decisions, Evaluation]:
    """Fit on every annotated article under ``paths`` and write the model file (default:
    the one kg ships), with its cross-validated figures; returns the model and the
    cross-validation."""
    from dataclasses import replace

    from kg.nlp.decisions.model import SHIPPED

    items = parse_annotated(paths)
    evaluation = cross_validate(items, folds)
    decisions = fit_items(items)
    figures = {name: round(s.f1, 3) for name, s in evaluation.scores().items()}
    about = {**decisions.about, "cv_folds": folds, "cv_f1": figures,
             "cv_macro_f1": {k: round(v, 3) for k, v in evaluation.macro().items()}}
    decisions = replace(decisions, about=about)
    decisions.save(out or SHIPPED)
    return decisions, evaluation
