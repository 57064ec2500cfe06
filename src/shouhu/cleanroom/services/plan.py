"""The monitoring plan of a clean zone from 表9: one item per row in force, the frequencies as the
kernel's recurring obligations, and own limits that may be tighter than 表9 but never looser."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import regulation
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound, refuse
from shouhu.core.services import create_record, update_record
from shouhu.workflow.obligations import schedules
from shouhu.workflow.obligations.services import obligation_create

from .. import table9
from ..error_codes import CleanroomError as E
from ..events import CleanroomAction as A
from ..models import PlanItem, Zone
from ._common import MANAGE, MonitorActor, zone_for, zone_obligations

NAMESPACE = uuid.UUID("3c1e4a52-58a9-4e55-8a1b-0c1ea2009a58")
ANNUAL_RULE = "xize2017.art58.third-party-annual"
REVERIFY_RULE = "xize2017.art58.after-installation"
GENERATE_AHEAD_DAYS = 7  # duties are generated a week ahead (the sweep and the page ask again)


def _system(zone: Zone) -> MonitorActor:
    return MonitorActor(zone.enterprise_id)


def plan_create(*, actor: Actor, zone: Zone) -> list[PlanItem]:
    """Items from 表9 for the zone (the (A) rows for 生制类), a schedule per frequency, this year's duty of
    the yearly rows and the yearly third-party report as obligations. Idempotent per item."""
    eng = regulation.engine()
    have = set(zone.plan.values_list("quantity", flat=True))
    made = []
    with transaction.atomic():
        groups: dict[str, Any] = {}
        for row in table9.items(eng, raw_cereal=zone.raw_cereal):
            if row.quantity in have:
                continue
            schedule = None
            freq = table9.SCHEDULE_FREQUENCY.get(row.per)
            if freq is not None:
                if row.per not in groups:
                    groups[row.per] = schedules.schedule_create(
                        actor=actor,
                        subject=zone,
                        title=str(
                            _("%(zone)s 环境监测（%(freq)s）")
                            % {"zone": zone.name, "freq": row.frequency_text}
                        ),
                        kind=f"cleanroom.monitor.{row.per}",
                        frequency=freq,
                        shifts_per_day=zone.shifts_per_day,
                        rule_id=row.rule_id,
                        owner_kind="role",
                        owner_role="qa",
                        active_from=timezone.localdate(),
                        client_id=uuid.uuid5(NAMESPACE, f"schedule:{zone.pk}:{row.per}"),
                    )
                schedule = groups[row.per]
            made.append(
                create_record(
                    actor=actor,
                    instance=PlanItem(
                        zone=zone,
                        rule_id=row.rule_id,
                        quantity=row.quantity,
                        title=row.title,
                        state=row.state,
                        operator=row.operator,
                        value=row.value,
                        value_max=row.value_max,
                        unit=row.unit,
                        times=row.times,
                        per=row.per,
                        frequency_text=row.frequency_text,
                        schedule=schedule,
                    ),
                    enterprise_id=zone.enterprise_id,
                    action=A.PLAN_CREATE,
                )
            )
        if made:
            annual_due(zone=zone, starts_at=timezone.now(), actor=actor)
            duties_generate(zone=zone, first=timezone.localdate(), last=timezone.localdate(), actor=actor)
    return made


def annual_due(*, zone: Zone, starts_at: dt.datetime, key: str = "plan", actor: Actor | None = None) -> Any:
    """The next yearly third-party report (第五十八条), owed by the 食品安全总监 a year from `starts_at`."""
    return obligation_create(
        actor=actor or _system(zone),
        subject=zone,
        title=str(_("%(zone)s 年度第三方空气洁净度检测报告") % {"zone": zone.name}),
        kind="cleanroom.report.annual",
        rule_id=ANNUAL_RULE,
        owner_kind="role",
        owner_role="director",
        unit="years",
        amount=1,
        starts_at=starts_at,
        client_id=uuid.uuid5(NAMESPACE, f"annual:{zone.pk}:{key}"),
        notify_owner=False,
    )


def duties_generate(*, zone: Zone, first: dt.date, last: dt.date, actor: Actor | None = None) -> int:
    """The recurring duties of [first, last + a week]: per shift, week and month from the schedules, per
    year one obligation for the yearly rows. Idempotent (period keys under the kernel's constraint)."""
    system = actor or _system(zone)
    last = last + dt.timedelta(days=GENERATE_AHEAD_DAYS)
    made = 0
    seen = set()
    for item in zone.plan.select_related("schedule"):
        if item.schedule_id and item.schedule_id not in seen:
            seen.add(item.schedule_id)
            made += len(
                schedules.schedule_generate(actor=system, schedule=item.schedule, first=first, last=last)
            )
        elif item.per == "year" and "year" not in seen:
            seen.add("year")
            for year in range(first.year, last.year + 1):
                if zone_obligations(zone, "cleanroom.monitor.year", [str(year)]).exists():
                    continue
                start = timezone.make_aware(dt.datetime(year, 1, 1))
                obligation_create(
                    actor=system,
                    subject=zone,
                    title=str(_("%(zone)s 悬浮粒子年度监测（%(year)s）") % {"zone": zone.name, "year": year}),
                    kind="cleanroom.monitor.year",
                    rule_id=item.rule_id,
                    owner_kind="role",
                    owner_role="qa",
                    unit="years",
                    amount=1,
                    starts_at=max(start, timezone.now() - dt.timedelta(days=366 * 20)),
                    period_key=str(year),
                    client_id=uuid.uuid5(NAMESPACE, f"year:{zone.pk}:{year}"),
                    notify_owner=False,
                )
                made += 1
    return made


def limit_set(
    *, actor: Actor, item: PlanItem | int, value: float, value_max: float | None = None, reason: str
) -> PlanItem:
    """An own limit (内控限值): refused when it would admit a value 表9 does not."""
    pk = item.pk if isinstance(item, PlanItem) else item
    found = PlanItem.objects.select_related("zone").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
    zone_for(actor, found.zone_id, MANAGE)
    rule = regulation.engine().rule(found.rule_id).check
    if found.operator == "between" and (value_max is None or value_max < value):
        raise refuse(E.LIMIT_LOOSER, _("区间限值须给出上限且不小于下限"), field="value_max")
    if table9.looser(found.operator, (rule.value, rule.value_max), (value, value_max)):
        raise refuse(
            E.LIMIT_LOOSER,
            _("内控限值 %(own)s 宽于表9 限值 %(rule)s"),
            params={
                "own": table9.limit_text(found.operator, value, value_max, found.unit),
                "rule": table9.limit_text(found.operator, rule.value, rule.value_max, found.unit),
            },
            field="value",
            rule=found.rule_id,
            cite=regulation.cite(found.rule_id),
        )
    return update_record(
        actor=actor,
        instance=found,
        changes={"value": float(value), "value_max": None if value_max is None else float(value_max)},
        enterprise_id=found.zone.enterprise_id,
        reason=reason or "内控限值",
        action=A.LIMIT_SET,
    )
