"""Deviations: readings out of limit, and periods that ended without their readings (漏测).

Each deviation is one finding of the kernel about the zone (the enterprise's own: origin *self*), so its
CAPA is the kernel's rectification, ordered and accepted by the principal or the 食品安全总监, answered
with evidence; the deviation is open while its finding is. Out-of-limit readings of an item extend its
open deviation instead of opening one per reading (a sensor may report a thousand in an hour).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import regulation
from shouhu.core.access import Actor
from shouhu.core.services import create_record
from shouhu.workflow.findings.models import FindingState
from shouhu.workflow.findings.services import finding_issue
from shouhu.workflow.obligations.schedules import periods
from shouhu.workflow.subjects import subject_of

from .. import table9
from ..events import CleanroomAction as A
from ..models import Deviation, DeviationKind, PlanItem, Reading, Zone
from ._common import MonitorActor
from .plan import duties_generate

WINDOW_DAYS = 35  # the sweep looks back this far for periods without their readings


def _worst(item: PlanItem, values: list[float]) -> float:
    if item.operator == ">=":
        return min(values)
    if item.operator == "<=":
        return max(values)
    mid = (item.value + (item.value_max or item.value)) / 2
    return max(values, key=lambda v: abs(v - mid))


def _open(
    actor: Actor, item: PlanItem, kind: str, started: dt.datetime, title: str, **fields: Any
) -> Deviation:
    zone = item.zone
    finding = finding_issue(
        actor=actor,
        subject=subject_of(zone),
        severity="major",
        title=title[:300],
        description=str(_("按表9监测计划（%(freq)s），限值 %(limit)s"))
        % {
            "freq": item.frequency_text,
            "limit": table9.limit_text(item.operator, item.value, item.value_max, item.unit),
        },
        citation=regulation.cite(item.rule_id),
        rule_id=item.rule_id,
    )
    return create_record(
        actor=actor,
        instance=Deviation(
            enterprise_id=zone.enterprise_id,
            zone=zone,
            item=item,
            kind=kind,
            started_at=started,
            last_at=fields.pop("last_at", started),
            finding=finding,
            **fields,
        ),
        enterprise_id=zone.enterprise_id,
        action=A.DEVIATION_OPEN,
    )


def out_of_limit(*, actor: Actor, item: PlanItem, values: list[tuple[dt.datetime, float]]) -> Deviation:
    """Extend the item's open out-of-limit deviation with these readings, or open one."""
    values = sorted(values)
    worst = _worst(item, [v for _a, v in values])
    open_one = (
        Deviation.objects.select_for_update(of=("self",))
        .select_related("zone")
        .filter(item=item, kind=DeviationKind.OUT_OF_LIMIT, finding__state=FindingState.OPEN)
        .first()
    )
    if open_one is not None:
        worst = _worst(item, [worst] + ([open_one.worst] if open_one.worst is not None else []))
        Deviation.objects.filter(pk=open_one.pk).update(
            readings=F("readings") + len(values), last_at=max(values[-1][0], open_one.last_at), worst=worst
        )
        return open_one
    first_at, first = values[0]
    return _open(
        actor,
        item,
        DeviationKind.OUT_OF_LIMIT,
        first_at,
        str(_("%(zone)s %(item)s 超出限值：%(value)s %(unit)s（限值 %(limit)s）"))
        % {
            "zone": item.zone.name,
            "item": item.title,
            "value": f"{first:g}",
            "unit": item.unit,
            "limit": table9.limit_text(item.operator, item.value, item.value_max, item.unit),
        },
        last_at=values[-1][0],
        readings=len(values),
        worst=worst,
    )


def missing_sweep(*, zone: Zone, today: dt.date | None = None) -> int:
    """Open a 漏测 deviation for every period of the last weeks that ended without its readings (shift,
    week and month rows; since the item was planned), and generate the coming duties. Idempotent."""
    today = today or timezone.localdate()
    actor = MonitorActor(zone.enterprise_id, "系统任务（洁净区漏测检查）")
    now = timezone.now()
    made = 0
    with transaction.atomic():
        for item in zone.plan.exclude(per="year").select_related("zone"):
            first = max(timezone.localdate(item.created_at), today - dt.timedelta(days=WINDOW_DAYS))
            freq = table9.SCHEDULE_FREQUENCY[item.per]
            ended = [
                p
                for p in periods(freq, first, today, zone.shifts_per_day)
                if p.ends_at <= now and p.first >= first
            ]
            if not ended:
                continue
            counts = dict(
                Reading.objects.filter(item=item, period_key__in=[p.key for p in ended])
                .values_list("period_key")
                .annotate(n=Count("id"))
            )
            flagged = set(
                Deviation.objects.filter(item=item, kind=DeviationKind.MISSING).values_list(
                    "period_key", flat=True
                )
            )
            for p in ended:
                if counts.get(p.key, 0) >= item.times or p.key in flagged:
                    continue
                _open(
                    actor,
                    item,
                    DeviationKind.MISSING,
                    p.starts_at,
                    str(_("%(zone)s %(item)s 漏测：%(period)s 应测 %(times)s 次，实测 %(n)s 次"))
                    % {
                        "zone": zone.name,
                        "item": item.title,
                        "period": p.key,
                        "times": item.times,
                        "n": counts.get(p.key, 0),
                    },
                    period_key=p.key,
                    last_at=p.ends_at,
                )
                made += 1
        duties_generate(zone=zone, first=today - dt.timedelta(days=1), last=today)
    return made
