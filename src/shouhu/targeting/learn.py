"""The model and its measurement (pure Python + numpy + scikit-learn, no Django).

The model is a logistic regression on standardised features (scikit-learn, L2, balanced classes, the
Newton–Cholesky solver: exact for a few features and single-threaded). It is
stored as plain numbers (`Model.params`: means, scales, coefficients, intercept), never as a pickle, so a
stored version is readable, auditable and scored with numpy alone; each enterprise's explanation is the
linear contribution of each feature to its log-odds, relative to the average enterprise of the training
set (coefficient × standardised value), which is exact for this model.

The measurement (`evaluate`) is a time split: fit on the earlier period, rank the later one, and count the
share of the later period's serious findings caught within the first k inspections (k = `k_share` of the
enterprises ranked), against ordering by the rule-based grade alone (level, then score; ties at random) and
against a random order. Each seed draws a bootstrap resample of the training rows (a fresh fit) and of the
ranked rows (a fresh count) and fresh random tie-breaks; the confidence interval is the 2.5–97.5 %
percentile over seeds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .features import KEYS, LEVEL_RISK, Rows

ALGORITHM = "logistic-regression"


@dataclass(frozen=True)
class Model:
    params: dict[str, Any]  # {"keys", "mean", "scale", "coef", "intercept"}

    def _z(self, X: Any) -> np.ndarray:
        p = self.params
        return (np.asarray(X, dtype=float) - np.asarray(p["mean"])) / np.asarray(p["scale"])

    def probability(self, X: Any) -> np.ndarray:
        if len(X) == 0:
            return np.zeros(0)
        logit = self._z(X) @ np.asarray(self.params["coef"]) + float(self.params["intercept"])
        return 1.0 / (1.0 + np.exp(-logit))

    def contributions(self, X: Any) -> np.ndarray:
        """Per row, each feature's share of the log-odds (relative to the training set's average)."""
        if len(X) == 0:
            return np.zeros((0, len(self.params["coef"])))
        return self._z(X) * np.asarray(self.params["coef"])


def fit(X: Any, y: Any, *, seed: int = 0) -> Model:
    """A logistic regression on standardised features; a single-class sample gives a constant model."""
    from sklearn.linear_model import LogisticRegression

    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=int)
    mean = X.mean(axis=0) if len(X) else np.zeros(len(KEYS))
    scale = X.std(axis=0) if len(X) else np.ones(len(KEYS))
    scale = np.where(scale > 1e-9, scale, 1.0)
    if len(set(y.tolist())) < 2:
        rate = float(y.mean()) if len(y) else 0.0
        rate = min(max(rate, 1e-3), 1 - 1e-3)
        coef, intercept = np.zeros(X.shape[1] if X.ndim == 2 else len(KEYS)), math.log(rate / (1 - rate))
    else:
        clf = LogisticRegression(C=1.0, class_weight="balanced", solver="newton-cholesky", max_iter=200)
        clf.fit((X - mean) / scale, y)
        coef, intercept = clf.coef_[0], float(clf.intercept_[0])
    return Model(
        {
            "keys": list(KEYS),
            "mean": [round(float(v), 6) for v in mean],
            "scale": [round(float(v), 6) for v in scale],
            "coef": [round(float(v), 6) for v in coef],
            "intercept": round(float(intercept), 6),
        }
    )


def grade_key(level: str, score: float) -> float:
    """The rule-based order as one number: riskier grade first, then the higher score within a grade."""
    return LEVEL_RISK.get(level, 1) * 1e6 + float(score)


def _order(primary: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Indices by `primary` descending, ties broken at random."""
    return np.lexsort((rng.random(len(primary)), -primary))


def caught(order: np.ndarray, y: np.ndarray, k: int) -> float:
    """The share of all serious findings that fall within the first k of `order`."""
    total = y.sum()
    return float(y[order[:k]].sum() / total) if total else float("nan")


def _ci(values: list[float]) -> dict[str, float | None]:
    v = [x for x in values if not math.isnan(x)]
    if not v:
        return {"mean": None, "low": None, "high": None}
    return {
        "mean": round(float(np.mean(v)), 4),
        "low": round(float(np.percentile(v, 2.5)), 4),
        "high": round(float(np.percentile(v, 97.5)), 4),
    }


def evaluate(train: Rows, test: Rows, *, seeds: int = 20, k_share: float = 0.2) -> dict[str, Any]:
    """Model vs grade-only vs random on a time split, with percentile intervals over `seeds` resamples."""
    Xtr, ytr = np.asarray(train.X, dtype=float), np.asarray(train.y, dtype=int)
    Xte, yte = np.asarray(test.X, dtype=float), np.asarray(test.y, dtype=int)
    gkey = np.asarray([grade_key(lv, s) for lv, s in zip(test.level, test.score, strict=True)])
    n = len(yte)
    k = max(1, round(n * k_share)) if n else 0
    out: dict[str, list[float]] = {
        "model": [],
        "grade": [],
        "random": [],
        "lift_grade": [],
        "lift_random": [],
    }
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        tr = rng.integers(0, len(ytr), len(ytr)) if len(ytr) else np.zeros(0, dtype=int)
        te = rng.integers(0, n, n) if n else np.zeros(0, dtype=int)
        model = fit(Xtr[tr], ytr[tr], seed=seed)
        y = yte[te]
        if not n or y.sum() == 0:
            continue
        m = caught(_order(model.probability(Xte[te]), rng), y, k)
        g = caught(_order(gkey[te], rng), y, k)
        r = caught(rng.permutation(n), y, k)
        out["model"].append(m)
        out["grade"].append(g)
        out["random"].append(r)
        out["lift_grade"].append(m / g if g else float("nan"))
        out["lift_random"].append(m / r if r else float("nan"))
    return {
        "train_rows": len(ytr),
        "train_serious": int(ytr.sum()),
        "test_rows": int(n),
        "test_serious": int(yte.sum()),
        "k": int(k),
        "k_share": k_share,
        "seeds": seeds,
        "seeds_counted": len(out["model"]),
        **{name: _ci(values) for name, values in out.items()},
    }


def promotable(evaluation: dict[str, Any]) -> bool:
    """Promoted only if the model, measured on the later period, is shown better than grade-only ordering:
    the whole 95 % interval of its lift over grade-only above 1. A point estimate ≥ 1 is not enough — on
    worlds with no signal it is ≥ 1 about half the time (bench/targeting_eval.py); with no measurement at
    all it is not promoted."""
    low = (evaluation.get("lift_grade") or {}).get("low")
    return low is not None and low > 1.0
