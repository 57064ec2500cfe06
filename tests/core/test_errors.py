"""One i18n mechanism for refusals (issue 10, point 5): a Chinese msgid, English from the catalog."""

from __future__ import annotations

from django.utils import translation

from shouhu.core.errors import INVALID_INPUT, Conflict, ValidationFailed, field_summary, refuse
from shouhu.registry.error_codes import RegistryError


def test_invalid_input_names_the_fields_in_each_language():
    fields = [
        {"field": "name", "label_zh": "企业名称", "label_en": "Enterprise name"}
        | {"message_zh": "必填", "message_en": "required"},
        {"field": "page", "label_zh": "页码", "label_en": "Page", "message_zh": "须为整数"}
        | {"message_en": "must be an integer"},
    ]
    exc = ValidationFailed(INVALID_INPUT, params={"summary": field_summary(fields)})
    assert exc.message_zh == "输入有误：企业名称：必填；页码：须为整数"
    assert exc.message_en == "Invalid input: Enterprise name: required; Page: must be an integer"
    with translation.override("en"):
        assert exc.message == exc.message_en


def test_refuse_names_the_field_with_its_label_and_keeps_the_app_code():
    from django.utils.translation import gettext_lazy as _

    exc = refuse(RegistryError.DATE_ORDER, _("须晚于发证日期"), field="expires_on", label=_("结束日期"))
    entry = exc.details["fields"][0]
    assert (entry["code"], entry["label_zh"], entry["label_en"]) == ("date.order", "结束日期", "End date")
    assert (entry["message_zh"], entry["message_en"]) == ("须晚于发证日期", "must be after the issue date")
    assert exc.as_dict()["code"] == "validation_error" and exc.details["reason"] == "date.order"
    conflict = refuse("apikey.already_revoked", _("该密钥已撤销"), error=Conflict, id=3)
    assert conflict.status == 409 and conflict.details == {"id": 3, "reason": "apikey.already_revoked"}
    assert conflict.message_en == "This key is already revoked"
