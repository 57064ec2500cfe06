"""The enterprise list's search and filters (GET), with choices limited to the actor's jurisdiction."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shouhu.codes import divisions

from .models import LicenceStatus, Scale
from .templatetags.registry_ui import CATEGORY_LABELS

FILTER_FIELDS = ("q", "category", "scale", "division", "licence_status")


class _ChineseNamesSelect(forms.Select):
    """Division names are Chinese in every language: each named option says so (lang="zh-Hans")."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if value:
            option["attrs"]["lang"] = "zh-Hans"
        return option


def division_choices(codes: list[str]) -> list[tuple[str, str]]:
    """Cities, then their counties (indented), for the divisions that hold enterprises.

    A city option filters its whole subtree. Provinces head the list only when there is more than one.
    """
    known = [c for c in codes if divisions.exists(c)]
    tree: dict[str, dict[str, list[str]]] = {}
    for code in known:
        chain = (*divisions.ancestors(code), divisions.get(code))
        province = chain[0].code
        city = next((d.code for d in chain[1:-1] if d.level == "city"), code)
        tree.setdefault(province, {}).setdefault(city, [])
        if city != code:
            tree[province][city].append(code)
    choices: list[tuple[str, str]] = []
    for province, cities in sorted(tree.items()):
        if len(tree) > 1:
            choices.append((province, divisions.get(province).name))
        for city, counties in sorted(cities.items()):
            city_div = divisions.get(city)
            city_name = divisions.full_name(city) if divisions.is_grouping(city) else city_div.name
            choices.append((city, ("\u3000" if len(tree) > 1 else "") + city_name))
            indent = "\u3000" * (2 if len(tree) > 1 else 1)
            choices.extend((county, indent + divisions.get(county).name) for county in sorted(counties))
    return choices


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(
            attrs={
                "placeholder": _("企业名称、统一社会信用代码或住所"),
                "class": "form-control",
                "autocomplete": "off",
            }
        ),
    )
    category = forms.ChoiceField(label=_("许可类别"), required=False)
    scale = forms.ChoiceField(label=_("企业规模"), required=False)
    division = forms.ChoiceField(label=_("所在地"), required=False, widget=forms.Select)
    licence_status = forms.ChoiceField(label=_("许可状态"), required=False)

    def __init__(self, *args, division_codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            ("", _("全部类别")),
            *((code, f"{code} {label}") for code, label in CATEGORY_LABELS.items()),
        ]
        self.fields["scale"].choices = [("", _("全部规模")), *Scale.choices]
        self.fields["licence_status"].choices = [("", _("全部状态")), *LicenceStatus.choices]
        self.fields["division"].choices = [("", _("全部地区")), *division_choices(division_codes)]
        self.fields["division"].widget = _ChineseNamesSelect(choices=self.fields["division"].choices)
        self.division_count = len(division_codes)
        for name in ("category", "scale", "division", "licence_status"):
            self.fields[name].widget.attrs["class"] = "form-select sh-filter-select"

    @property
    def show_division(self) -> bool:
        """Only worth a control when the enterprises sit in more than one division."""
        return self.division_count > 1

    def filters(self) -> dict[str, str]:
        """The valid filters; an invalid one (a stale link, a hand-edited URL) is ignored, not an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: (data.get(name) or "").strip() for name in FILTER_FIELDS}

    @property
    def is_filtered(self) -> bool:
        return any(self.filters().values())
