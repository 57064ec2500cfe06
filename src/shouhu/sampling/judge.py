"""Judging one lab result against the limits in rule data (issue 27 point 1 and 4).

The item must be one of the product's test items (the release items in force on the sampling date); the
limit is the `limit` rule for that item and product in force on that date, found by the lookup the
production release gate uses too (`shouhu.rules.limits`): a bound (max/min) or a microbiological sampling
plan (n, c, m, M). Where the rule data has no limit the defined behaviour is: the result is kept as
measured, the lab's conclusion is the verdict, and the result is flagged "limit not in rule data"
(`limit_known = False`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from shouhu.core.errors import ServiceError, refuse
from shouhu.production import rulebook
from shouhu.rules import limits as rule_limits
from shouhu.rules.limits import Limit, LimitInputError, canonical_item, canonical_unit

from .error_codes import SamplingError as E

NO_LIMIT_REASON = "限量不在规则数据中，按检验机构结论判定"

__all__ = ["Catalogue", "Judged", "Limit", "canonical_item", "canonical_unit", "judge", "parse_values"]


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
        self.limits: dict[str, Limit] = rule_limits.limits_for(rulebook.engine(on), profile)

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


def refusal(exc: LimitInputError, item: str, limit: Limit | None) -> ServiceError:
    """The shared lookup's input error as sampling's refusal (with the limit's citation)."""
    cite = {"cite": limit.cite} if limit is not None else {}
    if exc.code == rule_limits.UNIT_MISMATCH:
        return refuse(
            E.UNIT_MISMATCH,
            _("「%(item)s」的单位应为 %(expected)s，收到 %(unit)s"),
            params={"item": item, **exc.params},
            field="unit",
            **cite,
        )
    if exc.code == rule_limits.VALUE_COUNT:
        return refuse(
            E.VALUE_INVALID,
            _("「%(item)s」按采样方案须有 %(n)s 个检测值，收到 %(got)s 个"),
            params={"item": item, **exc.params},
            field="measured",
            **cite,
        )
    if not exc.params.get("value"):
        return refuse(E.VALUE_INVALID, _("缺少检测值"), field="measured")
    return refuse(
        E.VALUE_INVALID,
        _("检测值「%(value)s」不是数值"),
        params={"value": exc.params["value"]},
        field="measured",
    )


def parse_values(measured: str) -> list[float]:
    try:
        return rule_limits.parse_values(measured)
    except LimitInputError as exc:
        raise refusal(exc, "", None) from None


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
        try:
            values = rule_limits.parse_values(measured)
        except LimitInputError:  # a qualitative result (感官, 标签) is kept as written
            values = []
        if not lab:
            raise refuse(
                E.CONCLUSION_REQUIRED,
                _("规则数据中没有「%(item)s」的限量，须填写检验机构的结论"),
                params={"item": name},
                field="lab_conclusion",
            )
        rid = str(test_item.rule_id)
        return Judged(name, rid, str(measured), values, str(unit or ""), lab, lab, None, NO_LIMIT_REASON)
    try:
        verdict = rule_limits.judge_result(limit, measured, unit)
    except LimitInputError as exc:
        raise refusal(exc, name, limit) from None
    return Judged(
        name,
        str(test_item.rule_id),
        str(measured),
        verdict.values,
        limit.unit,
        "pass" if verdict.passed else "fail",
        lab,
        limit,
        verdict.reason_zh,
    )
