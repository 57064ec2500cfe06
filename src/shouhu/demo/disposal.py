"""Demo data for 核查处置 (issue 28): the sampling demo's failures have opened their cases (through the
`core.hooks.sample_failed` hook); here, through the disposal services, one case on the market is served and
answered up to a running recall, one is carried through to closing, and one has a pending objection. The
rest stay as opened: the result still to be served."""

from __future__ import annotations

import datetime as dt
from typing import Any


def _actor(enterprise_id: int, roles: list[str], fallback: str) -> Any:
    from shouhu.accounts.models import User
    from shouhu.production.demo import DemoActor

    user = (
        User.objects.filter(enterprise_id=enterprise_id, role__in=roles, is_active=True)
        .order_by("pk")
        .first()
    )
    return user or DemoActor(fallback, enterprise_id, f"演示数据（{fallback}）")


def _regulator(division_code: str) -> Any:
    from shouhu.accounts.models import User
    from shouhu.core.roles import Role

    return (
        User.objects.filter(role=Role.INSPECTOR, division_code=division_code, is_active=True)
        .order_by("pk")
        .first()
    )


def _answer(case: Any, staff: Any, *, cause: bool) -> None:
    from shouhu.disposal import services

    for duty, note in (
        ("seal", "已封存库存产品并登记数量"),
        ("stop", "已停止该产品的生产和销售"),
        ("notify", "已书面通知相关经销商下架"),
    ):
        services.duty_complete(actor=staff, case=case.pk, duty=duty, note=note)
    if cause:
        services.duty_complete(
            actor=staff,
            case=case.pk,
            duty="cause",
            cause="原料大米批次铅含量偏高，进货查验未按批次检测重金属",
            rectification="更换原料供应商，原料入厂逐批检测铅、镉，修订进货查验制度并培训",
        )


FAILURES = 3  # cases the demo wants; the sampling demo's seed may give fewer failures


def _fail_open_tasks(missing: int) -> None:
    """Sample open tasks of this quarter and enter a lead result above its limit (through the sampling
    services, so the cases open as in real use). Prefers enterprises whose batches were shipped."""
    from django.utils import timezone

    from shouhu.production.models import Batch, Shipment
    from shouhu.sampling import services
    from shouhu.sampling.judge import Catalogue
    from shouhu.sampling.models import SamplingTask
    from shouhu.sampling.states import TaskStatus

    today = timezone.localdate()
    tasks = SamplingTask.objects.filter(status=TaskStatus.OPEN, plan__year=today.year).select_related("plan")
    shipped = set(Shipment.objects.values_list("batch_id", flat=True).distinct()[:5000])
    for task in tasks.order_by("pk")[:30]:
        if missing <= 0:
            return
        insp = _regulator(task.plan.division_code)
        batches = list(
            Batch.objects.filter(
                enterprise_id=task.enterprise_id, produced_on__lte=today - dt.timedelta(days=3)
            )
            .select_related("product")
            .order_by("-produced_on")[:20]
        )
        batch = next((b for b in batches if b.pk in shipped), batches[0] if batches else None)
        if insp is None or batch is None:
            continue
        catalogue = Catalogue(batch.product.profile, today)
        if "铅" not in catalogue.items or "铅" not in catalogue.limits:
            continue
        sample = services.sample_create(
            actor=insp,
            task_id=task.pk,
            trace_code=batch.trace_code,
            quantity="6",
            backup_quantity="3",
            unit=batch.product.unit,
            sampler_name=insp.display_name or insp.username,
            sampler_signed=True,
            enterprise_signer="企业负责人",
            enterprise_signed=True,
            lab_name="湖南省食品质量监督检验研究院",
        )
        services.sample_receive(actor=insp, sample_id=sample.pk)
        services.results_record(
            actor=insp, sample_id=sample.pk, rows=[services.ResultRow("铅", "0.31", "mg/kg")]
        )
        missing -= 1


def generate_disposal(limit: int = 3) -> dict[str, int]:
    """Advance at most `limit` of the open cases (a recall running, one closed, one objection)."""
    from shouhu.core.roles import Role
    from shouhu.disposal import services
    from shouhu.disposal.models import Case, CaseStatus

    if (have := Case.objects.filter(status=CaseStatus.OPEN, served_at__isnull=True).count()) < FAILURES:
        _fail_open_tasks(FAILURES - have)
    out = {"cases": Case.objects.count(), "recall": 0, "closed": 0, "objection": 0}
    cases = list(Case.objects.filter(status=CaseStatus.OPEN, served_at__isnull=True).order_by("pk")[:50])
    done: set[int] = set()
    by_market = sorted(cases, key=lambda c: not c.on_market)
    off_market = sorted(cases, key=lambda c: c.on_market)  # closing waits for a recall to finish
    steps = [("recall", by_market), ("closed", off_market), ("objection", cases)][:limit]
    for step, pool in steps:
        case = next((c for c in pool if c.pk not in done and _regulator(c.division_code)), None)
        if case is None:
            continue
        done.add(case.pk)
        insp = _regulator(case.division_code)
        staff = _actor(case.enterprise_id, [Role.PRINCIPAL, Role.DIRECTOR], Role.PRINCIPAL)
        services.case_serve(actor=insp, case=case.pk)
        if step == "recall":
            _answer(case, staff, cause=False)
            services.case_recall(actor=staff, case=case.pk)
        elif step == "closed":
            _answer(case, staff, cause=True)
            if case.on_market:  # recalled and finished before the regulator closes
                from shouhu.trace import services as trace

                recalled = services.case_recall(actor=staff, case=case.pk)
                trace.recall_complete(
                    actor=staff,
                    recall=recalled.recall,
                    disposal="召回产品已全部回收并在监管人员见证下销毁",
                    place="企业不合格品处理区",
                    rectification="更换原料供应商，原料逐批检测铅",
                )
            services.case_close(
                actor=insp, case=case.pk, note="现场核查：库存已封存，原因查明，整改措施落实到位"
            )
        else:
            services.request_file(
                actor=staff, case=case.pk, kind="objection", reason="抽样时样品封签不完整，对样品真实性有异议"
            )
        out[step] += 1
    return out
