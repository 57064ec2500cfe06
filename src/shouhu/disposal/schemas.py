"""核查处置 API schemas: explicit fields, unknown keys refused."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import ConfigDict, Field

from shouhu.core.api import RefId, Text, named


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class DisposalDutyOut(Schema):
    duty: str
    title: str
    state: str
    due_at: datetime
    paused: bool
    rule_id: str
    citation: str


class DisposalRequestOut(Schema):
    id: int
    kind: str
    filed_at: datetime
    window_ends_at: datetime
    lab_name: str
    outcome: str
    decision_note: str


class DisposalCaseOut(Schema):
    id: int
    number: str
    enterprise_id: int
    enterprise_name: str = ""
    product: str = ""
    batch_number: str = ""
    sample_id: int
    batch_id: int
    status: str
    failed_items: list[str]
    microbiological: bool
    on_market: bool
    reported_at: datetime
    served_at: datetime | None
    recall_id: int | None
    cause: str
    rectification: str
    closed_at: datetime | None
    overdue: int = 0
    duties: list[DisposalDutyOut] = Field(default_factory=list)
    requests: list[DisposalRequestOut] = Field(default_factory=list)


class DisposalDutyIn(In):
    note: Text = named(_("履行情况"), "", max_length=2000)
    cause: Text = named(_("不合格原因"), "", max_length=4000)
    rectification: Text = named(_("整改措施"), "", max_length=4000)


class DisposalRecallIn(In):
    level: int | None = named(_("召回级别"), None, ge=1, le=3)
    batch_id: RefId | None = named(_("生产批次"), None)


class DisposalRequestIn(In):
    kind: Text = named(_("类别"), max_length=16)
    reason: Text = named(_("申请理由"), min_length=1, max_length=4000)
    lab_name: Text = named(_("复检机构"), "", max_length=200)


class DisposalDecideIn(In):
    upheld: bool = named(_("复检合格或异议成立"))
    note: Text = named(_("结论说明"), min_length=1, max_length=2000)
    report_no: Text = named(_("复检报告编号"), "", max_length=64)


class DisposalCloseIn(In):
    note: Text = named(_("核查意见"), min_length=1, max_length=4000)


class DisposalExtendIn(In):
    days: int = named(_("延长天数"), ge=1, le=365)
    reason: Text = named(_("书面批准及理由"), min_length=1, max_length=300)
