"""Reads of stored label checks and sweeps, scoped: enterprises see theirs, regulators their jurisdiction."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound, refuse

from .error_codes import LabelstoreError
from .models import LabelCheck, LabelSweep


def label_check_list(actor: Actor) -> QuerySet[LabelCheck]:
    q = access.owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code")
    return LabelCheck.objects.filter(q, sweep__isnull=True).select_related("enterprise")


def label_check_get(actor: Actor, pk: int) -> LabelCheck:
    q = access.owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code")
    obj = LabelCheck.objects.filter(q).select_related("enterprise", "sweep").filter(pk=pk).first()
    if obj is None:
        raise refuse(LabelstoreError.CHECK_NOT_FOUND, _("未找到该检查记录"), error=NotFound, id=pk)
    return obj


def sweep_list(actor: Actor) -> QuerySet[LabelSweep]:
    if access.is_enterprise_staff(actor):
        return LabelSweep.objects.none()
    q = access.owner_q(actor, enterprise_id_field="pk", division_field="division_code")
    return LabelSweep.objects.filter(q)


def sweep_get(actor: Actor, pk: int) -> LabelSweep:
    obj = sweep_list(actor).filter(pk=pk).first()
    if obj is None:
        raise refuse(LabelstoreError.SWEEP_NOT_FOUND, _("未找到该排查"), error=NotFound, id=pk)
    return obj


def sweep_item_list(sweep: LabelSweep, *, only_problems: bool = True) -> QuerySet[LabelCheck]:
    qs = sweep.items.order_by("row")
    return qs.exclude(finding_count=0, error__isnull=True) if only_problems else qs
