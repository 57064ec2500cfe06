"""Change detection (action plan item 15): production conditions that differ from the licence. Pure.

Compares what was recorded when the licence was granted (site, processes, equipment with capacities)
with what the enterprise records now. Each difference is one line a regulator can act on.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any


def _equipment_key(e: Mapping[str, Any]) -> tuple[str, str]:
    return (str(e.get("kind", "")), str(e.get("name", "")).strip())


def _num(x: Any) -> Decimal | None:
    return None if x in (None, "") else Decimal(str(x)).normalize()


def diff(licensed: Mapping[str, Any], recorded: Mapping[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    a, b = str(licensed.get("site_address", "")).strip(), str(recorded.get("site_address", "")).strip()
    if a != b:
        out.append(
            {"field": "site", "licensed": a, "recorded": b, "message": f"生产地址由「{a}」变为「{b}」"}
        )
    pa, pb = set(licensed.get("processes") or []), set(recorded.get("processes") or [])
    for p in sorted(pb - pa):
        out.append({"field": "process", "licensed": None, "recorded": p, "message": f"新增工艺 {p}"})
    for p in sorted(pa - pb):
        out.append({"field": "process", "licensed": p, "recorded": None, "message": f"取消工艺 {p}"})
    ea = {_equipment_key(e): e for e in licensed.get("equipment") or []}
    eb = {_equipment_key(e): e for e in recorded.get("equipment") or []}
    for k in sorted(set(eb) - set(ea)):
        out.append(
            {"field": "equipment", "licensed": None, "recorded": k[1], "message": f"新增设备「{k[1]}」"}
        )
    for k in sorted(set(ea) - set(eb)):
        out.append(
            {"field": "equipment", "licensed": k[1], "recorded": None, "message": f"减少设备「{k[1]}」"}
        )
    for k in sorted(set(ea) & set(eb)):
        for attr, label in (("capacity_kg_h", "设计能力"), ("quantity", "数量")):
            x, y = _num(ea[k].get(attr)), _num(eb[k].get(attr))
            if x != y:
                x, y = (f"{v:f}" if v is not None else "—" for v in (x, y))
                out.append(
                    {
                        "field": "equipment",
                        "licensed": f"{k[1]} {label} {x}",
                        "recorded": f"{k[1]} {label} {y}",
                        "message": f"设备「{k[1]}」{label}由 {x} 变为 {y}",
                    }
                )
    return out
