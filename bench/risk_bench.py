"""Benchmark: risk grading and the yearly inspection plan at a province's scale (issue 24).

    .venv/bin/python bench/risk_bench.py                      # fresh SQLite DB under var/bench/
    .venv/bin/python bench/risk_bench.py --enterprises 500    # quicker look

3,000 enterprises (bulk-inserted, one licence each, some recalls, label checks and overdue rectifications)
in four counties of one province, 200 inspectors. Measured, each with a budget:
- grading every enterprise from scratch (`grade_jurisdiction`: facts from every signal source, the pure
  scorer, bulk writes of history and current grades, one ledger entry) — budget < 10 s;
- one re-grade on an event (`grade_enterprise`, what the Celery task runs), p50/p95 of 50 — budget p95 < 100 ms;
- the province's plan (`plan_create`: 双随机 of enterprises and teams from a seed, conflicts excluded, every
  task written with its ledger entry) — budget < 5 s;
and, without a budget, issuing the plan (one workflow obligation per task through the kernel's service).
Baselines in the same run: the pure scorer alone over the same facts, and one trivial query.

Exit status 1 if a budget is missed.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--enterprises", type=int, default=3000)
    p.add_argument("--inspectors", type=int, default=200)
    p.add_argument("--regrades", type=int, default=50)
    p.add_argument("--skip-issue", action="store_true")
    args = p.parse_args()
    path = REPO / "var" / "bench" / "risk.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["SHOUHU_DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.config.settings.test")
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO / "tests"))
    import django

    django.setup()
    import datetime as dt
    import random

    import factories as t
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from shouhu.accounts.models import User
    from shouhu.core.roles import Role
    from shouhu.labelstore.models import LabelCheck
    from shouhu.registry.models import Enterprise
    from shouhu.risk import scheme, scoring, services, signals
    from shouhu.trace.models import Recall

    print(
        f"# risk bench — {platform.node()} {platform.processor() or platform.machine()}, {os.cpu_count()} CPU, "
        f"Python {platform.python_version()}, DB {connection.vendor}, load {os.getloadavg()[0]:.2f}"
    )
    call_command("migrate", verbosity=0)
    counties = (t.COUNTY, t.OTHER_COUNTY, t.OTHER_CITY_COUNTY, "430103")
    ents = t.make_enterprises_bulk(args.enterprises, counties, seed=24, people=0)
    rng = random.Random(24)
    now = timezone.now()
    Recall.objects.bulk_create(
        Recall(
            enterprise=e, number=f"ZH-B-{i}", level=2, reason="基准", started_at=now, plan_due_at=now,
            finish_due_on=timezone.localdate(), deadline_source="召回办法",
        )
        for i, e in enumerate(rng.sample(ents, len(ents) // 4) * 2)
    )  # fmt: skip
    LabelCheck.objects.bulk_create(
        LabelCheck(
            enterprise=e, division_code=e.division_code, actor_label="基准", as_of=timezone.localdate(),
            source="text", text="基准", finding_count=rng.randint(1, 6),
        )
        for e in rng.sample(ents, len(ents) // 3)
    )  # fmt: skip
    User.objects.bulk_create(
        User(username=f"bench_insp{i}", role=Role.INSPECTOR, division_code=counties[i % len(counties)])
        for i in range(args.inspectors)
    )
    admin = t.make_user(Role.JURISDICTION_ADMIN, division_code=t.PROVINCE, username="bench_province_admin")
    print(f"- {Enterprise.objects.count()} enterprises, {args.inspectors} inspectors")

    # baselines
    start = time.perf_counter()
    Enterprise.objects.filter(pk=ents[0].pk).exists()
    trivial_ms = (time.perf_counter() - start) * 1000
    ids = [e.pk for e in ents]
    start = time.perf_counter()
    facts, _ = signals.collect(ids, timezone.localdate())
    collect_s = time.perf_counter() - start
    sch = scheme.load()
    start, cpu = time.perf_counter(), time.process_time()
    for eid in ids:
        scoring.score(sch, facts[eid])
    pure_s, pure_cpu = time.perf_counter() - start, time.process_time() - cpu

    start, cpu = time.perf_counter(), time.process_time()
    run = services.grade_jurisdiction(actor=admin, division_code=t.PROVINCE)
    grade_s, grade_cpu = time.perf_counter() - start, time.process_time() - cpu

    times, cpus = [], []
    for eid in rng.sample(ids, min(args.regrades, len(ids))):
        start, cpu = time.perf_counter(), time.process_time()
        services.grade_enterprise(enterprise_id=eid, signal="bench")
        times.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    times.sort()
    cpus.sort()
    p50, p95 = statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    cpu95 = cpus[min(len(cpus) - 1, round(0.95 * (len(cpus) - 1)))]

    year = timezone.localdate().year
    import cProfile

    prof = cProfile.Profile() if os.environ.get("RISK_PROFILE") else None
    if prof:
        prof.enable()
    start, cpu = time.perf_counter(), time.process_time()
    plan = services.plan_create(actor=admin, division_code=t.PROVINCE, year=year, seed="bench-seed-1")
    plan_s, plan_cpu = time.perf_counter() - start, time.process_time() - cpu
    if prof:
        import pstats

        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    issue_s = None
    if not args.skip_issue:
        start = time.perf_counter()
        services.plan_issue(actor=admin, plan=plan)
        issue_s = time.perf_counter() - start

    print("\n| measure | wall | CPU | budget |")
    print("| --- | --- | --- | --- |")
    print(f"| baseline: one trivial query | {trivial_ms:.2f} ms | | |")
    print(f"| baseline: facts from every source, {len(ids)} enterprises | {collect_s:.2f} s | | |")
    print(f"| baseline: pure scorer alone, {len(ids)} enterprises | {pure_s:.2f} s | {pure_cpu:.2f} s | |")
    print(f"| grade {run.graded} enterprises from scratch | {grade_s:.2f} s | {grade_cpu:.2f} s | < 10 s |")
    print(
        f"| one re-grade on an event, p50 / p95 of {len(times)} | {p50:.1f} / {p95:.1f} ms "
        f"| p95 {cpu95:.1f} ms | p95 < 100 ms |"
    )
    print(
        f"| plan: {plan.summary['tasks']} tasks, {len(ids)} enterprises, {args.inspectors} inspectors "
        f"| {plan_s:.2f} s | {plan_cpu:.2f} s | < 5 s |"
    )
    if issue_s is not None:
        print(f"| issue the plan: {plan.summary['tasks']} obligations | {issue_s:.2f} s | | (none) |")
    print(f"\nlevels: {run.counts}; plan per level: {plan.summary['per_level']}; {dt.date.today()}")
    ok = grade_s < 10 and p95 < 100 and plan_s < 5
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
