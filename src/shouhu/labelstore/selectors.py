"""Reads of stored label checks and sweeps, scoped: enterprises see theirs, regulators their jurisdiction."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shouhu.core import access
from shouhu.core.errors import NotFound

from .models import LabelCheck, LabelSweep


def checks(actor: Any) -> QuerySet[LabelCheck]:
    q = access.owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code")
    return LabelCheck.objects.filter(q, sweep__isnull=True).select_related("enterprise")


def check_get(actor: Any, pk: int) -> LabelCheck:
    q = access.owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code")
    obj = LabelCheck.objects.filter(q).select_related("enterprise", "sweep").filter(pk=pk).first()
    if obj is None:
        raise NotFound("未找到该检查记录 / Label check not found", details={"id": pk})
    return obj


def sweeps(actor: Any) -> QuerySet[LabelSweep]:
    if access.is_enterprise_staff(actor):
        return LabelSweep.objects.none()
    q = access.owner_q(actor, enterprise_id_field="pk", division_field="division_code")
    return LabelSweep.objects.filter(q)


def sweep_get(actor: Any, pk: int) -> LabelSweep:
    obj = sweeps(actor).filter(pk=pk).first()
    if obj is None:
        raise NotFound("未找到该排查 / Sweep not found", details={"id": pk})
    return obj


def sweep_items(sweep: LabelSweep, *, only_problems: bool = True) -> QuerySet[LabelCheck]:
    qs = sweep.items.order_by("row")
    return qs.exclude(finding_count=0, error__isnull=True) if only_problems else qs
