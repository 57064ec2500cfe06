"""Risk reads, scoped to the actor's jurisdiction (core.access)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound
from shouhu.registry.models import Enterprise
from shouhu.workflow.obligations.models import Obligation

from .models import GradeAdjustment, InspectionPlan, InspectionTask, RiskGrade, RiskProfile
from .scheme import LEVELS


def _scoped(qs: QuerySet, actor: Actor) -> QuerySet:
    return qs.filter(
        access.owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code")
    )


def distribution(actor: Actor) -> list[dict[str, Any]]:
    """Per division: how many enterprises at each level (and moved since the last grading)."""
    access.require(actor, "risk.view")
    rows: dict[str, dict[str, Any]] = defaultdict(
        lambda: {**dict.fromkeys(LEVELS, 0), "total": 0, "moved": 0}
    )
    for code, level, n in (
        _scoped(RiskProfile.objects.all(), actor)
        .values_list("division_code", "level")
        .annotate(n=Count("pk"))
    ):
        rows[code][level] += n
        rows[code]["total"] += n
    for code, n in (
        _scoped(RiskProfile.objects.exclude(previous_level=""), actor)
        .values_list("division_code")
        .annotate(n=Count("pk"))
    ):
        rows[code]["moved"] = n
    return [{"division_code": code, **counts} for code, counts in sorted(rows.items())]


def profile_list(
    actor: Actor, *, level: str = "", moved: bool = False, division: str = ""
) -> QuerySet[RiskProfile]:
    access.require(actor, "risk.view")
    qs = _scoped(RiskProfile.objects.select_related("enterprise", "adjustment"), actor)
    if division:  # a 6-digit code inside the tenancy (the command view's links)
        qs = qs.filter(division_code__startswith=access.division_prefix(division))
    if level in LEVELS:
        qs = qs.filter(level=level)
    if moved:
        qs = qs.exclude(previous_level="")
    return qs.order_by("-score", "enterprise_id")


def profile_get(actor: Actor, enterprise_id: int) -> tuple[Enterprise, RiskProfile | None]:
    ent = access.get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=enterprise_id)
    access.require(actor, "risk.view")  # inside the tenancy first: elsewhere it is simply not found
    profile = (
        RiskProfile.objects.filter(enterprise=ent).select_related("grade", "adjustment__adjusted_by").first()
    )
    return ent, profile


def grade_history(enterprise: Enterprise, limit: int = 20) -> list[RiskGrade]:
    return list(RiskGrade.objects.filter(enterprise=enterprise).order_by("-pk")[:limit])


def adjustment_list(enterprise: Enterprise) -> list[GradeAdjustment]:
    return list(
        GradeAdjustment.objects.filter(enterprise=enterprise).select_related("adjusted_by").order_by("-pk")
    )


def plan_list(actor: Actor) -> QuerySet[InspectionPlan]:
    access.require(actor, "risk.view")
    return InspectionPlan.objects.filter(_plan_q(actor))


def _plan_q(actor: Actor) -> Q:
    if getattr(actor, "role", None) == "platform_admin":
        return Q()
    code = str(getattr(actor, "division_code", "") or "")
    if not code or not access.is_regulator(actor):
        return Q(pk__in=[])
    return Q(division_code__startswith=access.division_prefix(code))


def plan_get(actor: Actor, pk: int) -> InspectionPlan:
    """A plan of the actor's jurisdiction; enterprise staff of an enterprise it covers are refused (403),
    anyone else does not find it (404)."""
    plan = InspectionPlan.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if plan is not None and not access.can(actor, "risk.view"):
        staff_division = str(getattr(getattr(actor, "enterprise", None), "division_code", "") or "")
        if staff_division.startswith(access.division_prefix(plan.division_code)):
            access.require(actor, "risk.view")
        plan = None
    if plan is not None and not InspectionPlan.objects.filter(_plan_q(actor), pk=plan.pk).exists():
        plan = None
    if plan is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
    return plan


def task_list(plan: InspectionPlan) -> QuerySet[InspectionTask]:
    return plan.tasks.select_related("enterprise").order_by("window_start", "pk")


def progress(plan: InspectionPlan, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Per grade: tasks done, due (window open or not yet open) and overdue (window closed, not done)."""
    today = today or timezone.localdate()
    rows = {lv: {"level": lv, "done": 0, "due": 0, "overdue": 0, "total": 0} for lv in LEVELS}
    for level, done_on, end in plan.tasks.values_list("level", "done_on", "window_end"):
        r = rows[level]
        r["total"] += 1
        r["done" if done_on else ("overdue" if end < today else "due")] += 1
    return [r for r in rows.values() if r["total"]]


def calendar(plan: InspectionPlan) -> list[dict[str, Any]]:
    """Months of the plan's year with the tasks whose window ends in each (what must be done by then)."""
    months: dict[int, list[InspectionTask]] = defaultdict(list)
    for task in task_list(plan):
        months[task.window_end.month].append(task)
    return [{"month": m, "tasks": months.get(m, [])} for m in range(1, 13)]


def obligations_of(plan: InspectionPlan) -> dict[int, Obligation]:
    ids = [i for i in plan.tasks.values_list("obligation_id", flat=True) if i]
    return Obligation.objects.in_bulk(ids)


TASK_STATES = ("done", "due", "overdue")  # as `progress` counts them


def task_search(
    actor: Actor,
    *,
    year: int,
    division: str = "",
    state: str = "",
    level: str = "",
    today: dt.date | None = None,
) -> QuerySet[InspectionTask]:
    """This year's inspection tasks across the actor's plans (the province's and each county's), narrowed to
    a division, a state (done / due / overdue, as `progress` counts them) and a grade: what the command
    view's plan figures count, as one list."""
    today = today or timezone.localdate()
    qs = InspectionTask.objects.filter(plan__in=plan_list(actor).filter(year=year))
    if division:
        qs = qs.filter(division_code__startswith=access.division_prefix(division))
    if state == "done":
        qs = qs.filter(done_on__isnull=False)
    elif state == "overdue":
        qs = qs.filter(done_on__isnull=True, window_end__lt=today)
    elif state == "due":
        qs = qs.filter(done_on__isnull=True, window_end__gte=today)
    if level:
        qs = qs.filter(level=level)
    return qs.select_related("enterprise", "plan").order_by("window_end", "pk")
