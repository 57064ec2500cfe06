"""Forms for the label pages: paste text or upload an image; upload a listing file for a sweep.

Every limit is stated on the form and checked here, before anything is stored or queued (issue 14.3):
a pasted label of at most MAX_LABEL_CHARS characters, a sweep name of at most 200, a listing file that
is text (UTF-8 or GB18030, never binary) with at least one row under its header, and a check date
inside `core.dates` bounds and not before the rules' first effective date (an "as of" the rules do not
cover would answer "no problems" for want of rules, not for want of problems).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import any_date_validator
from shouhu.core.regulation import engine
from shouhu.labels.inputs import LabelInputError, decode_text

CATEGORY_CHOICES = [
    ("", _("自动识别")),
    ("3001", _("3001 婴幼儿谷类辅助食品")),
    ("3002", _("3002 婴幼儿罐装辅助食品")),
    ("3003", _("3003 辅食营养补充品")),
]

MAX_LABEL_CHARS = 20_000  # a printed label is a few thousand characters; 20,000 leaves room for a leaflet
MAX_IMAGE_MB = 20
MAX_SWEEP_MB = 50
MAX_NAME = 200


def rules_first_effective() -> date:
    """The first day any rule set in use is in force: a check "as of" an earlier day has no rules to apply."""
    return min(rs.effective_from for rs in engine().sets)


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


def listing_problem(data: bytes, suffix: str) -> str | None:
    """Why a CSV/JSONL listing cannot be swept (binary, undecodable, no row under the header), else None."""
    if suffix not in {".csv", ".jsonl", ".ndjson"} or not data:
        return None
    try:
        text = decode_text(data)
    except LabelInputError:
        return str(_("文件不是文本（应为 UTF-8 或 GB18030 编码的 CSV/JSONL），未创建排查"))
    if suffix == ".csv":
        rows = csv.reader(io.StringIO(text))
        next(rows, None)  # the header
        has_rows = any(any(cell.strip() for cell in row) for row in rows)
    else:
        has_rows = any(line.strip() for line in text.splitlines())
    if not has_rows:
        return str(_("文件中没有商品行（只有表头或为空），未创建排查"))
    return None


class SweepForm(forms.Form):
    name = forms.CharField(
        label=_("排查名称"),
        required=False,
        max_length=MAX_NAME,
        help_text=_("不超过 200 字"),
        widget=forms.TextInput(attrs={"class": "form-control", "maxlength": MAX_NAME}),
    )
    file = forms.FileField(
        label=_("商品列表文件（CSV/JSONL/Excel）"),
        help_text=_("UTF-8 或 GB18030 编码，首行为表头；不超过 50MB"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".csv,.jsonl,.ndjson,.xlsx"}
        ),
    )
    as_of = _as_of_field()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        if upload.size > MAX_SWEEP_MB * 1024 * 1024:
            raise ValidationError(_("文件超过 %(n)sMB"), code="too_large", params={"n": MAX_SWEEP_MB})
        data = upload.read()
        upload.seek(0)
        problem = listing_problem(data, Path(upload.name or "").suffix.lower())
        if problem:
            raise ValidationError(problem, code="unreadable")
        return upload

    def clean_as_of(self):
        return _check_as_of(self.cleaned_data.get("as_of"))
