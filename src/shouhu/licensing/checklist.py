"""The on-site verification checklist (现场核查表), generated from the rules engine. Pure: no Django.

For each applied product profile the engine returns the requirements in force that apply to it; the
checklist is their union, each item remembering which products it binds (so the verdict can be given per
category and variety), grouped into the six parts of the general scoring table (审查通则 2022), in
citation order. Kinds that are not scored on site are left out: 附件1 record lists (checked under
第七十条 as one item), labels (checked in label review) and micro limits (release testing, 第六十一条).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

PARTS: tuple[str, ...] = (
    "premises",
    "equipment",
    "layout_process",
    "personnel",
    "management",
    "trial_report",
)
PART_ZH: dict[str, str] = {
    "premises": "生产场所",
    "equipment": "设备设施",
    "layout_process": "设备布局和工艺流程",
    "personnel": "人员管理",
    "management": "管理制度",
    "trial_report": "试制食品检验合格报告",
}
CHECKLIST_KINDS = frozenset(
    {"article", "requirement", "zoning", "equipment", "personnel", "cleanroom", "product_standard"}
)


def product_key(profile: Mapping[str, Any]) -> str:
    """`3001:婴幼儿谷物辅助食品` — the unit a verdict is given for (category and variety)."""
    return f"{profile['category']}:{profile['variety']}"


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def citation(req: Any) -> str:
    source = _get(req, "source")
    if isinstance(source, Mapping):
        return str(source.get("cite") or source.get("doc") or "")
    cite = getattr(source, "cite", None)
    return str(cite() if callable(cite) else cite or "")


def _sort_key(req: Any) -> tuple[Any, ...]:
    source = _get(req, "source") or {}
    return (
        _get(source, "article") or 0,
        0 if _get(req, "kind") == "article" else 1,
        _get(source, "table") or 0,
        _get(source, "row") or 0,
        _get(req, "id"),
    )


@dataclass(frozen=True)
class Item:
    rule_id: str
    part: str
    kind: str
    title: str
    text: str
    citation: str
    products: tuple[str, ...]
    check: Mapping[str, Any] | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "part": self.part,
            "part_zh": PART_ZH[self.part],
            "kind": self.kind,
            "title": self.title,
            "text": self.text,
            "citation": self.citation,
            "products": list(self.products),
        }


def build(applicable: Mapping[str, Iterable[Any]]) -> list[Item]:
    """The checklist from `{product_key: requirements applying to that product}`."""
    reqs: dict[str, Any] = {}
    products: dict[str, list[str]] = {}
    for key, requirements in applicable.items():
        for req in requirements:
            part, kind = _get(req, "scoring_part"), _get(req, "kind")
            if part not in PART_ZH or kind not in CHECKLIST_KINDS:
                continue
            rid = _get(req, "id")
            reqs.setdefault(rid, req)
            if key not in products.setdefault(rid, []):
                products[rid].append(key)
    ordered = sorted(reqs.values(), key=lambda r: (PARTS.index(_get(r, "scoring_part")), *_sort_key(r)))
    return [
        Item(
            rule_id=_get(r, "id"),
            part=_get(r, "scoring_part"),
            kind=_get(r, "kind"),
            title=_get(r, "title") or _get(r, "text")[:60],
            text=_get(r, "text"),
            citation=citation(r),
            products=tuple(products[_get(r, "id")]),
            check=_get(r, "check"),
            params=_get(r, "params") or {},
        )
        for r in ordered
    ]


def generate(engine: Any, profiles: Iterable[Mapping[str, Any]]) -> list[Item]:
    """Ask the engine for each profile and build the checklist (`engine.applicable(profile)`)."""
    return build({product_key(p): engine.applicable(p) for p in profiles})


def grouped(items: Iterable[Item]) -> dict[str, list[Item]]:
    """Items by scoring part, parts in the order of the general scoring table (empty parts kept)."""
    out: dict[str, list[Item]] = {p: [] for p in PARTS}
    for item in items:
        out[item.part].append(item)
    return out
