"""Benchmark: CCP readings through the bulk API (issue 21).

    SHOUHU_DATABASE_URL=postgres://postgres@127.0.0.1:5432/haccp_bench python bench/haccp_bench.py
    python bench/haccp_bench.py                      # SQLite file /tmp/haccp_bench.sqlite3

`POST /api/v1/haccp/readings` with an enterprise key, `--per-push` readings of two CCPs of a signed plan
(sterilization temperature per batch, metal test piece per hour; a few out of limit, so a deviation is
opened and extended and the batch held) per request, `--pushes` requests; readings/s per request (wall,
server side through Django's test Client: JSON parse, schema, checks against the plan in force, limit
evaluation, COPY/executemany, the batch's one ledger entry with the rows' SHA-256). Budget ≥ 20,000/s on
PostgreSQL. Baseline in the same run: clean-room readings through their bulk API (same machine, same
shape of work) and production's bulk push of 附件1 records.

The database is migrated; rows are added to it (a fresh enterprise per run): use a scratch one.
Exit status 1 if the budget is missed.
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
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.config.settings.base")
os.environ.setdefault("SHOUHU_DATABASE_URL", "sqlite:////tmp/haccp_bench.sqlite3")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402


def world():
    import factories as t

    from shouhu.accounts.models import ApiKey, hash_key
    from shouhu.codes.identifiers import make_uscc
    from shouhu.core.roles import Role
    from shouhu.haccp import services
    from shouhu.haccp.models import Hazard

    ent = t.make_enterprise(uscc=make_uscc(random.Random(time.time_ns()), t.COUNTY))
    principal = t.make_user(Role.PRINCIPAL, enterprise=ent, username=f"bench_hc_{time.time_ns()}")
    raw = ApiKey.generate()
    ApiKey.objects.create(enterprise=ent, name="mes", key_prefix=raw[:8], key_hash=hash_key(raw))
    product = t.make_product(ent, category="3002")
    plan = services.plan_create(actor=principal, product=product, title="基准计划", leader=principal)
    v = plan.versions.get()
    for h in Hazard.objects.filter(version=v):
        ccp = h.step.name in ("杀菌", "在线或成品金属检测")
        services.hazard_decide(actor=principal, hazard=h, answers={"q1": True, "q2": ccp, "q3": False})
    common = {"document": "Q/BENCH 1", "monitor_what": "x", "monitor_how": "x", "times": 1, "monitor_who": "x",
              "corrective_action": "x", "verification": "x"}  # fmt: skip
    services.ccp_set(actor=principal, hazard=Hazard.objects.get(version=v, step__name="杀菌"), parameter="温度",
                     unit="℃", limit_min=121, limit_max=None, per="batch", **common)  # fmt: skip
    services.ccp_set(actor=principal, hazard=Hazard.objects.get(version=v, step__name="在线或成品金属检测"),
                     parameter="Fe测试块", unit="mm", limit_min=None, limit_max=1.5, per="hour", **common)  # fmt: skip
    services.version_sign(actor=principal, version=v)
    batch = t.make_batch(product, number=f"HB{time.time_ns()}")
    return plan, batch, raw


def readings(plan, batch, n: int, start, rng: random.Random) -> list[dict]:
    out = []
    for i in range(n):
        at = (start + timezone.timedelta(seconds=2 * i)).isoformat()
        if i % 2:
            value = round(rng.gauss(123, 0.5), 2) if rng.random() > 0.001 else 118.0
            out.append({"batch": batch.number, "ccp": "CCP1", "unit": "℃", "at": at, "value": value})
        else:
            out.append({"plan": plan.pk, "ccp": "CCP2", "unit": "mm", "at": at, "value": 1.5})
    return out


def push(client, url, hdr, body) -> float:
    t0 = time.perf_counter()
    r = client.post(url, data=body, content_type="application/json", headers=hdr)
    took = time.perf_counter() - t0
    assert r.status_code in (200, 201), r.content[:500]
    return took


def bench_bulk(plan, batch, raw: str, pushes: int, per_push: int) -> dict:
    rng = random.Random(21)
    client, hdr = Client(), {"X-API-Key": raw}
    start = timezone.now() - timezone.timedelta(days=3)
    push(client, "/api/v1/haccp/readings", hdr, json.dumps({"items": readings(plan, batch, 20, start, rng)}))
    rates = []
    for p in range(pushes):
        body = json.dumps(
            {"items": readings(plan, batch, per_push, start + timezone.timedelta(hours=6 * p), rng)}
        )
        rates.append(per_push / push(client, "/api/v1/haccp/readings", hdr, body))
    return {
        "per_push": per_push,
        "pushes": pushes,
        "readings_per_s": rates,
        "median": statistics.median(rates),
    }


def bench_validation(plan, batch, per_push: int, rounds: int = 5) -> dict:
    """The items' checks alone, same body: the pydantic body model ninja used to build (`HaccpReadingsIn`)
    against the plain checks the service now runs on the body read once (`services.readings.parse_item`)."""
    from shouhu.core import bulkjson
    from shouhu.haccp.schemas import HaccpReadingsIn
    from shouhu.haccp.services.readings import parse_item

    body = json.dumps({"items": readings(plan, batch, per_push, timezone.now(), random.Random(5))})
    tz = timezone.get_current_timezone()
    model, plain = [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        HaccpReadingsIn.model_validate(json.loads(body))
        model.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        with bulkjson.gc_paused():
            [parse_item(i, tz) for i in json.loads(body)["items"]]
        plain.append(time.perf_counter() - t0)
    return {"items": per_push, "pydantic_model_ms": 1000 * statistics.median(model),
            "plain_checks_ms": 1000 * statistics.median(plain)}  # fmt: skip


def bench_baseline_cleanroom(pushes: int, per_push: int) -> float:
    import cleanroom_bench

    _ent, _principal, raw, _zone = cleanroom_bench.world()
    return cleanroom_bench.bench_bulk(raw, pushes, per_push)["median"]


def profile(plan, batch, raw: str, per_push: int) -> int:
    import cProfile
    import pstats

    rng = random.Random(21)
    client, hdr = Client(), {"X-API-Key": raw}
    start = timezone.now() - timezone.timedelta(days=2)
    push(client, "/api/v1/haccp/readings", hdr, json.dumps({"items": readings(plan, batch, 20, start, rng)}))
    body = json.dumps({"items": readings(plan, batch, per_push, start, rng)})
    prof = cProfile.Profile()
    prof.enable()
    took = push(client, "/api/v1/haccp/readings", hdr, body)
    prof.disable()
    print(f"one push of {per_push}: {took:.3f} s ({per_push / took:,.0f}/s under cProfile)")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    pstats.Stats(prof).sort_stats("tottime").print_stats(15)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pushes", type=int, default=5)
    ap.add_argument("--per-push", type=int, default=10_000)
    ap.add_argument(
        "--profile", action="store_true", help="cProfile one push and print the top 25 (cumulative)"
    )
    args = ap.parse_args()
    call_command("migrate", verbosity=0)
    import cleanroom_bench
    from django.db import connection

    plan, batch, raw = world()
    if args.profile:
        return profile(plan, batch, raw, args.per_push)
    result = {"database": connection.vendor, "load_average_before": os.getloadavg()}
    result["baseline_cleanroom_readings_per_s"] = bench_baseline_cleanroom(3, args.per_push)
    result["baseline_records_per_s"] = cleanroom_bench.bench_baseline_records()
    result["bulk"] = bench_bulk(plan, batch, raw, args.pushes, args.per_push)
    result["validation"] = bench_validation(plan, batch, args.per_push)
    result["load_average_after"] = os.getloadavg()
    print(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    ok = result["bulk"]["median"] >= 20_000 or connection.vendor != "postgresql"
    print("budgets:", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
