"""Sampling API schemas: explicit fields, unknown keys refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import ConfigDict, Field

from shouhu.core.api import Quantity, RefId, Text, named
from shouhu.core.dates import PastDate


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class PlanIn(In):
    division_code: Text = named(_("辖区代码"), min_length=6, max_length=6)
    year: int = named(_("年度"), ge=2000, le=2100)
    quarter: int = named(_("季度"), ge=1, le=4)
    focus_enterprise_ids: list[RefId] = Field(default_factory=list, max_length=5000)
    focus_varieties: list[Annotated[Text, Field(max_length=100)]] = Field(default_factory=list, max_length=50)
    focus_items: list[Annotated[Text, Field(max_length=120)]] = Field(default_factory=list, max_length=50)


class PlanOut(Schema):
    id: int
    division_code: str
    year: int
    quarter: int
    title: str
    tasks: int


class NoProductionIn(In):
    evidence_id: RefId | None = named(_("证明材料"), None)
    note: Text = named(_("说明"), min_length=1, max_length=300)


class TaskOut(Schema):
    id: int
    enterprise_id: int
    kind: str
    status: str
    due_on: date


class SampleIn(In):
    task_id: RefId = named(_("抽样任务"))
    trace_code: Text = named(_("追溯码"), min_length=1, max_length=64)
    quantity: Quantity = named(_("抽样数量"))
    backup_quantity: Quantity = named(_("备样数量"))
    unit: Text = named(_("单位"), "", max_length=16)
    sampler_name: Text = named(_("抽样人员"), min_length=1, max_length=64)
    sampler_signed: bool = named(_("抽样人员已签字"))
    enterprise_signer: Text = named(_("被抽样单位签字人"), min_length=1, max_length=64)
    enterprise_signed: bool = named(_("被抽样单位已签字"))
    lab_name: Text = named(_("检验机构"), min_length=1, max_length=200)
    photo_ids: list[RefId] = Field(default_factory=list, max_length=20)


class ReceiveIn(In):
    received_on: PastDate | None = named(_("收样日期"), None)


class SampleOut(Schema):
    id: int
    number: str
    enterprise_id: int
    batch_id: int
    trace_code: str
    sampled_on: date
    quantity: Decimal
    backup_quantity: Decimal
    lab_name: str
    lab_due_on: date
    received_on: date | None
    status: str
    verdict: str
    report_no: str
    report_sha256: str
    found_on: date | None
    reported_on: date | None
    published_on: date | None


class LabResultIn(In):
    item: Text = named(_("检验项目"), min_length=1, max_length=100)
    measured: Text = named(_("检测值"), min_length=1, max_length=200)
    unit: Text = named(_("单位"), "", max_length=32)
    lab_conclusion: Text = named(_("检验机构结论"), "", max_length=8)


class LabResultsIn(In):
    results: list[LabResultIn] = Field(min_length=1, max_length=500)
    report_no: Text = named(_("检验报告编号"), "", max_length=64)
    found_on: PastDate | None = named(_("检验结论日期"), None)


class LabPushIn(LabResultsIn):
    """The lab's push: its results item by item, the report number, the report PDF (Base64, kept with its hash)."""

    report_pdf: str = Field("", max_length=28_000_000, description="检验报告 PDF，Base64")


class LabSampleOut(Schema):
    number: str
    status: str
    product: str
    batch: str
    sampled_on: date
    lab_due_on: date
    received_on: date | None


class LabResultOut(Schema):
    id: int
    item: str
    measured: str
    unit: str
    verdict: str
    lab_conclusion: str
    limit_rule_id: str
    limit_text: str
    limit_known: bool
    reason: str


class CoverageOut(Schema):
    year: int
    rows: list[dict[str, Any]]
    summary: dict[str, Any]


def sample_out(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "number": s.number,
        "enterprise_id": s.enterprise_id,
        "batch_id": s.batch_id,
        "trace_code": s.batch.trace_code,
        "sampled_on": s.sampled_on,
        "quantity": s.quantity,
        "backup_quantity": s.backup_quantity,
        "lab_name": s.lab_name,
        "lab_due_on": s.lab_due_on,
        "received_on": s.received_on,
        "status": s.status,
        "verdict": s.verdict,
        "report_no": s.report_no,
        "report_sha256": s.report_sha256,
        "found_on": s.found_on,
        "reported_on": s.reported_on,
        "published_on": s.published_on,
    }
