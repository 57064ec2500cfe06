"""Working-day calendar for administrative deadlines (期限以工作日计算).

Deadlines in food-safety law are counted in working days: weekends, official holidays and make-up
working days (调休上班) all matter, so naive date arithmetic is wrong. The exceptions for each year
are data (``data/workdays/<year>.yaml``, one State Council notice each); a date in a year with no
file raises :class:`CalendarNotLoaded` instead of silently assuming "weekends only".

Counting follows 期间开始之日不计算在内: a period never includes the day it starts from.
``count_working_days(start, end)`` counts the working days in ``(start, end]`` and, when ``end`` is
before ``start``, minus the working days in ``[end, start)``; ``add_working_days(d, n)`` is the n-th
working day after ``d`` (before it for negative ``n``), so the two always round-trip:
``count_working_days(d, add_working_days(d, n)) == n``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data" / "workdays"

_ONE_DAY = dt.timedelta(days=1)


class CalendarNotLoaded(LookupError):
    """Raised for a date in a year that has no calendar file."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year

    def __str__(self) -> str:
        return (
            f"no working-day calendar for {self.year}: add core/data/workdays/{self.year}.yaml "
            "from the State Council holiday notice"
        )


@dataclass(frozen=True, slots=True)
class YearCalendar:
    year: int
    confidence: str  # "firm" (from the official notice) or "check" (provisional)
    source: str
    holidays: dict[dt.date, str]  # date -> holiday name
    makeup_workdays: dict[dt.date, str]  # weekend date worked instead -> holiday name


def _parse_year(path: Path) -> YearCalendar:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    year = int(raw["year"])
    holidays: dict[dt.date, str] = {}
    for item in raw.get("holidays") or []:
        day = item["first"]
        while day <= item["last"]:
            holidays[day] = item["name"]
            day += _ONE_DAY
    makeup = {item["date"]: item["for"] for item in raw.get("makeup_workdays") or []}
    for day in (*holidays, *makeup):
        if day.year != year:
            raise ValueError(f"{path.name}: {day} is not in {year}")
    if overlap := set(holidays) & set(makeup):
        raise ValueError(f"{path.name}: both holiday and working day: {sorted(overlap)}")
    source = raw["source"]
    title = f"{source['title']} {source.get('number') or ''}".strip()
    return YearCalendar(year, raw.get("confidence", "check"), title, holidays, makeup)


@cache
def _calendars() -> dict[int, YearCalendar]:
    cals = (_parse_year(p) for p in sorted(DATA_DIR.glob("*.yaml")))
    return {c.year: c for c in cals}


def loaded_years() -> tuple[int, ...]:
    return tuple(sorted(_calendars()))


def year_calendar(year: int) -> YearCalendar:
    """The calendar data for ``year``; check ``confidence`` before trusting a provisional year."""
    try:
        return _calendars()[year]
    except KeyError:
        raise CalendarNotLoaded(year) from None


def is_working_day(d: dt.date) -> bool:
    cal = year_calendar(d.year)
    if d in cal.makeup_workdays:
        return True
    return d.weekday() < 5 and d not in cal.holidays


def holiday_name(d: dt.date) -> str | None:
    """Name of the official holiday covering ``d`` (None on ordinary days and plain weekends)."""
    return year_calendar(d.year).holidays.get(d)


def next_working_day(d: dt.date) -> dt.date:
    """The first working day strictly after ``d``."""
    return add_working_days(d, 1)


def add_working_days(d: dt.date, n: int) -> dt.date:
    """The n-th working day after ``d`` (before it if n < 0); ``d`` itself is never counted.

    ``n == 0`` returns ``d`` unchanged, even on a holiday.
    """
    year_calendar(d.year)  # strict even for n == 0: never answer for an unloaded year
    step = _ONE_DAY if n > 0 else -_ONE_DAY
    remaining = abs(n)
    day = d
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def count_working_days(start: dt.date, end: dt.date) -> int:
    """Working days from ``start`` to ``end``, not counting ``start`` (期间开始之日不计算在内).

    Forward (end >= start): working days in ``(start, end]``. Backward: minus those in ``[end, start)``.
    """
    year_calendar(start.year)
    year_calendar(end.year)
    if end < start:
        return -_count_half_open(end - _ONE_DAY, start - _ONE_DAY)
    return _count_half_open(start, end)


def _count_half_open(start: dt.date, end: dt.date) -> int:
    """Working days in ``(start, end]``; a day-by-day walk is fast enough for deadline spans."""
    count = 0
    day = start + _ONE_DAY
    while day <= end:
        count += is_working_day(day)
        day += _ONE_DAY
    return count
