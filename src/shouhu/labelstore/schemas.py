"""Typed In/Out schemas for the label-check endpoints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema


class LabelCheckIn(Schema):
    text: str | None = Field(
        None, description="标签文字或商品页文字 / label or listing text", max_length=1_000_000
    )
    fields: dict[str, Any] | None = Field(None, description="结构化标签字段 / structured label fields")
    category: str | None = Field(None, description="类别编号 3001/3002/3003", pattern=r"^300[123]$")
    as_of: date | None = Field(None, description="检查日期（默认今天）/ check date (default today)")
    enterprise_id: int | None = Field(None, description="所属企业（监管人员可选）/ enterprise (regulators)")


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
