"""Page forms for production, built from the same rule data the API validates against (one definition,
two doors): the release-test form offers the items `rulebook.release_items` requires for the batch, the
intake form asks exactly what `rulebook.intake_requirements` asks of the lot (items, sampling plans with
their n/c/m/M and unit, certificates). The forms only shape input; the services decide and refuse.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from shouhu.core.regulation import today

from . import rulebook
from .models import Batch, BatchStatus, DocumentKind

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"})
TEXT = {"class": "form-control"}


class BatchFilter(forms.Form):
    product = forms.IntegerField(label=_("产品"), required=False)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *BatchStatus.choices]
    )
    since = forms.DateField(label=_("生产日期自"), required=False, widget=DATE)
    until = forms.DateField(label=_("生产日期至"), required=False, widget=DATE)
    q = forms.CharField(label=_("批号"), required=False, max_length=64)


class BatchForm(forms.Form):
    product = forms.IntegerField(label=_("产品"))
    number = forms.CharField(label=_("生产批号"), max_length=64, widget=forms.TextInput(attrs=TEXT))
    produced_on = forms.DateField(label=_("生产日期"), widget=DATE, initial=today)


class ReleaseForm(forms.Form):
    certificate_no = forms.CharField(
        label=_("检验合格证号"), max_length=64, widget=forms.TextInput(attrs=TEXT)
    )
    report_no = forms.CharField(
        label=_("出厂检验报告编号"), max_length=64, widget=forms.TextInput(attrs=TEXT)
    )


class RetentionForm(forms.Form):
    quantity = forms.DecimalField(label=_("留样数量"), min_value=0, widget=forms.NumberInput(attrs=TEXT))
    retained_on = forms.DateField(label=_("留样日期"), widget=DATE, initial=today)
    location = forms.CharField(
        label=_("留样位置"), max_length=100, required=False, widget=forms.TextInput(attrs=TEXT)
    )


class CompleteForm(forms.Form):
    quantity = forms.DecimalField(label=_("产量"), min_value=0, widget=forms.NumberInput(attrs=TEXT))


class ConsumeForm(forms.Form):
    lot = forms.IntegerField(label=_("物料批次"))
    quantity = forms.DecimalField(label=_("使用数量"), min_value=0, widget=forms.NumberInput(attrs=TEXT))
    batcher = forms.IntegerField(label=_("配料人"))
    checker = forms.IntegerField(label=_("复核人"))


def release_items(batch: Batch) -> list[rulebook.ReleaseItem]:
    """The items the batch's standard declares, as of its production day (the gate reads the same list)."""
    return rulebook.release_items(batch.product.profile, batch.produced_on)


