"""Enterprise internal standards against the rule (企业内控标准, plan item 6): pure functions, no Django.

An enterprise may set a limit stricter than the rule's for a CCP, a release item or a monitoring parameter;
checks judge against the stricter of the two and show both; an own bound looser than the rule's on a side
the rule bounds is refused; where the rule has no limit the enterprise's own is used and marked so.

`effective(rule, own)` takes the rule's limit as an argument, so any caller can pass the limit from wherever
the rule data keeps it (the release gate's product-standard look-up, a hazard's `check`, 表9 …).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

RULE, STRICTER, OWN_ONLY = "rule", "stricter", "own_only"


@dataclass(frozen=True)
class Bound:
    min: float | None = None
    max: float | None = None

    @classmethod
    def of(cls, value: Any) -> Bound | None:
        """A Bound from `{"min", "max"}` (or a Bound, or None); None when neither side is set."""
        if value is None:
            return None
        if isinstance(value, Bound):
            b = value
        else:
            lo, hi = value.get("min"), value.get("max")
            b = cls(None if lo is None else float(lo), None if hi is None else float(hi))
        return None if b.min is None and b.max is None else b

    def admits(self, v: float) -> bool:
        return (self.min is None or v >= self.min) and (self.max is None or v <= self.max)

    def text(self, unit: str = "") -> str:
        u = f" {unit}" if unit else ""
        if self.min is not None and self.max is not None:
            return f"{self.min:g}–{self.max:g}{u}"
        if self.min is not None:
            return f"≥ {self.min:g}{u}"
        return f"≤ {self.max:g}{u}" if self.max is not None else "—"


class LimitLooser(ValueError):
    """The own limit admits values the rule's does not (`side` is "min" or "max")."""

    def __init__(self, side: str, own: float | None, rule: float) -> None:
        super().__init__(side)
        self.side, self.own, self.rule = side, own, rule


class LimitInvalid(ValueError):
    pass


@dataclass(frozen=True)
class Effective:
    limit: Bound | None  # what values are judged against
    rule: Bound | None
    own: Bound | None
    basis: str  # rule / stricter / own_only

    def as_dict(self) -> dict[str, Any]:
        lim, rule, own = self.limit, self.rule, self.own
        return {
            "min": lim and lim.min,
            "max": lim and lim.max,
            "rule_min": rule and rule.min,
            "rule_max": rule and rule.max,
            "own_min": own and own.min,
            "own_max": own and own.max,
            "basis": self.basis,
        }


def check_bound(own: Bound | None) -> None:
    if own is not None and own.min is not None and own.max is not None and own.min > own.max:
        raise LimitInvalid("min above max")


def effective(rule: Any, own: Any) -> Effective:
    """The stricter of the rule's limit and the enterprise's own; refuses an own side looser than the rule's."""
    r, o = Bound.of(rule), Bound.of(own)
    check_bound(o)
    if o is None:
        return Effective(r, r, None, RULE)
    if r is None:
        return Effective(o, None, o, OWN_ONLY)
    if r.min is not None and (o.min is not None and o.min < r.min):
        raise LimitLooser("min", o.min, r.min)
    if r.max is not None and (o.max is not None and o.max > r.max):
        raise LimitLooser("max", o.max, r.max)
    lo = r.min if o.min is None else (o.min if r.min is None else max(o.min, r.min))
    hi = r.max if o.max is None else (o.max if r.max is None else min(o.max, r.max))
    limit = Bound(lo, hi)
    return Effective(limit, r, o, RULE if limit == r else STRICTER)


def judge(value: float, rule: Any, own: Any) -> dict[str, Any]:
    """A value against the stricter limit, showing both: `{"within", "within_rule", …effective}`."""
    eff = effective(rule, own)
    v = float(value)
    return eff.as_dict() | {
        "within": eff.limit is None or eff.limit.admits(v),
        "within_rule": eff.rule is None or eff.rule.admits(v),
    }


def rule_bound(check: dict[str, Any] | None) -> Bound | None:
    """A rule `check` ({operator, value, value_max}) as a Bound."""
    if not check:
        return None
    op, v, vmax = check.get("operator"), check.get("value"), check.get("value_max")
    if op in ("<=", "<"):
        return Bound(None, v)
    if op in (">=", ">"):
        return Bound(v, None)
    if op == "between":
        return Bound(v, vmax)
    if op == "==":
        return Bound(v, v)
    return None
