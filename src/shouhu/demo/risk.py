"""Demo data for risk grading and inspection planning (issue 24), one call from `generate()`.

The province is graded from the demo's own records (licences, contracts, recalls, label checks, overdue
rectifications), one enterprise's grade is raised by hand with a written reason, a conflict of interest is
recorded, and next year's plan is drawn with a recorded seed and issued as inspection obligations.
"""

from __future__ import annotations

from typing import Any


def seed(*, province: str, seed: int, year: int) -> dict[str, Any]:
    from shouhu.accounts.models import User
    from shouhu.core.errors import ServiceError
    from shouhu.core.roles import Role
    from shouhu.registry.models import Enterprise
    from shouhu.risk import services
    from shouhu.risk.models import RiskProfile

    admin = User.objects.filter(role=Role.JURISDICTION_ADMIN, division_code=province).first()
    if admin is None or not Enterprise.objects.exists():
        return {}
    run = services.grade_jurisdiction(actor=admin, division_code=province)
    lowest = (
        RiskProfile.objects.filter(level__in=["A", "B"])
        .select_related("enterprise")
        .order_by("score")
        .first()
    )
    if lowest is not None:
        services.grade_adjust(
            actor=admin,
            enterprise=lowest.enterprise,
            level="C",
            reason="群众投诉集中反映产品结块，现场核实后上调等级，待投诉处理模块接入后复核",
        )
    inspector = (
        User.objects.filter(role=Role.INSPECTOR, division_code__startswith=province[:2])
        .order_by("pk")
        .first()
    )
    ent = Enterprise.objects.filter(division_code__startswith=province[:2]).order_by("pk").first()
    if inspector is not None and ent is not None:
        services.conflict_record(
            actor=admin, inspector=inspector, enterprise=ent, kind="past_job", note="曾任该企业质量负责人"
        )
    try:
        plan = services.plan_create(
            actor=admin, division_code=province, year=year, seed=f"demo-{seed}-{province}-{year}"
        )
        services.plan_issue(actor=admin, plan=plan)
    except ServiceError:  # a demo dated outside the planning years, or too few inspectors: grades only
        return {"graded": run.graded}
    return {"graded": run.graded, "plan": plan.pk, "tasks": plan.summary.get("tasks", 0)}
