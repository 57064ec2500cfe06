"""Demo data for supervision sampling (issue 27): two quarters of plans in a few counties, every producing
enterprise sampled or marked "no production" with evidence in the past quarter, part of the current quarter
done (so the coverage matrix shows open cells), results judged against the rule-data limits with a few
failures, the past quarter's results published. Everything goes through the sampling services."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LABS = ("湖南省食品质量监督检验研究院", "长沙市食品药品检验所")
SIGN = {"sampler_signed": True, "enterprise_signed": True}
MAX_COUNTIES = 3


def _quarters(today: dt.date) -> list[tuple[int, int]]:
    from shouhu.sampling.quarters import quarter_of

    y, q = quarter_of(today)
    prev = (y, q - 1) if q > 1 else (y - 1, 4)
    return [prev, (y, q)]


def _rows(
    rng: random.Random, item_names: set[str], fail: bool, limited: frozenset[str] = frozenset()
) -> list[Any]:
    from shouhu.sampling.services import ResultRow

    rows = []
    if "铅" in item_names:
        rows.append(ResultRow("铅", f"{(0.31 if fail else rng.uniform(0.01, 0.12)):.2f}", "mg/kg"))
    if "菌落总数" in item_names:
        counts = [rng.choice([100, 200, 400, 600]) for _ in range(5)]
        rows.append(ResultRow("菌落总数", ",".join(map(str, counts)), "CFU/g"))
    if "沙门氏菌" in item_names:
        rows.append(ResultRow("沙门氏菌", ",".join(["未检出"] * 5), "/25g"))
    if "钙" in item_names:  # no limit in the rule data: the lab's conclusion stands, flagged
        rows.append(ResultRow("钙", f"{rng.randint(280, 420)}", "mg/100g", "合格"))
    word = "不合格" if fail else "合格"  # an item without a limit in rule data is judged by the lab's word
    return [r if r.lab_conclusion or r.item in limited else replace(r, lab_conclusion=word) for r in rows]


def _found_on(number: str, received_on: dt.date, today: dt.date) -> dt.date:
    """The report's 检验结论日期: the results reach the platform today, mostly within the 2 working days of
    `disposal.lab-report-working-days`, now and then late (a generator of its own: the demo's shared
    stream stays as it was)."""
    from shouhu.core import workdays

    back = random.Random(f"found:{number}").choice([0, 1, 1, 2, 2, 4])
    return max(received_on, workdays.add_working_days(today, -back))


def generate_sampling(
    rng: random.Random, enterprises: Iterable[Any], *, today: dt.date | None = None
) -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from shouhu.core.roles import Role
    from shouhu.production.models import Batch
    from shouhu.sampling import services
    from shouhu.sampling.judge import Catalogue
    from shouhu.sampling.models import SamplingPlan
    from shouhu.sampling.quarters import quarter_bounds
    from shouhu.workflow.evidence.services import evidence_create
    from shouhu.workflow.subjects import subject_of

    today = today or timezone.localdate()
    counties = sorted({e.division_code for e in enterprises})
    inspectors = {
        u.division_code: u
        for u in get_user_model()
        .objects.filter(role=Role.INSPECTOR, division_code__in=counties)
        .order_by("pk")
    }
    counties = [c for c in counties if c in inspectors][:MAX_COUNTIES]
    out = {"plans": 0, "samples": 0, "no_production": 0, "failures": 0, "published": 0}
    for year, quarter in _quarters(today):
        first, last = quarter_bounds(year, quarter)
        current = first <= today <= last
        for county in counties:
            insp = inspectors[county]
            if SamplingPlan.objects.filter(division_code=county, year=year, quarter=quarter).exists():
                continue
            plan = services.plan_create(actor=insp, division_code=county, year=year, quarter=quarter)
            out["plans"] += 1
            for task in plan.tasks.select_related("enterprise").order_by("pk"):
                if current and rng.random() < 0.4:
                    continue  # still to do this quarter: an open cell
                end = min(last, today - dt.timedelta(days=8))
                batch = (
                    Batch.objects.filter(enterprise=task.enterprise, produced_on__range=(first, end))
                    .select_related("product")
                    .order_by("produced_on")
                    .last()
                )
                if batch is None:
                    ev = evidence_create(
                        actor=insp, content=PDF, name="停产说明.pdf", subject=subject_of(task.enterprise)
                    )
                    services.task_no_production(
                        actor=insp,
                        task_id=task.pk,
                        evidence_id=ev.pk,
                        note="本季度未安排生产，企业出具停产说明",
                    )
                    out["no_production"] += 1
                    continue
                on = min(end, batch.produced_on + dt.timedelta(days=rng.randint(1, 5)))
                sample = services.sample_create(
                    actor=insp,
                    task_id=task.pk,
                    trace_code=batch.trace_code,
                    quantity="6",
                    backup_quantity="3",
                    unit=batch.product.unit,
                    sampler_name=insp.display_name or insp.username,
                    enterprise_signer=task.enterprise.legal_representative or "企业负责人",
                    lab_name=rng.choice(LABS),
                    sampled_on=on,
                    **SIGN,
                )
                out["samples"] += 1
                services.sample_receive(
                    actor=insp, sample_id=sample.pk, received_on=on + dt.timedelta(days=2)
                )
                catalogue = Catalogue(batch.product.profile, on)
                fail = rng.random() < 0.12
                rows = _rows(rng, set(catalogue.items), fail, frozenset(catalogue.limits))
                if not rows:
                    continue
                services.results_record(
                    actor=insp,
                    sample_id=sample.pk,
                    rows=rows,
                    report_no=f"JC{sample.number[2:]}",
                    report_pdf=PDF,
                    found_on=_found_on(sample.number, on + dt.timedelta(days=2), today),
                )
                sample.refresh_from_db()
                out["failures"] += sample.verdict == "fail"
                if not current:
                    services.sample_publish(actor=insp, sample_id=sample.pk)
                    out["published"] += 1
    return out
