"""Supervision sampling benchmark (issue 27): 10,000 lab results imported from Excel, judged and stored;
the coverage matrix of a province (3,000 enterprises × 4 quarters).

    python bench/sampling_bench.py                       # fresh SQLite file /tmp/sampling_bench.sqlite3
    python bench/sampling_bench.py --results 2000 --enterprises 500   # quicker look

Builds the world in bulk (enterprises with licences via the test factories; plans, tasks, products,
batches and samples by bulk insert), then times with the production code:

- import: an .xlsx of `--results` rows (a 25-item panel per sample, so 400 samples of 400 enterprises for
  10,000 rows: the seven items with a limit — bounds and 5-unit micro plans — and 18 judged by the lab's
  conclusion) read by `sampling.tasks.parse` (what the capped child runs), then judged and stored by
  `services.results.results_import_rows` (what the job's finish runs: judging every row, one bulk insert,
  ledger entries by `append_many`). Baseline in the same run: a bare `bulk_create` of the same number of
  LabResult rows (no judging, no ledger).
- coverage: `selectors.coverage_matrix` for the province's jurisdiction admin, 5 warm-up and 30 timed
  calls, p50/p95. Baseline in the same run: counting the enterprises in scope.

- disposal (issue 28): the import's failures open their 核查处置 cases through the `sample_failed` hook,
  in bulk (`disposal.services.cases_open_many`). Baseline in the same run (`--no-one-by-one` skips it): the
  same import with the cases opened one by one (`case_open` per sample, the receiver before the bulk path),
  rolled back; so is a first bulk run (warm caches for both), then the bulk import is run for real.

Budgets (exit 1 when missed): import < 10 s, coverage p95 < 300 ms.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test factories
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.config.settings.base")
DB = Path("/tmp/sampling_bench.sqlite3")
os.environ.setdefault("SHOUHU_DATABASE_URL", f"sqlite:///{DB}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

COUNTIES = ("430102", "430104", "430105", "430111", "430112", "430211", "430212", "430302", "430304")


def build(enterprises: int, samples: int):
    import datetime as dt

    import factories as t

    from shouhu.core.roles import Role
    from shouhu.production.models import Batch, Product
    from shouhu.sampling.models import Sample, SamplingPlan, SamplingTask
    from shouhu.sampling.states import SampleStatus, TaskStatus

    ents = t.make_enterprises_bulk(enterprises, COUNTIES, people=0, pushed_share=0)
    admin = t.make_user(Role.JURISDICTION_ADMIN, division_code="430000", username="bench_hunan")
    year = 2026
    plans = {}
    for county in COUNTIES:
        for q in range(1, 5):
            plans[(county, q)] = SamplingPlan.objects.create(
                division_code=county, year=year, quarter=q, title=f"{year}年第{q}季度"
            )
    statuses = [TaskStatus.SAMPLED, TaskStatus.SAMPLED, TaskStatus.NO_PRODUCTION, TaskStatus.OPEN]
    tasks = [
        SamplingTask(
            plan=plans[(e.division_code, q)],
            enterprise=e,
            kind="coverage",
            due_on=dt.date(year, 3 * q, 28),
            status=statuses[(e.pk + q) % 4],
        )
        for e in ents
        for q in range(1, 4)
        if (e.pk * q) % 17  # a few gaps
    ]
    SamplingTask.objects.bulk_create(tasks, batch_size=2000)
    products = Product.objects.bulk_create(
        Product(
            enterprise=e,
            name=f"婴幼儿营养米粉{i}",
            spec="225g/盒",
            category="3001",
            variety="婴幼儿谷物辅助食品",
            standard="GB 10769",
            shelf_life_days=540,
        )
        for i, e in enumerate(ents[:samples])
    )
    day = dt.date(2026, 5, 10)
    batches = Batch.objects.bulk_create(
        Batch(
            enterprise_id=p.enterprise_id,
            product=p,
            number=f"BB{i:07d}",
            trace_code=f"TB{i:014d}",
            produced_on=day,
            expires_on=day + dt.timedelta(days=540),
        )
        for i, p in enumerate(products)
    )
    rows = Sample.objects.bulk_create(
        Sample(
            number=f"CJ2026{i:08d}",
            enterprise_id=b.enterprise_id,
            batch=b,
            sampled_on=day,
            quantity=6,
            backup_quantity=3,
            unit="盒",
            sampler_name="张抽样",
            sampler_signed=True,
            enterprise_signer="李厂长",
            enterprise_signed=True,
            lab_name="湖南省食品质量监督检验研究院",
            lab_due_on=day + dt.timedelta(days=7),
            received_on=day + dt.timedelta(days=2),
            status=SampleStatus.RECEIVED,
            year=2026,
            quarter=2,
        )
        for i, b in enumerate(batches)
    )
    return admin, rows


PANEL = 25  # items per sample: a lab reports a sample's whole panel (the 3001 release items number 37)
WITH_LIMIT = {
    "铅": (lambda i: f"{0.01 + (i % 30) / 100:.2f}", "mg/kg"),
    "硝酸盐（以 NaNO3 计）": (lambda i: str(20 + i % 90), "mg/kg"),
    "亚硝酸盐（以 NaNO2 计）": (lambda i: f"{(i % 25) / 10:.1f}", "mg/kg"),
    "黄曲霉毒素 B1": (lambda i: f"{(i % 7) / 10:.1f}", "μg/kg"),
    "菌落总数": (lambda i: ",".join(str(100 * ((i + k) % 15)) for k in range(5)), "CFU/g"),
    "大肠菌群": (lambda i: ",".join(str((i + k) % 12) for k in range(5)), "CFU/g"),
    "沙门氏菌": (lambda i: ",".join(["未检出"] * 5), "/25g"),
}


def panel(on) -> list[str]:
    """The first PANEL release items of a 3001 product: every item with a limit, then others."""
    from shouhu.sampling.judge import Catalogue

    names = [i.name for i in Catalogue(PROFILE, on).items.values()]
    limited = [n for n in names if n in WITH_LIMIT]
    return (limited + [n for n in names if n not in WITH_LIMIT and n != "食品标签"])[:PANEL]


PROFILE = {
    "category": "3001",
    "variety": "婴幼儿谷物辅助食品",
    "standard": "GB 10769",
    "processes": [],
    "attributes": {},
}


def sheet(samples, n: int) -> bytes:
    import datetime as dt

    from openpyxl import Workbook

    items = panel(samples[0].sampled_on)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["抽样单编号", "检验项目", "检测值", "单位", "单项结论", "检验结论日期"])
    for i in range(n):
        s = samples[(i // len(items)) % len(samples)]
        name = items[i % len(items)]
        found = s.received_on + dt.timedelta(days=1)  # the report's date (issue 28), an Excel date cell
        if name in WITH_LIMIT:
            value, unit = WITH_LIMIT[name]
            ws.append([s.number, name, value(i), unit, "", found])
        else:  # no limit in the rule data: the lab's conclusion decides (flagged)
            ws.append([s.number, name, str(10 + i % 50), "", "合格", found])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class one_by_one:
    """The `sample_failed` receiver before the bulk path: `case_open` for each failed sample."""

    def __enter__(self):
        from shouhu.core import hooks

        hooks.sample_failed.disconnect(dispatch_uid="disposal.open_cases")
        hooks.sample_failed.connect(_open_one_by_one, dispatch_uid="bench.one_by_one")

    def __exit__(self, *exc):
        from shouhu.core import hooks
        from shouhu.disposal import receivers

        hooks.sample_failed.disconnect(dispatch_uid="bench.one_by_one")
        hooks.sample_failed.connect(receivers.open_cases, dispatch_uid="disposal.open_cases")


def _open_one_by_one(sender, *, sample_ids, actor, **kwargs):
    from shouhu.disposal.services import case_open
    from shouhu.sampling.models import Sample

    for sample in (
        Sample.objects.filter(pk__in=sample_ids).select_related("enterprise", "batch").order_by("pk")
    ):
        case_open(actor=actor, sample=sample)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", type=int, default=10_000)
    ap.add_argument("--enterprises", type=int, default=3_000)
    ap.add_argument("--no-one-by-one", action="store_true", help="skip the one-by-one disposal baseline")
    args = ap.parse_args()
    if DB.exists() and "sampling_bench" in os.environ["SHOUHU_DATABASE_URL"]:
        DB.unlink()
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    with transaction.atomic():
        admin, samples = build(args.enterprises, max(1, args.results // PANEL))
    print(
        f"world: {args.enterprises} enterprises, {len(samples)} samples in {time.perf_counter() - t0:.1f} s"
    )

    from shouhu.core import access
    from shouhu.registry.models import Enterprise
    from shouhu.sampling import selectors
    from shouhu.sampling.models import LabResult, Sample
    from shouhu.sampling.services.imports import rows_from
    from shouhu.sampling.services.results import results_import_rows
    from shouhu.sampling.tasks import parse

    data = sheet(samples, args.results)
    t0 = time.perf_counter()
    parsed = parse(data, "bench.xlsx")
    t_parse = time.perf_counter() - t0
    rows = rows_from(parsed)

    def store(rollback: bool) -> tuple[int, float, int]:
        from shouhu.disposal.models import Case

        with transaction.atomic():
            t0 = time.perf_counter()
            n = results_import_rows(actor=admin, rows=rows)
            took = time.perf_counter() - t0
            cases = Case.objects.count()
            transaction.set_rollback(rollback)
        return n, took, cases

    if not args.no_one_by_one:
        _, t_bulk_warm, _ = store(rollback=True)
        with one_by_one():
            _, t_single, single_cases = store(rollback=True)
    stored, t_store, opened = store(rollback=False)
    fails = LabResult.objects.filter(verdict="fail").count()
    dated = Sample.objects.filter(found_on__isnull=False).count()  # the 检验结论日期 column was read
    t0 = time.perf_counter()
    with transaction.atomic():
        LabResult.objects.bulk_create(
            [
                LabResult(
                    sample=samples[0],
                    enterprise_id=samples[0].enterprise_id,
                    item="铅",
                    measured="0.1",
                    verdict="pass",
                )
                for _ in range(args.results)
            ],
            batch_size=1000,
        )
        transaction.set_rollback(True)
    t_base = time.perf_counter() - t0
    total = t_parse + t_store
    if not args.no_one_by_one:
        print(
            f"disposal baseline (same import, rolled back): cases opened one by one ({single_cases} cases) "
            f"judge & store {t_single:.2f} s; bulk (first run, rolled back) {t_bulk_warm:.2f} s; "
            f"bulk (kept) {t_store:.2f} s, {opened} cases"
        )
    print(
        f"import: {stored} results ({fails} failed, {dated} samples dated) — read {t_parse:.2f} s + judge & store {t_store:.2f} s "
        f"= {total:.2f} s (budget 10 s); baseline bare bulk_create of {args.results} rows {t_base:.2f} s"
    )

    def timed(fn, n=30):
        for _ in range(5):
            fn()
        out = []
        for _ in range(n):
            t0 = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t0) * 1000)
        out.sort()
        return statistics.median(out), out[int(0.95 * (len(out) - 1))]

    m = selectors.coverage_matrix(admin, year=2026)
    gaps = sum(c == "gap" for r in m["rows"] for c in r.cells)
    p50, p95 = timed(lambda: selectors.coverage_matrix(admin, year=2026))
    b50, b95 = timed(lambda: access.scope(Enterprise.objects.all(), admin, enterprise_field=None).count())
    print(
        f"coverage: {len(m['rows'])} enterprises × 4 quarters ({gaps} gap cells) p50 {p50:.0f} ms p95 {p95:.0f} ms "
        f"(budget 300 ms); baseline count in scope p50 {b50:.1f} ms p95 {b95:.1f} ms"
    )
    print(
        f"load average: {os.getloadavg()[0]:.1f} / {os.getloadavg()[1]:.1f} / {os.getloadavg()[2]:.1f}; nproc {os.cpu_count()}"
    )
    return 0 if total < 10 and p95 < 300 else 1


if __name__ == "__main__":
    sys.exit(main())
