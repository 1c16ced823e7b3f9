"""The trained decisions and the file they ship in (kg/data/decisions.json).

One JSON file holds the LightGBM model as text, the vocabulary of each categorical
feature, the threshold below which a candidate is left out, and where the model came
from (the hash of the gold it was fitted on, its cross-validated figures). Fitting is
deterministic: one thread, fixed seed, rows in article order.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.nlp.decisions.features import CATEGORICAL, FEATURES

if TYPE_CHECKING:
    import lightgbm

#: The shipped model, beside the package's other tables.
SHIPPED = Path(__file__).resolve().parents[2] / "data" / "decisions.json"
#: Below this probability a candidate side is left out: a false ``dip:meets`` edge costs
#: more than a missing one.
THRESHOLD = 0.5
#: LightGBM's settings: small trees (chosen by the cross-validated figures of a few
#: settings), one thread and a fixed seed, so a fit is repeatable.
PARAMS: dict[str, Any] = {
    "objective": "binary", "learning_rate": 0.05, "num_leaves": 4, "min_data_in_leaf": 20,
    "feature_fraction": 1.0, "bagging_fraction": 1.0, "lambda_l2": 5.0,
    "deterministic": True, "force_row_wise": True, "num_threads": 1, "seed": 7,
    "verbose": -1,
}
ROUNDS = 150


@dataclass(frozen=True)
class Decisions:
    """A fitted model: ``probability`` of each candidate, and whether to ``keep`` it."""

    model_text: str
    vocabulary: dict[str, list[str]]
    threshold: float = THRESHOLD
    about: dict[str, Any] = field(default_factory=dict)
    features: tuple[str, ...] = FEATURES

    @property
    def booster(self) -> lightgbm.Booster:
        """The LightGBM model, parsed once."""
        return _booster(self.model_text)

    def probabilities(self, rows: Sequence[dict[str, object]]) -> list[float]:
        """The probability that each candidate takes part."""
        if not rows:
            return []
        matrix = encode(rows, self.vocabulary, self.features)
        # One thread: an OpenMP pool started here would hang the processes a build forks.
        return [float(p) for p in self.booster.predict(matrix, num_threads=1)]

    def save(self, path: str | Path) -> None:
        """Write the model file (sorted keys, so the same fit gives the same bytes)."""
        data = {"model": self.model_text, "vocabulary": self.vocabulary,
                "threshold": self.threshold, "about": self.about,
                "features": list(self.features)}
        Path(path).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n",
                              encoding="utf-8")


@cache
def _booster(text: str) -> lightgbm.Booster:
    import lightgbm

    return lightgbm.Booster(model_str=text)


def encode(rows: Sequence[dict[str, object]], vocabulary: dict[str, list[str]],
           features: Sequence[str] = FEATURES) -> Any:
    """Rows of features as a matrix: categories by their index in the vocabulary (unknown
    ones as missing), numbers as they are; a feature the rows lack is missing."""
    import numpy as np

    index = {name: {v: i for i, v in enumerate(values)} for name, values in vocabulary.items()}
    matrix = np.empty((len(rows), len(features)), dtype=np.float64)
    for r, row in enumerate(rows):
        for c, name in enumerate(features):
            value = row.get(name)
            if value is None:
                matrix[r, c] = math.nan
            elif name in index:
                matrix[r, c] = index[name].get(str(value), math.nan)
            else:
                matrix[r, c] = float(value)  # type: ignore[arg-type]
    return matrix


def fit(rows: Sequence[dict[str, object]], labels: Sequence[int],
        about: dict[str, Any] | None = None) -> Decisions:
    """Fit the decisions on labelled candidates, deterministically."""
    import lightgbm

    vocabulary = {name: sorted({str(row[name]) for row in rows}) for name in CATEGORICAL}
    data = lightgbm.Dataset(encode(rows, vocabulary), label=list(labels),
                            feature_name=list(FEATURES), categorical_feature=list(CATEGORICAL),
                            params={"verbose": -1}, free_raw_data=False)
    booster = lightgbm.train(PARAMS, data, num_boost_round=ROUNDS)
    return Decisions(booster.model_to_string(), vocabulary, THRESHOLD, dict(about or {}))


def rows_hash(rows: Sequence[dict[str, object]], labels: Sequence[int]) -> str:
    """The SHA-256 of the training data, as the model file records it."""
    digest = hashlib.sha256()
    for row, label in zip(rows, labels, strict=True):
        digest.update(json.dumps([row, label], sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def read_decisions(path: str | Path) -> Decisions:
    """A model file written by :meth:`Decisions.save`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Decisions(data["model"], data["vocabulary"], data["threshold"], data["about"],
                     tuple(data["features"]))


@cache
def load_decisions(path: str | None = None) -> Decisions | None:
    """The model at ``path`` (default: the one shipped with kg), or None where there is none
    (before the first ``kg train``: every candidate is kept)."""
    file = Path(path) if path else SHIPPED
    return read_decisions(file) if file.exists() else None
