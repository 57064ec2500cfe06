"""Benchmark of the rules engine (figures in docs/benchmarks.md, section "Rules engine").

    .venv/bin/python bench/rules_bench.py [--repeat 200] [--json]

Targets (issue 3): loading a set < 200 ms; `applicable` for one profile < 5 ms after load; search < 20 ms.
Loading is timed with the loader's per-process cache bypassed, twice: parsing every YAML file, and with
the parsed-YAML JSON cache warm (the normal case after the first run); imports are timed separately.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import date
from pathlib import Path

T0 = time.perf_counter()
from shouhu.rules import engine as make_engine  # noqa: E402
from shouhu.rules import loader  # noqa: E402
from shouhu.rules.engine import Engine  # noqa: E402

IMPORT_MS = (time.perf_counter() - T0) * 1000
PROFILES = Path(__file__).resolve().parents[1] / "tests" / "rules" / "profiles"
QUERIES = [
    "大米 铅 镉",
    "营养包 微生物",
    "清洁作业区 空气洁净度",
    "杀菌操作人员",
    "留样",
    "香辛料",
    "进货查验记录",
    "召回",
]


def timed(fn, repeat: int) -> dict[str, float]:
    """Wall-clock median/p95/max, and the median CPU time of this process (robust when other jobs
    share the machine's cores)."""
    samples, cpu = [], []
    for _ in range(repeat):
        c, t = time.process_time(), time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 3),
        "max_ms": round(samples[-1], 3),
        "cpu_median_ms": round(statistics.median(cpu), 3),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=200)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    results: dict[str, object] = {
        "import_ms": round(IMPORT_MS, 1),
        "loadavg_1min": round(os.getloadavg()[0], 2),
    }
    load_repeat = max(args.repeat // 10, 5)
    previous = os.environ.get("SHOUHU_RULES_CACHE")
    os.environ["SHOUHU_RULES_CACHE"] = "off"  # parse every YAML file
    results["load xize-2017, YAML parsed"] = timed(
        lambda: loader._load("xize-2017", loader.SETS_DIR), load_repeat
    )
    if previous is None:
        del os.environ["SHOUHU_RULES_CACHE"]
    else:
        os.environ["SHOUHU_RULES_CACHE"] = previous
    loader._load("xize-2017", loader.SETS_DIR)  # fill the JSON cache
    results["load xize-2017, JSON cache warm"] = timed(
        lambda: loader._load("xize-2017", loader.SETS_DIR), load_repeat
    )
    loader.load_set("xize-2017")
    results["load overlay-2026, JSON cache warm (base cached)"] = timed(
        lambda: loader._load("overlay-2026", loader.SETS_DIR), load_repeat
    )
    sets = [loader.load_set("xize-2017"), loader.load_set("overlay-2026")]
    results["compose Engine (2 sets)"] = timed(lambda: Engine(sets, date(2026, 6, 1)), load_repeat)

    eng = make_engine(date(2026, 6, 1))
    profiles = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(PROFILES.glob("*.json"))]
    state = {"i": 0}

    def next_profile() -> dict:
        state["i"] += 1
        return profiles[state["i"] % len(profiles)]

    results["applicable (one profile)"] = timed(lambda: eng.applicable(next_profile()), args.repeat)
    results["release_items (one profile)"] = timed(lambda: eng.release_items(next_profile()), args.repeat)

    t = time.perf_counter()
    eng.search("大米")
    results["search index build incl. jieba init (once per process)_ms"] = round(
        (time.perf_counter() - t) * 1000, 1
    )
    results["search (one query, after build)"] = timed(
        lambda: eng.search(QUERIES[state["i"] % len(QUERIES)]), args.repeat
    )
    results["rules"] = len(eng.all_rules)
    results["profiles"] = len(profiles)

    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for k, v in results.items():
            print(f"{k:55} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
