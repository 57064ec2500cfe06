"""Past the grace period (rule data `selfcontrol.grace-days`, [check]), missing duties raise a to-do for the
county: one obligation of the enterprise's county office per enterprise and ISO week, naming the days
missing; one per enterprise and week for weekly reports and monthly minutes missing; and one per enterprise and self-inspection period whose report is missing past its due day (the
period's end plus the same grace days). Idempotent: the obligation's client id is derived from the
enterprise and the week (or the period), so a rerun (the nightly beat, twice in a day) makes nothing twice.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor
from shouhu.registry.models import Enterprise
from shouhu.workflow.obligations.services import obligation_create

from .. import selectors

NAMESPACE = uuid.UUID("6a1f0c1e-9d1b-4c55-9a55-19e0f0c0de19")
WINDOW_DAYS = 35  # look back this far for missing days


def _county_todo(
    actor: Actor, enterprise_id: int, *, title: str, kind: str, rule_id: str, days: int, key: str
) -> None:
    """One to-do of the enterprise's county office, idempotent on `key` (a rerun makes nothing twice)."""
    ent = Enterprise.objects.get(pk=enterprise_id)
    obligation_create(
        actor=actor,
        subject=ent,
        title=str(title)[:200],
        kind=kind,
        rule_id=rule_id,
        owner_kind="office",
        owner_division=ent.division_code,
        unit="calendar_days",
        amount=max(days, 1),
        client_id=uuid.uuid5(NAMESPACE, f"{ent.pk}:{key}"),
    )


def overdue_raise(*, actor: Actor, today: date | None = None) -> int:
    """The county's to-dos for enterprises whose daily records are missing past the grace period."""
    today = today or timezone.localdate()
    grace = selectors.grace_days()
    rows = selectors.completion(actor, today - timedelta(days=WINDOW_DAYS), today, today=today)
    made = 0
    week = today.isocalendar()
    for row in rows:
        if not row.overdue_days:
            continue
        late = [
            d
            for d in selectors.missing_days(
                row.enterprise_id, today - timedelta(days=WINDOW_DAYS), today, today=today
            )
            if (today - d).days > grace
        ]
        if not late:
            continue
        _county_todo(
            actor,
            row.enterprise_id,
            title=_("%(e)s 日管控记录逾期未报 %(n)s 天（最早 %(d)s）")
            % {"e": row.name, "n": len(late), "d": late[0].isoformat()},
            kind="selfcontrol.overdue",
            rule_id="selfcontrol.grace-days",
            days=grace,
            key=f"{week.year}-W{week.week:02d}",
        )
        made += 1
    # weekly reports and monthly minutes of periods that ended more than the grace days ago
    for row in selectors.completion(
        actor, today - timedelta(days=WINDOW_DAYS), today - timedelta(days=grace + 1), today=today
    ):
        weeks, months = row.weeks_owed - row.weeks_done, row.months_owed - row.months_done
        if weeks <= 0 and months <= 0:
            continue
        _county_todo(
            actor,
            row.enterprise_id,
            title=_("%(e)s 周排查报告缺 %(w)s 份、月调度纪要缺 %(m)s 份（近%(d)s天，已过宽限期）")
            % {"e": row.name, "w": max(weeks, 0), "m": max(months, 0), "d": WINDOW_DAYS},
            kind="selfcontrol.reports_overdue",
            rule_id="selfcontrol.grace-days",
            days=grace,
            key=f"reports:{week.year}-W{week.week:02d}",
        )
        made += 1
    for si in selectors.selfinspection_overview(actor, today=today):
        if si.status != "missing":
            continue
        _county_todo(
            actor,
            si.enterprise_id,
            title=_("%(e)s 自查报告逾期未交（%(a)s 至 %(b)s）")
            % {"e": si.name, "a": si.period[0].isoformat(), "b": si.period[1].isoformat()},
            kind="selfcontrol.selfinspection_overdue",
            rule_id="selfcontrol.self-inspection-months",
            days=grace,
            key=f"self-inspection:{si.period[0].isoformat()}",
        )
        made += 1
    return made
