"""Enforcement case list benchmark (issue 30, "Speed"): a province's case list with 50,000 cases.

    python bench/enforcement_bench.py                      # fresh SQLite file /tmp/enforcement_bench.sqlite3
    python bench/enforcement_bench.py --cases 5000         # quicker look
    SHOUHU_DATABASE_URL=postgres://… python bench/enforcement_bench.py   # on PostgreSQL

Builds the world in bulk (3,000 enterprises over 9 counties by the test factories; `--cases` cases by bulk
insert, spread over every state and violation type, each with its nearest deadline copied on the row as the
services keep it), then times with the production code, for the province's jurisdiction admin, 5 warm-up
and 30 timed calls each, p50/p95 and the number of queries:

- `selectors.case_page` (what the page and the API call): the first page of open cases; the overdue filter;
  one violation type; page 200 of all cases;
- the page itself (`GET /enforcement/`, rendered, through the test client, logged in).

Baseline in the same run: counting the cases in scope (one indexed COUNT). Budget (exit 1 when missed):
p95 < 300 ms for every list.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test factories
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.config.settings.base")
DB = Path("/tmp/enforcement_bench.sqlite3")
os.environ.setdefault("SHOUHU_DATABASE_URL", f"sqlite:///{DB}")
os.environ.setdefault("SHOUHU_LEDGER_KEY", "bench-ledger-key-not-secret")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

COUNTIES = ("430102", "430104", "430105", "430111", "430112", "430211", "430212", "430302", "430304")
BUDGET_MS = 300.0


def build(enterprises: int, cases: int):
    import datetime as dt

    import factories as t
    from django.utils import timezone

    from shouhu.core.roles import Role
    from shouhu.enforcement.models import NO_DEADLINE, Case, CaseStatus, Limit, Violation

    ents = t.make_enterprises_bulk(enterprises, COUNTIES, people=0, pushed_share=0)
    admin = t.make_user(Role.JURISDICTION_ADMIN, division_code="430000", username="bench_enf_hunan")
    now = timezone.now()
    statuses, violations = list(CaseStatus.values), list(Violation.values)
    limits = {"review": Limit.FILING, "investigating": Limit.DECISION, "notified": Limit.DECISION}
    limits |= {"decided": Limit.PAYMENT}
    rows = []
    for i in range(cases):
        e = ents[i % len(ents)]
        status = statuses[i % len(statuses)]
        kind = limits.get(status, "")
        rows.append(
            Case(
                number=f"XZCF-{e.division_code}-2026-{i:06d}",
                enterprise_id=e.pk,
                division_code=e.division_code,
                source="inspection.key_item",
                summary=f"监督检查重点项不符合：进货查验记录缺失 {i}",
                violation=violations[(i // 3) % len(violations)],
                status=status,
                found_at=now - dt.timedelta(days=i % 400),
                deadline_at=(due := now + dt.timedelta(days=(i % 120) - 30)) if kind else None,
                rank_at=due if kind else NO_DEADLINE,
                deadline_kind=kind,
                paused=kind == Limit.DECISION and i % 11 == 0,
            )
        )
    Case.objects.bulk_create(rows, batch_size=2000)
    return admin


def timed(fn, n: int = 30, warm: int = 5) -> dict[str, float]:
    for _ in range(warm):
        fn()
    times, queries = [], 0
    for _ in range(n):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        queries = len(ctx.captured_queries)
    q = statistics.quantiles(times, n=20)
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(q[18], 1), "queries": queries}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=50_000)
    ap.add_argument("--enterprises", type=int, default=3_000)
    args = ap.parse_args()
    if DB.exists() and "enforcement_bench" in os.environ["SHOUHU_DATABASE_URL"]:
        DB.unlink()
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    with transaction.atomic():
        admin = build(args.enterprises, args.cases)
    print(f"world: {args.enterprises} enterprises, {args.cases} cases in {time.perf_counter() - t0:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")

    from django.test import Client

    from shouhu.enforcement import selectors

    client = Client()
    client.force_login(admin)

    def page(**kw):
        return lambda: selectors.case_page(admin, **kw)["rows"]

    def http() -> None:
        r = client.get("/enforcement/", {"status": "open"})
        assert r.status_code == 200, r.status_code

    results = {
        "baseline: count in scope": timed(lambda: selectors.case_list(admin).count()),
        "open cases, page 1": timed(page(status="open")),
        "overdue only": timed(page(status="", overdue_only=True)),
        "one violation type": timed(page(status="", violation="label")),
        "all cases, page 200": timed(page(status="", page=200)),
        "GET /enforcement/ (rendered)": timed(http),
    }
    reset_queries()
    failed = False
    print(f"{'list':34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name, r in results.items():
        print(f"{name:34} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['queries']:8d}")
        if not name.startswith("baseline") and r["p95_ms"] >= BUDGET_MS:
            failed = True
    print(f"database: {connection.vendor}; budget p95 < {BUDGET_MS:.0f} ms: {'MISSED' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
