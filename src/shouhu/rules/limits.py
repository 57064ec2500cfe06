"""The product standards' limits per test item, and judging a measured value against one (DOMAIN.md §6, §8).

Pure Python: the one lookup that supervision sampling (`sampling.judge`) and the production release gate
(`production.rulebook`) share, so a lab's result and a factory's release test are judged by the same
`limit` rules (rule set overlay-2026, `limits.yaml`, each value `confidence: check` with its source).

    lim = limit_for(engine(on), profile, "铅")          # None: "limit not in rule data"
    verdict = judge_values(lim, parse_values("0.12"))   # LimitVerdict(passed=True, reason_zh=…)

Bad input raises `LimitInputError` with a stable `code` and `params`; callers turn it into their refusal.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shouhu.rules.sampling import evaluate_sampling_plan

NOT_DETECTED = {"未检出", "nd", "n.d.", "阴性", "not detected", "-"}
UNIT_SPELLINGS = {
    "ug/kg": "μg/kg",
    "µg/kg": "μg/kg",
    "cfu/g": "CFU/g",
    "cfu/ml": "CFU/mL",
    "mg／kg": "mg/kg",
    "/25 g": "/25g",
    "mg/100 g": "mg/100g",
}
VALUE_INVALID = "value.invalid"  # not a number, negative, or missing
VALUE_COUNT = "value.count"  # a sampling plan needs n values
UNIT_MISMATCH = "unit.mismatch"  # the unit is not the limit's


class LimitInputError(ValueError):
    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def canonical_item(name: str) -> str:
    """Compare item names without spaces and with full-width brackets (the annexes print both forms)."""
    return re.sub(r"\s+", "", str(name)).replace("(", "（").replace(")", "）")


def canonical_unit(unit: str) -> str:
    u = re.sub(r"\s+", "", str(unit or ""))
    return UNIT_SPELLINGS.get(u.lower(), UNIT_SPELLINGS.get(u, u))


SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def fmt(v: float) -> str:
    """A value as the standards print it: 0.25, 1000, and 10⁶ (not 1e+06) for a large power of ten."""
    if v >= 1e5:
        exp = round(math.log10(v))
        return f"10{str(exp).translate(SUPERSCRIPT)}" if 10**exp == v else f"{v:.0f}"
    return f"{v:g}"


@dataclass(frozen=True)
class Limit:
    rule_id: str
    item: str
    text: str
    unit: str
    max: float | None
    min: float | None
    plan: tuple[int, int, float, float | None] | None  # n, c, m, M
    cite: str
    standard: str = ""
    confidence: str = "check"
    max_exclusive: bool = False  # "小于5mm": the value must stay below max

    @property
    def bound_zh(self) -> str:
        if self.plan is not None:
            n, c, m, big = self.plan
            return f"n={n}，c={c}，m={m:g}" + (f"，M={big:g}" if big is not None else "") + f" {self.unit}"
        parts = []
        if self.min is not None:
            parts.append(f"≥{fmt(self.min)}")
        if self.max is not None:
            parts.append(f"{'<' if self.max_exclusive else '≤'}{fmt(self.max)}")
        return " ".join(parts) + f" {self.unit}"


@dataclass(frozen=True)
class LimitVerdict:
    passed: bool
    values: list[float]
    reason_zh: str
    reason_en: str


def _limit(rule: Any) -> Limit:
    p = rule.params
    plan = (int(p["n"]), int(p["c"]), float(p["m"]), p.get("M")) if p.get("n") is not None else None
    return Limit(
        rule_id=str(rule.id),
        item=str(p["item"]),
        text=str(rule.text),
        unit=canonical_unit(p["unit"]),
        max=p.get("max"),
        min=p.get("min"),
        plan=plan,
        cite=rule.source.cite(),
        standard=str(p.get("standard") or ""),
        confidence=str(getattr(rule, "confidence", "") or "check"),
        max_exclusive=bool(p.get("max_exclusive")),
    )


def limits_for(eng: Any, profile: Mapping[str, Any]) -> dict[str, Limit]:
    """Every limit in force for a product profile, keyed by canonical item name. A later-effective rule
    for the same item (a 2025 edition) replaces an earlier one (the 2010 edition) from its date on."""
    out: dict[str, tuple[Any, Limit]] = {}
    for rule in eng.limits(profile):
        key = canonical_item(rule.params["item"])
        start = getattr(rule, "effective_from", None)
        prior = out.get(key)
        if prior is None or (start and prior[0] and start > prior[0]):
            out[key] = (start, _limit(rule))
    return {k: v for k, (_s, v) in out.items()}


def limit_for(eng: Any, profile: Mapping[str, Any], item: str) -> Limit | None:
    """The limit for one item of a profile, or None when the rule data has none."""
    return limits_for(eng, profile).get(canonical_item(item))


def _number(text: str) -> float:
    t = str(text).strip()
    if t.lower() in NOT_DETECTED:
        return 0.0
    t = t.lstrip("<≤").strip()
    try:
        v = float(t)
    except ValueError:
        raise LimitInputError(VALUE_INVALID, f"not a number: {text}", value=text) from None
    if not math.isfinite(v) or v < 0:
        raise LimitInputError(VALUE_INVALID, f"invalid value: {text}", value=text)
    return v


def parse_values(measured: str) -> list[float]:
    """ "0.12" → [0.12]; "500,1500,2000,900,800" (one per unit of a sampling plan) → five values."""
    parts = [p for p in re.split(r"[,，;；/、\s]+", str(measured).strip()) if p]
    if not parts:
        raise LimitInputError(VALUE_INVALID, "no value", value="")
    return [_number(p) for p in parts]


UNIT_TAIL = re.compile(
    r"^(?P<num>.*?\d(?:\.\d+)?|.*?未检出)\s*(?P<unit>(?:mg|μg|µg|ug|g|mm|%|CFU|cfu|MPN|/)\S*)$"
)


PER_PORTION = re.compile(
    r"^(?P<num>.*?[^A-Za-zμµ\s])\s*(?P<unit>/\s*\d+\s*(?:g|mL|ml))$"
)  # "/25g", not "…/25"+"g"


def split_unit(result: str) -> tuple[str, str]:
    """ "0.12 mg/kg" → ("0.12", "mg/kg"); "未检出,未检出 /25g" → ("未检出,未检出", "/25g"); "0.12" → ("0.12", "")."""
    text = str(result or "").strip()
    m = PER_PORTION.match(text) or UNIT_TAIL.match(text)
    return (m.group("num").strip(), m.group("unit")) if m else (text, "")


def check_unit(limit: Limit, unit: str) -> None:
    if canonical_unit(unit) != limit.unit:
        raise LimitInputError(
            UNIT_MISMATCH, f"unit {unit} is not {limit.unit}", expected=limit.unit, unit=unit or "—"
        )


def judge_values(limit: Limit, values: list[float]) -> LimitVerdict:
    """Judge measured values against a limit: a bound on the worst value, or the n/c/m/M plan."""
    if limit.plan is not None:
        n, c, m, big = limit.plan
        if len(values) != n:
            raise LimitInputError(VALUE_COUNT, f"the plan needs {n} values", n=n, got=len(values))
        r = evaluate_sampling_plan(values, n=n, c=c, m=m, M=big)
        return LimitVerdict(r.passed, values, r.reason_zh, r.reason_en)
    if not values:
        raise LimitInputError(VALUE_INVALID, "no value", value="")
    v = max(values) if limit.max is not None else min(values)
    below = limit.max is None or (v < limit.max if limit.max_exclusive else v <= limit.max)
    ok = below and (limit.min is None or v >= limit.min)
    zh = f"{fmt(v)} {limit.unit}，标准要求 {limit.bound_zh}，{'合格' if ok else '不合格'}"
    en = f"{fmt(v)} {limit.unit}, the standard requires {limit.bound_zh}: {'pass' if ok else 'fail'}"
    return LimitVerdict(ok, values, zh, en)


def judge_result(limit: Limit, measured: str, unit: str) -> LimitVerdict:
    """Unit first (it must be the limit's), then the values."""
    check_unit(limit, unit)
    return judge_values(limit, parse_values(measured))
