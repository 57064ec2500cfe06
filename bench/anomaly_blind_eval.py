"""The anomaly detectors on data planted by someone who never saw them (issue 32; the guide's "honest
evaluation": the figure that counts is the first measurement on data written by someone who never saw the
checker).

`bench/anomaly_bench.py`'s generator was written with the detectors, by the same hand. The generator in
`bench/data/anomaly_blind/gen_blind.py` was written by a helper given only the issue's text, the detectors'
input row types (`schema.py`, detector code removed) and the regulatory background; it plants each type in
its own ways, with its own honest noise, and says where it planted (`truth`). This script runs every
detector over its rows and prints precision and recall per detector, by enterprise.

    .venv/bin/python bench/anomaly_blind_eval.py [--enterprises 3000] [--seed 1] [--rate 0.03] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BLIND = REPO / "bench" / "data" / "anomaly_blind"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--enterprises", type=int, default=3000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--rate", type=float, default=0.03)
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--generator",
        type=Path,
        default=BLIND / "gen_blind.py",
        help="a blind generator module with generate(n, seed, rate) (default: the first, now studied)",
    )
    args = p.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.config.settings.test")
    import django

    django.setup()
    # the blind generator builds rows of its own copy of the input types: re-make them as the detectors' own
    import importlib.util

    from shouhu.anomaly import detectors as d

    spec = importlib.util.spec_from_file_location(args.generator.stem, args.generator)
    gen_blind = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(args.generator.parent))  # its own schema.py
    spec.loader.exec_module(gen_blind)

    start = time.perf_counter()
    inputs, truth, _day = gen_blind.generate(args.enterprises, args.seed, args.rate)
    gen_s = time.perf_counter() - start
    types = {
        "BatchRow": d.BatchRow,
        "RecordRow": d.RecordRow,
        "RefusalRow": d.RefusalRow,
        "Series": d.Series,
        "Activity": d.Activity,
        "SelfControl": d.SelfControl,
    }

    def own(row):
        cls = types[type(row).__name__]
        return cls(**{f: getattr(row, f) for f in cls.__dataclass_fields__})

    out = {}
    start = time.perf_counter()
    for name, det in d.DETECTORS.items():
        rows = [own(r) for r in inputs.get(name, [])]
        flagged = {f.enterprise_id for f in det.fn(rows)}
        planted = set(truth.get(name, set()))
        tp = len(flagged & planted)
        out[name] = {
            "planted": len(planted),
            "alerts": len(flagged),
            "true_positives": tp,
            "precision": round(tp / len(flagged), 3) if flagged else None,
            "recall": round(tp / len(planted), 3) if planted else None,
        }
    det_s = time.perf_counter() - start
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(
        f"# blind anomaly evaluation ({args.generator.name}) — {args.enterprises} enterprises, seed {args.seed}, rate {args.rate}; "
        f"generated in {gen_s:.1f} s, detected in {det_s:.1f} s"
    )
    print("| detector | planted | alerts | true positives | precision | recall |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, r in out.items():
        print(
            f"| {name} | {r['planted']} | {r['alerts']} | {r['true_positives']} | {r['precision']} | {r['recall']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
