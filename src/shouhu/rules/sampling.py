"""Two- and three-class microbiological sampling plans (GB 4789.1; DOMAIN.md §8).

Used for 细则 表8 (nutrient packs) and the product standards' limits. n, c, m, M always come from rule
data; this module only knows the arithmetic of the plan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class SamplingResult:
    passed: bool
    reason_zh: str
    reason_en: str
    over_m: int  # units with m < x (≤ M in a three-class plan)
    over_M: int  # units with x > M (0 in a two-class plan)


def evaluate_sampling_plan(
    values: list[float], *, n: int, c: int, m: float, M: float | None = None
) -> SamplingResult:
    """Judge n test results against a plan.

    Two-class (M is None): pass iff at most c units exceed m.
    Three-class: fail if any unit exceeds M; otherwise pass iff at most c units lie in (m, M].
    m = 0 with c = 0 (e.g. 沙门氏菌 0/25 g) means any detection fails.
    """
    if n < 1 or c < 0 or c > n:
        raise ValueError(f"invalid plan n={n}, c={c}")
    if M is not None and m > M:
        raise ValueError(f"invalid plan: M={M} < m={m}")
    if len(values) != n:
        raise ValueError(f"the plan needs n={n} results, got {len(values)}")
    if any(not math.isfinite(v) for v in values):
        raise ValueError("every result must be a finite number (NaN would silently pass)")
    if any(v < 0 for v in values):
        raise ValueError("microbiological counts cannot be negative")
    if M is None:
        over_m, over_big = sum(1 for v in values if v > m), 0
    else:
        over_big = sum(1 for v in values if v > M)
        over_m = sum(1 for v in values if m < v <= M)
    if over_big:
        return SamplingResult(
            False,
            f"{over_big} 个样品超过 M={M:g}，判定不合格",
            f"{over_big} unit(s) above M={M:g}: fail",
            over_m,
            over_big,
        )
    if over_m > c:
        return SamplingResult(
            False,
            f"{over_m} 个样品超过 m={m:g}，多于允许的 c={c}，判定不合格",
            f"{over_m} unit(s) above m={m:g}, more than c={c}: fail",
            over_m,
            0,
        )
    return SamplingResult(
        True,
        f"{over_m} 个样品超过 m={m:g}，不多于 c={c}，判定合格",
        f"{over_m} unit(s) above m={m:g}, at most c={c}: pass",
        over_m,
        0,
    )
