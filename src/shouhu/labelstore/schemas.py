"""Typed In/Out schemas for the label-check endpoints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from shouhu.core.api import MAX_ID, openapi_text
from shouhu.core.dates import AnyDate


class LabelCheckIn(Schema):
    text: str | None = Field(None, description=openapi_text(_("标签文字或商品页文字")), max_length=1_000_000)
    fields: dict[str, Any] | None = Field(
        None, description=openapi_text(_("结构化标签字段")), max_length=200
    )  # a label has a few dozen fields (GB 7718 / 28050); 200 leaves room for unknown ones, which are reported
    category: str | None = Field(
        None, description="类别编号 3001/3002/3003", pattern=r"^300[123]$", max_length=4
    )
    as_of: AnyDate | None = Field(None, description=openapi_text(_("检查日期（默认今天）")))
    enterprise_id: int | None = Field(
        None, ge=1, le=MAX_ID, description=openapi_text(_("所属企业（监管人员可选）"))
    )


class LabelCheckSummaryOut(Schema):
    id: int
    created_at: datetime
    title: str
    as_of: date
    source: str
    category: str
    finding_count: int
    codes: list[str]
    enterprise_id: int | None
    actor_label: str


class LabelCheckOut(LabelCheckSummaryOut):
    result: dict[str, Any]


class SweepOut(Schema):
    id: int
    name: str
    created_at: datetime
    source_filename: str
    as_of: date
    status: str
    rows: int
    rows_with_findings: int
    rows_with_errors: int
    summary: dict[str, Any]
    error: str


class CheckJobOut(Schema):
    """A queued image/PDF check: poll `status_url` until `status` is done (then `check`) or failed."""

    id: str
    status: str  # queued | running | done | failed
    progress: int
    status_url: str
    check: int | None = None
    error: dict[str, Any] | None = None
