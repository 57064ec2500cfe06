"""What HACCP answers through `core.hooks`: production's questions (the limits of the plan in force, what
keeps a hold, what stops a new batch), production's CCP deviations, and the internal-standard limit."""

from __future__ import annotations

from typing import Any


def ccp_limits(batch_id: int, point: str, parameter: str) -> dict[str, Any] | None:
    from shouhu.production.models import Batch

    from .selectors import ccp_in_force

    product_id = Batch.objects.filter(pk=batch_id).values_list("product_id", flat=True).first()
    ccp = ccp_in_force(product_id, point, parameter) if product_id else None
    if ccp is None:
        return None
    return {
        "min": ccp.limit_min,
        "max": ccp.limit_max,
        "unit": ccp.unit,
        "ccp_id": ccp.pk,
        "basis": ccp.basis,
        "rule_min": ccp.rule_min,
        "rule_max": ccp.rule_max,
    }


def ccp_deviation(
    sender: Any, *, batch_id: int, point: str, parameter: str, value: Any, actor: Any, **kw: Any
) -> None:
    from .services import deviation_for_record

    deviation_for_record(actor=actor, batch_id=batch_id, point=point, parameter=parameter, value=value)


def hold_blockers(batch_id: int) -> list[dict[str, Any]]:
    from .models import Deviation

    return [
        {
            "title": d.title,
            "url": f"/haccp/deviations/{d.pk}/",
            "reason": "关键控制点偏离须先纠偏并处置（附件1 #19）",
        }
        for d in Deviation.objects.filter(production_batch_id=batch_id, closed_at__isnull=True)
    ]


def batch_blockers(product_id: int) -> list[dict[str, Any]]:
    from .models import Change
    from .services._common import covering_plan

    plan_id = covering_plan(product_id)  # a change to a family plan stops every product of the family
    return [
        {
            "title": f"{c.get_kind_display()}（{c.description}）后的HACCP计划评审",
            "url": f"/haccp/plans/{c.plan_id}/",
            "reason": "调整配方、工艺流程及关键设备时应进行评估验证（第二十六条）",
        }
        for c in Change.objects.filter(plan_id=plan_id, reviewed_version__isnull=True)
    ]


def internal_limit(
    kind: str, enterprise_id: int, product_id: int | None, item: str, rule_limit: dict[str, Any] | None
) -> dict[str, Any] | None:
    from .selectors import internal_limit as lookup

    return lookup(kind, enterprise_id, product_id, item, rule_limit)
