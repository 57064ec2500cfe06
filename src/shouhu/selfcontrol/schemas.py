"""Self-control API schemas: explicit fields, named by one msgid each."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import Field

from shouhu.core.api import RefId, Text, named
from shouhu.core.dates import PastDate


class ProblemIn(Schema):
    point_id: str = named(_("风险点编号"), max_length=120)
    note: Text = named(_("发现的情况"), min_length=1, max_length=1000)
    measure: Text = named(_("已采取的措施"), min_length=1, max_length=1000)
    severity: str = named(_("严重程度"), "minor", pattern="^(minor|major|critical)$", max_length=8)


class DailyIn(Schema):
    client_id: UUID | None = None
    day: PastDate = named(_("检查日期"))
    problems: list[ProblemIn] = Field(default_factory=list, max_length=200)
    checked_by_name: Text = named(_("检查人"), "", max_length=100)
    corrects: RefId | None = None
    reason: Text = Field("", max_length=300)


class DailyBulkIn(Schema):
    records: list[DailyIn] = Field(min_length=1, max_length=400)


class DailyOut(Schema):
    id: int
    client_id: UUID
    enterprise_id: int
    day: date
    revision: int
    current: bool
    list_version: int = Field(validation_alias="list_version.number")
    checked: int
    zero_risk: bool
    hazard: bool
    problems: list[dict[str, Any]]
    checked_by_name: str
    recorded_at: datetime


class PointOut(Schema):
    point_id: str
    group: str
    group_label: str
    title: str
    measures: str
    owner_role: str
    frequency: str
    citation: str
    retired: bool = False


class VersionOut(Schema):
    number: int
    reason: str
    created_by_label: str
    created_at: datetime
    points: list[PointOut]


class RiskListOut(Schema):
    enterprise_id: int
    adopted_on: date
    current: int
    versions: list[VersionOut]


class CompletionOut(Schema):
    enterprise_id: int
    name: str
    division_code: str
    days_owed: int
    days_done: int
    weeks_owed: int
    weeks_done: int
    months_owed: int
    months_done: int
    percent: int
    overdue_days: int
    open_hazards: int
    complies: bool


class SelfcontrolSelfInspectionOut(Schema):
    """A self-inspection report; `data` is the report as submitted (frozen), or as it stands while open."""

    id: int
    enterprise_id: int
    starts_on: date
    ends_on: date
    due_on: date
    months: int
    state: str
    late: bool
    submitted_at: datetime | None
    conclusion: str
    data: dict[str, Any]


class SelfcontrolSelfInspectionStatusOut(Schema):
    """Per enterprise: its frequency and the last ended period's report — submitted, late, missing or due."""

    enterprise_id: int
    name: str
    months: int
    chosen: bool
    period_starts_on: date
    period_ends_on: date
    status: str
    report_id: int | None
