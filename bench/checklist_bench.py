"""Benchmark: rendering a 150-item checklist run, and scoring one item, with 1,000 enterprises.

    .venv/bin/python bench/checklist_bench.py                    # fresh SQLite DB under var/bench/
    .venv/bin/python bench/checklist_bench.py --database-url postgres://postgres@127.0.0.1:5432/postgres

1,000 enterprises (bulk-inserted) with a 150-item template (30 重点 items, three schemes) and a run on one
of them, a third of its items already scored by two inspectors. Through Django's test Client (server time,
no network): the run sheet page (`/checklists/runs/<id>/`, every item with its results and its score form)
— budget p95 < 100 ms; the API scoring one item (`POST /api/v1/checklists/runs/<id>/results`, each request a
fresh item, validated, written and entered in the ledger) — budget p95 < 50 ms. The page's query count is
recorded and must equal the pin.

Wall-clock and CPU time are both printed: on a shared machine (load above the core count) wall time
includes waiting for a core; CPU time is what the request itself costs.

Exit status 1 if a budget is missed or the query count differs from the pin.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
BENCH_DB = "shouhu_bench_checklist"
# session + user + run + items + results (scorer, evidence joined) + signatures
PINNED_PAGE = 6


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--enterprises", type=int, default=1000)
    p.add_argument("--items", type=int, default=150)
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
    path = REPO / "var" / "bench" / "checklist.sqlite3"
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
    import random

    import factories as t
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from shouhu.codes.identifiers import make_uscc
    from shouhu.core.roles import Role
    from shouhu.registry.models import Enterprise
    from shouhu.workflow.checklists.services import result_record, run_open, template_from_list
    from shouhu.workflow.subjects import subject_of

    print(
        f"# checklist bench — {platform.node()} {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPU, Python {platform.python_version()}, DB {connection.vendor}"
    )
    call_command("migrate", verbosity=0)
    Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=f"基准辅食有限公司{i}",
                uscc=make_uscc(random.Random(i), t.COUNTY),
                address=f"基准路{i}号",
                division_code=t.COUNTY,
            )
            for i in range(args.enterprises)
        ]
    )
    ent = Enterprise.objects.order_by("pk").first()
    inspectors = [
        t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username=f"bench_insp{i}") for i in range(3)
    ]
    points = {"符合": 3, "基本符合": 1, "不符合": 0}
    schemes = ["graded", "pass_fail", "measured"]
    items = [
        {
            "item_id": f"xize2017.bench.{k:03d}",
            "title": f"基准检查项目{k}：生产场所、设备设施与管理制度的要求",
            "text": "企业应当……" * 5,
            "citation": f"《婴幼儿辅助食品生产许可审查细则（2017版）》第{k % 70 + 1}条",
            "group": ["premises", "equipment", "layout_process", "personnel", "management"][k % 5],
            "key": k % 5 == 0,
            "scheme": schemes[k % 3],
            "points": points if k % 3 == 0 else None,
            "limits": {"operator": ">=", "value": 10, "unit": "Pa"} if k % 3 == 2 else None,
        }
        for k in range(args.items)
    ]
    subject = subject_of(ent)
    tpl = template_from_list(
        actor=inspectors[0],
        title="基准核查表",
        items=items,
        subject=subject,
        min_scorers=2,
        scorer_role="inspector",
    )
    run = run_open(actor=inspectors[0], template=tpl, subject=subject)
    for k in range(0, args.items, 3):
        for who in inspectors[:2]:
            kind = schemes[k % 3]
            result = {"graded": "conform", "pass_fail": "pass", "measured": ""}[kind]
            result_record(
                actor=who,
                run=run,
                item_id=f"xize2017.bench.{k:03d}",
                result=result,
                measured="12" if kind == "measured" else None,
                note="现场查看",
            )

    failures = []
    client = Client()
    client.force_login(inspectors[0])
    page = f"/checklists/runs/{run.pk}/"
    for _ in range(args.warmup):
        assert client.get(page).status_code == 200
    times, cpu = [], []
    for _ in range(args.requests):
        t0, c0 = time.perf_counter(), time.process_time()
        r = client.get(page)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        assert r.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(page)
    p95 = pct(times, 0.95)
    print(
        f"| run sheet, {args.items} items ({args.enterprises} enterprises) | {statistics.median(times):.1f} ms "
        f"| {p95:.1f} ms | CPU p95 {pct(cpu, 0.95):.1f} ms | {len(ctx)} queries (pinned {PINNED_PAGE}) | < 100 ms |"
    )
    if p95 >= 100:
        failures.append("run sheet p95")
    if len(ctx) != PINNED_PAGE:
        failures.append(f"run sheet: {len(ctx)} queries, pinned {PINNED_PAGE}")

    scorer = Client()
    scorer.force_login(inspectors[2])
    url = f"/api/v1/checklists/runs/{run.pk}/results"
    todo = [f"xize2017.bench.{k:03d}" for k in range(args.items)]
    n = min(args.requests, len(todo))
    times, cpu = [], []
    for item_id in todo[:n]:
        kind = schemes[int(item_id[-3:]) % 3]
        body = {
            "item_id": item_id,
            "result": {"graded": "minor", "pass_fail": "pass", "measured": ""}[kind],
            "measured": "11" if kind == "measured" else None,
            "note": "复核",
        }
        t0, c0 = time.perf_counter(), time.process_time()
        r = scorer.post(url, json.dumps(body), content_type="application/json")
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        assert r.status_code == 201, r.content
    p95 = pct(times, 0.95)
    print(
        f"| score one item (API, audited) | {statistics.median(times):.1f} ms | {p95:.1f} ms "
        f"| CPU p95 {pct(cpu, 0.95):.1f} ms | < 50 ms |"
    )
    if p95 >= 50:
        failures.append("score one item p95")
    if failures:
        print("FAILED:", "; ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
