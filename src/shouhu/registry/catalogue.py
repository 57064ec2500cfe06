"""Licensed categories and varieties (细则表1), asked of the rules engine — never listed here.

A licence item names a category (3001/3002/3003) and one of its 表1 varieties; the SC number's food
category must be special dietary food (`licence.number-format` → special_dietary_category).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from shouhu.core.errors import ValidationFailed
from shouhu.core.regulation import engine


def categories(as_of: date | None = None) -> dict[str, str]:
    """Category code → name (表1), e.g. {"3001": "婴幼儿谷类辅助食品", …}."""
    eng = engine(as_of)
    return {r.params["code"]: r.params["name"] for r in eng.all_rules.values() if r.kind == "category"}


def varieties(category: str, as_of: date | None = None) -> list[str]:
    return list(engine(as_of).varieties.get(category, []))


def _error(field: str, label_zh: str, label_en: str, zh: str, en: str, basis: str) -> ValidationFailed:
    return ValidationFailed(
        f"{label_zh}：{zh} / {label_en}: {en}",
        details={
            "fields": [
                {
                    "field": field,
                    "label_zh": label_zh,
                    "label_en": label_en,
                    "code": "catalogue.invalid",
                    "message": zh,
                    "message_zh": zh,
                    "message_en": en,
                    "basis": basis,
                }
            ]
        },
    )


def check_item(licence_number: str, item: dict[str, Any], as_of: date | None = None) -> None:
    """Refuse an item whose category or variety is not in 表1, or a number outside special dietary food."""
    eng = engine(as_of)
    basis = eng.rule("xize2017.table1.3001").source.cite()
    category, variety = str(item.get("category", "")), str(item.get("variety", ""))
    known = eng.varieties
    if category not in known:
        raise _error(
            "items.category",
            "类别编号",
            "Category",
            f"{category!r} 不是婴幼儿辅助食品类别（有效值：{'、'.join(known)}）",
            f"{category!r} is not an infant complementary food category (valid: {', '.join(known)})",
            basis,
        )
    if variety not in known[category]:
        raise _error(
            "items.variety",
            "品种明细",
            "Variety",
            f"{variety!r} 不是类别 {category} 的品种（有效值：{'、'.join(known[category])}）",
            f"{variety!r} is not a variety of {category} (valid: {', '.join(known[category])})",
            basis,
        )
    fmt = eng.parameter("licence.number-format")
    expected = fmt.value["special_dietary_category"]
    prefix_len = len(fmt.value["prefix"])
    actual = licence_number[prefix_len : prefix_len + fmt.value["category_digits"]]
    if actual != expected:
        raise _error(
            "number",
            "许可证编号",
            "Licence number",
            f"食品类别代码应为 {expected}（特殊膳食食品），实为 {actual}",
            f"food category code must be {expected} (special dietary food), not {actual}",
            fmt.source.cite(),
        )
