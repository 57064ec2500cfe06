"""Deviations: readings outside a CCP's limit (per CCP and production batch, extended by later readings
instead of one per reading) and periods without their readings (漏测: frequency compliance). An
out-of-limit deviation holds its batch (production's hold, 附件1 #19); it closes only with a corrective action
and a disposition, which then lifts the hold (release, rework) or keeps the batch out of sale (destroy)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import refuse
from shouhu.core.services import create_record, update_record
from shouhu.production.models import Batch, BatchStatus
from shouhu.production.services import batch_hold, batch_hold_clear

from .. import limits
from ..error_codes import HaccpError as E
from ..events import HaccpAction as A
from ..models import CCP, Deviation, DeviationKind, Disposition, PlanVersion, Reading, VersionStatus
from ._common import DISPOSE, MonitorActor, products_of


def _limit_text(ccp: CCP) -> str:
    b = limits.Bound.of({"min": ccp.limit_min, "max": ccp.limit_max})
    return b.text(ccp.unit) if b else "—"


def _worst(ccp: CCP, values: list[float]) -> float:
    lo, hi = ccp.limit_min, ccp.limit_max
    return max(
        values, key=lambda v: max((lo - v) if lo is not None else 0, (v - hi) if hi is not None else 0)
    )


def out_of_limit(
    *,
    actor: Actor,
    ccp: CCP,
    batch_id: int | None,
    values: list[tuple[dt.datetime, float]],
    hold: bool = True,
) -> Deviation:
    """Extend the open deviation of this CCP and batch with these readings, or open one and hold the batch."""
    values = sorted(values)
    worst = _worst(ccp, [v for _a, v in values])
    open_one = (
        Deviation.objects.select_for_update(of=("self",))
        .filter(
            ccp=ccp, production_batch_id=batch_id, kind=DeviationKind.OUT_OF_LIMIT, closed_at__isnull=True
        )
        .first()
    )
    if open_one is not None:
        worst = _worst(ccp, [worst] + ([open_one.worst] if open_one.worst is not None else []))
        Deviation.objects.filter(pk=open_one.pk).update(
            readings=F("readings") + len(values), last_at=max(values[-1][0], open_one.last_at), worst=worst
        )
        return open_one
    step = ccp.step.name
    title = str(_("%(code)s %(step)s %(p)s 超出关键限值：%(v)s %(unit)s（限值 %(limit)s）")) % {
        "code": ccp.code,
        "step": step,
        "p": ccp.parameter,
        "v": f"{values[0][1]:g}",
        "unit": ccp.unit,
        "limit": _limit_text(ccp),
    }
    ent = ccp.version.plan.enterprise_id
    with transaction.atomic():
        dev = create_record(
            actor=actor,
            instance=Deviation(
                enterprise_id=ent,
                ccp=ccp,
                kind=DeviationKind.OUT_OF_LIMIT,
                production_batch_id=batch_id,
                started_at=values[0][0],
                last_at=values[-1][0],
                readings=len(values),
                worst=worst,
                title=title[:300],
            ),
            enterprise_id=ent,
            action=A.DEVIATION_OPEN,
        )
        if batch_id is not None and hold:
            batch_hold(actor=actor, batch=Batch.objects.get(pk=batch_id), reason=title)
    return dev


def deviation_close(
    *, actor: Actor, deviation: Deviation | int, corrective_action: str, disposition: str, reason: str = ""
) -> Deviation:
    """纠偏 and 处置: both required; a release or rework lifts the batch's hold once no other deviation holds it."""
    pk = getattr(deviation, "pk", deviation)
    dev = access.get_scoped(Deviation.objects.select_related("ccp", "production_batch"), actor, pk=pk)
    access.require(actor, DISPOSE)
    if dev.closed_at is not None:
        raise refuse(E.DEVIATION_CLOSED, _("该偏离已关闭"), field="deviation")
    if not corrective_action.strip() or disposition not in Disposition.values:
        raise refuse(
            E.DISPOSITION_REQUIRED,
            _("关闭偏离须记录纠偏措施和对受影响产品的处置（附件1 #19）"),
            field="corrective_action" if not corrective_action.strip() else "disposition",
        )
    why = reason.strip() or str(_("偏离已纠偏并处置"))
    with transaction.atomic():
        closed = update_record(
            actor=actor,
            instance=dev,
            changes={
                "corrective_action": corrective_action.strip(),
                "disposition": disposition,
                "closed_at": timezone.now(),
                "closed_by": actor if getattr(actor, "_meta", None) else None,
            },
            enterprise_id=dev.enterprise_id,
            reason=why,
            action=A.DEVIATION_CLOSE,
        )
        batch = dev.production_batch
        if batch is not None and batch.status == BatchStatus.ON_HOLD and disposition != Disposition.DESTROY:
            still = Deviation.objects.filter(production_batch=batch, closed_at__isnull=True).exists()
            if not still:
                batch_hold_clear(
                    actor=actor, batch=batch, reason=f"{closed.get_disposition_display()}：{why}"
                )
    return closed


