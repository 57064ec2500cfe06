"""Label checker speed, this tree against a baseline commit, in the same run (interleaved, so machine load
falls on both alike): text labels per CPU-second in one process, best of the rounds.

    .venv/bin/python bench/labels_speed_ab.py [--baseline 93f2a1c] [--rounds 3]

The baseline's src/ and corpus are taken with `git archive` into a temporary folder; both sides check the
corpus texts of *this* tree (tests/data/labels/corpus_*.jsonl), each made unique so no cache answers.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, sys, time
from datetime import date
from pathlib import Path
from shouhu.labels import check_label
texts = []
for p in sorted(Path(sys.argv[1]).glob("corpus_*.jsonl")):
    texts += [json.loads(x)["text"] for x in p.read_text("utf-8").splitlines() if x.strip()]
for x in texts:
    check_label(x, as_of=date(2026, 11, 23))
best = None
for r in range(int(sys.argv[2])):
    t = time.process_time()
    for i, x in enumerate(texts):
        check_label(f"{x}\n批号{r}-{i}", as_of=date(2026, 11, 23))
    s = (time.process_time() - t) / len(texts)
    best = s if best is None else min(best, s)
print(round(1 / best))
"""


def run(src: Path, rounds: int) -> int:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT / "tests" / "data" / "labels"), str(rounds)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default="93f2a1c")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--pairs", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        arch = subprocess.run(
            ["git", "archive", args.baseline, "src"], cwd=ROOT, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", tmp], input=arch.stdout, check=True)
        base_src, ours_src = Path(tmp) / "src", ROOT / "src"
        base, ours = [], []
        for _ in range(args.pairs):
            base.append(run(base_src, args.rounds))
            ours.append(run(ours_src, args.rounds))
    print(f"load average at the end: {os.getloadavg()}")
    print(f"baseline {args.baseline}: labels per CPU-second {base} (best {max(base)})")
    print(f"this tree:        labels per CPU-second {ours} (best {max(ours)})")
    print(f"ratio of bests: {max(ours) / max(base):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
