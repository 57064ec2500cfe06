"""Scoring and the verdict of an on-site verification (审查通则 2022). Pure: no Django.

Every number comes from rule parameters (`verdict.item-scores`, `verdict.trial-report-scores`,
`verdict.pass-score-rate`, `verdict.min-inspectors`, `verdict.no-zero-items`,
`verdict.exclude-not-applicable`); this module only applies them:

* each applicable item is scored by at least `min_inspectors` inspectors; the item's result is the
  *lowest* of their scores (a finding one inspector records is not outvoted);
* per category and variety, over the items that bind that product: pass only if no item scores 0 and
  score / maximum >= the pass rate; items marked not applicable are left out of both score and maximum.

Arithmetic is exact (Fraction), so a rate exactly at the threshold passes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

RESULTS: tuple[str, ...] = ("符合", "基本符合", "不符合")  # best → worst
TRIAL_PART = "trial_report"


class VerdictError(ValueError):
    """A verdict that cannot be given yet (unscored items, unknown results)."""

    def __init__(
        self, code: str, message: str, items: Sequence[str] = (), params: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.code, self.message, self.items = code, message, list(items)
        self.params = dict(params or {})  # what the message names, for a translated rendering


def _frac(value: Any) -> Fraction:
    return Fraction(str(value))


@dataclass(frozen=True)
class VerdictRules:
    item_scores: Mapping[str, Any]
    trial_scores: Mapping[str, Any]
    pass_rate: Any
    min_inspectors: int
    no_zero_items: bool = True
    exclude_not_applicable: bool = True

    @classmethod
    def from_parameters(cls, value: Any) -> VerdictRules:
        """`value(param_id)` → the parameter's value (e.g. `regulation.param`)."""
        return cls(
            item_scores=value("verdict.item-scores"),
            trial_scores=value("verdict.trial-report-scores"),
            pass_rate=value("verdict.pass-score-rate"),
            min_inspectors=int(value("verdict.min-inspectors")),
            no_zero_items=bool(value("verdict.no-zero-items")),
            exclude_not_applicable=bool(value("verdict.exclude-not-applicable")),
        )

    def scale(self, part: str) -> Mapping[str, Any]:
        return self.trial_scores if part == TRIAL_PART else self.item_scores


@dataclass(frozen=True)
class ScoredItem:
    rule_id: str
    part: str
    products: tuple[str, ...]
    results: tuple[str, ...] = ()  # one per inspector
    not_applicable: bool = False
    citation: str = ""


def combined(results: Iterable[str]) -> str:
    """The item's result: the worst of the inspectors' scores."""
    results = list(results)
    for r in results:
        if r not in RESULTS:
            raise VerdictError(
                "unknown_result", f"未知评分 {r!r}，应为 符合/基本符合/不符合", params={"result": repr(r)}
            )
    return max(results, key=RESULTS.index)


@dataclass
class ProductVerdict:
    product: str
    score: Fraction = Fraction(0)
    maximum: Fraction = Fraction(0)
    items: int = 0
    not_applicable: int = 0
    zero_items: list[str] = field(default_factory=list)
    passed: bool = False

    @property
    def rate(self) -> Fraction | None:
        return self.score / self.maximum if self.maximum else None

    def as_dict(self) -> dict[str, Any]:
        rate = self.rate
        return {
            "product": self.product,
            "score": float(self.score),
            "maximum": float(self.maximum),
            "rate": float(rate) if rate is not None else None,
            "rate_percent": round(float(rate) * 100, 2) if rate is not None else None,
            "items": self.items,
            "not_applicable": self.not_applicable,
            "zero_items": list(self.zero_items),
            "passed": self.passed,
        }


def unscored(items: Iterable[ScoredItem], min_inspectors: int) -> list[str]:
    """Applicable items with fewer than `min_inspectors` scores."""
    return [i.rule_id for i in items if not i.not_applicable and len(i.results) < min_inspectors]


def verdict(
    items: Sequence[ScoredItem], rules: VerdictRules, products: Iterable[str] | None = None
) -> dict[str, ProductVerdict]:
    """The verdict per product (category:variety). Raises VerdictError while items are unscored."""
    missing = unscored(items, rules.min_inspectors)
    if missing:
        raise VerdictError(
            "unscored_items",
            f"尚有 {len(missing)} 个适用项目未经至少 {rules.min_inspectors} 名核查人员评分",
            missing,
            params={"count": len(missing), "min_inspectors": rules.min_inspectors},
        )
    keys = list(products) if products is not None else sorted({p for i in items for p in i.products})
    out = {k: ProductVerdict(k) for k in keys}
    pass_rate = _frac(rules.pass_rate)
    for item in items:
        targets = [out[p] for p in item.products if p in out]
        if item.not_applicable and rules.exclude_not_applicable:
            for v in targets:
                v.not_applicable += 1
            continue
        scale = rules.scale(item.part)
        best = _frac(max(_frac(x) for x in scale.values()))
        result = combined(item.results) if item.results else RESULTS[-1]
        points = _frac(scale[result])
        for v in targets:
            v.items += 1
            v.score += points
            v.maximum += best
            if points == 0:
                v.zero_items.append(item.rule_id)
    for v in out.values():
        rate = v.rate
        v.passed = rate is not None and rate >= pass_rate and not (rules.no_zero_items and v.zero_items)
    return out
