"""The completeness checklist of the document review (书面审查), each item citing the article it serves.

Which documents are needed is platform data tied to rules: every material maps to the 细则 article whose
conditions it evidences; the citation text comes from the rules engine. `present` says whether the
applicant has supplied it; the reviewer marks each item.
"""

from __future__ import annotations

from typing import Any

# (item id, what the reviewer checks, rule it evidences, document kind or data it needs)
MATERIALS: tuple[tuple[str, str, str, str], ...] = (
    ("products", "申请类别、品种属于细则表1，执行标准明确", "xize2017.art2", "data:products"),
    ("site_plan", "厂区平面图（厂房选址、建筑结构）", "xize2017.art5", "doc:site_plan"),
    ("zoning_plan", "车间布局及清洁、准清洁、一般作业区划分图", "xize2017.art6", "doc:zoning_plan"),
    ("zones", "作业区划分明细已填写", "xize2017.art6", "data:zones"),
    ("equipment_list", "主要生产设备设施清单（含设计能力）", "xize2017.art12", "doc:equipment_list"),
    ("equipment", "设备明细已填写", "xize2017.art25", "data:equipment"),
    ("process_flow", "工艺流程图及工艺文件", "xize2017.art26", "doc:process_flow"),
    ("personnel", "企业负责人、食品安全管理人员等人员资质证明", "xize2017.art30", "doc:personnel"),
    ("staff", "人员明细（学历、专业、工作经历、培训）已填写", "xize2017.art29", "data:staff"),
    ("management_system", "食品安全管理制度文本", "xize2017.art65", "doc:management_system"),
    ("trial_report", "试制食品有资质第三方检验合格报告", "xize2017.art73", "doc:trial_report"),
)


def completeness_items(app: Any, engine: Any) -> list[dict[str, Any]]:
    from .models import ApplicationKind

    kinds = set(app.documents.filter(superseded=False).values_list("kind", flat=True))
    data = {
        "products": app.products.exists(),
        "zones": app.zones.exists(),
        "equipment": app.equipment.exists(),
        "staff": app.staff.exists(),
    }
    items = []
    for item_id, text, rule_id, need in MATERIALS:
        if item_id == "trial_report" and app.kind == ApplicationKind.RENEWAL:
            continue  # renewals keep their categories: no trial report (DOMAIN.md §1)
        what, key = need.split(":")
        present = data[key] if what == "data" else key in kinds
        items.append(
            {
                "id": item_id,
                "text": text,
                "rule_id": rule_id,
                "citation": engine.rule(rule_id).source.cite(),
                "present": present,
                "result": None,
                "note": "",
            }
        )
    return items
