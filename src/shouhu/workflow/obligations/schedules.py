"""Recurring duties (每个生产日、每班、每周、每月、每季度): a schedule generates one obligation per period.

Periods are pure (`periods()`); generation skips the periods a stop covers (停产) and is idempotent: each
obligation carries its schedule and a period key under a unique constraint, and keys already made are
skipped, so running the generator twice for the same span makes nothing twice. Each generated duty is due
at the end of its period (a shift at the shift's end).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, ledger
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound, refuse
from shouhu.core.services import create_record

from . import services
from .due import DueUnit
from .error_codes import ObligationError as E
from .events import ObligationAction as A
from .models import Obligation, Schedule, SchedulePause
from .subjects import in_tenancy, tenancy_of

F = Schedule.Frequency
MAX_GENERATE_DAYS = 366  # one call generates at most a year (a beat or a page asks again for the next)


@dataclass(frozen=True)
class Period:
    key: str
    first: dt.date  # the period's days, inclusive
    last: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime  # the duty falls due here: the next period's start


def _local(day: dt.date, hour: float = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time())) + dt.timedelta(hours=hour)


def periods(frequency: str, first: dt.date, last: dt.date, shifts_per_day: int = 1) -> Iterator[Period]:
    """The periods of `frequency` that start within [first, last]."""
    day = first
    if frequency == F.PRODUCTION_DAY:
        while day <= last:
            yield Period(day.isoformat(), day, day, _local(day), _local(day, 24))
            day += dt.timedelta(days=1)
    elif frequency == F.SHIFT:
        n = int(shifts_per_day)
        if n < 1 or 24 % n:
            raise ValueError(f"shifts per day must divide 24 hours: {n}")
        while day <= last:
            for i in range(n):
                start, end = _local(day, 24 * i / n), _local(day, 24 * (i + 1) / n)
                yield Period(f"{day.isoformat()}#{i + 1}", day, day, start, end)
            day += dt.timedelta(days=1)
    elif frequency == F.WEEKLY:
        day -= dt.timedelta(days=day.weekday())  # ISO weeks start on Monday
        while day <= last:
            end = day + dt.timedelta(days=6)
            iso = day.isocalendar()
            yield Period(f"{iso.year}-W{iso.week:02d}", day, end, _local(day), _end(end))
            day = end + dt.timedelta(days=1)
    elif frequency in (F.MONTHLY, F.QUARTERLY):
        step = 1 if frequency == F.MONTHLY else 3
        month = day.month if step == 1 else 3 * ((day.month - 1) // 3) + 1
        day = dt.date(day.year, month, 1)
        while day <= last:
            nxt = _month_after(day, step)
            end = nxt - dt.timedelta(days=1)
            key = f"{day:%Y-%m}" if step == 1 else f"{day.year}-Q{(day.month - 1) // 3 + 1}"
            yield Period(key, day, end, _local(day), _end(end))
            day = nxt
    else:
        raise ValueError(f"unknown frequency {frequency!r}")


def _end(day: dt.date) -> dt.datetime:
    """The moment the period's last day ends (the next period's start): a whole number of hours."""
    return _local(day, 24)


def _month_after(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    return dt.date(day.year + index // 12, index % 12 + 1, 1)


def paused(period: Period, stops: list[tuple[dt.date, dt.date]]) -> bool:
    """A period is skipped when a stop covers every day of it."""
    return any(a <= period.first and period.last <= b for a, b in stops)


def schedule_create(
    *,
    actor: Actor,
    subject: models.Model,
    title: str,
    kind: str,
    frequency: str,
    rule_id: str,
    owner_kind: str,
    owner_role: str = "",
    owner_user: Any = None,
    owner_division: str = "",
    owner_party: str = "",
    active_from: dt.date,
    active_until: dt.date | None = None,
    shifts_per_day: int = 1,
    citation: str = "",
    client_id: Any = None,
) -> Schedule:
    access.require(actor, "obligations.schedule")
    client_id = services.client_uuid(client_id)
    if (existing := services.replayed(Schedule, actor, client_id)) is not None:
        return existing
    enterprise_id, division_code = tenancy_of(subject)
    if not in_tenancy(actor, enterprise_id, division_code):
        raise NotFound(_("未找到该对象或无权查看"), details={"field": "subject"})
    if frequency not in F.values or (frequency == F.SHIFT and (shifts_per_day < 1 or 24 % shifts_per_day)):
        raise refuse(E.FREQUENCY_INVALID, _("频次无效"), field="frequency")
    if active_until is not None and active_until < active_from:
        raise refuse(E.PERIOD_INVALID, _("终止日期不能早于起始日期"), field="active_until")
    schedule = Schedule(
        client_id=client_id,
        title=title,
        kind=kind,
        frequency=frequency,
        shifts_per_day=shifts_per_day,
        rule_id=rule_id,
        citation=services.citation_for(rule_id, citation),
        subject_type=services._content_type(subject),
        subject_id=str(subject.pk),
        enterprise_id=enterprise_id,
        division_code=division_code,
        owner_kind=owner_kind,
        owner_user=owner_user,
        owner_role=str(owner_role or ""),
        owner_division=owner_division,
        owner_party=owner_party,
        active_from=active_from,
        active_until=active_until,
        created_by=actor if getattr(actor, "_meta", None) is not None else None,
    )
    return create_record(
        actor=actor, instance=schedule, enterprise_id=enterprise_id, action=A.SCHEDULE_CREATE
    )


def schedule_pause(
    *, actor: Actor, schedule: Schedule, starts_on: dt.date, ends_on: dt.date, reason: str
) -> SchedulePause:
    """Record a stop: periods it covers are not generated (those already generated stay, as the record)."""
    access.require(actor, "obligations.schedule")
    if not in_tenancy(actor, schedule.enterprise_id, schedule.division_code):
        raise NotFound(_("未找到该对象或无权查看"))
    if not reason.strip():
        raise refuse(E.REASON_REQUIRED, _("停产须说明原因"), field="reason")
    if ends_on < starts_on:
        raise refuse(E.PERIOD_INVALID, _("终止日期不能早于起始日期"), field="ends_on")
    with transaction.atomic():
        stop = SchedulePause.objects.create(
            schedule=schedule, starts_on=starts_on, ends_on=ends_on, reason=reason
        )
        ledger.record(
            actor=actor,
            action=A.SCHEDULE_PAUSE,
            obj=schedule,
            before=None,
            after={"pause": {"starts_on": starts_on, "ends_on": ends_on, "reason": reason}},
            enterprise_id=schedule.enterprise_id,
            reason=reason,
        )
    return stop


def schedule_generate(*, actor: Actor, schedule: Schedule, first: dt.date, last: dt.date) -> list[Obligation]:
    """One obligation per period of [first, last] within the schedule's active span, skipping stops.

    Idempotent: a period already generated is skipped, so a rerun makes nothing twice.
    """
    access.require(actor, "obligations.schedule")
    if not in_tenancy(actor, schedule.enterprise_id, schedule.division_code):
        raise NotFound(_("未找到该对象或无权查看"))
    if last < first:
        raise refuse(E.PERIOD_INVALID, _("终止日期不能早于起始日期"), field="last")
    if (last - first).days > MAX_GENERATE_DAYS:
        raise refuse(
            E.PERIOD_INVALID, _("一次最多生成 %(days)s 天"), params={"days": MAX_GENERATE_DAYS}, field="last"
        )
    first = max(first, schedule.active_from)
    if schedule.active_until is not None:
        last = min(last, schedule.active_until)
    stops = list(schedule.pauses.values_list("starts_on", "ends_on"))
    made = set(schedule.obligations.values_list("period_key", flat=True))
    subject = schedule.subject_type.get_object_for_this_type(pk=schedule.subject_id)
    created: list[Obligation] = []
    with transaction.atomic():
        for period in periods(schedule.frequency, first, last, schedule.shifts_per_day):
            if period.key in made or paused(period, stops):
                continue
            hours = int((period.ends_at - period.starts_at).total_seconds() // 3600)
            obligation = services.obligation_create(
                actor=actor,
                subject=subject,
                title=f"{schedule.title}（{period.key}）",
                kind=schedule.kind,
                rule_id=schedule.rule_id,
                citation=schedule.citation,
                unit=DueUnit.HOURS,
                amount=hours,
                starts_at=period.starts_at,
                owner_kind=schedule.owner_kind,
                owner_user=schedule.owner_user,
                owner_role=schedule.owner_role,
                owner_division=schedule.owner_division,
                owner_party=schedule.owner_party,
                schedule=schedule,
                period_key=period.key,
                notify_owner=False,
            )
            created.append(obligation)
    return created
