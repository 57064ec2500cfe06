"""Anomaly detectors over the database at a province's scale (issue 32, "Speed": a full detector run over a
day's pushes for 3,000 enterprises < 2 min on the two cores).

`bench/anomaly_bench.py` measures the pure detectors on generated rows; this script measures what the
nightly run does: the selectors' reads of the day's pushes from the tables, the detectors, and the writes of
the alerts with their ledger entries (`alerts_run`). The data is bulk-inserted into a fresh SQLite file
(or the database SHOUHU_DATABASE_URL names): per enterprise one product, supplier, material lot and
customer, `--batches` batches over the 90 days before the day (the last one finished on the day), two
consumptions per batch, four CCP readings a day for a week, two release tests on the day's batch, two
shipments, 30 days of daily checks; a gate refusal for one enterprise in twenty.

    .venv/bin/python bench/anomaly_db_bench.py                    # 3,000 enterprises
    .venv/bin/python bench/anomaly_db_bench.py --enterprises 300  # quicker look

Baselines in the same run: one trivial query, and counting the same tables' rows of the day (what any
read of them costs). Exit status 1 when the full run takes 120 s or more.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUDGET_S = 120.0


def _timed(fn):
    start, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - start, time.process_time() - cpu


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--enterprises", type=int, default=3000)
    p.add_argument("--batches", type=int, default=12)
    p.add_argument("--seed", type=int, default=32)
    args = p.parse_args()
    path = REPO / "var" / "bench" / "anomaly.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    if "SHOUHU_DATABASE_URL" not in os.environ:
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
    from django.db import connection, transaction
    from django.utils import timezone

    from shouhu.anomaly import detectors as d
    from shouhu.anomaly import selectors
    from shouhu.anomaly.services import alerts_run
    from shouhu.codes import divisions
    from shouhu.core.roles import Role
    from shouhu.production import models as pm
    from shouhu.selfcontrol.models import DailyCheck, RiskList, RiskListVersion

    print(
        f"# anomaly DB bench — {platform.node()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
        f"DB {connection.vendor}, load {' / '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    counties = tuple(c.code for c in divisions.counties_in(t.PROVINCE))
    day = timezone.localdate()
    tz = timezone.get_current_timezone()

    def at(on, hour: int = 9) -> datetime:
        return datetime.combine(on, datetime.min.time(), tzinfo=tz) + timedelta(hours=hour)

    start = time.perf_counter()
    with transaction.atomic():
        ents = t.make_enterprises_bulk(args.enterprises, counties, seed=args.seed, people=2)
        from shouhu.registry.models import Person

        staff: dict[int, list[int]] = {}
        for eid, pid in Person.objects.order_by("pk").values_list("enterprise_id", "pk"):
            staff.setdefault(eid, []).append(pid)
        products = pm.Product.objects.bulk_create(
            pm.Product(
                enterprise=e,
                name="婴幼儿营养米粉",
                spec="225 g/罐",
                category="3001",
                variety="婴幼儿谷物辅助食品",
                standard="GB 10769—2025",
                shelf_life_days=540,
                attributes={"yield_range": [0.9, 1.1]},
            )
            for e in ents
        )
        suppliers = pm.Supplier.objects.bulk_create(
            pm.Supplier(enterprise=e, name="湘中粮油有限公司") for e in ents
        )
        materials = pm.Material.objects.bulk_create(
            pm.Material(enterprise=e, code="M-RICE", name="大米", kind="raw") for e in ents
        )
        lots = pm.MaterialLot.objects.bulk_create(
            pm.MaterialLot(
                enterprise=e,
                material=m,
                supplier=s,
                code="L-1",
                quantity=Decimal(100000),
                on_hand=Decimal(50000),
                received_on=day - timedelta(days=100),
                status="accepted",
                inspector="李验",
            )
            for e, m, s in zip(ents, materials, suppliers, strict=True)
        )
        customers = pm.Customer.objects.bulk_create(
            pm.Customer(enterprise=e, name="长沙母婴连锁", kind="distributor", contact="0731-1") for e in ents
        )
        batches = []
        for i, (e, prod) in enumerate(zip(ents, products, strict=True)):
            for k in range(args.batches):
                produced = day - timedelta(days=(args.batches - 1 - k) * (89 // max(args.batches - 1, 1)))
                batches.append(
                    pm.Batch(
                        enterprise=e,
                        product=prod,
                        number=f"B{produced:%Y%m%d}{k:02d}",
                        trace_code=f"T{i:05d}{k:03d}{args.seed:04d}",
                        produced_on=produced,
                        expires_on=produced + timedelta(days=540),
                        status="released",
                        quantity=Decimal(1000),
                        on_hand=Decimal(500),
                    )
                )
        batches = pm.Batch.objects.bulk_create(batches, batch_size=5000)
        pm.Consumption.objects.bulk_create(
            (
                pm.Consumption(
                    enterprise_id=b.enterprise_id,
                    batch=b,
                    lot=lots[j // args.batches],
                    batcher_id=staff[b.enterprise_id][0],
                    checker_id=staff[b.enterprise_id][1],
                    quantity=Decimal(500 + rng.randint(-20, 20)),
                    at=at(b.produced_on, 8 + h),
                )
                for j, b in enumerate(batches)
                for h in (0, 1)
            ),
            batch_size=5000,
        )
        todays = [b for b in batches if b.produced_on == day]
        pm.CCPRecord.objects.bulk_create(
            (
                pm.CCPRecord(
                    enterprise_id=b.enterprise_id,
                    batch=b,
                    point="CCP1 杀菌",
                    parameter="温度",
                    value=Decimal(f"{121 + rng.uniform(-0.8, 0.8):.1f}"),
                    limit_min=Decimal(120),
                    at=at(day - timedelta(days=back), 8 + 2 * h) + timedelta(minutes=rng.randint(0, 50)),
                    operator="王操作",
                )
                for b in todays
                for back in range(7)
                for h in range(4)
            ),
            batch_size=5000,
        )
        pm.ReleaseTest.objects.bulk_create(
            (
                pm.ReleaseTest(
                    enterprise_id=b.enterprise_id,
                    batch=b,
                    item=item,
                    result=result,
                    passed=True,
                    tester="赵检",
                    tested_on=day,
                    report_no=f"R-{b.pk}",
                )
                for b in todays
                for item, result in (("水分", "4.1 g/100g"), ("菌落总数", "800 CFU/g"))
            ),
            batch_size=5000,
        )
        pm.Shipment.objects.bulk_create(
            (
                pm.Shipment(
                    enterprise_id=b.enterprise_id,
                    batch=b,
                    customer=customers[i // args.batches],
                    quantity=Decimal(100),
                    shipped_on=day - timedelta(days=1),
                )
                for i, b in enumerate(batches)
                if b.produced_on >= day - timedelta(days=20)
            ),
            batch_size=5000,
        )
        lists = RiskList.objects.bulk_create(
            RiskList(enterprise=e, adopted_on=day - timedelta(days=60)) for e in ents
        )
        versions = RiskListVersion.objects.bulk_create(
            RiskListVersion(risk_list=rl, enterprise_id=rl.enterprise_id, number=1, points=[], reason="初版")
            for rl in lists
        )
        DailyCheck.objects.bulk_create(
            (
                DailyCheck(
                    enterprise_id=v.enterprise_id,
                    day=day - timedelta(days=back),
                    list_version=v,
                    checked=12,
                    checked_by_name="孙安全",
                    zero_risk=rng.random() < 0.9,
                )
                for v in versions
                for back in range(30)
            ),
            batch_size=5000,
        )
        pm.GateRefusal.objects.bulk_create(
            pm.GateRefusal(
                enterprise=e, batch=todays[i], gate="release", reason="release.tests", message="缺检验项目"
            )
            for i, e in enumerate(ents)
            if i % 20 == 0
            for _ in range(3)
        )
        # pushed when they happened (bulk_create stamps every row now): the day's rows are the day's pushes
        from django.db.models import F

        pm.Consumption.objects.update(created_at=F("at"), updated_at=F("at"))
        pm.CCPRecord.objects.update(created_at=F("at"), updated_at=F("at"))
        for produced in {b.produced_on for b in batches}:
            pm.Batch.objects.filter(produced_on=produced).update(
                created_at=at(produced, 7), updated_at=at(produced, 17)
            )
        for back in range(30):
            DailyCheck.objects.filter(day=day - timedelta(days=back)).update(
                recorded_at=at(day - timedelta(days=back), 18)
            )
    tables = {
        m._meta.label: m.objects.count()
        for m in (
            pm.Batch,
            pm.Consumption,
            pm.CCPRecord,
            pm.ReleaseTest,
            pm.Shipment,
            DailyCheck,
            pm.GateRefusal,
        )
    }
    print(f"- data: {len(ents)} enterprises, {tables} ({time.perf_counter() - start:.1f} s)")

    with connection.cursor() as cur:
        _r, trivial, _c = _timed(lambda: cur.execute("SELECT 1") or cur.fetchone())
    bounds = selectors._bounds(day)
    _n, counting, _c = _timed(
        lambda: sum(
            m.objects.filter(created_at__gte=bounds[0], created_at__lt=bounds[1]).count()
            for m in (pm.Batch, pm.Consumption, pm.CCPRecord, pm.ReleaseTest, pm.Shipment)
        )
    )
    print(
        f"- baseline: one trivial query {trivial * 1000:.2f} ms; counting the day's rows of five tables {counting:.2f} s"
    )

    print("| detector | rows read | read wall / CPU s | detect wall / CPU s | findings |")
    print("| --- | --- | --- | --- | --- |")
    total_read = total_detect = 0.0
    for name, det in d.DETECTORS.items():
        rows, read_s, read_cpu = _timed(lambda name=name: selectors.INPUTS[name](day, ""))
        found, det_s, det_cpu = _timed(lambda det=det, rows=rows: det.fn(rows))
        total_read += read_s
        total_detect += det_s
        print(
            f"| {name} | {len(rows):,} | {read_s:.2f} / {read_cpu:.2f} | {det_s:.2f} / {det_cpu:.2f} | {len(found)} |"
        )
    admin = t.make_user(Role.PLATFORM_ADMIN, username="bench_anomaly_admin")
    run, full_s, full_cpu = _timed(lambda: alerts_run(actor=admin, day=day))
    print(
        f"- reads {total_read:.1f} s + detectors {total_detect:.1f} s; full run (reads, detectors, alerts with "
        f"ledger): {full_s:.1f} s wall / {full_cpu:.1f} s CPU, {sum(run.counts.values())} alerts {run.counts} "
        f"— budget < {BUDGET_S:.0f} s: {'met' if full_s < BUDGET_S else 'MISSED'}"
    )
    return 0 if full_s < BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
