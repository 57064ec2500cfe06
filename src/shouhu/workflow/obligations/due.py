"""Due dates (期限) as a pure function of a start, an amount in a unit, the pauses and the extensions.

A deadline in the rules has a unit — hours, working days (工作日), calendar days (日), months, years — and
law counts periods without the day they start from (期间开始之日不计算在内), which `core.workdays` does for
working days. A working-day period that reaches a year whose State Council holiday notice is not loaded
cannot be counted honestly: it is then counted in calendar days and flagged **provisional**, so the page
shows it as such and `shouhu obligations recompute` counts it again once the calendar is loaded. It is never
refused and never silently calendar days.

Day-based due dates fall due at the end of the day (local time); an hour-based one at its exact moment.
The whole due date is recomputed from its inputs every time, so a recompute after loading a calendar, a
pause or an extension all take the same path and give the same answer.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import workdays


class DueUnit(models.TextChoices):
    HOURS = "hours", _("小时")
    WORKING_DAYS = "working_days", _("工作日")
    CALENDAR_DAYS = "calendar_days", _("自然日")
    MONTHS = "months", _("个月")
    YEARS = "years", _("年")


DAY_UNITS = frozenset({DueUnit.WORKING_DAYS, DueUnit.CALENDAR_DAYS, DueUnit.MONTHS, DueUnit.YEARS})


@dataclass(frozen=True)
class Due:
    at: dt.datetime  # aware; end of the local day for day-based units
    provisional: bool  # a working-day count fell back to calendar days (calendar not loaded)


def end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def _add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month `months` later, clamped to the month's last day (1-31 + 1 month → 2-28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _add_days(day: dt.date, amount: int, unit: str) -> tuple[dt.date, bool]:
    """`day` moved by `amount` of a day-based unit; (result, provisional)."""
    if unit == DueUnit.WORKING_DAYS:
        try:
            return workdays.add_working_days(day, amount), False
        except workdays.CalendarNotLoaded:
            return day + dt.timedelta(days=amount), True
    if unit == DueUnit.CALENDAR_DAYS:
        return day + dt.timedelta(days=amount), False
    if unit == DueUnit.MONTHS:
        return _add_months(day, amount), False
    if unit == DueUnit.YEARS:
        return _add_months(day, 12 * amount), False
    raise ValueError(f"not a day-based unit: {unit!r}")


def add(at: dt.datetime, amount: int, unit: str) -> Due:
    """`at` moved by `amount` `unit`s, the start day not counted."""
    if unit == DueUnit.HOURS:
        return Due(at + dt.timedelta(hours=amount), False)
    day, provisional = _add_days(timezone.localtime(at).date(), amount, unit)
    return Due(end_of_day(day), provisional)


def pause_shift(due: dt.datetime, unit: str, start: dt.datetime, end: dt.datetime) -> Due:
    """The due date after a pause from `start` to `end`: the clock stood still for the pause's length.

    Hours move by the elapsed time; working days by the working days the pause covered; other day-based
    units by the calendar days it covered.
    """
    if end <= start:
        return Due(due, False)
    if unit == DueUnit.HOURS:
        return Due(due + (end - start), False)
    first, last = timezone.localtime(start).date(), timezone.localtime(end).date()
    day = timezone.localtime(due).date()
    if unit == DueUnit.WORKING_DAYS:
        try:
            covered = workdays.count_working_days(first, last)
            return Due(end_of_day(workdays.add_working_days(day, covered)), False)
        except workdays.CalendarNotLoaded:
            return Due(end_of_day(day + (last - first)), True)
    return Due(end_of_day(day + (last - first)), False)


def compute(
    start: dt.datetime,
    amount: int,
    unit: str,
    *,
    extensions: Iterable[int] = (),
    pauses: Iterable[tuple[dt.datetime, dt.datetime]] = (),
) -> Due:
    """The due date from its inputs: the period, then each extension (same unit), then each closed pause."""
    due = add(start, amount, unit)
    at, provisional = due.at, due.provisional
    for extra in extensions:
        step = add(at, extra, unit)
        at, provisional = step.at, provisional or step.provisional
    for p_start, p_end in pauses:
        step = pause_shift(at, unit, p_start, p_end)
        at, provisional = step.at, provisional or step.provisional
    return Due(at, provisional)
