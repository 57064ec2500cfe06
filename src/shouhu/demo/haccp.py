"""Demo HACCP plans (issue 21): a plan per product line of the first demo enterprises, built from the rule
data (hazards per step with their citations), decided by the Codex tree, signed by the principal as team
leader; a year of CCP readings pushed through the bulk service (the metal detector's test piece twice a
shift; sterilization temperature per batch for canned lines), with a few deviations: one three months ago
closed with a corrective action and a disposition, one open on a recent batch (held), and one missed day
(the sweep makes it a 漏测 deviation)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

COMMON = {
    "monitor_how": "测试块过机",
    "times": 2,
    "per": "shift",
    "monitor_who": "质检员",
    "corrective_action": "停线，隔离上次合格检测后的产品并复检",
    "verification": "每日复核记录，每月校验检测机",
}


@dataclass
class HaccpResult:
    plans: int = 0
    readings: int = 0
    deviations: int = 0

    def __str__(self) -> str:
        return f"{self.plans} plans, {self.readings} CCP readings, {self.deviations} deviations"


def _plan(principal: Any, product: Any) -> Any:
    from shouhu.haccp import services
    from shouhu.haccp.models import Hazard

    plan = services.plan_create(
        actor=principal,
        product=product,
        title=f"{product.name} HACCP计划",
        leader=principal,
        intended_use="6月龄以上婴幼儿",
    )
    v = plan.versions.get()
    for h in Hazard.objects.filter(version=v).select_related("step"):
        ccp = h.step.name in ("在线或成品金属检测", "杀菌")
        services.hazard_decide(actor=principal, hazard=h, answers={"q1": True, "q2": ccp, "q3": False})
    metal = Hazard.objects.filter(version=v, step__name="在线或成品金属检测").first()
    if metal is not None:
        services.ccp_set(
            actor=principal,
            hazard=metal,
            parameter="Fe测试块",
            unit="mm",
            limit_min=None,
            limit_max=1.5,
            document="Q/企业 金属检测作业指导书（内控：Fe 1.5 mm）",
            monitor_what="金属检测机",
            **COMMON,
        )
    sterile = Hazard.objects.filter(version=v, step__name="杀菌").first()
    if sterile is not None:
        services.ccp_set(
            actor=principal,
            hazard=sterile,
            parameter="温度",
            unit="℃",
            limit_min=121,
            limit_max=None,
            document="杀菌公式验证报告",
            monitor_what="杀菌釜温度",
            monitor_how="自动温度记录仪",
            times=1,
            per="batch",
            monitor_who="杀菌工",
            corrective_action="重新杀菌或隔离评估",
            verification="每批复核温度曲线",
        )
    services.flow_check(
        actor=principal, version=v, checked_on=dt.date.today(), checked_by="HACCP小组", matches=True
    )
    services.version_sign(actor=principal, version=v)
    return plan


def generate_haccp(rng: random.Random, enterprises: Sequence[Any], *, limit: int = 2) -> HaccpResult:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from shouhu.core.roles import Role
    from shouhu.haccp import services
    from shouhu.haccp.models import Deviation
    from shouhu.production.models import Batch, Product

    User = get_user_model()
    result = HaccpResult()
    now, today = timezone.now(), timezone.localdate()
    done = 0
    for ent in enterprises:
        if done >= limit:
            break
        principal = User.objects.filter(enterprise=ent, role=Role.PRINCIPAL).order_by("pk").first()
        closer = User.objects.filter(enterprise=ent, role__in=[Role.QA, Role.DIRECTOR]).order_by("pk").first()
        products = list(Product.objects.filter(enterprise=ent).order_by("pk"))
        if principal is None or not products:
            continue
        done += 1
        missed = today - dt.timedelta(days=40)
        for n, product in enumerate(products):
            plan = _plan(principal, product)
            result.plans += 1
            items: list[dict] = []
            for d in range(365):
                day = today - dt.timedelta(days=365 - d)
                # the missed day: one reading of the morning shift's two, then none (the sweep flags it)
                for hour in (9,) if day == missed and n == 0 else (9, 15, 21, 3):
                    at = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
                    if at < now:
                        items.append(
                            {
                                "plan": plan.pk,
                                "ccp": "CCP1",
                                "unit": "mm",
                                "at": at.isoformat(),
                                "value": 1.5 if rng.random() < 0.9 else 1.0,
                            }
                        )
            batches = list(Batch.objects.filter(product=product).order_by("produced_on", "pk"))
            if product.category == "3002":
                for b in batches:
                    at = timezone.make_aware(dt.datetime.combine(b.produced_on, dt.time(10)))
                    items.append(
                        {
                            "batch": b.number,
                            "ccp": "CCP2",
                            "unit": "℃",
                            "at": at.isoformat(),
                            "value": round(rng.uniform(121.5, 123.5), 1),
                        }
                    )
            if n == 0:
                # three months ago, no batch named (closed below); recently, a batch not yet released (held)
                past = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=90), dt.time(11)))
                items.append(
                    {"plan": plan.pk, "ccp": "CCP1", "unit": "mm", "at": past.isoformat(), "value": 2.0}
                )
                open_batch = next(
                    (b for b in reversed(batches) if b.status in ("pending", "in_production")), None
                )
                if open_batch is not None:
                    at = min(
                        now - dt.timedelta(hours=1),
                        timezone.make_aware(dt.datetime.combine(open_batch.produced_on, dt.time(11))),
                    )
                    items.append(
                        {
                            "batch": open_batch.number,
                            "ccp": "CCP1",
                            "unit": "mm",
                            "at": at.isoformat(),
                            "value": 2.5,
                        }
                    )
            for i in range(0, len(items), services.MAX_ITEMS):
                services.readings_record(actor=principal, items=items[i : i + services.MAX_ITEMS])
            result.readings += len(items)
            if n == 0:
                services.missing_sweep(enterprise_id=ent.pk, day=missed)
                first = (
                    Deviation.objects.filter(ccp__version__plan=plan, kind="out_of_limit")
                    .order_by("started_at")
                    .first()
                )
                if first is not None and closer is not None:
                    services.deviation_close(
                        actor=closer,
                        deviation=first,
                        corrective_action="检测机重新校验，隔离产品逐件复检未检出金属",
                        disposition="release",
                        reason="复检合格",
                    )
        result.deviations += Deviation.objects.filter(enterprise=ent).count()
    return result
