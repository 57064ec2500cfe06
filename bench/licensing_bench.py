"""Benchmark: checklist generation, and the reviewer's application list with 1,000 applications.

    .venv/bin/python bench/licensing_bench.py                    # fresh SQLite DB under var/bench/
    .venv/bin/python bench/licensing_bench.py --database-url postgres://postgres@127.0.0.1:5432/postgres

1. Checklist generation (pure: `checklist.generate` over the rules engine) for one profile and for three
   profiles of different categories; budget < 100 ms.
2. The reviewer's list: N applications (default 1,000, synthetic, bulk-inserted: the list reads them,
   how they were written does not matter) in one city; the city reviewer requests the API list
   (`/api/v1/licensing/applications`, 25 per page, and filtered by status) and the list page
   (`/licensing/`, 50 per page) through Django's test Client — server time, no network. Budget p95 <
   200 ms. The query count of each request is recorded and must equal the pinned number.

Exit status 1 if a budget is missed or a query count differs from the pin.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
BENCH_DB = "shouhu_bench_licensing"
# session + user + count + page (API); session + user + count + page + licences-none + rectifications (page)
PINNED = {"api list": 4, "api list ?status=submitted": 4, "page /licensing/": 5}


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--applications", type=int, default=1000)
    p.add_argument("--requests", type=int, default=100)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--database-url")
    return p.parse_args()


def prepare_database(args: argparse.Namespace) -> str:
    if args.database_url:
        import psycopg

        parts = urlsplit(args.database_url)
        with psycopg.connect(args.database_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
        return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    path = REPO / "var" / "bench" / "licensing.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> int:
    args = parse_args()
    os.environ["SHOUHU_DATABASE_URL"] = prepare_database(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.config.settings.test")
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO / "tests"))  # the test factories (tests/factories)
    import django

    django.setup()
    from datetime import date

    import factories as t
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from shouhu.core.roles import Role
    from shouhu.licensing import checklist
    from shouhu.licensing.models import Application, ApplicationStatus, AppliedProduct
    from shouhu.rules import engine

    failures = []
    print(
        f"# licensing bench — {platform.node()} {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPU, Python {platform.python_version()}, DB {connection.vendor}"
    )

    # 1. checklist generation --------------------------------------------------------------------------
    eng = engine(date.today())
    one = [
        {"category": "3001", "variety": "婴幼儿谷物辅助食品", "processes": ["extrusion"], "attributes": {}}
    ]
    three = [
        *one,
        {
            "category": "3002",
            "variety": "泥（糊）状罐装食品",
            "processes": ["retort_sterilization"],
            "attributes": {},
        },
        {"category": "3003", "variety": "辅食营养素补充食品", "processes": [], "attributes": {}},
    ]
    for label, profiles in (("checklist, 1 profile", one), ("checklist, 3 profiles", three)):
        checklist.generate(eng, profiles)
        times = []
        for _ in range(200):
            t0 = time.perf_counter()
            items = checklist.generate(eng, profiles)
            times.append((time.perf_counter() - t0) * 1000)
        p95 = pct(times, 0.95)
        print(
            f"| {label} ({len(items)} items) | {statistics.median(times):.2f} ms | {p95:.2f} ms | < 100 ms |"
        )
        if p95 >= 100:
            failures.append(label)

    # 2. the reviewer's list ---------------------------------------------------------------------------
    call_command("migrate", verbosity=0)
    counties = [t.COUNTY, t.OTHER_COUNTY]
    enterprises = [t.make_enterprise(counties[i % 2]) for i in range(50)]
    reviewer = t.make_user(Role.REVIEWER, division_code=t.CITY, username="bench_reviewer")
    statuses = [s for s, _ in ApplicationStatus.choices]
    apps = Application.objects.bulk_create(
        [
            Application(
                enterprise=enterprises[i % 50],
                kind="new",
                status=statuses[i % len(statuses)],
                site_address=f"麓谷大道{i}号",
                site_division_code=counties[i % 2],
                submitted_on=date(2026, 11, 2),
            )
            for i in range(args.applications)
        ]
    )
    AppliedProduct.objects.bulk_create(
        [AppliedProduct(application=a, category="3001", variety="婴幼儿谷物辅助食品") for a in apps]
    )
    client = Client()
    client.force_login(reviewer)
    targets = {
        "api list": "/api/v1/licensing/applications",
        "api list ?status=submitted": "/api/v1/licensing/applications?status=submitted",
        "page /licensing/": "/licensing/",
    }
    for label, url in targets.items():
        for _ in range(args.warmup):
            assert client.get(url).status_code == 200
        times = []
        for _ in range(args.requests):
            t0 = time.perf_counter()
            r = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        p95 = pct(times, 0.95)
        pin = PINNED[label]
        print(
            f"| {label} ({args.applications} applications) | {statistics.median(times):.1f} ms | {p95:.1f} ms "
            f"| {len(ctx)} queries (pinned {pin}) | < 200 ms |"
        )
        if p95 >= 200:
            failures.append(label)
        if len(ctx) != pin:
            failures.append(f"{label}: {len(ctx)} queries, pinned {pin}")
    if failures:
        print("FAILED:", "; ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
