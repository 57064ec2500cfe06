"""The hazards a HACCP plan analyses per process step (rule kind `hazard`, sets/xize-2017/hazards.yaml),
and the steps of a product's flow (表5—7 `equipment` rows, after 第二十七条's 原料验收). Pure Python.

A hazard rule's `params` are validated here (`HazardParams`) rather than by the loader's kind table, so
that hazard data can grow without touching the shared schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

RECEIVING = "原料验收"  # 第二十七条 names it; 表5—7 begin at 原料处理
HazardType = Literal["biological", "chemical", "physical", "allergen"]


class HazardParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    step: str
    type: HazardType
    hazard: str
    control: str
    ccp: bool = False


def _applies(rule: Any, subject: Any) -> bool:
    return rule._predicate is None or rule._predicate(subject)


def steps_for(engine: Any, profile: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The flow's steps in table order: 原料验收 first, then each 表5—7 row that applies to the product."""
    steps = [{"name": RECEIVING, "rule_id": "xize2017.art27"}]
    for req in engine.applicable(profile):
        if req.kind == "equipment":
            rule = engine.rule(req.id)
            steps.append({"name": rule.params["step"], "rule_id": rule.id})
    return steps


def hazards_for(engine: Any, profile: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every hazard rule in force that applies to the product, with its citation and its own limit."""
    subject = engine.validate_profile(profile)
    out = []
    for rule in sorted(engine.rules.values(), key=lambda r: r.id):
        if rule.kind != "hazard" or not _applies(rule, subject):
            continue
        p = HazardParams.model_validate(rule.params)
        check = rule.check
        out.append(
            {
                "rule_id": rule.id,
                "step": p.step,
                "type": p.type,
                "hazard": p.hazard,
                "control": p.control,
                "ccp": p.ccp,
                "citation": rule.source.cite(),
                "limit": None
                if check is None
                else {
                    "parameter": check.quantity,
                    "operator": check.operator,
                    "value": check.value,
                    "value_max": check.value_max,
                    "unit": check.unit,
                },
            }
        )
    return out


def decide(answers: Mapping[str, bool | None]) -> bool | None:
    """The Codex decision tree over the four answers: True = CCP, False = not, None = not yet decided."""
    q1, q2, q3, q4 = (answers.get(k) for k in ("q1", "q2", "q3", "q4"))
    if q1 is None:
        return None
    if q1 is False:
        return False
    if q2 is None:
        return None
    if q2:
        return True
    if q3 is None:
        return None
    if not q3:
        return False
    if q4 is None:
        return None
    return not q4
