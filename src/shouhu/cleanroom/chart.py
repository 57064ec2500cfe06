"""A server-rendered SVG line chart of one parameter's daily readings with its limits drawn (no JS).

Pure: days with their mean, min and max → coordinates for a polyline (mean), a band (min–max), the
limit lines and a few axis ticks. A year is 365 points whatever the number of readings (the selector
aggregates per day in SQL).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

W, H, LEFT, RIGHT, TOP, BOTTOM = 640, 220, 48, 8, 10, 24


@dataclass
class Chart:
    width: int = W
    height: int = H
    mean: str = ""  # polyline points
    band: str = ""  # polygon points (max forward, min back)
    limits: list[dict] = field(default_factory=list)  # {y, label}
    yticks: list[dict] = field(default_factory=list)  # {y, label}
    xticks: list[dict] = field(default_factory=list)  # {x, label}
    outside: list[dict] = field(default_factory=list)  # {x, y} days whose extreme crossed a limit
    empty: bool = True


def _fmt(v: float) -> str:
    return f"{v:.4g}"


def build(
    days: list[tuple[dt.date, float, float, float]],
    *,
    first: dt.date,
    last: dt.date,
    limits: list[float],
    operator: str,
) -> Chart:
    c = Chart()
    if not days:
        return c
    c.empty = False
    values = [v for _d, *vs in days for v in vs] + list(limits)
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.08 or abs(hi) * 0.1 or 1.0
    lo, hi = lo - pad, hi + pad
    span = max((last - first).days, 1)
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(d: dt.date) -> float:
        return round(LEFT + plot_w * (d - first).days / span, 1)

    def y(v: float) -> float:
        return round(TOP + plot_h * (hi - v) / (hi - lo), 1)

    c.mean = " ".join(f"{x(d)},{y(m)}" for d, m, _mn, _mx in days)
    top = [f"{x(d)},{y(mx)}" for d, _m, _mn, mx in days]
    bottom = [f"{x(d)},{y(mn)}" for d, _m, mn, _mx in reversed(days)]
    c.band = " ".join(top + bottom)
    c.limits = [{"y": y(v), "label": _fmt(v)} for v in limits]
    c.yticks = [{"y": y(lo + (hi - lo) * i / 4), "label": _fmt(lo + (hi - lo) * i / 4)} for i in range(5)]
    month = dt.date(first.year, first.month, 1)
    while month <= last:
        if month >= first:
            c.xticks.append({"x": x(month), "label": month.strftime("%m")})
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    for d, _m, mn, mx in days:
        if operator == "<=" and mx > limits[0]:
            c.outside.append({"x": x(d), "y": y(mx)})
        elif operator == ">=" and mn < limits[0]:
            c.outside.append({"x": x(d), "y": y(mn)})
        elif operator == "between" and (mn < limits[0] or mx > limits[-1]):
            c.outside.append({"x": x(d), "y": y(mx if mx > limits[-1] else mn)})
    return c
