"""Anomaly detectors on planted data (issue 32): precision and recall per detector, alert volume, speed.

A seeded generator makes one day of connected data for N enterprises as the selectors hand it to the
detectors (batches with 90 days of history, the day's pushed records, the gate's refusals, a week of CCP
values, 14 days of activity, 30 days of daily checks and deviations), with the noise honest enterprises
show (late pushes after an outage, a mistaken release attempt, coarse rounding, a zero-risk day with a
deviation) and plants each anomaly type into a known share of enterprises. The detectors run over it;
each alert is judged against what was planted, per enterprise and detector.

    .venv/bin/python bench/anomaly_bench.py                      # 3,000 enterprises, 3 % planted per type
    .venv/bin/python bench/anomaly_bench.py --enterprises 500 --rate 0.05 --seed 7

Baseline in the same run: one pass over the same rows that only counts them. Exits non-zero when a
detector misses precision 0.8 or recall 0.8, or the pass takes 120 s or more.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.config.settings.test")

import django

django.setup()

from shouhu.anomaly import detectors as d  # noqa: E402

DAY = date(2026, 12, 1)
TYPES = list(d.DETECTORS)


def generate(n: int, rate: float, seed: int) -> tuple[dict[str, list], dict[str, set[int]]]:
    rnd = random.Random(seed)
    planted = {t: {e for e in range(1, n + 1) if rnd.random() < rate} for t in TYPES}
    rows: dict[str, list] = {t: [] for t in TYPES}
    pk = iter(range(1, 10**9))
    for e in range(1, n + 1):
        # mass balance: 2 products, 20 batches of history each, 1–2 finished today
        for p in range(2):
            base, product = rnd.uniform(0.8, 1.3), e * 10 + p
            for i in range(20):
                consumed = rnd.uniform(200, 800)
                rows["mass_balance"].append(
                    d.BatchRow(
                        next(pk), e, product, f"H{i}", consumed, consumed * base * rnd.gauss(1, 0.04), False
                    )
                )
            for i in range(rnd.randint(1, 2)):
                consumed = rnd.uniform(200, 800)
                ratio = base * rnd.gauss(1, 0.04)
                if e in planted["mass_balance"] and p == 0 and i == 0:
                    ratio = base * (rnd.uniform(1.35, 1.8) if rnd.random() < 0.5 else rnd.uniform(0.45, 0.7))
                rows["mass_balance"].append(
                    d.BatchRow(next(pk), e, product, f"N{i}", consumed, consumed * ratio)
                )
        # the day's records: mostly stated today or yesterday; an outage pushes one or two 4–6 days late
        for _ in range(rnd.randint(15, 40)):
            stated = DAY - timedelta(days=rnd.choice((0, 0, 0, 0, 1)))
            rows["back_dating"].append(d.RecordRow("production.ccprecord", next(pk), e, stated, DAY))
        if rnd.random() < 0.05:
            for _ in range(rnd.randint(1, 2)):
                stated = DAY - timedelta(days=rnd.randint(4, 6))
                rows["back_dating"].append(d.RecordRow("production.record", next(pk), e, stated, DAY))
        for _ in range(rnd.randint(3, 8)):  # release tests before release (the normal order)
            rows["back_dating"].append(d.RecordRow("production.releasetest", next(pk), e, DAY, DAY, "", DAY))
        if e in planted["back_dating"]:
            if rnd.random() < 0.5:  # filling in before an inspection
                for _ in range(rnd.randint(4, 15)):
                    stated = DAY - timedelta(days=rnd.randint(7, 40))
                    rows["back_dating"].append(d.RecordRow("production.record", next(pk), e, stated, DAY))
            else:  # tests entered after release, dated before it
                released = DAY - timedelta(days=rnd.randint(1, 5))
                for _ in range(rnd.randint(1, 4)):
                    rows["back_dating"].append(
                        d.RecordRow("production.releasetest", next(pk), e, released, DAY, "", released)
                    )
        # refusals: a tenth of enterprises try once or twice too early
        at = datetime(2026, 12, 1, 2, tzinfo=UTC)
        if rnd.random() < 0.1:
            for _ in range(rnd.randint(1, 2)):
                rows["refused_attempts"].append(
                    d.RefusalRow(next(pk), e, e * 100 + rnd.randint(0, 3), "release", "release.tests", at)
                )
        if e in planted["refused_attempts"]:
            batch = e * 100 + 9
            for _ in range(rnd.randint(3, 7)):
                reason = rnd.choice(("release.tests", "release.report_unknown", "release.on_hold"))
                rows["refused_attempts"].append(d.RefusalRow(next(pk), e, batch, "release", reason, at))
        # a week of CCP values, two points; a third of firms round to whole degrees
        for point, mean, sd, lo, hi in (
            ("杀菌", 121.0, rnd.uniform(0.6, 2.0), 116.0, 126.0),
            ("冷却", 6.0, rnd.uniform(0.5, 1.2), 0.0, 10.0),
        ):
            digits = rnd.choice((1, 1, 0))
            values = [round(rnd.gauss(mean, sd), digits) for _ in range(rnd.randint(8, 20))]
            if e in planted["too_regular"] and point == "杀菌":
                kind = rnd.choice(("same", "flat", "limit"))
                if kind == "same":
                    values = [121.0] * len(values)
                elif kind == "flat":
                    values = [round(121 + rnd.uniform(-0.05, 0.05), 2) for _ in values]
                else:
                    values = [round(hi - rnd.uniform(0, (hi - lo) * 0.025), 2) for _ in values]
            rows["too_regular"].append(
                d.Series(e, "production.ccprecord", point, list(range(len(values))), values, lo, hi)
            )
        # activity over 14 days: 5 % stopped (recorded), 3 % not shipping
        stopped = rnd.random() < 0.05
        shipments = 0 if rnd.random() < 0.03 else rnd.randint(1, 20)
        pushes = 0 if stopped else rnd.randint(20, 200)
        if e in planted["silence"]:
            shipments, pushes, stopped = rnd.randint(1, 20), 0, False
        rows["silence"].append(d.Activity(e, True, pushes, shipments, (), stopped))
        # 30 days of daily checks; honest firms mostly say zero risk and sometimes note a deviation's day
        checks, devs = [], []
        dev_days = {DAY - timedelta(days=rnd.randint(0, 29)) for _ in range(rnd.choice((0, 0, 1, 1, 2, 3)))}
        if e in planted["theatre"]:
            dev_days = {DAY - timedelta(days=rnd.randint(0, 29)) for _ in range(rnd.randint(3, 6))}
        for i in range(30):
            day = DAY - timedelta(days=i)
            zero = rnd.random() < 0.97 or e in planted["theatre"]
            if day in dev_days:
                zero = True if e in planted["theatre"] else rnd.random() < 0.3
            checks.append((next(pk), day, zero))
        devs = [("cleanroom.deviation", next(pk), day) for day in dev_days]
        rows["theatre"].append(d.SelfControl(e, tuple(checks), tuple(devs)))
    return rows, planted


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--enterprises", type=int, default=3000)
    ap.add_argument("--rate", type=float, default=0.03)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    t0 = time.perf_counter()
    rows, planted = generate(args.enterprises, args.rate, args.seed)
    gen = time.perf_counter() - t0
    total_rows = sum(len(v) for v in rows.values())
    t0 = time.perf_counter()
    counted = sum(1 for v in rows.values() for _ in v)  # baseline: touch every row once
    base = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = {t: d.DETECTORS[t].fn(rows[t]) for t in TYPES}
    run = time.perf_counter() - t0
    print(f"machine: nproc={os.cpu_count()} load={os.getloadavg()[0]:.2f} python={sys.version.split()[0]}")
    print(f"enterprises={args.enterprises} planted rate per type={args.rate} seed={args.seed}")
    print(f"generated {total_rows:,} rows in {gen:.2f} s; baseline pass over {counted:,} rows {base:.3f} s")
    print(f"detectors over the day: {run:.3f} s")
    print(
        f"{'detector':18} {'planted':>7} {'alerts':>6} {'TP':>5} {'precision':>9} {'recall':>7} {'/100 ent/month':>15} {'false /100/month':>16}"
    )
    ok = run < 120
    all_alerts = 0
    for t in TYPES:
        hit = {f.enterprise_id for f in found[t]}
        tp = len(hit & planted[t])
        p = tp / len(hit) if hit else 1.0
        r = tp / len(planted[t]) if planted[t] else 1.0
        per = len(hit) / args.enterprises * 100 * 30
        all_alerts += len(hit)
        ok &= p >= 0.8 and r >= 0.8
        false = (len(hit) - tp) / args.enterprises * 100 * 30
        print(f"{t:18} {len(planted[t]):7} {len(hit):6} {tp:5} {p:9.3f} {r:7.3f} {per:15.1f} {false:16.1f}")
    print(
        f"all detectors: {all_alerts} alerts in the day = {all_alerts / args.enterprises * 100 * 30:.1f} per 100 enterprises per month"
    )
    print("budget: precision ≥ 0.8 and recall ≥ 0.8 per detector, run < 120 s:", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
