"""Quarters: (year, quarter) ↔ dates."""

from __future__ import annotations

import datetime as dt


def quarter_of(d: dt.date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * (quarter - 1) + 1, 1)
    nxt = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def label(year: int, quarter: int) -> str:
    return f"{year}年第{quarter}季度"
