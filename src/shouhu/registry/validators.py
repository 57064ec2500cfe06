"""Django field validators over the pure identifier and division checks.

Django validators (model `full_clean()` runs them), so they raise Django's ValidationError with a Chinese
msgid (core.services renders it in both languages for the API); the pure identifier checks bring both
languages with them.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shouhu.codes import divisions, identifiers
from shouhu.core.i18n import is_english

from .error_codes import RegistryError


def _identifier_error(exc: identifiers.IdentifierError) -> ValidationError:
    # The pure identifier checks carry both languages as data (they run without Django, for labels too);
    # core.services.field_errors reads them from `params`.
    zh, en = exc.message_zh, exc.message_en
    return ValidationError(en if is_english() else zh, code=exc.code, params={"zh": zh, "en": en})


def uscc(value: str) -> None:
    try:
        identifiers.validate_uscc(value)
    except identifiers.IdentifierError as exc:
        raise _identifier_error(exc) from None


def sc_number(value: str) -> None:
    try:
        identifiers.parse_sc_number(value)
    except identifiers.IdentifierError as exc:
        raise _identifier_error(exc) from None


def division(value: str) -> None:
    """A current GB/T 2260 code, written out in full (six digits)."""
    try:
        if len(value) != 6 or divisions.get(value).code != value:
            raise divisions.UnknownDivision(value)
    except divisions.UnknownDivision:
        raise ValidationError(
            _("行政区划代码 %(value)s 不存在（GB/T 2260）"),
            code=RegistryError.DIVISION_UNKNOWN,
            params={"value": value},
        ) from None


def county_division(value: str) -> None:
    """Enterprises and sites sit in a county-level division (区/县/县级市), or in a city that has no
    counties (东莞、中山、儋州、嘉峪关), never in a grouping row such as 市辖区."""
    division(value)
    d = divisions.get(value)
    is_leaf_city = d.level == "city" and not divisions.children(value) and not divisions.is_grouping(value)
    if d.level != "county" and not is_leaf_city:
        raise ValidationError(
            _("行政区划代码 %(value)s 不是县级区划"),
            code=RegistryError.DIVISION_NOT_COUNTY,
            params={"value": value},
        )


PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def phone(value: str) -> None:
    if value and not PHONE_RE.match(value.replace(" ", "")):
        raise ValidationError(_("电话号码格式不正确"), code=RegistryError.PHONE_FORMAT)
