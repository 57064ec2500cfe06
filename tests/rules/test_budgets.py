"""The issue's speed budgets, checked on CPU time (robust on a shared machine; figures in
docs/benchmarks.md come from bench/rules_bench.py)."""

from __future__ import annotations

import statistics
import time

from shouhu.rules import loader

from .conftest import PROFILES_DIR, profile


def cpu_ms(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        samples.append((time.process_time() - t) * 1000)
    return statistics.median(samples)


def test_load_applicable_and_search_within_budget(eng):
    assert cpu_ms(lambda: loader._load("xize-2017", loader.SETS_DIR), 5) < 200
    names = [p.stem for p in sorted(PROFILES_DIR.glob("*.json"))]
    profiles = [profile(n) for n in names]
    assert cpu_ms(lambda: [eng.applicable(p) for p in profiles], 20) / len(profiles) < 5
    eng.search("大米")  # build the index once
    assert cpu_ms(lambda: eng.search("营养包 微生物"), 50) < 20