def missing_sweep(*, enterprise_id: int, day: dt.date) -> int:
    """漏测: for each CCP in force, the periods of `day` with fewer readings than the plan's frequency (per
    batch: each batch of the product made that day; per hour or shift: between the day's first and last
    reading, so a line that did not run is not flagged). Idempotent."""
    actor = MonitorActor(enterprise_id, "系统任务（关键控制点漏测检查）")
    versions = PlanVersion.objects.filter(plan__enterprise_id=enterprise_id, status=VersionStatus.SIGNED)
    made = 0
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time()), tz)
    end = start + dt.timedelta(days=1)
    from .readings import period_key

    for ccp in CCP.objects.filter(version__in=versions).select_related("version__plan", "step"):
        readings = Reading.objects.filter(ccp=ccp, at__gte=start, at__lt=end)
        counts = dict(readings.values_list("period_key").annotate(n=Count("id")))
        if ccp.per == "batch":
            expected = [
                f"B{pk}"
                for pk in Batch.objects.filter(
                    product_id__in=products_of(ccp.version.plan_id), produced_on=day
                ).values_list("pk", flat=True)
            ]
            counts = dict(
                Reading.objects.filter(ccp=ccp, period_key__in=expected)
                .values_list("period_key")
                .annotate(n=Count("id"))
            )
        elif ccp.per == "day":
            expected = [day.isoformat()] if counts else []
        else:
            times = list(readings.order_by("at").values_list("at", flat=True))
            expected, t = [], times[0] if times else None
            while t is not None and t <= times[-1]:
                k = period_key(ccp.per, t.astimezone(tz), None)
                if k not in expected:
                    expected.append(k)
                t += dt.timedelta(hours=1)
        flagged = set(
            Deviation.objects.filter(ccp=ccp, kind=DeviationKind.MISSING).values_list("period_key", flat=True)
        )
        for key in expected:
            n = counts.get(key, 0)
            if n >= ccp.times or key in flagged:
                continue
            title = str(_("%(code)s %(step)s 漏测：%(period)s 应监控 %(times)s 次，实测 %(n)s 次")) % {
                "code": ccp.code,
                "step": ccp.step.name,
                "period": key,
                "times": ccp.times,
                "n": n,
            }
            create_record(
                actor=actor,
                instance=Deviation(
                    enterprise_id=enterprise_id,
                    ccp=ccp,
                    kind=DeviationKind.MISSING,
                    period_key=key,
                    started_at=start,
                    last_at=end,
                    title=title[:300],
                ),
                enterprise_id=enterprise_id,
                action=A.DEVIATION_OPEN,
            )
            made += 1
    return made


def deviation_for_record(
    *, actor: Any, batch_id: int, point: str, parameter: str, value: Any
) -> Deviation | None:
    """Production's own CCP record held the batch: open the deviation its disposition will close."""
    from ..selectors import ccp_in_force

    batch = Batch.objects.get(pk=batch_id)
    ccp = ccp_in_force(batch.product_id, point, parameter)
    if ccp is None:
        return None
    now = timezone.now()
    return out_of_limit(actor=actor, ccp=ccp, batch_id=batch_id, values=[(now, float(value))], hold=False)
