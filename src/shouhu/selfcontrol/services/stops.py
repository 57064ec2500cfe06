"""Production stops (停产) and resumption (复产), kept as 附件1 #16 records too.

A stop covers whole days from its start until resumed (an open stop runs to today); those days owe no
daily check, and a week or month wholly inside a stop owes no report. Each stop and each resumption is
also written as the production app's generic 附件1 #16 record (停复产记录), so the record book holds it.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import create_record, update_record
from shouhu.production.services.records import record_create
from shouhu.registry.models import Enterprise

from ..error_codes import SelfcontrolError as E
from ..events import SelfcontrolAction as A
from ..models import ProductionStop
from .common import enterprise_for

STOP_RECORD = 16  # 附件1 序号: 停复产记录及复产时设备设施安全控制记录


def overlapping(enterprise_id: int, first: date, last: date) -> Q:
    return Q(enterprise_id=enterprise_id, starts_on__lte=last) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=first)
    )


@transaction.atomic
def stop_record(
    *,
    actor: Actor,
    enterprise: Enterprise | int | None = None,
    starts_on: date,
    reason: str,
    ends_on: date | None = None,
    equipment: str = "",
    products: str = "",
    handling: str = "",
    hazard: bool = False,
) -> ProductionStop:
    access.require(actor, "selfcontrol.stop.record")
    ent = enterprise_for(actor, enterprise)
    today = timezone.localdate()
    if not reason.strip():
        raise refuse(E.REASON_REQUIRED, _("停产须说明原因"), field="reason")
    if starts_on > today:
        raise refuse(E.STOP_DATES, _("停产日期不能晚于今天（计划停产请在开始当日记录）"), field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise refuse(E.STOP_DATES, _("复产前最后停产日不能早于停产日期"), field="ends_on")
    if ProductionStop.objects.filter(overlapping(ent.pk, starts_on, ends_on or date.max)).exists():
        raise refuse(E.STOP_OVERLAP, _("该期间已有停产记录"), error=Conflict, field="starts_on")
    record = record_create(
        actor=actor,
        enterprise=ent,
        number=STOP_RECORD,
        occurred_on=starts_on,
        data={
            "停复产原因": reason.strip(),
            "时间": f"{starts_on:%Y-%m-%d}起停产" + (f"，{ends_on:%Y-%m-%d}止" if ends_on else ""),
            "涉及设备": equipment.strip() or str(_("全部生产设备")),
            "涉及产品": products.strip() or str(_("全部产品")),
            "处理办法": handling.strip() or str(_("停产期间设备设施清洁、封存")),
        },
    )
    return create_record(
        actor=actor,
        instance=ProductionStop(
            enterprise=ent,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=reason.strip()[:300],
            hazard=hazard,
            record_id=record.pk,
        ),
        enterprise_id=ent.pk,
        action=A.STOP_RECORD,
    )


@transaction.atomic
def stop_resume(*, actor: Actor, stop: ProductionStop | int, resumes_on: date, note: str) -> ProductionStop:
    """Production resumes on `resumes_on`: the stop ends the day before; the equipment check is noted."""
    access.require(actor, "selfcontrol.stop.record")
    if not isinstance(stop, ProductionStop):
        stop = access.get_scoped(ProductionStop.objects.select_for_update(of=("self",)), actor, pk=stop)
    else:
        access.get_scoped(ProductionStop.objects.all(), actor, pk=stop.pk)
    if stop.ends_on is not None:
        raise refuse(E.STOP_RESUMED, _("该停产已记录复产"), error=Conflict)
    if not note.strip():
        raise refuse(E.REASON_REQUIRED, _("复产须记录设备设施安全控制情况"), field="note")
    if resumes_on <= stop.starts_on or resumes_on > timezone.localdate():
        raise refuse(E.STOP_DATES, _("复产日期须晚于停产日期且不晚于今天"), field="resumes_on")
    record = record_create(
        actor=actor,
        enterprise=stop.enterprise_id,
        number=STOP_RECORD,
        occurred_on=resumes_on,
        data={
            "停复产原因": stop.reason,
            "时间": f"{stop.starts_on:%Y-%m-%d}停产，{resumes_on:%Y-%m-%d}复产",
            "涉及设备": str(_("全部生产设备")),
            "涉及产品": str(_("全部产品")),
            "处理办法": note.strip(),
        },
    )
    return update_record(
        actor=actor,
        instance=stop,
        changes={
            "ends_on": resumes_on - timedelta(days=1),
            "resume_record_id": record.pk,
            "resume_note": note.strip()[:300],
        },
        enterprise_id=stop.enterprise_id,
        reason=str(_("复产")),
        action=A.STOP_RESUME,
    )
