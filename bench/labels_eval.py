"""Precision and recall per finding code on the labelled corpus (tests/data/labels/corpus_*.jsonl).

Label-level scoring: for each text, the set of codes found is compared with the set expected.
Splits, each reported apart:
  tune     used to develop the lexicon;
  holdout  written before any checker code, never tuned on;
  blind    written after the lexicon in phrasings it was not written for; its first measurement is in
           docs/benchmarks.md, after which the lexicon was extended for the families it exposed;
  fresh    written by someone who never saw the lexicon, the checker or the other splits; measured once
           unseen (docs/benchmarks.md), then its misses were studied as the blind split's were.

    .venv/bin/python bench/labels_eval.py [--split tune|holdout|blind|fresh|all] [--show-errors] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

from shouhu.labels import check_label

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "labels"
LISTING_SKIP = ("mandatory.missing",)


def load(split: str) -> list[dict]:
    rows = []
    for path in sorted(CORPUS.glob("corpus_*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return [r for r in rows if split == "all" or r["split"] == split]


def family(code: str) -> str:
    return "mandatory.missing.*" if code.startswith("mandatory.missing.") else code


def evaluate(rows: list[dict]) -> tuple[dict[str, dict[str, float]], list[str]]:
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    errors = []
    for r in rows:
        skip = LISTING_SKIP if r.get("kind") == "listing" else ()
        res = check_label(
            r["text"], as_of=date.fromisoformat(r["as_of"]), category=r.get("category"), skip=skip
        )
        got, want = res.codes, set(r["expected"])
        for c in got & want:
            tp[c] += 1
        for c in got - want:
            fp[c] += 1
        for c in want - got:
            fn[c] += 1
        if got != want:
            errors.append(f"{r['id']}: +{sorted(got - want)} -{sorted(want - got)} | {r['text'][-60:]!r}")
    out: dict[str, dict[str, float]] = {}
    agg: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for c in set(tp) | set(fp) | set(fn):
        a = agg[family(c)]
        a[0] += tp[c]
        a[1] += fp[c]
        a[2] += fn[c]
    for c, (t, f, n) in sorted(agg.items()):
        out[c] = {
            "tp": t,
            "fp": f,
            "fn": n,
            "precision": t / (t + f) if t + f else 1.0,
            "recall": t / (t + n) if t + n else 1.0,
        }
    return out, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="each", choices=["tune", "holdout", "blind", "fresh", "all", "each"])
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    splits = ["tune", "holdout", "blind", "fresh"] if args.split == "each" else [args.split]
    report = {}
    for split in splits:
        rows = load(split)
        scores, errors = evaluate(rows)
        clean = [r for r in rows if not r["expected"]]
        false_banned = sum(
            1
            for r in clean
            if "ingredient.banned"
            in check_label(r["text"], as_of=date.fromisoformat(r["as_of"]), category=r.get("category")).codes
        )
        report[split] = {
            "texts": len(rows),
            "clean_texts": len(clean),
            "false_banned_on_clean": false_banned,
            "codes": scores,
        }
        if not args.json:
            print(
                f"\n== {split}: {len(rows)} texts ({len(clean)} clean); false ingredient.banned on clean: {false_banned}"
            )
            print(f"{'code':36} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}")
            for c, s in scores.items():
                print(
                    f"{c:36} {s['tp']:>4} {s['fp']:>4} {s['fn']:>4} {s['precision']:>10.3f} {s['recall']:>8.3f}"
                )
            if args.show_errors:
                print("\n".join(errors))
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
