"""Forms for the label pages: paste text or upload an image; upload a listing file for a sweep.

Every limit is stated on the form and checked before anything is stored or queued (issue 14.3): a
pasted label of at most MAX_LABEL_CHARS characters and a check date inside `core.dates` bounds and not
before the rules' first effective date (an "as of" the rules do not cover would answer "no problems" for
want of rules, not for want of problems) are checked here. The sweep's file and name are checked by the
service (`services.label_sweep_create`, through `shouhu.labels.batch.check_listing`), which the API calls
too, so the page and the API refuse a bad listing with the same code and message.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import any_date_validator

from .services import MAX_SWEEP_NAME, rules_first_effective

CATEGORY_CHOICES = [
    ("", _("自动识别")),
    ("3001", _("3001 婴幼儿谷类辅助食品")),
    ("3002", _("3002 婴幼儿罐装辅助食品")),
    ("3003", _("3003 辅食营养补充品")),
]

MAX_LABEL_CHARS = 20_000  # a printed label is a few thousand characters; 20,000 leaves room for a leaflet
MAX_IMAGE_MB = 20
MAX_SWEEP_MB = 50
MAX_NAME = MAX_SWEEP_NAME

__all__ = ["LabelCheckForm", "SweepForm", "rules_first_effective"]


def _check_as_of(value: date | None) -> date | None:
    if value is None:
        return None
    first = rules_first_effective()
    if value < first:
        raise ValidationError(
            _("检查日期不得早于规则最早生效日 %(first)s：此前无可适用的规则"),
            code="before_rules",
            params={"first": first.isoformat()},
        )
    return value


def _as_of_field() -> forms.DateField:
    return forms.DateField(
        label=_("检查日期"),
        required=False,
        validators=[any_date_validator],
        help_text=_("留空为今天；不早于规则最早生效日"),
        error_messages={"invalid": _("请输入有效日期（年-月-日）")},
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control", "min": "2000-01-01"}),
    )


class LabelCheckForm(forms.Form):
    text = forms.CharField(
        label=_("标签文字"),
        required=False,
        max_length=MAX_LABEL_CHARS,
        help_text=_("不超过 20000 字"),
        widget=forms.Textarea(attrs={"rows": 10, "class": "form-control", "maxlength": MAX_LABEL_CHARS}),
    )
    image = forms.FileField(
        label=_("或上传标签图片或PDF印刷稿（PNG/JPEG/PDF）"),
        required=False,
        help_text=_("不超过 20MB"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": "image/png,image/jpeg,application/pdf,.pdf"}
        ),
    )
    category = forms.ChoiceField(
        label=_("产品类别"),
        choices=CATEGORY_CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    as_of = _as_of_field()

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and image.size > MAX_IMAGE_MB * 1024 * 1024:
            raise ValidationError(_("文件超过 %(n)sMB"), code="too_large", params={"n": MAX_IMAGE_MB})
        return image

    def clean_as_of(self):
        return _check_as_of(self.cleaned_data.get("as_of"))


class SweepForm(forms.Form):
    name = forms.CharField(  # the length is the service's to refuse (the same message as the API's)
        label=_("排查名称"),
        required=False,
        help_text=_("不超过 200 字"),
        widget=forms.TextInput(attrs={"class": "form-control", "maxlength": MAX_NAME}),
    )
    file = forms.FileField(
        label=_("商品列表文件（CSV/JSONL/Excel）"),
        help_text=_("UTF-8 或 GB18030 编码，首行为表头；不超过 50MB、100000 行"),  # MAX_SWEEP_ROWS
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".csv,.jsonl,.ndjson,.xlsx"}
        ),
    )
    as_of = _as_of_field()

    def clean_as_of(self):
        return _check_as_of(self.cleaned_data.get("as_of"))
