"""Benchmark: clean-room readings through the bulk API, and a zone's year of readings charted (issue 22).

    SHOUHU_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cleanroom_bench python bench/cleanroom_bench.py
    python bench/cleanroom_bench.py                      # SQLite file /tmp/cleanroom_bench.sqlite3
    python bench/cleanroom_bench.py --pushes 3 --per-push 5000 --year-every 30

1. Bulk API: `POST /api/v1/cleanroom/readings` with an enterprise key, `--per-push` sensor readings
   (temperature, humidity, pressure difference; a few out of limit, so a deviation is opened and extended)
   per request, `--pushes` requests; readings/s per request (wall, server side through Django's test
   Client: JSON parse, schema, checks, COPY/executemany, the batch's ledger entry). Budget ≥ 20,000/s on
   PostgreSQL.
2. Chart: a year of sensor readings for one clean zone (three shift parameters, one every `--year-every`
   minutes, written through the same service), then the zone page with the year's humidity chart (SVG,
   one point per day aggregated in SQL) and the trend API. Budget p95 < 300 ms.
Baseline in the same run: production's bulk push of 附件1 records (2,000 per request), records/s, and the
top bar's to-do badge (`/obligations/count/`, one query).

The database is migrated; rows are added to it (a fresh enterprise per run): use a scratch one.
Exit status 1 if a budget is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test factories
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.config.settings.base")
os.environ.setdefault("SHOUHU_DATABASE_URL", "sqlite:////tmp/cleanroom_bench.sqlite3")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

PARAMS = [("temperature", "℃", 20.0, 1.5), ("relative_humidity", "%", 50.0, 5.0),
          ("pressure_difference_clean_to_non_clean", "Pa", 15.0, 1.5)]  # fmt: skip


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def readings(n: int, start, step_s: float, rng: random.Random, zone: str = "BENCH01") -> list[dict]:
    out = []
    for i in range(n):
        name, unit, mean, sd = PARAMS[i % 3]
        value = round(rng.gauss(mean, sd), 2)
        if rng.random() < 0.001:
            value = mean * 2  # out of limit now and then
        at = start + timezone.timedelta(seconds=step_s * (i // 3))
        out.append({"zone": zone, "parameter": name, "unit": unit, "at": at.isoformat(), "value": value})
    return out


def world():
    import factories as t

    from shouhu.accounts.models import ApiKey, hash_key
    from shouhu.cleanroom import services
    from shouhu.codes.identifiers import make_uscc
    from shouhu.core.roles import Role

    ent = t.make_enterprise(uscc=make_uscc(random.Random(time.time_ns()), t.COUNTY))
    principal = t.make_user(Role.PRINCIPAL, enterprise=ent, username=f"bench_cr_{time.time_ns()}")
    raw = ApiKey.generate()
    ApiKey.objects.create(enterprise=ent, name="sensors", key_prefix=raw[:8], key_hash=hash_key(raw))
    zone = services.zone_create(
        actor=principal, enterprise_id=ent.pk, code="BENCH01", name="基准清洁区", grade="clean"
    )
    services.zone_create(
        actor=principal, enterprise_id=ent.pk, code="BENCH02", name="基准清洁区二", grade="clean"
    )
    return ent, principal, raw, zone


def bench_bulk(raw: str, pushes: int, per_push: int) -> dict:
    rng = random.Random(22)
    client = Client()
    hdr = {"X-API-Key": raw}
    start = timezone.now() - timezone.timedelta(days=30)
    warm = readings(30, start - timezone.timedelta(days=1), 60, rng, zone="BENCH02")
    client.post(
        "/api/v1/cleanroom/readings",
        data=json.dumps({"sensor": "w", "items": warm}),
        content_type="application/json",
        headers=hdr,
    )
    rates, cpu_rates = [], []
    for p in range(pushes):
        body = json.dumps(
            {
                "sensor": "TH-01",
                "items": readings(per_push, start + timezone.timedelta(days=p), 10, rng, zone="BENCH02"),
            }
        )
        c0, t0 = time.thread_time(), time.perf_counter()
        r = client.post("/api/v1/cleanroom/readings", data=body, content_type="application/json", headers=hdr)
        took, cpu = time.perf_counter() - t0, time.thread_time() - c0
        assert r.status_code == 201, r.content[:500]
        rates.append(per_push / took)
        cpu_rates.append(per_push / cpu)
    return {"per_push": per_push, "pushes": pushes, "readings_per_s": rates, "median": statistics.median(rates),
            "readings_per_cpu_s_median": statistics.median(cpu_rates)}  # fmt: skip


def bench_baseline_records(n: int = 2000) -> float:
    from datetime import date

    import factories as t

    from shouhu.accounts.models import ApiKey, hash_key
    from shouhu.codes.identifiers import make_uscc
    from shouhu.rules import engine

    ent = t.make_enterprise(uscc=make_uscc(random.Random(time.time_ns()), t.COUNTY))
    raw = ApiKey.generate()
    ApiKey.objects.create(enterprise=ent, name="bench", key_prefix=raw[:8], key_hash=hash_key(raw))
    fields = engine().rule("xize2017.annex1.record13").params["fields"]
    body = [
        {"number": 13, "occurred_on": str(date.today()), "data": {f: f"值{i}" for f in fields}}
        for i in range(n)
    ]
    c, hdr = Client(), {"X-API-Key": raw}
    c.post(
        "/api/v1/production/bulk/records",
        data=json.dumps(body[:1]),
        content_type="application/json",
        headers=hdr,
    )
    t0 = time.perf_counter()
    r = c.post(
        "/api/v1/production/bulk/records", data=json.dumps(body), content_type="application/json", headers=hdr
    )
    assert r.status_code == 200, r.content[:300]
    return n / (time.perf_counter() - t0)


def bench_chart(principal, zone, every_min: int, requests: int) -> dict:
    from shouhu.cleanroom import services

    rng = random.Random(7)
    start = timezone.now() - timezone.timedelta(days=365)
    n = 3 * int(365 * 24 * 60 / every_min)
    items = readings(n, start, every_min * 60, rng)
    t0 = time.perf_counter()
    for i in range(0, n, services.MAX_ITEMS):
        services.readings_record(actor=principal, items=items[i : i + services.MAX_ITEMS], source="sensor")
    load_s = time.perf_counter() - t0
    c = Client()
    c.force_login(principal)
    url = f"/cleanroom/zones/{zone.pk}/?p=relative_humidity"
    api = f"/api/v1/cleanroom/zones/{zone.pk}/trend?parameter=relative_humidity&days=365"

    def timed(u: str) -> list[float]:
        c.get(u)
        out = []
        for _ in range(requests):
            t = time.perf_counter()
            r = c.get(u)
            out.append((time.perf_counter() - t) * 1000)
            assert r.status_code in (200, 204), (u, r.status_code)
        return out

    page, trend, badge = timed(url), timed(api), timed("/obligations/count/")
    return {
        "year_readings": n,
        "load_readings_per_s": n / load_s,
        "page_ms": {"p50": pct(page, 0.5), "p95": pct(page, 0.95)},
        "trend_api_ms": {"p50": pct(trend, 0.5), "p95": pct(trend, 0.95)},
        "baseline_badge_ms": {"p50": pct(badge, 0.5), "p95": pct(badge, 0.95)},
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pushes", type=int, default=5)
    ap.add_argument("--per-push", type=int, default=10_000)
    ap.add_argument(
        "--year-every", type=int, default=10, help="minutes between a sensor's readings in the year"
    )
    ap.add_argument("--requests", type=int, default=20)
    args = ap.parse_args()
    call_command("migrate", verbosity=0)
    from django.db import connection

    _ent, principal, raw, zone = world()
    result = {"database": connection.vendor, "load_average_before": os.getloadavg()}
    result["baseline_records_per_s"] = bench_baseline_records()
    result["bulk"] = bench_bulk(raw, args.pushes, args.per_push)
    result["chart"] = bench_chart(principal, zone, args.year_every, args.requests)
    result["load_average_after"] = os.getloadavg()
    print(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    ok = result["bulk"]["median"] >= 20_000 or connection.vendor != "postgresql"
    ok = ok and result["chart"]["page_ms"]["p95"] < 300
    print("budgets:", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
