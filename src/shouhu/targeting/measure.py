"""A training's heavy part, pure (numpy + scikit-learn, no Django): the time-split evaluation over seeds, the
final fit and the ranking with each enterprise's top contributions, from a history already read.

`services.training` reads the history and stores the result; the retraining job (core.jobs) runs this in
its isolated child (memory cap, timeout), so a request never fits 20 bootstrap models itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import features, learn

YEAR = features.YEAR
SEEDS = 20
K_SHARE = 0.2
TOP = 3  # contributions shown per enterprise


def measure(hist: features.History, ids: Sequence[int], today: dt.date) -> dict[str, Any]:
    """1. fit on the two years before `cutoff` (= a year before today), rank the year after it (learn.evaluate);
    2. the version itself: fitted on the three years up to today, ranking every enterprise as of today."""
    cutoff = today - YEAR
    evaluation = learn.evaluate(
        features.training_rows(hist, cutoff - 2 * YEAR, cutoff),
        features.next_event_rows(hist, cutoff, YEAR),
        seeds=SEEDS,
        k_share=K_SHARE,
    )
    final = features.training_rows(hist, today - 3 * YEAR, today)
    model = learn.fit(final.X, final.y)
    ids = list(ids)
    rows = features.ranking_rows(hist, ids, today)
    prob = model.probability(rows.X)
    contrib = model.contributions(rows.X)
    gkey = [learn.grade_key(lv, s) for lv, s in zip(rows.level, rows.score, strict=True)]
    order = sorted(range(len(ids)), key=lambda i: (-prob[i], -gkey[i], ids[i]))
    ranking = []
    for rank, i in enumerate(order, start=1):
        top = np.argsort(-np.abs(contrib[i]))[:TOP]
        ranking.append(
            {
                "enterprise_id": ids[i],
                "rank": rank,
                "probability": round(float(prob[i]), 4),
                "level": rows.level[i],
                "score": rows.score[i],
                "contributions": [
                    {
                        "key": features.KEYS[j],
                        "value": round(float(rows.X[i][j]), 3),
                        "effect": round(float(contrib[i][j]), 3),
                    }
                    for j in top
                ],
            }
        )
    return {
        "today": today,
        "cutoff": cutoff,
        "evaluation": evaluation,
        "params": model.params,
        "train_rows": len(final),
        "train_serious": int(sum(final.y)),
        "ranking": ranking,
    }


def job(payload: dict[str, Any]) -> dict[str, Any]:
    """The retraining job's isolated part (`core.jobs` target)."""
    return {
        "division_code": payload["division_code"],
        **measure(payload["history"], payload["ids"], payload["today"]),
    }
