"""Benchmark: the jurisdiction command view at a province's scale (issue 31).

    .venv/bin/python bench/command_bench.py                            # fresh SQLite DB under var/bench/
    .venv/bin/python bench/command_bench.py --records 200000 --requests 50   # quicker look

3,000 enterprises (bulk-inserted, one licence each, 60 % pushed within the connection window) spread over
every county of 湖南省, `--records` pushed 附件1 records (production.Record, one raw INSERT … SELECT from a
recursive CTE), and `--history` older snapshots (copies of the figure rows, so the trend picks its daily
points out of a realistic history). Measured:
- building one snapshot (what the hourly beat task runs: every capability read per county) — no budget;
- GET of the province page, a city page and a county page (whole Django stack, logged in), p50 / p95 of
  `--requests` each, with their query counts — budget p95 < 300 ms;
Baselines in the same run: one trivial query, and GET of the enterprise list page (an existing page).

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
BUDGET_MS = 300


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--enterprises", type=int, default=3000)
    p.add_argument("--records", type=int, default=1_000_000)
    p.add_argument("--history", type=int, default=300)
    p.add_argument("--requests", type=int, default=100)
    p.add_argument("--reuse", action="store_true", help="keep the last run's enterprises and records")
    args = p.parse_args()
    path = REPO / "var" / "bench" / "command.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    reuse = args.reuse and path.exists()
    for suffix in ("", "-wal", "-shm") if not reuse else ():
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ.setdefault("SHOUHU_DATABASE_URL", f"sqlite:///{path}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.config.settings.test")
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO / "tests"))
    import django

    django.setup()
    import factories as t
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from shouhu.codes import divisions
    from shouhu.command import services
    from shouhu.command.models import Figure, Snapshot
    from shouhu.core.roles import Role
    from shouhu.production.models import Record
    from shouhu.registry.models import Enterprise

    print(
        f"# command bench — {platform.node()} {platform.processor() or platform.machine()}, {os.cpu_count()} CPU, "
        f"Python {platform.python_version()}, DB {connection.vendor}, load {os.getloadavg()[0]:.2f}"
    )
    if reuse:  # the command view's own tables afresh (its schema may have changed), the rest kept
        call_command("migrate", "command", "zero", verbosity=0)
    call_command("migrate", verbosity=0)
    counties = tuple(d.code for d in divisions.counties_in(t.PROVINCE))
    start = time.perf_counter()
    if reuse:
        ents = list(Enterprise.objects.order_by("pk"))
    else:
        ents = t.make_enterprises_bulk(args.enterprises, counties, seed=31, people=0, pushed_share=0.6)
    print(
        f"- {Enterprise.objects.count()} enterprises in {len(counties)} counties ({time.perf_counter() - start:.1f} s)"
    )

    start = time.perf_counter()
    table, q = Record._meta.db_table, connection.ops.quote_name
    first, n_ent = ents[0].pk, len(ents)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            f"WITH RECURSIVE seq(i) AS (SELECT 0 WHERE %s > 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < %s) "
            f"INSERT INTO {q(table)} (created_at, updated_at, enterprise_id, number, rule_id, occurred_on, data, external_id) "
            f"SELECT %s, %s, %s + (i %% %s), 1 + (i %% 16), 'bench', %s, '{{}}', '' FROM seq",
            [
                0 if reuse else args.records,
                0 if reuse else args.records,
                timezone.now(),
                timezone.now(),
                first,
                n_ent,
                timezone.localdate(),
            ],
        )
    records = Record.objects.count()
    print(f"- {records:,} pushed records ({time.perf_counter() - start:.1f} s)")

    from shouhu.accounts.models import User

    User.objects.filter(username="bench_cmd_province").delete()
    admin = t.make_user(Role.JURISDICTION_ADMIN, division_code=t.PROVINCE, username="bench_cmd_province")
    start, cpu = time.perf_counter(), time.process_time()
    snap = services.snapshot_build(trigger="bench")
    build_s, build_cpu = time.perf_counter() - start, time.process_time() - cpu
    n_fig = snap.figures.count()
    print(f"- snapshot: {n_fig} figures, failed: {snap.failed or '-'}")

    start = time.perf_counter()
    now = timezone.now()
    fig = q(Figure._meta.db_table)
    with transaction.atomic(), connection.cursor() as cur:
        for k in range(1, args.history + 1):  # hourly history: the trend picks one point per day
            then = now - timezone.timedelta(hours=k)
            old = Snapshot.objects.create(
                taken_at=then, as_of=timezone.localdate(then), complete=True, trigger="bench"
            )
            cur.execute(
                f"INSERT INTO {fig} (snapshot_id, level, division_code, {q('key')}, value) "
                f"SELECT %s, level, division_code, {q('key')}, value FROM {fig} WHERE snapshot_id = %s",
                [old.pk, snap.pk],
            )
    # the latest must stay the real one
    Snapshot.objects.filter(pk=snap.pk).update(taken_at=now + timezone.timedelta(seconds=1))
    print(
        f"- history: {Snapshot.objects.count()} snapshots, {Figure.objects.count():,} figure rows ({time.perf_counter() - start:.1f} s)"
    )

    client = Client()
    client.force_login(admin)
    start = time.perf_counter()
    Enterprise.objects.filter(pk=ents[0].pk).exists()
    trivial_ms = (time.perf_counter() - start) * 1000

    def measure(url: str) -> tuple[float, float, int]:
        client.get(url)  # warm
        times = []
        for _ in range(args.requests):
            start = time.perf_counter()
            resp = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert resp.status_code == 200, (url, resp.status_code)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return statistics.median(times), _p(times, 0.95), len(ctx)

    city = counties[0][:4] + "00"
    results = {
        "baseline: enterprise list page (existing)": measure("/enterprises/"),
        "province page /command/": measure("/command/"),
        f"city page /command/{city}/": measure(f"/command/{city}/"),
        f"county page /command/{counties[0]}/": measure(f"/command/{counties[0]}/"),
    }
    print()
    print("| measure | p50 | p95 | queries | budget |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| baseline: one trivial query | {trivial_ms:.2f} ms | | 1 | |")
    print(
        f"| build one snapshot ({args.enterprises} enterprises, {records:,} records) | {build_s:.2f} s wall, {build_cpu:.2f} s CPU | | | |"
    )
    over = False
    for name, (p50, p95, nq) in results.items():
        budget = "" if name.startswith("baseline") else f"p95 < {BUDGET_MS} ms"
        if budget and p95 >= BUDGET_MS:
            over = True
        print(f"| {name} | {p50:.1f} ms | {p95:.1f} ms | {nq} | {budget} |")
    print("\nOVER BUDGET" if over else "\nwithin budget")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
