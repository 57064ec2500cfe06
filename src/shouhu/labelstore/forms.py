"""Forms for the label pages: paste text or upload an image; upload a listing file for a sweep."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

CATEGORY_CHOICES = [
    ("", _("自动识别")),
    ("3001", _("3001 婴幼儿谷类辅助食品")),
    ("3002", _("3002 婴幼儿罐装辅助食品")),
    ("3003", _("3003 辅食营养补充品")),
]


class LabelCheckForm(forms.Form):
    text = forms.CharField(
        label=_("标签文字"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "class": "form-control"}),
    )
    image = forms.FileField(
        label=_("或上传标签图片或PDF印刷稿（PNG/JPEG/PDF）"),
        required=False,
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
    as_of = forms.DateField(
        label=_("检查日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )


class SweepForm(forms.Form):
    name = forms.CharField(
        label=_("排查名称"), required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    file = forms.FileField(
        label=_("商品列表文件（CSV/JSONL/Excel）"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".csv,.jsonl,.ndjson,.xlsx"}
        ),
    )
    as_of = forms.DateField(
        label=_("检查日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
