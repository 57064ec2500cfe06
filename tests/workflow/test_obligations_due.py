"""Due dates as a pure function: units, the start day not counted, pauses, extensions, provisional years."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shouhu.core import workdays
from shouhu.workflow.obligations import due
from shouhu.workflow.obligations.due import DueUnit
from shouhu.workflow.obligations.schedules import periods


def at(y, m, d, h=9):
    return timezone.make_aware(dt.datetime(y, m, d, h))


def day_of(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def test_hours_are_exact():
    assert due.add(at(2026, 3, 2), 24, DueUnit.HOURS) == due.Due(at(2026, 3, 3), False)


def test_working_days_skip_weekends_and_holidays():
    # 2026-09-30 (Wed) + 3 working days: 国庆 1–7 Oct are holidays, so the count resumes after them
    result = due.add(at(2026, 9, 30), 3, DueUnit.WORKING_DAYS)
    assert not result.provisional
    assert day_of(result.at) == workdays.add_working_days(dt.date(2026, 9, 30), 3)
    assert day_of(result.at) > dt.date(2026, 10, 7)
    assert timezone.localtime(result.at).time() == dt.time(23, 59, 59)  # due at the end of that day


def test_calendar_days_months_and_years():
    assert day_of(due.add(at(2026, 1, 30), 10, DueUnit.CALENDAR_DAYS).at) == dt.date(2026, 2, 9)
    assert day_of(due.add(at(2026, 1, 31), 1, DueUnit.MONTHS).at) == dt.date(2026, 2, 28)  # clamped
    assert day_of(due.add(at(2024, 2, 29), 1, DueUnit.YEARS).at) == dt.date(2025, 2, 28)


def test_unloaded_year_is_provisional_calendar_days_never_refused():
    last = max(workdays.loaded_years())
    start = at(last, 12, 28)
    result = due.add(start, 10, DueUnit.WORKING_DAYS)
    assert result.provisional
    assert day_of(result.at) == dt.date(last, 12, 28) + dt.timedelta(days=10)
    # a calendar-day period in the same year is not provisional: nothing was guessed
    assert not due.add(start, 10, DueUnit.CALENDAR_DAYS).provisional


def test_pause_moves_a_working_day_due_date_by_the_working_days_it_covered():
    base = due.add(at(2026, 3, 2), 10, DueUnit.WORKING_DAYS)
    # paused Mon 9 Mar → Mon 16 Mar: 5 working days covered
    paused = due.compute(at(2026, 3, 2), 10, DueUnit.WORKING_DAYS, pauses=[(at(2026, 3, 9), at(2026, 3, 16))])
    assert workdays.count_working_days(day_of(base.at), day_of(paused.at)) == 5


def test_pause_moves_hours_by_the_elapsed_time_and_extensions_add_the_unit():
    start = at(2026, 3, 2)
    paused = due.compute(start, 24, DueUnit.HOURS, pauses=[(at(2026, 3, 2, 10), at(2026, 3, 2, 16))])
    assert paused.at == at(2026, 3, 3, 15)
    extended = due.compute(start, 24, DueUnit.HOURS, extensions=[12])
    assert extended.at == at(2026, 3, 3, 21)


def test_periods_of_each_frequency():
    days = list(periods("production_day", dt.date(2026, 3, 1), dt.date(2026, 3, 3)))
    assert [p.key for p in days] == ["2026-03-01", "2026-03-02", "2026-03-03"]
    assert days[0].ends_at - days[0].starts_at == dt.timedelta(hours=24)
    shifts = list(periods("shift", dt.date(2026, 3, 1), dt.date(2026, 3, 1), 3))
    assert [p.key for p in shifts] == ["2026-03-01#1", "2026-03-01#2", "2026-03-01#3"]
    assert shifts[1].starts_at == at(2026, 3, 1, 8) and shifts[1].ends_at == at(2026, 3, 1, 16)
    weeks = list(periods("weekly", dt.date(2026, 3, 4), dt.date(2026, 3, 16)))
    assert [p.key for p in weeks] == ["2026-W10", "2026-W11", "2026-W12"]
    months = list(periods("monthly", dt.date(2026, 1, 15), dt.date(2026, 3, 1)))
    assert [p.key for p in months] == ["2026-01", "2026-02", "2026-03"]
    quarters = list(periods("quarterly", dt.date(2026, 2, 1), dt.date(2026, 12, 31)))
    assert [p.key for p in quarters] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert day_of(quarters[0].ends_at) == dt.date(2026, 4, 1)  # due when the quarter ends
    with pytest.raises(ValueError):
        list(periods("shift", dt.date(2026, 3, 1), dt.date(2026, 3, 1), 5))
