"""Periods of the routine and what each owes: pure functions over dates and stops."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta


def week_of(day: date) -> tuple[date, date]:
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


def month_of(day: date) -> tuple[date, date]:
    return day.replace(day=1), day.replace(day=monthrange(day.year, day.month)[1])


def period(kind: str, starts_on: date) -> tuple[date, date] | None:
    """The week (Monday–Sunday) or month starting on `starts_on`; None if it does not start a period."""
    if kind == "weekly":
        return (starts_on, starts_on + timedelta(days=6)) if starts_on.weekday() == 0 else None
    if kind == "monthly":
        return month_of(starts_on) if starts_on.day == 1 else None
    return None


def stopped_days(first: date, last: date, stops: list[tuple[date, date | None]], today: date) -> set[date]:
    out: set[date] = set()
    for a, b in stops:
        lo, hi = max(a, first), min(b or today, last)
        d = lo
        while d <= hi:
            out.add(d)
            d += timedelta(days=1)
    return out


def production_days(
    first: date, last: date, stops: list[tuple[date, date | None]], today: date
) -> list[date]:
    """The days of [first, last] (not after today) outside every stop: each owes a daily record."""
    last = min(last, today)
    off = stopped_days(first, last, stops, today)
    out, d = [], first
    while d <= last:
        if d not in off:
            out.append(d)
        d += timedelta(days=1)
    return out


def periods_owed(
    kind: str, first: date, last: date, stops: list[tuple[date, date | None]], today: date
) -> list[tuple[date, date]]:
    """Weeks or months that ended within [first, last] (before today) and were not wholly stopped."""
    out = []
    start = week_of(first)[0] if kind == "weekly" else month_of(first)[0]
    while True:
        span = period(kind, start)
        assert span is not None
        a, b = span
        if b > last or b >= today:
            break
        if production_days(max(a, first), b, stops, today):
            out.append((a, b))
        start = b + timedelta(days=1)
    return out


def stopped_count(first: date, last: date, stops: list[tuple[date, date | None]], today: date) -> int:
    """Days of [first, last] inside a stop, by interval arithmetic (stops of one enterprise do not overlap)."""
    n = 0
    for a, b in stops:
        lo, hi = max(a, first), min(b or today, last)
        if hi >= lo:
            n += (hi - lo).days + 1
    return n


def production_count(first: date, last: date, stops: list[tuple[date, date | None]], today: date) -> int:
    """How many days of [first, last] (not after today) owe a daily record: no per-day loop."""
    last = min(last, today)
    if last < first:
        return 0
    return (last - first).days + 1 - stopped_count(first, last, stops, today)


def periods_owed_count(
    kind: str, first: date, last: date, stops: list[tuple[date, date | None]], today: date
) -> int:
    """How many weeks or months lie wholly within [first, last], ended before today, with a production day."""
    if not stops:  # the common case: arithmetic, no loop over periods
        end = min(last, today - timedelta(days=1))
        if kind == "weekly":
            monday = first + timedelta(days=(7 - first.weekday()) % 7)
            return 0 if monday + timedelta(days=6) > end else ((end - monday).days - 6) // 7 + 1
        a = first if first.day == 1 else month_of(first)[1] + timedelta(days=1)
        b = end if end == month_of(end)[1] else end.replace(day=1) - timedelta(days=1)  # last whole month
        return max(0, (b.year * 12 + b.month) - (a.year * 12 + a.month) + 1)
    n = 0
    start = week_of(first)[0] if kind == "weekly" else month_of(first)[0]
    while True:
        span = period(kind, start)
        assert span is not None
        a, b = span
        if b > last or b >= today:
            return n
        if a >= first and production_count(a, b, stops, today):
            n += 1
        start = b + timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The 1st of the month `months` after `day`'s month."""
    n = day.year * 12 + day.month - 1 + months
    return date(n // 12, n % 12 + 1, 1)


def period_of(start: date, months: int, day: date) -> tuple[date, date]:
    """The self-inspection period (of `months`, counted from `start`, a 1st) that holds `day`."""
    k = max(0, ((day.year - start.year) * 12 + day.month - start.month) // months)
    a = add_months(start, k * months)
    return a, add_months(a, months) - timedelta(days=1)
