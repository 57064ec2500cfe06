"""Benchmark (issue 15, "Speed"): the enterprise's batch list at 10,000 batches and a 附件1 record form.

    .venv/bin/python bench/production_pages_bench.py                 # fresh SQLite file under var/bench/
    .venv/bin/python bench/production_pages_bench.py --batches 2000  # quicker look

One enterprise with 10,000 batches (bulk-inserted over 300 production days) and a QA manager signed in.
Through Django's test Client (server time, no network), each page warmed up then timed:
- baseline in the same run: the trivial view `/i18n/setlang/` (no database);
- the batch list `/production/batches/` (page 1, page 50, and filtered by status) — budget p95 < 150 ms,
  its query count must equal the pin (tests/production/test_pages_batches.py pins that it does not grow);
- a 附件1 record form `/production/records/10/` (the fields declared by the rule data) — budget < 100 ms.

Wall-clock and CPU time are both printed: on a shared machine wall time includes waiting for a core.
Exit status 1 if a budget is missed or the query count differs from the pin.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PINNED_LIST = 8  # the bound tests/production/test_pages_batches.py holds the list to


def load() -> list[str]:
    with open("/proc/loadavg") as f:
        return f.read().split()[:3]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--batches", type=int, default=10_000)
    p.add_argument("--requests", type=int, default=60)
    p.add_argument("--warmup", type=int, default=5)
    args = p.parse_args()
    path = REPO / "var" / "bench" / "production_pages.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["SHOUHU_DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.config.settings.test")
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO / "tests"))
    import django

    django.setup()
    import factories as t
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from shouhu.core.roles import Role
    from shouhu.production.models import Batch

    print(
        f"# production pages bench — {platform.node()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
        f"DB {connection.vendor}, load {load()}"
    )
    call_command("migrate", verbosity=0)
    ent = t.make_enterprise(t.COUNTY, name="基准辅食有限公司")
    product = t.make_product(ent, name="婴幼儿营养米粉", category="3001")
    today = date.today()
    Batch.objects.bulk_create(
        (
            Batch(
                enterprise_id=ent.pk,
                product=product,
                number=f"N-{i:06d}",
                trace_code=f"Q{i:012d}",
                produced_on=today - timedelta(days=i % 300),
                expires_on=today + timedelta(days=200),
                status="released" if i % 3 else "in_production",
            )
            for i in range(args.batches)
        ),
        batch_size=2000,
    )
    qa = t.make_user(Role.QA, enterprise=ent, username="bench_qa")
    client = Client()
    client.force_login(qa)

    failures: list[str] = []
    rows = []

    def measure(label: str, url: str, budget: float | None, **query: str) -> None:
        for _ in range(args.warmup):
            assert client.get(url, query).status_code < 400
        wall, cpu = [], []
        for _ in range(args.requests):
            t0, c0 = time.perf_counter(), time.process_time()
            r = client.get(url, query)
            wall.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            assert r.status_code < 400
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, query)
        p95 = pct(wall, 0.95)
        rows.append(
            f"| {label} | {statistics.median(wall):.1f} | {p95:.1f} | {pct(cpu, 0.95):.1f} | {len(ctx)} "
            f"| {f'< {budget:.0f} ms' if budget else '—'} |"
        )
        if budget and p95 >= budget:
            failures.append(f"{label}: p95 {p95:.1f} ms")
        if url.endswith("/batches/") and len(ctx) > PINNED_LIST:
            failures.append(f"{label}: {len(ctx)} queries, pinned ≤ {PINNED_LIST}")

    measure("baseline: trivial view (`/i18n/setlang/`)", "/i18n/setlang/", None)
    n = f"{args.batches:,}"
    measure(f"batch list, page 1 ({n} batches)", "/production/batches/", 150)
    measure(f"batch list, page 50 ({n} batches)", "/production/batches/", 150, page="50")
    measure(f"batch list, status=released ({n} batches)", "/production/batches/", 150, status="released")
    measure("附件1 record form (`/production/records/10/`)", "/production/records/10/", 100)
    print("| page | wall p50 ms | wall p95 ms | CPU p95 ms | queries | budget |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    print("\n".join(rows))
    print(f"# load after: {load()}")
    if failures:
        print("FAILED:", "; ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
