"""Clean-room API schemas (names prefixed `Cleanroom…`: schema names are global in the OpenAPI document)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import BaseModel, Field

from shouhu.core.api import RefId, Text, named
from shouhu.core.dates import PastDate, PlanDate

from .services.readings import MAX_ITEMS, CleanroomReadingIn


class CleanroomZoneIn(Schema):
    code: Text = named(_("区域编号"), min_length=1, max_length=32)
    name: Text = named(_("区域名称"), min_length=1, max_length=100)
    grade: str = named(_("作业区级别"), pattern="^(clean|quasi_clean|general)$", max_length=16)
    site_id: RefId | None = named(_("生产场所"), None)
    raw_cereal: bool = named(_("生产婴幼儿生制类谷物辅助食品"), False)
    area_m2: float | None = named(_("面积（m²）"), None, gt=0, le=1e6, allow_inf_nan=False)
    shifts_per_day: int = named(_("每日班次"), 2, ge=1, le=24)


class CleanroomPlanItemOut(Schema):
    id: int
    rule_id: str
    parameter: str
    title: str
    state: str
    operator: str
    value: float
    value_max: float | None
    unit: str
    times: int
    per: str
    frequency_text: str


class CleanroomZoneOut(Schema):
    id: int
    enterprise_id: int
    code: str
    name: str
    grade: str
    raw_cereal: bool
    shifts_per_day: int
    open_deviations: int = 0
    flags: list[str] = []
    plan: list[CleanroomPlanItemOut] = []


class CleanroomRoomIn(Schema):
    name: Text = named(_("房间"), min_length=1, max_length=100)
    volume_m3: float = named(_("容积（m³）"), gt=0, le=1e7, allow_inf_nan=False)
    vent_area_m2: float | None = named(_("风口通风面积（m²）"), None, gt=0, le=1e4, allow_inf_nan=False)


class CleanroomLineIn(Schema):
    name: Text = named(_("生产线"), min_length=1, max_length=100)


class CleanroomCreated(Schema):
    id: int


class CleanroomLimitIn(Schema):
    value: float = named(_("限值"), ge=-1e9, le=1e12, allow_inf_nan=False)
    value_max: float | None = named(_("上限"), None, ge=-1e9, le=1e12, allow_inf_nan=False)
    reason: Text = named(_("修改原因"), min_length=1, max_length=300)


class CleanroomReadingsIn(BaseModel):
    """A plain pydantic model, not a ninja Schema: ninja's per-object validator costs ~45 µs a reading."""

    sensor: Text = named(_("传感器"), "", max_length=64)
    items: list[CleanroomReadingIn] = Field(min_length=1, max_length=MAX_ITEMS)


class CleanroomBatchOut(Schema):
    id: int
    count: int
    out_of_limit: int
    sha256: str


class CleanroomTrendPoint(Schema):
    day: date
    mean: float
    min: float
    max: float


class CleanroomTrendOut(Schema):
    parameter: str
    unit: str
    limits: list[float]
    days: list[CleanroomTrendPoint]


class CleanroomDeviationOut(Schema):
    id: int
    zone_id: int
    parameter: str
    kind: str
    period_key: str
    started_at: datetime
    last_at: datetime
    readings: int
    worst: float | None
    finding_id: int | None
    open: bool
    title: str


class CleanroomChangeIn(Schema):
    description: Text = named(_("改造内容"), min_length=1, max_length=300)
    changed_on: PastDate = named(_("改造完成日期"))
    restart_on: PlanDate = named(_("计划恢复生产日期"))


class CleanroomBatchZoneIn(Schema):
    batch: Text = named(_("生产批号"), min_length=1, max_length=64)
    zone_id: RefId = named(_("作业区"))
    line: Text = named(_("生产线"), "", max_length=100)


class CleanroomSweepOut(Schema):
    opened: int


class CleanroomComplianceCell(Schema):
    month: str
    due: int
    done: int
    rate: float | None


class CleanroomComplianceRow(Schema):
    zone_id: int
    zone: str
    enterprise: str
    cells: list[CleanroomComplianceCell]


class CleanroomComplianceOut(Schema):
    months: list[str]
    rows: list[CleanroomComplianceRow]
