"""Verdict rules: pure functions from scored items to a verdict, registered by name. No Django models.

A template names its rule (`verdict_rule`) and the rule's parameters (`verdict_params`, from rule data:
the pass rate, whether a zero item fails). Two rules ship:

* `rate_per_group` — 审查通则 2022 style, given per group (in licensing: per category and variety): pass only
  if no applicable item scores 0 (when `no_zero_items`) and score / maximum >= `pass_rate`; items not
  applicable are left out of both. Arithmetic is exact (Fraction): a rate exactly at the threshold passes.
* `key_items` — Order 49 (《食品生产经营监督检查管理办法》) style: 不符合 if a 重点 item fails, 基本符合 if only
  一般 items fail or score 基本符合, else 符合; a failed 重点 item raises the flag `case_clue` naming the items.
  The rule only flags: the caller decides what to do (raise a case clue through the obligations app).

A rule sees only complete data: the kernel refuses to conclude while an item has fewer scorers than the
template's `min_scorers`. Apps register their own rules in `AppConfig.ready()` (`register_verdict_rule`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from . import schemes
from .schemes import CONFORM, MINOR, NA, NONCONFORM

WHOLE = "*"  # the group of a run whose items name none


@dataclass(frozen=True)
class ScoredItem:
    item_id: str
    scheme: str
    results: tuple[str, ...]  # one per scorer
    points: Mapping[str, Any] | None = None  # result → points (template data)
    key: bool = False  # 重点项
    groups: tuple[str, ...] = ()  # the products (or zones, lines) the item binds; () = every group

    @property
    def result(self) -> str:
        return schemes.combined(self.scheme, self.results)

    @property
    def failed(self) -> bool:
        """The worst grade of its scheme (0 points): 不符合 / 不合格 / out of limits."""
        result = self.result
        return result != NA and result == schemes.RESULTS[self.scheme][-2]


@dataclass(frozen=True)
class Flag:
    code: str  # e.g. "case_clue"
    items: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "items": list(self.items)}


@dataclass
class GroupVerdict:
    group: str
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
            "group": self.group,
            "score": float(self.score),
            "maximum": float(self.maximum),
            "rate": float(rate) if rate is not None else None,
            "rate_percent": round(float(rate) * 100, 2) if rate is not None else None,
            "items": self.items,
            "not_applicable": self.not_applicable,
            "zero_items": list(self.zero_items),
            "passed": self.passed,
        }


@dataclass(frozen=True)
class Verdict:
    passed: bool
    result: str  # conform / minor / nonconform
    groups: Mapping[str, GroupVerdict] = field(default_factory=dict)
    flags: tuple[Flag, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "result": self.result,
            "groups": [g.as_dict() for g in self.groups.values()],
            "flags": [f.as_dict() for f in self.flags],
        }


class VerdictError(ValueError):
    def __init__(self, code: str, detail: str = "", items: Sequence[str] = ()) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code, self.detail, self.items = code, detail, list(items)


VerdictRule = Callable[[Sequence[ScoredItem], Mapping[str, Any]], Verdict]
VERDICT_RULES: dict[str, VerdictRule] = {}


def register_verdict_rule(name: str, rule: VerdictRule) -> None:
    VERDICT_RULES[name] = rule


def decide(name: str, items: Sequence[ScoredItem], params: Mapping[str, Any]) -> Verdict:
    try:
        rule = VERDICT_RULES[name]
    except KeyError:
        raise VerdictError("verdict_rule.unknown", name) from None
    return rule(items, params)


def under_scored(items: Sequence[ScoredItem], min_scorers: int) -> list[str]:
    """Items with fewer results than `min_scorers` (an item every scorer marks na is scored)."""
    return [i.item_id for i in items if len(i.results) < min_scorers]


def _groups_of(items: Sequence[ScoredItem], groups: Sequence[str] | None) -> list[str]:
    if groups:
        return list(groups)
    named = sorted({g for i in items for g in i.groups})
    return named or [WHOLE]


def rate_per_group(items: Sequence[ScoredItem], params: Mapping[str, Any]) -> Verdict:
    """Pass per group: no zero item (if `no_zero_items`) and score/maximum >= `pass_rate` (exact)."""
    if params.get("pass_rate") is None:
        raise VerdictError("verdict_params.pass_rate", "the template names no pass rate")
    pass_rate = Fraction(str(params["pass_rate"]))
    no_zero = bool(params.get("no_zero_items", True))
    exclude_na = bool(params.get("exclude_not_applicable", True))
    out = {g: GroupVerdict(g) for g in _groups_of(items, params.get("groups"))}
    for item in items:
        targets = [out[g] for g in (item.groups or out) if g in out]
        table = schemes.points_table(item.scheme, item.points)
        result = item.result
        if result == NA and exclude_na:
            for v in targets:
                v.not_applicable += 1
            continue
        best = max(table.values())
        points = table.get(result, Fraction(0))
        for v in targets:
            v.items += 1
            v.score += points
            v.maximum += best
            if points == 0:
                v.zero_items.append(item.item_id)
    for v in out.values():
        rate = v.rate
        v.passed = rate is not None and rate >= pass_rate and not (no_zero and v.zero_items)
    passed = all(v.passed for v in out.values())
    return Verdict(passed=passed, result=CONFORM if passed else NONCONFORM, groups=out)


def key_items(items: Sequence[ScoredItem], params: Mapping[str, Any]) -> Verdict:
    """Order 49: a failed 重点 item makes the run 不符合 and flags a case clue; 一般 failures make 基本符合."""
    key_failed = tuple(i.item_id for i in items if i.key and i.failed)
    general_short = [i.item_id for i in items if not i.key and (i.failed or i.result == MINOR)] + [
        i.item_id for i in items if i.key and i.result == MINOR
    ]
    if key_failed:
        result = NONCONFORM
    elif general_short:
        result = MINOR
    else:
        result = CONFORM
    flags = (Flag("case_clue", key_failed),) if key_failed else ()
    return Verdict(passed=result != NONCONFORM, result=result, flags=flags)


register_verdict_rule("rate_per_group", rate_per_group)
register_verdict_rule("key_items", key_items)
