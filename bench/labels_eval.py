"""Precision and recall per finding code on the labelled corpus (tests/data/labels/corpus_*.jsonl).

Label-level scoring: for each text, the set of codes found is compared with the set expected.
Splits, each reported apart:
  tune     used to develop the lexicon;
  holdout  written before any checker code, never tuned on;
  blind    written after the lexicon in phrasings it was not written for; its first measurement is in
           docs/benchmarks.md, after which the lexicon was extended for the families it exposed;
  fresh    written by someone who never saw the lexicon, the checker or the other splits; measured once
           unseen (docs/benchmarks.md), then its misses were studied as the blind split's were;
  unseen1  written by someone who never saw the checker (issue 35), measured once untuned (the figure in
           docs/benchmarks.md), then studied like 'fresh'.

`--file PATH` scores any file in the corpus format instead (e.g. a held-out split nobody has studied); rows
may carry "family" (the writer's grouping, reported per family) and "true_category" (the product's
category, scored against the category the checker infers when "category" is null). Only figures are
printed unless `--show-errors` is given.

    .venv/bin/python bench/labels_eval.py [--split tune|holdout|blind|fresh|unseen1|all] [--file PATH]
                                          [--show-errors] [--json]
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
SPLITS = ["tune", "holdout", "blind", "fresh", "unseen1"]
LISTING_SKIP = ("mandatory.missing",)


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def load(split: str) -> list[dict]:
    rows = []
    for path in sorted(CORPUS.glob("corpus_*.jsonl")):
        rows.extend(read_rows(path))
    return [r for r in rows if split == "all" or r["split"] == split]


def family(code: str) -> str:
    return "mandatory.missing.*" if code.startswith("mandatory.missing.") else code


def _prf(t: int, f: int, n: int) -> dict[str, float]:
    return {
        "tp": t,
        "fp": f,
        "fn": n,
        "precision": t / (t + f) if t + f else 1.0,
        "recall": t / (t + n) if t + n else 1.0,
    }


def _check(r: dict):
    skip = LISTING_SKIP if r.get("kind") == "listing" else ()
    return check_label(r["text"], as_of=date.fromisoformat(r["as_of"]), category=r.get("category"), skip=skip)


def evaluate(rows: list[dict]) -> tuple[dict[str, dict[str, float]], list[str]]:
    """(P/R per code family, one line per wrong text): what the corpus test asserts on."""
    rep = score(rows)
    return rep["code_families"], rep["_errors"]


def score(rows: list[dict]) -> dict:
    """Scores of one set of rows: per code, per code family, per writer's family, texts with a false
    finding, clean texts with a false ingredient.banned, and category inference against true_category."""
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    fam: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # texts, tp, fp, fn, texts w/ false
    cat_total = cat_right = 0
    cat_wrong: list[str] = []
    texts_false = 0
    false_banned = 0
    errors = []
    for r in rows:
        res = _check(r)
        got, want = res.codes, set(r["expected"])
        for c in got & want:
            tp[c] += 1
        for c in got - want:
            fp[c] += 1
        for c in want - got:
            fn[c] += 1
        if got - want:
            texts_false += 1
        if not want and "ingredient.banned" in got:
            false_banned += 1
        f = fam[str(r.get("family") or r.get("kind") or "-")]
        f[0] += 1
        f[1] += len(got & want)
        f[2] += len(got - want)
        f[3] += len(want - got)
        f[4] += bool(got - want)
        if "true_category" in r and r.get("category") is None:
            cat_total += 1
            if (res.category or None) == (r["true_category"] or None):
                cat_right += 1
            else:
                cat_wrong.append(
                    f"{r['id']}: category {res.category} ({res.category_source}), true {r['true_category']}"
                )
        if got != want:
            errors.append(f"{r['id']}: +{sorted(got - want)} -{sorted(want - got)} | {r['text'][-60:]!r}")
    codes = {c: _prf(tp[c], fp[c], fn[c]) for c in sorted(set(tp) | set(fp) | set(fn))}
    agg: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for c in codes:
        a = agg[family(c)]
        a[0], a[1], a[2] = a[0] + tp[c], a[1] + fp[c], a[2] + fn[c]
    total = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    families = {
        k: {"texts": v[0], **_prf(v[1], v[2], v[3]), "texts_with_false_finding": v[4]}
        for k, v in sorted(fam.items())
    }
    return {
        "texts": len(rows),
        "clean_texts": sum(1 for r in rows if not r["expected"]),
        "false_banned_on_clean": false_banned,
        "texts_with_false_finding": texts_false,
        "false_finding_rate": texts_false / len(rows) if rows else 0.0,
        "total": total,
        "code_families": {c: _prf(*v) for c, v in sorted(agg.items())},
        "codes": codes,
        "families": families,
        "category": (
            {"rows": cat_total, "right": cat_right, "accuracy": cat_right / cat_total} if cat_total else None
        ),
        "_errors": errors + cat_wrong,
    }


def _print(name: str, rep: dict, show_errors: bool) -> None:
    t = rep["total"]
    print(
        f"\n== {name}: {rep['texts']} texts ({rep['clean_texts']} clean); "
        f"false ingredient.banned on clean: {rep['false_banned_on_clean']}"
    )
    print(
        f"all codes: P {t['precision']:.3f}  R {t['recall']:.3f}  (tp {t['tp']} fp {t['fp']} fn {t['fn']}); "
        f"texts with at least one false finding: {rep['texts_with_false_finding']}/{rep['texts']} "
        f"= {rep['false_finding_rate']:.3f}"
    )
    print(f"{'code':36} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}")
    for c, s in rep["codes"].items():
        print(f"{c:36} {s['tp']:>4} {s['fp']:>4} {s['fn']:>4} {s['precision']:>10.3f} {s['recall']:>8.3f}")
    if any(k.startswith("mandatory.missing.") for k in rep["codes"]):
        s = rep["code_families"]["mandatory.missing.*"]
        print(
            f"{'(mandatory.missing.* together)':36} {s['tp']:>4} {s['fp']:>4} {s['fn']:>4} {s['precision']:>10.3f} {s['recall']:>8.3f}"
        )
    print(f"\n{'family':28} {'texts':>5} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'false-texts':>11}")
    for k, s in rep["families"].items():
        print(
            f"{k[:28]:28} {s['texts']:>5} {s['tp']:>4} {s['fp']:>4} {s['fn']:>4} {s['precision']:>6.3f} "
            f"{s['recall']:>6.3f} {s['texts_with_false_finding']:>11}"
        )
    if rep["category"]:
        c = rep["category"]
        print(f"\ncategory inferred vs true_category: {c['right']}/{c['rows']} = {c['accuracy']:.3f}")
    if show_errors:
        print("\n" + "\n".join(rep["_errors"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="each", choices=[*SPLITS, "all", "each"])
    ap.add_argument("--file", type=Path, help="score this corpus-format file instead of the splits")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.file:
        sets = {str(args.file): read_rows(args.file)}
    else:
        names = SPLITS if args.split == "each" else [args.split]
        sets = {s: load(s) for s in names}
    report = {}
    for name, rows in sets.items():
        if not rows:
            continue
        rep = score(rows)
        if not args.json:
            _print(name, rep, args.show_errors)
        if not args.show_errors:
            rep.pop("_errors")
        report[name] = rep
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
