"""Benchmark: the regulator's completion page for a county of 200 enterprises × a year, and the daily check.

    .venv/bin/python bench/selfcontrol_bench.py                  # fresh SQLite DB under var/bench/
    .venv/bin/python bench/selfcontrol_bench.py --enterprises 50 --requests 20

1. Completion: N enterprises (default 200) in one county, each with its list adopted a year ago, a year of
   daily records (one day in 20 missing), weekly reports and a stop here and there — bulk-inserted (the
   page reads them; how they were written does not matter). The county inspector GETs
   `/selfcontrol/completion/` for the year through Django's test Client (server time, no network).
   Budget p95 < 300 ms; the query count is pinned.
2. Daily check: the officer POSTs the phone page `/selfcontrol/daily/` for days not yet recorded (a
   zero-risk day, and a day with one minor problem). Budget p95 < 100 ms.
Baseline in the same run: the top bar's to-do badge (`/obligations/count/`), a page with one query.

Exit status 1 if a budget is missed or the query count differs from the pin.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# session + user + lists + stops + month tally + the two partial months' records + reports + hazards
# (the selector: 7; the page: +2)
PINNED = {"completion page": 9}


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--enterprises", type=int, default=200)
    p.add_argument("--days", type=int, default=365)
    p.add_argument("--requests", type=int, default=30)
    p.add_argument("--warmup", type=int, default=3)
    return p.parse_args()


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> int:
    args = parse_args()
    path = REPO / "var" / "bench" / "selfcontrol.sqlite3"
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
    from django.db import connection, reset_queries
    from django.db.models import Count, Q
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from shouhu.core.roles import Role
    from shouhu.selfcontrol import generate, tally
    from shouhu.selfcontrol.models import DailyCheck, ProductionStop, Report, RiskList, RiskListVersion

    call_command("migrate", verbosity=0)
    print(
        f"# selfcontrol bench — {platform.node()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
        f"DB {connection.vendor}, load {os.getloadavg()[0]:.1f}"
    )
    today = timezone.localdate()
    start = today - timedelta(days=args.days)
    points = generate.points_for(
        [{"category": "3001", "variety": "婴幼儿谷物辅助食品", "attributes": {}, "processes": []}], today
    )
    ents = [t.make_enterprise(t.COUNTY, name=f"基准{n}婴幼儿食品有限公司") for n in range(args.enterprises)]
    lists = RiskList.objects.bulk_create([RiskList(enterprise=e, adopted_on=start) for e in ents])
    versions = RiskListVersion.objects.bulk_create(
        [
            RiskListVersion(
                risk_list=r, enterprise_id=r.enterprise_id, number=1, points=points, reason="生成"
            )
            for r in lists
        ]
    )
    checked = len([p for p in points if p["frequency"] == "daily"])
    rows = []
    for i, v in enumerate(versions):
        for d in range(args.days):
            day = start + timedelta(days=d)
            if (d + i) % 20 == 0 or (i == 0 and d >= args.days - 60):
                continue  # a missing day; the first enterprise leaves its last 60 days for the submit bench
            rows.append(
                DailyCheck(
                    enterprise_id=v.enterprise_id,
                    day=day,
                    list_version=v,
                    checked=checked,
                    checked_by_name="张",
                )
            )
    DailyCheck.objects.bulk_create(rows, batch_size=5000)
    tally_rows = tally.rebuild()  # bulk-inserted records bypass the service that keeps the tally
    Report.objects.bulk_create(
        [
            Report(
                enterprise=e,
                kind="weekly",
                starts_on=start - timedelta(days=start.weekday()) + timedelta(days=7 * w),
                ends_on=start - timedelta(days=start.weekday()) + timedelta(days=7 * w + 6),
                summary={},
                body="正常",
                signer_role="selfcontrol.director",
            )
            for e in ents
            for w in range(1, args.days // 7)
        ],
        batch_size=5000,
    )
    ProductionStop.objects.bulk_create(
        [
            ProductionStop(
                enterprise=e,
                starts_on=start + timedelta(days=100),
                ends_on=start + timedelta(days=130),
                reason="检修",
            )
            for e in ents[::10]
        ]
    )
    print(
        f"# {len(ents)} enterprises, {len(rows)} daily records ({tally_rows} month-tally rows), "
        f"{Report.objects.count()} reports"
    )
    failures = []
    inspector = t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="bench_insp")
    client = Client()
    client.force_login(inspector)
    baseline = "/obligations/count/"
    url = f"/selfcontrol/completion/?first={start:%Y-%m-%d}&last={today:%Y-%m-%d}"
    for _ in range(args.warmup):
        assert client.get(url).status_code == 200
    base = timed(lambda: client.get(baseline), args.requests)
    times = timed(lambda: client.get(url), args.requests)
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    p95 = pct(times, 0.95)
    # What the tally replaced, in the same run: the year's records counted per enterprise (the old query)
    ids = [e.pk for e in ents]

    def raw_count() -> None:
        list(
            DailyCheck.objects.filter(enterprise_id__in=ids, current=True, day__range=(start, today))
            .values("enterprise_id")
            .annotate(n=Count("pk"), zero=Count("pk", filter=Q(zero_risk=True)))
        )

    def tally_count() -> None:
        tally.counted(ids, start, today, today - timedelta(days=4))

    raw = timed(raw_count, args.requests)
    kept = timed(tally_count, args.requests)
    print("| measure | median | p95 | queries | budget |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| baseline {baseline} | {statistics.median(base):.1f} ms | {pct(base, 0.95):.1f} ms | | |")
    print(
        f"| year's records counted (old query) | {statistics.median(raw):.1f} ms | {pct(raw, 0.95):.1f} ms | 1 | |"
    )
    print(
        f"| same counts from the month tally | {statistics.median(kept):.1f} ms | {pct(kept, 0.95):.1f} ms "
        "| 3 | |"
    )
    print(
        f"| completion page, {len(ents)} enterprises × {args.days} days | {statistics.median(times):.1f} ms "
        f"| {p95:.1f} ms | {len(ctx)} (pinned {PINNED['completion page']}) | < 300 ms |"
    )
    if p95 >= 300:
        failures.append("completion p95")
    if len(ctx) != PINNED["completion page"]:
        failures.append(f"completion queries {len(ctx)}")

    officer = t.make_user(Role.OFFICER, enterprise=ents[0], username="bench_officer")
    oclient = Client()
    oclient.force_login(officer)
    days = iter(today - timedelta(days=n) for n in range(1, 60))
    pid = next(p["point_id"] for p in points if p["frequency"] == "daily")

    def submit(problem: bool = False) -> None:
        body = {"day": next(days).isoformat()}
        if problem:
            body |= {"problem": pid, f"note_{pid}": "洗手液用完", f"measure_{pid}": "已补充"}
        r = oclient.post("/selfcontrol/daily/", body)
        assert r.status_code == 302, r.status_code

    n = min(args.requests, 25)
    executed: list[str] = []  # the test client's request_started clears the query log: count on the wire

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        submit()
    zero = timed(submit, n)
    minor = timed(lambda: submit(True), n)
    for label, values in (("daily check, zero risk", zero), ("daily check, one minor problem", minor)):
        print(
            f"| {label} | {statistics.median(values):.1f} ms | {pct(values, 0.95):.1f} ms | {len(executed)} "
            "| < 100 ms |"
        )
        if pct(values, 0.95) >= 100:
            failures.append(label)
    # 三本账 PDF of a year (one enterprise): what the request pays (its HTML, queued) and the job (inline here)
    from shouhu.core import jobs
    from shouhu.selfcontrol.books import books_html, books_pdf_file, books_pdf_submit
    from shouhu.selfcontrol.views_selfinspection import font_face

    ent = ents[0]  # the officer's own (the books are read in its tenancy): ~300 days + 51 weekly reports
    t0 = time.perf_counter()
    books_html(officer, ent, start, today, font_face())
    html_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    job = books_pdf_submit(actor=officer, enterprise=ent, first=start, last=today, font_face=font_face())
    job_s = time.perf_counter() - t0
    if job.get("status") == jobs.DONE:
        import pypdfium2

        data, _name = books_pdf_file(officer, job["id"])
        pages = len(pypdfium2.PdfDocument(data))
        print(
            f"| 三本账 PDF, one enterprise × a year: request's HTML {html_ms:.0f} ms; job {job_s:.1f} s, "
            f"{pages} pages, {len(data) // 1024} KiB | | | | off the request |"
        )
    else:
        print(f"| 三本账 PDF job failed: {job.get('error')} | | | | |")
        failures.append("books pdf")
    if failures:
        print("FAILED:", "; ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
