"""Automatic pre-checks (自动预检) of the submitted data against the checklist. Pure: no Django.

Before inspectors go on site, what the applicant entered is compared with every checklist item that has
a numeric `check` or a personnel or zoning rule: an extruder of 250 kg/h against "≥ 300 kg/h", one trained
sterilization operator against "≥ 2", a food-safety manager without a bachelor's degree, a missing clean
zone, no metal detector. Each finding names its rule and citation. Findings guide the inspectors; they
do not score items (the inspectors do, on site).

Input is plain data: checklist items (checklist.Item), equipment, staff and zones as dicts, and
`person_ok(rule_id, person) -> bool` (the engine's `check_person`), so this module stays testable alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .checklist import Item

# Which declared equipment kinds a numeric check measures, and the field holding the measure.
EQUIPMENT_MEASURES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "design_capacity_per_unit": (("drum_dryer", "extruder"), "capacity_kg_h", "单台设计能力"),
    "mixer_design_capacity_per_unit": (("mixer", "premixer"), "capacity_kg_h", "单台设计能力"),
    "smallest_detectable_metal_sphere_diameter": (
        ("metal_detector", "xray"),
        "detects_sphere_mm",
        "可检出金属球径",
    ),
}
EQUIPMENT_ZH = {
    "drum_dryer": "滚筒干燥设备",
    "extruder": "挤压膨化设备",
    "mixer": "混合设备",
    "premixer": "预混设备",
    "metal_detector": "金属检测设备",
    "xray": "X光异物监控设备",
}
# Processes that need the capacity check's equipment (表5 序号3: drum drying or extrusion).
PROCESS_EQUIPMENT = {"drum_drying": "drum_dryer", "extrusion": "extruder"}
ROLE_ZH = {
    "principal": "企业负责人",
    "food_safety_manager": "食品安全管理人员",
    "production_manager": "生产管理人员",
    "technician": "技术人员",
    "operator": "生产操作人员",
    "sterilization_operator": "杀菌操作人员",
    "rd_staff": "研发人员",
    "lab_tester": "检验人员",
    "lab_head": "实验室负责人",
    "food_handler": "食品加工人员",
}
REQUIRED_ROLES = ("principal", "food_safety_manager")  # 第三十条 names both as present in every producer
GRADE_ZH = {"clean": "清洁作业区", "quasi_clean": "准清洁作业区", "general": "一般作业区"}


@dataclass(frozen=True)
class Finding:
    rule_id: str
    passed: bool
    message: str
    citation: str
    products: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "passed": self.passed,
            "message": self.message,
            "citation": self.citation,
            "products": list(self.products),
        }


def compare(check: Mapping[str, Any], measured: Any) -> bool:
    op, value = check["operator"], Decimal(str(check["value"]))
    m = Decimal(str(measured))
    if op == ">=":
        return m >= value
    if op == ">":
        return m > value
    if op == "<=":
        return m <= value
    if op == "<":
        return m < value
    if op == "==":
        return m == value
    return value <= m <= Decimal(str(check["value_max"]))


def describe(check: Mapping[str, Any]) -> str:
    if check["operator"] == "between":
        return f"{check['value']:g}–{check['value_max']:g} {check['unit']}"
    return f"{check['operator']} {check['value']:g} {check['unit']}"


def _fmt(x: Any) -> str:
    d = Decimal(str(x))
    return f"{d.normalize():f}"


def _equipment_findings(
    item: Item, equipment: Sequence[Mapping[str, Any]], processes: set[str]
) -> list[Finding]:
    check = item.check or {}
    kinds, attr, label = EQUIPMENT_MEASURES[check["quantity"]]
    if check["quantity"] == "design_capacity_per_unit":
        # only the machines of the processes applied for (a drum-drying line has no extruder)
        kinds = tuple(PROCESS_EQUIPMENT[p] for p in sorted(processes) if p in PROCESS_EQUIPMENT) or kinds
    declared = [e for e in equipment if e.get("kind") in kinds]
    need = describe(check)
    if not declared:
        names = "或".join(EQUIPMENT_ZH[k] for k in kinds)
        return [
            Finding(item.rule_id, False, f"未申报{names}（要求{label} {need}）", item.citation, item.products)
        ]
    out = []
    for e in declared:
        measured = e.get(attr)
        name = f"{EQUIPMENT_ZH.get(e['kind'], e['kind'])}「{e.get('name', '')}」"
        if measured in (None, ""):
            out.append(
                Finding(
                    item.rule_id, False, f"{name}未填写{label}（要求 {need}）", item.citation, item.products
                )
            )
        elif not compare(check, measured):
            out.append(
                Finding(
                    item.rule_id,
                    False,
                    f"{name}{label} {_fmt(measured)} {check['unit']}，不满足 {need}",
                    item.citation,
                    item.products,
                )
            )
        else:
            out.append(
                Finding(
                    item.rule_id,
                    True,
                    f"{name}{label} {_fmt(measured)} {check['unit']}，满足 {need}",
                    item.citation,
                    item.products,
                )
            )
    return out


def _person_findings(
    item: Item, staff: Sequence[Mapping[str, Any]], person_ok: Callable[[str, Mapping[str, Any]], bool]
) -> list[Finding]:
    roles = list(item.params.get("roles") or [])
    holders = [s for s in staff if s.get("role") in roles]
    min_count = item.params.get("min_count")
    if min_count is not None:
        ok = [s for s in holders if person_ok(item.rule_id, _person_fields(s))]
        role_zh = "、".join(ROLE_ZH.get(r, r) for r in roles)
        if len(ok) < int(min_count):
            return [
                Finding(
                    item.rule_id,
                    False,
                    f"符合要求的{role_zh}{len(ok)}人，少于要求的{int(min_count)}人（{item.title}）",
                    item.citation,
                    item.products,
                )
            ]
        return [Finding(item.rule_id, True, f"符合要求的{role_zh}{len(ok)}人", item.citation, item.products)]
    out = []
    for role in roles:
        if role in REQUIRED_ROLES and not any(s.get("role") == role for s in staff):
            out.append(
                Finding(
                    item.rule_id,
                    False,
                    f"未申报{ROLE_ZH.get(role, role)}（{item.title}）",
                    item.citation,
                    item.products,
                )
            )
    for s in holders:
        who = f"{ROLE_ZH.get(s['role'], s['role'])}「{s.get('name', '')}」"
        if person_ok(item.rule_id, _person_fields(s)):
            out.append(Finding(item.rule_id, True, f"{who}符合：{item.title}", item.citation, item.products))
        else:
            out.append(
                Finding(item.rule_id, False, f"{who}不符合：{item.title}", item.citation, item.products)
            )
    return out


PERSON_FIELDS = (
    "education",
    "major",
    "years_food_work",
    "years_related_work",
    "years_food_testing",
    "trained",
    "assessed",
    "certified",
    "health_certificate",
)


def _person_fields(s: Mapping[str, Any]) -> dict[str, Any]:
    return {k: s[k] for k in PERSON_FIELDS if k in s}


def _zoning_findings(item: Item, zones: Sequence[Mapping[str, Any]]) -> list[Finding]:
    out = []
    for grade in ("clean", "quasi_clean", "general"):
        required = item.params.get(grade) or []
        if not required:
            continue
        have = [z for z in zones if z.get("grade") == grade]
        zh = GRADE_ZH[grade]
        if not have:
            out.append(
                Finding(
                    item.rule_id,
                    False,
                    f"作业区划分缺少{zh}（{item.params.get('product', '')}应设：{'、'.join(required)}）",
                    item.citation,
                    item.products,
                )
            )
        else:
            names = "、".join(z.get("name", "") for z in have)
            out.append(Finding(item.rule_id, True, f"已设{zh}：{names}", item.citation, item.products))
    return out


def run(
    items: Iterable[Item],
    *,
    processes: Iterable[str],
    equipment: Sequence[Mapping[str, Any]],
    staff: Sequence[Mapping[str, Any]],
    zones: Sequence[Mapping[str, Any]],
    person_ok: Callable[[str, Mapping[str, Any]], bool],
) -> list[Finding]:
    """All findings, in checklist order. Items with nothing checkable from the submission give none."""
    procs = set(processes)
    out: list[Finding] = []
    for item in items:
        if item.kind == "personnel" and item.params.get("roles"):
            out += _person_findings(item, staff, person_ok)
        elif item.kind == "zoning":
            out += _zoning_findings(item, zones)
        elif item.check and item.check.get("quantity") in EQUIPMENT_MEASURES:
            out += _equipment_findings(item, equipment, procs)
    return out


def failures(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if not f.passed]