class ReleaseTestForm(forms.Form):
    """One release-test result; `item` is one of the rule-declared items, method and rule id follow it."""

    item = forms.ChoiceField(label=_("检验项目"))
    result = forms.CharField(label=_("检验结果"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    passed = forms.TypedChoiceField(
        label=_("结论"),
        choices=[("1", _("合格")), ("0", _("不合格"))],
        coerce=lambda v: v == "1",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    tester = forms.CharField(label=_("检验人员"), max_length=64, widget=forms.TextInput(attrs=TEXT))
    tested_on = forms.DateField(label=_("检验日期"), widget=DATE, initial=today)
    report_no = forms.CharField(label=_("检验报告编号"), max_length=64, widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args: Any, batch: Batch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = {i.rule_id or i.name: i for i in release_items(batch)}
        self.fields["item"].choices = [
            (key, f"{i.name}{'' if not i.optional else ' ' + str(_('（选检）'))}")
            for key, i in self.items.items()
        ]
        self.fields["item"].widget.attrs["class"] = "form-select"

    def service_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        item = self.items[d["item"]]
        return {
            "rule_id": item.rule_id,
            "item": item.name,
            "method": item.method,
            "result": d["result"],
            "passed": d["passed"],
            "tester": d["tester"],
            "tested_on": d["tested_on"],
            "report_no": d["report_no"],
        }


def day(value: Any) -> date | None:
    """A posted ISO date, or None when it is missing or not a real day."""
    try:
        return parse_date(str(value or "").strip())
    except ValueError:
        return None


def intake_rows(reqs: list[rulebook.Requirement]) -> list[dict[str, Any]]:
    """What a lot's intake form asks, one row per rule-declared item, plan or certificate."""
    rows: list[dict[str, Any]] = []
    for n, req in enumerate(reqs):
        for k, item in enumerate(req.items):
            rows.append({"kind": "item", "name": f"t{n}_{k}", "item": item, "req": req})
        for k, plan in enumerate(req.micro):
            rows.append({"kind": "plan", "name": f"p{n}_{k}", "item": plan["item"], "plan": plan, "req": req})
        if req.certificate:
            rows.append({"kind": "certificate", "name": req.certificate, "item": req.title, "req": req})
    return rows


def intake_tests(
    rows: list[dict[str, Any]], data: Any
) -> tuple[list[dict[str, Any]], dict[str, str], list[str]]:
    """The posted intake answers as the service's `tests` and certificate fields; field errors inline."""
    tests: list[dict[str, Any]] = []
    certs: dict[str, str] = {}
    errors: list[str] = []
    for row in rows:
        raw = str(data.get(row["name"], "")).strip()
        if row["kind"] == "item" and raw in {"1", "0"}:
            tests.append(
                {"item": row["item"], "passed": raw == "1", "result": str(data.get(row["name"] + "_r", ""))}
            )
        elif row["kind"] == "plan" and raw:
            try:
                values = [float(v) for v in raw.replace("，", ",").split(",") if v.strip()]
            except ValueError:
                errors.append(row["name"])
                continue
            tests.append({"item": row["item"], "values": values})
        elif row["kind"] == "certificate" and raw:
            certs[row["name"]] = raw
    return tests, certs, errors


def intake_initial(rows: list[dict[str, Any]], lot: Any) -> list[dict[str, Any]]:
    """The intake rows filled with the lot's recorded answers (`value`, and `result` for an item), for the
    correction form; returns the recorded tests that no row asks for (kept as they are by a correction)."""
    recorded = {str(t.get("item")): t for t in lot.tests or [] if isinstance(t, dict)}
    for row in rows:
        t = recorded.get(row["item"], {})
        if row["kind"] == "item":
            row["value"] = "" if "passed" not in t else ("1" if t["passed"] else "0")
            row["result"] = str(t.get("result") or "")
        elif row["kind"] == "plan":
            values = t.get("values") if isinstance(t.get("values"), list) else []
            row["value"] = ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values)
        else:
            row["value"] = getattr(lot, row["name"], "") or ""
    asked = {row["item"] for row in rows if row["kind"] != "certificate"}
    return [t for item, t in recorded.items() if item not in asked]


def intake_certificates(rows: list[dict[str, Any]], data: Any) -> dict[str, str]:
    """The certificate answers as posted, an emptied one included (a correction may clear it)."""
    return {r["name"]: str(data.get(r["name"], "")).strip() for r in rows if r["kind"] == "certificate"}


class RecordForm(forms.Form):
    """A 附件1 record: one input per field the rule `xize2017.annex1.recordNN` requires (as the API checks).

    With `correcting`, a reason is required and the record's date stays (a correction is a new version)."""

    occurred_on = forms.DateField(label=_("记录日期"), widget=DATE, initial=today)

    def __init__(self, *args: Any, number: int, correcting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rule_id, self.name, self.required, self.cite = rulebook.record_fields(number, today())
        for n, field in enumerate(self.required):
            self.fields[f"f{n}"] = forms.CharField(
                label=field, max_length=2000, widget=forms.TextInput(attrs={**TEXT, "required": True})
            )
        if correcting:
            del self.fields["occurred_on"]
            self.fields["reason"] = forms.CharField(
                label=_("更正原因"), max_length=500, widget=forms.TextInput(attrs={**TEXT, "required": True})
            )

    def data_fields(self) -> dict[str, str]:
        return {field: self.cleaned_data[f"f{n}"] for n, field in enumerate(self.required)}

    @classmethod
    def initial_from(cls, data: dict[str, Any], required: list[str]) -> dict[str, Any]:
        return {f"f{n}": data.get(field, "") for n, field in enumerate(required)}


DATETIME = forms.DateTimeInput(
    format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local", "class": "form-control"}
)
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class CCPForm(forms.Form):
    """A CCP measurement; the control points and their limits are the product's (its HACCP plan), the
    same table `services.ccp_record` judges against — each choice shows its limits and unit."""

    control = forms.ChoiceField(label=_("关键控制点"), widget=forms.Select(attrs={"class": "form-select"}))
    value = forms.DecimalField(label=_("测定值"), widget=forms.NumberInput(attrs={**TEXT, "step": "any"}))
    at = forms.DateTimeField(label=_("时间"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    operator = forms.CharField(label=_("记录人"), max_length=64, widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args: Any, batch: Batch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = dict(batch.product.critical_limits or {})
        self.fields["control"].choices = [(k, f"{k}（{limit_text(v)}）") for k, v in self.limits.items()]

    def service_fields(self) -> dict[str, Any]:
        point, _sep, parameter = self.cleaned_data["control"].rpartition(".")
        return {
            "point": point,
            "parameter": parameter,
            "value": self.cleaned_data["value"],
            "at": self.cleaned_data["at"],
            "operator": self.cleaned_data["operator"],
        }


def limit_text(limits: dict[str, Any]) -> str:
    parts = []
    if limits.get("min") is not None:
        parts.append(f"≥ {limits['min']}")
    if limits.get("max") is not None:
        parts.append(f"≤ {limits['max']}")
    return " ".join(parts) + (f" {limits['unit']}" if limits.get("unit") else "")


class ClearanceForm(forms.Form):
    """清场记录 (附件1 #21): the reviewer may not be the person responsible (the service refuses)."""

    area = forms.CharField(label=_("清场区域"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    at = forms.DateTimeField(label=_("清场时间"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    items = forms.CharField(label=_("检查项目及结果"), widget=forms.TextInput(attrs=TEXT))
    responsible = forms.CharField(label=_("清场负责人"), max_length=64, widget=forms.TextInput(attrs=TEXT))
    reviewer = forms.CharField(label=_("复查人"), max_length=64, widget=forms.TextInput(attrs=TEXT))


REASON = forms.CharField(
    label=_("更正原因"), max_length=500, widget=forms.TextInput(attrs={**TEXT, "required": True})
)


class ReleaseTestCorrectForm(forms.Form):
    """A correction of a release-test result (第七十条): the item stays, the values and a reason change."""

    result = ReleaseTestForm.base_fields["result"]
    passed = ReleaseTestForm.base_fields["passed"]
    tester = ReleaseTestForm.base_fields["tester"]
    tested_on = ReleaseTestForm.base_fields["tested_on"]
    report_no = ReleaseTestForm.base_fields["report_no"]
    reason = REASON

    @classmethod
    def initial_from(cls, test: Any) -> dict[str, Any]:
        return {
            "result": test.result,
            "passed": "1" if test.passed else "0",
            "tester": test.tester,
            "tested_on": test.tested_on,
            "report_no": test.report_no,
        }


class CCPCorrectForm(forms.Form):
    """A correction of a CCP measurement (第七十条): the control point and its limits stay as recorded."""

    value = CCPForm.base_fields["value"]
    at = CCPForm.base_fields["at"]
    operator = CCPForm.base_fields["operator"]
    reason = REASON

    @classmethod
    def initial_from(cls, record: Any) -> dict[str, Any]:
        return {"value": record.value, "at": record.at, "operator": record.operator}


class ClearanceCorrectForm(forms.Form):
    """A correction of a clearance record (第七十条): the reviewer stays another person (the service refuses)."""

    area = ClearanceForm.base_fields["area"]
    at = ClearanceForm.base_fields["at"]
    items = ClearanceForm.base_fields["items"]
    responsible = ClearanceForm.base_fields["responsible"]
    reviewer = ClearanceForm.base_fields["reviewer"]
    reason = REASON

    @classmethod
    def initial_from(cls, c: Any) -> dict[str, Any]:
        return {k: getattr(c, k) for k in ("area", "at", "items", "responsible", "reviewer")}


# ---- suppliers (第三十六条–第四十条) ---------------------------------------------------------------------
CHECK = forms.CheckboxInput(attrs={"class": "form-check-input"})


class SupplierForm(forms.Form):
    name = forms.CharField(label=_("供应商名称"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    uscc = forms.CharField(
        label=_("统一社会信用代码"), max_length=18, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    licence_number = forms.CharField(
        label=_("许可证编号"), max_length=32, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    contact = forms.CharField(
        label=_("联系方式"), max_length=100, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    imported = forms.BooleanField(label=_("进口原辅料供应商/贸易商"), required=False, widget=CHECK)
    quality_agreement = forms.BooleanField(label=_("已签订质量协议"), required=False, widget=CHECK)


class SupplierDocumentForm(forms.Form):
    """A document on file with its validity (第三十七条, 第三十九条, 第四十条) and, optionally, its scan."""

    kind = forms.ChoiceField(
        label=_("文件类型"), choices=DocumentKind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    number = forms.CharField(
        label=_("文件编号"), max_length=64, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    issued_on = forms.DateField(label=_("签发日期"), widget=DATE)
    expires_on = forms.DateField(label=_("有效期至"), required=False, widget=DATE)
    file = forms.FileField(
        label=_("文件扫描件（PDF、PNG或JPEG）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class SupplierApproveForm(forms.Form):
    summary = forms.CharField(label=_("审核内容及评价"), max_length=2000, widget=forms.TextInput(attrs=TEXT))
    on = forms.DateField(label=_("审核日期"), widget=DATE, initial=today)
    main = forms.BooleanField(
        label=_("主要原辅料供应商（须有现场质量审核报告）"), required=False, widget=CHECK
    )


class SupplierSuspendForm(forms.Form):
    reason = forms.CharField(label=_("暂停原因"), max_length=2000, widget=forms.TextInput(attrs=TEXT))
