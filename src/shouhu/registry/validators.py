"""Django field validators over the pure identifier and division checks.

Each error carries its Chinese and English message in `params` so the API can return both and a page the
active language's one.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import get_language

from shouhu.core import divisions

from . import identifiers


def _error(code: str, zh: str, en: str) -> ValidationError:
    lang = (get_language() or "zh-hans").lower()
    return ValidationError(zh if lang.startswith("zh") else en, code=code, params={"zh": zh, "en": en})


def uscc(value: str) -> None:
    try:
        identifiers.validate_uscc(value)
    except identifiers.IdentifierError as exc:
        raise _error(exc.code, exc.message_zh, exc.message_en) from None


def sc_number(value: str) -> None:
    try:
        identifiers.parse_sc_number(value)
    except identifiers.IdentifierError as exc:
        raise _error(exc.code, exc.message_zh, exc.message_en) from None


def division(value: str) -> None:
    """A current GB/T 2260 code, written out in full (six digits)."""
    try:
        if len(value) != 6 or divisions.get(value).code != value:
            raise divisions.UnknownDivision(value)
    except divisions.UnknownDivision:
        raise _error(
            "division.unknown",
            f"行政区划代码 {value} 不存在（GB/T 2260）",
            f"Division code {value} does not exist (GB/T 2260)",
        ) from None


def county_division(value: str) -> None:
    """Enterprises and sites sit in a county-level division (区/县/县级市), or in a city that has no
    counties (东莞、中山、儋州、嘉峪关), never in a grouping row such as 市辖区."""
    division(value)
    d = divisions.get(value)
    is_leaf_city = d.level == "city" and not divisions.children(value) and not divisions.is_grouping(value)
    if d.level != "county" and not is_leaf_city:
        raise _error(
            "division.not_county",
            f"行政区划代码 {value} 不是县级区划",
            f"Division code {value} is not a county-level division",
        )


PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def phone(value: str) -> None:
    if value and not PHONE_RE.match(value.replace(" ", "")):
        raise _error("phone.format", "电话号码格式不正确", "Phone number is malformed")
