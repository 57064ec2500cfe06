"""Judging one lab result against the limits in rule data (issue 27 point 1 and 4).

The item must be one of the product's test items (the release items in force on the sampling date); the
limit is the `limit` rule for that item and product in force on that date: a bound (max/min) or a
microbiological sampling plan (n, c, m, M through `rules.evaluate_sampling_plan`). Where the rule data has
no limit the defined behaviour is: the result is kept as measured, the lab's conclusion is the verdict, and
the result is flagged "limit not in rule data" (`limit_known = False`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from shouhu.core.errors import refuse
from shouhu.production import rulebook
from shouhu.rules import evaluate_sampling_plan

from .error_codes import SamplingError as E

NOT_DETECTED = {"未检出", "nd", "n.d.", "阴性", "not detected", "-"}
UNIT_SPELLINGS = {"ug/kg": "μg/kg", "µg/kg": "μg/kg", "cfu/g": "CFU/g", "mg／kg": "mg/kg", "/25 g": "/25g"}


def canonical_item(name: str) -> str:
    """Compare item names without spaces and with ASCII brackets (the annexes print both forms)."""
    return re.sub(r"\s+", "", str(name)).replace("(", "（").replace(")", "）")


def canonical_unit(unit: str) -> str:
    u = re.sub(r"\s+", "", str(unit or ""))
    return UNIT_SPELLINGS.get(u.lower(), UNIT_SPELLINGS.get(u, u))


@dataclass(frozen=True)
class Limit:
    rule_id: str
    text: str
    unit: str
    max: float | None
    min: float | None
    plan: tuple[int, int, float, float | None] | None  # n, c, m, M
    cite: str


@dataclass(frozen=True)
class Judged:
    item: str
    item_rule_id: str
    measured: str
    values: list[float]
    unit: str
    verdict: str  # "pass" | "fail"
    lab_conclusion: str
    limit: Limit | None
    reason: str

    @property
    def limit_known(self) -> bool:
        return self.limit is not None


class Catalogue:
    """The test items and limits for one product profile on one date (cached per (profile, date) by callers)."""

    def __init__(self, profile: dict[str, Any], on: date) -> None:
        self.on = on
        self.items = {canonical_item(i.name): i for i in rulebook.release_items(profile, on)}
        eng = rulebook.engine(on)
        self.limits: dict[str, Limit] = {}
        for rule in eng.limits(profile):
            p = rule.params
            plan = (p["n"], p["c"], p["m"], p.get("M")) if p.get("n") is not None else None
            self.limits[canonical_item(p["item"])] = Limit(
                rule.id,
                rule.text,
                canonical_unit(p["unit"]),
                p.get("max"),
                p.get("min"),
                plan,
                rule.source.cite(),
            )

    def item(self, name: str) -> Any:
        found = self.items.get(canonical_item(name))
        if found is None:
            raise refuse(
                E.ITEM_UNKNOWN,
                _("该产品没有检验项目「%(item)s」"),
                params={"item": name},
                field="item",
            )
        return found


def _number(text: str) -> float:
    t = str(text).strip()
    if t.lower() in NOT_DETECTED:
        return 0.0
    t = t.lstrip("<≤").strip()
    try:
        v = float(t)
    except ValueError:
        raise refuse(
            E.VALUE_INVALID, _("检测值「%(value)s」不是数值"), params={"value": text}, field="measured"
        ) from None
    if not math.isfinite(v) or v < 0:
        raise refuse(E.VALUE_INVALID, _("检测值「%(value)s」无效"), params={"value": text}, field="measured")
    return v


def parse_values(measured: str) -> list[float]:
    """ "0.12" → [0.12]; "500,1500,2000,900,800" (one per unit of a sampling plan) → five values."""
    parts = [p for p in re.split(r"[,，;；/、\s]+", str(measured).strip()) if p]
    if not parts:
        raise refuse(E.VALUE_INVALID, _("缺少检测值"), field="measured")
    return [_number(p) for p in parts]


def judge(
    catalogue: Catalogue, *, item: str, measured: str, unit: str = "", lab_conclusion: str = ""
) -> Judged:
    """Judge one result; refuses an item the product does not have, a unit unlike the limit's, a bad value."""
    test_item = catalogue.item(item)
    name = str(test_item.name)
    limit = catalogue.limits.get(canonical_item(name))
    lab = str(lab_conclusion or "").strip().lower()
    lab = {"合格": "pass", "不合格": "fail"}.get(str(lab_conclusion or "").strip(), lab)
    if lab not in {"", "pass", "fail"}:
        raise refuse(E.VALUE_INVALID, _("检验结论只能是合格或不合格"), field="lab_conclusion")
    if limit is None:
        values = []
        try:
            values = parse_values(measured)
        except Exception:  # a qualitative result (感官, 标签) is kept as written
            values = []
        if not lab:
            raise refuse(
                E.CONCLUSION_REQUIRED,
                _("规则数据中没有「%(item)s」的限量，须填写检验机构的结论"),
                params={"item": name},
                field="lab_conclusion",
            )
        return Judged(
            name,
            str(test_item.rule_id),
            str(measured),
            values,
            str(unit or ""),
            lab,
            lab,
            None,
            "限量不在规则数据中，按检验机构结论判定",
        )
    if canonical_unit(unit) != limit.unit:
        raise refuse(
            E.UNIT_MISMATCH,
            _("「%(item)s」的单位应为 %(expected)s，收到 %(unit)s"),
            params={"item": name, "expected": limit.unit, "unit": unit or "—"},
            field="unit",
            cite=limit.cite,
        )
    values = parse_values(measured)
    if limit.plan is not None:
        n, c, m, big = limit.plan
        if len(values) != n:
            raise refuse(
                E.VALUE_INVALID,
                _("「%(item)s」按采样方案须有 %(n)s 个检测值，收到 %(got)s 个"),
                params={"item": name, "n": n, "got": len(values)},
                field="measured",
                cite=limit.cite,
            )
        r = evaluate_sampling_plan(values, n=n, c=c, m=m, M=big)
        verdict, reason = ("pass" if r.passed else "fail"), r.reason_zh
    else:
        v = max(values) if limit.max is not None else min(values)
        ok = (limit.max is None or v <= limit.max) and (limit.min is None or v >= limit.min)
        verdict = "pass" if ok else "fail"
        bound = f"≤{limit.max:g}" if limit.max is not None else f"≥{limit.min:g}"
        reason = f"{v:g} {limit.unit}，标准要求 {bound} {limit.unit}，{'合格' if ok else '不合格'}"
    return Judged(
        name, str(test_item.rule_id), str(measured), values, limit.unit, verdict, lab, limit, reason
    )
