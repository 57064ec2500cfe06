"""Licensed categories and varieties (细则表1), asked of the rules engine — never listed here.

A licence item names a category (3001/3002/3003) and one of its 表1 varieties; the SC number's food
category must be special dietary food (`licence.number-format` → special_dietary_category).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shouhu.core.errors import ServiceError, refuse
from shouhu.core.i18n import is_english
from shouhu.core.regulation import engine

from .error_codes import RegistryError


def categories(as_of: date | None = None) -> dict[str, str]:
    """Category code → name (表1), e.g. {"3001": "婴幼儿谷类辅助食品", …}."""
    eng = engine(as_of)
    return {r.params["code"]: r.params["name"] for r in eng.all_rules.values() if r.kind == "category"}


def varieties(category: str, as_of: date | None = None) -> list[str]:
    return list(engine(as_of).varieties.get(category, []))


def _join(values: Iterable[str]) -> str:
    return (", " if is_english() else "、").join(values)


# The list of valid values, joined as the language of the message being rendered writes lists.
_listing = lazy(_join, str)


def _refuse(field: str, label: Promise, message: Promise, params: dict[str, Any], basis: str) -> ServiceError:
    exc = refuse(RegistryError.CATALOGUE_INVALID, message, params=params, field=field, label=label)
    exc.details["fields"][0]["basis"] = basis  # the 细则 article the list comes from
    return exc


def check_item(licence_number: str, item: dict[str, Any], as_of: date | None = None) -> None:
    """Refuse an item whose category or variety is not in 表1, or a number outside special dietary food."""
    eng = engine(as_of)
    basis = eng.rule("xize2017.table1.3001").source.cite()
    category, variety = str(item.get("category", "")), str(item.get("variety", ""))
    known = eng.varieties
    if category not in known:
        raise _refuse(
            "items.category",
            pgettext_lazy("api", "类别编号"),
            _("%(value)s 不是婴幼儿辅助食品类别（有效值：%(valid)s）"),
            {"value": repr(category), "valid": _listing(known)},
            basis,
        )
    if variety not in known[category]:
        raise _refuse(
            "items.variety",
            _("品种明细"),
            _("%(value)s 不是类别 %(category)s 的品种（有效值：%(valid)s）"),
            {"value": repr(variety), "category": category, "valid": _listing(known[category])},
            basis,
        )
    fmt = eng.parameter("licence.number-format")
    expected = fmt.value["special_dietary_category"]
    prefix_len = len(fmt.value["prefix"])
    actual = licence_number[prefix_len : prefix_len + fmt.value["category_digits"]]
    if actual != expected:
        raise _refuse(
            "number",
            _("许可证编号"),
            _("食品类别代码应为 %(expected)s（特殊膳食食品），实为 %(actual)s"),
            {"expected": expected, "actual": actual},
            fmt.source.cite(),
        )
