"""The issue's accuracy targets on the labelled corpus, per split. The holdout was never used for tuning;
blind, fresh and unseen1 were each measured once unseen (docs/benchmarks.md) before their misses were studied, and
stay here so that no later lexicon change loses what they taught."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location(
    "labels_eval", Path(__file__).resolve().parents[2] / "bench" / "labels_eval.py"
)
labels_eval = importlib.util.module_from_spec(spec)
spec.loader.exec_module(labels_eval)

TARGETED = ("claim.", "ingredient.banned")


@pytest.mark.parametrize("split", ["tune", "holdout", "blind", "fresh"])
def test_targets(split):
    rows = labels_eval.load(split)
    assert len(rows) >= 50
    scores, errors = labels_eval.evaluate(rows)
    for code, s in scores.items():
        if code.startswith(TARGETED):
            assert s["precision"] >= 0.95, (code, s, errors)
            assert s["recall"] >= 0.95, (code, s, errors)


def test_corpus_size_and_no_false_banned_on_clean():
    from datetime import date

    from shouhu.labels import check_label

    rows = labels_eval.load("tune") + labels_eval.load("holdout")
    assert len(rows) >= 150
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        if not r["expected"]:
            res = check_label(r["text"], as_of=date.fromisoformat(r["as_of"]), category=r.get("category"))
            assert "ingredient.banned" not in res.codes, r["id"]


def test_unseen1_keeps_what_it_taught():
    """unseen1 (issue 35) was measured once untuned (docs/benchmarks.md), then studied: no later change may
    lose a finding it expects or add false findings beyond the two texts on which the checker and the
    writer disagree (过敏宝宝 read as a disease-targeted claim; 小肠胃 as a gut claim)."""
    rep = labels_eval.score(labels_eval.load("unseen1"))
    assert len(rep["_errors"]) <= 3, rep["_errors"]
    assert rep["total"]["fn"] == 0, rep["_errors"]
    assert rep["texts_with_false_finding"] <= 2, rep["_errors"]
    assert rep["category"]["accuracy"] >= 0.98


def test_unseen2_keeps_what_it_taught():
    """unseen2 (issue 35) was measured once untuned (recall 0.774, docs/benchmarks.md), then studied: its
    families (comparisons, outcomes, illness kept away, absolutes, negated honey) became grammar; no later
    change may lose a finding it expects or add a false finding on it."""
    path = Path(__file__).resolve().parents[2] / "bench" / "data" / "labels_unseen2.jsonl"
    rep = labels_eval.score(labels_eval.read_rows(path))
    assert rep["total"]["fn"] == 0, rep["_errors"]
    assert rep["texts_with_false_finding"] == 0, rep["_errors"]
