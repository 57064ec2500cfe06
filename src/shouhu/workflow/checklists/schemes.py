"""Scoring schemes (评分方式) of checklist items. Pure: no Django models.

Three ways an item is scored, each a small table of results → points:

* `graded` — 符合 / 基本符合 / 不符合 / 不适用 (审查通则 2022; Order 49 checks): points per result come from the
  template (rule data such as `verdict.item-scores`), never from code;
* `pass_fail` — 合格 / 不合格 / 不适用 (records present, a document held);
* `measured` — a measured value against limits (`>=`, `<=`, `between` …, with a unit): the result is derived
  from the value, never typed by the scorer.

Not applicable (`na`) carries no points and is left out of score and maximum. An item scored by several people
takes the *worst* result (a finding one scorer records is not outvoted).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext_lazy as _

CONFORM, MINOR, NONCONFORM, NA, PASS, FAIL = "conform", "minor", "nonconform", "na", "pass", "fail"

RESULT_LABELS = {
    CONFORM: _("符合"),
    MINOR: _("基本符合"),
    NONCONFORM: _("不符合"),
    NA: _("不适用"),
    PASS: _("合格"),
    FAIL: _("不合格"),
}
# Results of each scheme, best → worst (na last: it is not a grade).
RESULTS: dict[str, tuple[str, ...]] = {
    "graded": (CONFORM, MINOR, NONCONFORM, NA),
    "pass_fail": (PASS, FAIL, NA),
    "measured": (CONFORM, NONCONFORM, NA),
}
DEFAULT_POINTS: dict[str, dict[str, Any]] = {
    # pass/fail and measured items have no points of their own in any rule: 1 for a pass, 0 for a failure
    "pass_fail": {PASS: 1, FAIL: 0},
    "measured": {CONFORM: 1, NONCONFORM: 0},
}
SCHEMES = tuple(RESULTS)
OPERATORS = frozenset({">=", ">", "<=", "<", "==", "between"})
# The Chinese words rule data uses for graded results (`verdict.item-scores: {符合: 3, …}`).
WORDS = {"符合": CONFORM, "基本符合": MINOR, "不符合": NONCONFORM, "不适用": NA, "合格": PASS, "不合格": FAIL}


class SchemeError(ValueError):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code if not detail else f"{code}: {detail}")
        self.code, self.detail = code, detail


def points_table(scheme: str, points: Mapping[str, Any] | None) -> dict[str, Fraction]:
    """Result → points for an item (rule words such as 符合 accepted as keys); na never has points."""
    if scheme not in RESULTS:
        raise SchemeError("scheme.unknown", scheme)
    raw = dict(points or DEFAULT_POINTS.get(scheme) or {})
    table = {WORDS.get(k, k): Fraction(str(v)) for k, v in raw.items() if WORDS.get(k, k) != NA}
    graded = [r for r in RESULTS[scheme] if r != NA]
    if set(table) != set(graded):
        raise SchemeError("scheme.points", f"{scheme} needs points for {graded}, got {sorted(table)}")
    return table


def validate_limits(limits: Mapping[str, Any] | None) -> None:
    if not limits or limits.get("operator") not in OPERATORS or limits.get("value") is None:
        raise SchemeError("limits.invalid", "a measured item needs operator and value")
    if limits["operator"] == "between" and limits.get("value_max") is None:
        raise SchemeError("limits.invalid", "between needs value_max")


def within(limits: Mapping[str, Any], measured: Decimal | float | int) -> bool:
    value = Decimal(str(measured))
    lo = Decimal(str(limits["value"]))
    op = limits["operator"]
    if op == ">=":
        return value >= lo
    if op == ">":
        return value > lo
    if op == "<=":
        return value <= lo
    if op == "<":
        return value < lo
    if op == "==":
        return value == lo
    return lo <= value <= Decimal(str(limits["value_max"]))


def result_of(scheme: str, result: str, measured: Any = None, limits: Mapping[str, Any] | None = None) -> str:
    """The result a scorer's input stands for; for a measured item, the one its value decides."""
    if scheme not in RESULTS:
        raise SchemeError("scheme.unknown", scheme)
    if scheme == "measured" and result != NA:
        if measured is None or measured == "":
            raise SchemeError("measured.required")
        try:
            decided = CONFORM if within(limits or {}, measured) else NONCONFORM
        except (ArithmeticError, KeyError, ValueError):
            raise SchemeError("measured.invalid", str(measured)) from None
        if result and result != decided:
            raise SchemeError("measured.mismatch", f"{result} but the value gives {decided}")
        return decided
    if result not in RESULTS[scheme]:
        raise SchemeError("result.unknown", result)
    return result


def combined(scheme: str, results: Iterable[str]) -> str:
    """The item's result over its scorers: the worst graded result; na only if every scorer said na."""
    order = RESULTS[scheme]
    results = list(results)
    graded = [r for r in results if r != NA]
    if not graded:
        return NA
    return max(graded, key=order.index)
