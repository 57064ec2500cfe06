"""Working-day calendar: shipped data, deadline semantics and round-trip properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shouhu.core import workdays as w

D = dt.date

# Known days checked against the State Council notices and chinesecalendar 1.11.0.
KNOWN = [
    (D(2025, 1, 1), False),  # 元旦
    (D(2025, 1, 26), True),  # Sunday worked for 春节
    (D(2025, 1, 28), False),  # 除夕
    (D(2025, 2, 4), False),
    (D(2025, 2, 8), True),  # Saturday worked
    (D(2025, 4, 27), True),
    (D(2025, 5, 5), False),
    (D(2025, 10, 8), False),
    (D(2025, 10, 11), True),
    (D(2026, 1, 2), False),
    (D(2026, 1, 4), True),  # Sunday worked for 元旦
    (D(2026, 2, 14), True),  # Saturday worked for 春节
    (D(2026, 2, 15), False),  # 春节 (腊月二十八) …
    (D(2026, 2, 17), False),  # 正月初一
    (D(2026, 2, 23), False),  # … to 正月初七
    (D(2026, 2, 24), True),
    (D(2026, 2, 28), True),  # Saturday worked
    (D(2026, 5, 9), True),
    (D(2026, 6, 19), False),  # 端午
    (D(2026, 9, 20), True),
    (D(2026, 9, 25), False),  # 中秋
    (D(2026, 10, 7), False),
    (D(2026, 10, 10), True),
    (D(2026, 11, 23), True),  # an ordinary Monday
    (D(2026, 11, 22), False),  # an ordinary Sunday
]


@pytest.mark.parametrize(("day", "working"), KNOWN)
def test_known_days(day, working):
    assert w.is_working_day(day) is working


def test_matches_chinesecalendar_when_installed():
    """Full-year comparison; the package is not a project dependency, so this runs only where present."""
    cc = pytest.importorskip("chinese_calendar")
    for year in (2025, 2026):
        day = D(year, 1, 1)
        while day.year == year:
            assert w.is_working_day(day) == cc.is_workday(day), day
            day += dt.timedelta(days=1)


def test_years_and_confidence():
    assert {2025, 2026, 2027} <= set(w.loaded_years())
    assert w.year_calendar(2025).confidence == "firm"
    assert w.year_calendar(2026).confidence == "firm"
    assert w.year_calendar(2027).confidence == "check"
    assert "国办发明电〔2025〕7号" in w.year_calendar(2026).source
    assert w.holiday_name(D(2026, 2, 17)) == "春节"
    assert w.holiday_name(D(2026, 2, 24)) is None


def test_2027_statutory_days():
    for day in (D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 8), D(2027, 4, 5), D(2027, 6, 9), D(2027, 9, 15)):
        assert not w.is_working_day(day)


@pytest.mark.parametrize("day", [D(2024, 12, 31), D(2028, 1, 3), D(1999, 5, 1)])
def test_uncovered_year_raises(day):
    with pytest.raises(w.CalendarNotLoaded) as exc:
        w.is_working_day(day)
    assert exc.value.year == day.year
    assert str(day.year) in str(exc.value)


def test_zero_steps_and_empty_spans_are_still_strict():
    with pytest.raises(w.CalendarNotLoaded):
        w.add_working_days(D(2028, 3, 1), 0)
    with pytest.raises(w.CalendarNotLoaded):
        w.count_working_days(D(2028, 3, 1), D(2028, 3, 1))


def test_running_off_the_calendar_raises():
    with pytest.raises(w.CalendarNotLoaded):
        w.add_working_days(D(2025, 1, 2), -5)


def test_spring_festival_2026_deadline():
    # A 5-working-day task given on Friday 13 Feb 2026: Sat 14 is worked, then the 9-day holiday.
    assert w.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert w.add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)
    assert w.count_working_days(D(2026, 2, 13), D(2026, 2, 27)) == 5
    assert w.next_working_day(D(2026, 2, 14)) == D(2026, 2, 24)


def test_start_day_not_counted():
    monday = D(2026, 11, 23)
    assert w.count_working_days(monday, monday) == 0
    assert w.count_working_days(monday, D(2026, 11, 24)) == 1
    assert w.count_working_days(monday, D(2026, 11, 29)) == 4  # Tue–Fri
    assert w.add_working_days(monday, 0) == monday
    assert w.add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 3)  # n=0 leaves even a holiday alone
    assert w.add_working_days(monday, -1) == D(2026, 11, 20)
    assert w.count_working_days(monday, D(2026, 11, 20)) == -1


def test_next_working_day_over_year_end():
    assert w.next_working_day(D(2025, 12, 31)) == D(2026, 1, 4)  # 元旦 1–3, Sunday 4 worked


def test_renewal_30_working_days_before_expiry():
    # Licence renewal must be applied for ≥ 30 working days before expiry: latest day to apply.
    expiry = D(2026, 10, 31)
    latest = w.add_working_days(expiry, -30)
    assert latest == D(2026, 9, 15)
    # Counted back from expiry (not counted itself): 30 working days in [latest, expiry).
    assert w.count_working_days(expiry, latest) == -30
    assert w.is_working_day(latest)


days = st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31))
steps = st.integers(min_value=-60, max_value=60)


def _in_range(d: dt.date, n: int) -> bool:
    try:
        w.add_working_days(d, n)
    except w.CalendarNotLoaded:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(days, steps)
def test_add_then_count_round_trips(d, n):
    if not _in_range(d, n):
        return
    assert w.count_working_days(d, w.add_working_days(d, n)) == n


@settings(max_examples=300, deadline=None)
@given(days, st.integers(min_value=1, max_value=60))
def test_result_is_a_working_day_after_the_start(d, n):
    if not _in_range(d, n):
        return
    result = w.add_working_days(d, n)
    assert w.is_working_day(result)
    assert result > d
    back = w.add_working_days(d, -n) if _in_range(d, -n) else None
    if back is not None:
        assert w.is_working_day(back) and back < d


@settings(max_examples=300, deadline=None)
@given(days, steps, steps)
def test_add_is_monotonic_in_n(d, a, b):
    if not (_in_range(d, a) and _in_range(d, b)):
        return
    lo, hi = sorted((a, b))
    assert w.add_working_days(d, lo) <= w.add_working_days(d, hi)


@settings(max_examples=300, deadline=None)
@given(days, days, days)
def test_count_is_monotonic_and_additive(a, b, c):
    x, y, z = sorted((a, b, c))
    assert 0 <= w.count_working_days(x, y) <= w.count_working_days(x, z)
    assert w.count_working_days(x, z) == w.count_working_days(x, y) + w.count_working_days(y, z)
    # Not plain antisymmetry: the excluded day is always the start, so the end points swap roles.
    swap = int(w.is_working_day(x)) - int(w.is_working_day(z))
    assert w.count_working_days(z, x) == -(w.count_working_days(x, z) + swap)


@settings(max_examples=200, deadline=None)
@given(days, days)
def test_count_then_add_lands_on_working_end(start, end):
    if not w.is_working_day(end):
        return
    assert w.add_working_days(start, w.count_working_days(start, end)) == end
