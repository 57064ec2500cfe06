"""表9 as the monitoring plan reads it: parameters, limits, frequencies and the air-change formula.

Pure functions over the rule data (`rules/sets/xize-2017/cleanroom.yaml`, 细则第五十八条): nothing here
hard-codes a limit. A clean zone (清洁作业区) is monitored to every row of 表9 that applies to what it
makes; where the zone makes 婴幼儿生制类谷物辅助食品 the particle rows take their (A) variant (注1). An
enterprise may set a limit tighter than 表9, never looser (`looser`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

RAW_CEREAL = "婴幼儿生制类谷物辅助食品"  # 表9 注1: the (A) particle limits apply to this variety only

# Units a client may write for the unit 表9 prints (normalised before comparing).
UNIT_ALIASES = {
    "个/m3": "个/m³",
    "/m3": "个/m³",
    "/m³": "个/m³",
    "cfu/m3": "cfu/m³",
    "°c": "℃",
    "c": "℃",
    "pa": "Pa",
    "/h": "次/h",
    "次/小时": "次/h",
    "％": "%",
    "%rh": "%",
}

# How a frequency of 表9 maps onto the kernel's recurring schedules (`workflow.obligations.Schedule`);
# yearly rows are one obligation a year (the schedules know no year).
SCHEDULE_FREQUENCY = {"shift": "shift", "week": "weekly", "month": "monthly"}


@dataclass(frozen=True)
class Item:
    """One row of 表9 as it applies to one zone."""

    rule_id: str
    quantity: str  # the parameter's code (`check.quantity`), e.g. relative_humidity
    title: str
    method: str
    operator: str  # "<=", ">=", "between"
    value: float
    value_max: float | None
    unit: str
    state: str  # static / dynamic / any: the state the limit is for
    times: int
    per: str  # shift / week / month / year
    frequency_text: str
    cite: str


def _state(params: dict[str, Any]) -> str:
    dynamic, static = params.get("dynamic"), params.get("static")
    if dynamic and static:
        return "any"
    return "dynamic" if dynamic else "static"


def items(eng: Any, *, raw_cereal: bool) -> list[Item]:
    """The 表9 rows in force for a clean zone (the (A) variants when it makes 生制类 cereals)."""
    out = []
    for rule in eng.rules.values():
        if rule.kind != "cleanroom" or rule.check is None:
            continue
        variety = RAW_CEREAL if raw_cereal else ""
        if rule.applies_when is not None and not _applies(rule.applies_when, variety):
            continue
        p, c = rule.params, rule.check
        freq = p["frequency"]
        out.append(
            Item(
                rule_id=rule.id,
                quantity=c.quantity,
                title=rule.title or c.quantity,
                method=str(p.get("method") or ""),
                operator=c.operator,
                value=float(c.value),
                value_max=None if c.value_max is None else float(c.value_max),
                unit=c.unit,
                state=_state(p),
                times=int(freq["times"]),
                per=str(freq["per"]),
                frequency_text=str(freq.get("text") or ""),
                cite=rule.source.cite(),
            )
        )
    return sorted(out, key=lambda i: (i.rule_id.rstrip("a"), i.rule_id))


def _applies(predicate: dict[str, Any], variety: str) -> bool:
    """The two shapes 表9 uses: {variety: [...]} and {not: {variety: [...]}}."""
    if "not" in predicate:
        return not _applies(predicate["not"], variety)
    return variety in predicate.get("variety", [])


def unit_of(text: str) -> str:
    t = (text or "").strip()
    return UNIT_ALIASES.get(t.lower(), t)


def within(operator: str, value: float, lo: float, hi: float | None) -> bool:
    if operator == "<=":
        return value <= lo
    if operator == ">=":
        return value >= lo
    if operator == "between":
        return lo <= value <= (hi if hi is not None else lo)
    raise ValueError(f"unknown operator {operator!r}")


def looser(operator: str, rule: tuple[float, float | None], own: tuple[float, float | None]) -> bool:
    """True if the enterprise's limit `own` admits a value 表9's `rule` does not."""
    (r_lo, r_hi), (o_lo, o_hi) = rule, own
    if operator == "<=":
        return o_lo > r_lo
    if operator == ">=":
        return o_lo < r_lo
    return o_lo < r_lo or (o_hi if o_hi is not None else o_lo) > (r_hi if r_hi is not None else r_lo)


def limit_text(operator: str, lo: float, hi: float | None, unit: str) -> str:
    def n(x: float) -> str:
        return f"{x:g}"

    if operator == "between":
        return f"{n(lo)}–{n(hi if hi is not None else lo)} {unit}"
    return f"{'≤' if operator == '<=' else '≥'}{n(lo)} {unit}"


def period_key(per: str, at: dt.datetime, shifts_per_day: int) -> str:
    """The kernel's period key (`workflow.obligations.schedules.periods`) of local time `at`."""
    day = at.date()
    if per == "shift":
        return f"{day.isoformat()}#{at.hour * shifts_per_day // 24 + 1}"
    if per == "week":
        iso = day.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if per == "month":
        return f"{day:%Y-%m}"
    return f"{day.year}"


def period_month(per: str, key: str) -> str:
    """The month ("2026-12") a period is counted in: the month of its first day."""
    if per == "week":
        year, week = key.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1).strftime("%Y-%m")
    if per == "year":
        return f"{key}-01"
    return key[:7]


def periods_in_month(per: str, month: dt.date, shifts_per_day: int, since: dt.date, until: dt.date) -> int:
    """How many periods of `per` start in `month`, on or after `since` and ending by `until` (the periods
    of a month still running count once they are over)."""
    nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    first, last = max(month, since), min(nxt - dt.timedelta(days=1), until)
    if last < first:
        return 0
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    if per == "shift":
        return len(days) * shifts_per_day
    if per == "week":
        return sum(1 for d in days if d.weekday() == 0 and d + dt.timedelta(days=6) <= until)
    if per == "month":
        return 1 if first == month and nxt - dt.timedelta(days=1) <= until else 0
    return 0  # yearly rows are judged by year, not month


def air_changes(eng: Any, *, vent_area_m2: float, air_speed_m_s: float, room_volume_m3: float) -> float:
    """表9 注2: N = 3600·S·V/A, the coefficient from the rule data."""
    return eng.air_changes_per_hour(
        vent_area_m2=vent_area_m2, air_speed_m_s=air_speed_m_s, room_volume_m3=room_volume_m3
    )


def reading_line(pk: int, zone_id: int, item_id: int, at: dt.datetime, value: float, within: bool) -> str:
    """One reading's canonical line in its batch's digest (`at` in UTC)."""
    return f"{pk}|{zone_id}|{item_id}|{at.astimezone(dt.UTC).isoformat()}|{value!r}|{int(within)}"
