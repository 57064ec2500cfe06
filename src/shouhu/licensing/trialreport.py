"""Coverage of a trial-product test report (第七十三条). Pure: no Django.

The report of a qualified third party must cover every test item of the product standard that applies
to the product (`engine.release_items(profile)`). Optional items (可选性成分, tested where the nutrient is
added or declared) are listed apart and do not make a report incomplete.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)


@dataclass
class Coverage:
    required: int = 0
    covered: list[str] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)
    optional_missing: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.failed

    def as_dict(self) -> dict[str, Any]:
        return {
            "required": self.required,
            "covered": len(self.covered),
            "missing": self.missing,
            "optional_missing": self.optional_missing,
            "failed": self.failed,
            "complete": self.complete,
        }


def _describe(item: Any) -> dict[str, Any]:
    source = _get(item, "source") or {}
    return {
        "id": _get(item, "id"),
        "group": _get(item, "group"),
        "name": _get(item, "name"),
        "standard": _get(item, "standard"),
        "citation": source.get("cite") if isinstance(source, Mapping) else str(source),
    }


def coverage(release_items: Iterable[Any], results: Iterable[Mapping[str, Any]]) -> Coverage:
    """Match report rows (by `item_id`, else by `name`) against the release items."""
    by_id: dict[str, Mapping[str, Any]] = {}
    by_name: dict[str, Mapping[str, Any]] = {}
    for row in results:
        if row.get("item_id"):
            by_id[str(row["item_id"])] = row
        if row.get("name"):
            by_name[str(row["name"]).strip()] = row
    out = Coverage()
    for item in release_items:
        row = (
            by_id.get(_get(item, "id"))
            or by_name.get(_get(item, "name"))
            or by_name.get(_get(item, "name_plain"))
        )
        if _get(item, "optional"):
            if row is None:
                out.optional_missing.append(_describe(item))
                continue
        else:
            out.required += 1
            if row is None:
                out.missing.append(_describe(item))
                continue
        out.covered.append(_get(item, "id"))
        if str(row.get("conclusion", "合格")) not in {"合格", "pass", "符合"}:
            out.failed.append(
                {**_describe(item), "value": row.get("value"), "conclusion": row.get("conclusion")}
            )
    return out
