"""Inspection API schemas: explicit fields, unknown keys refused."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import ConfigDict, Field

from shouhu.core.api import RefId, Text, named
from shouhu.core.dates import PlanDate


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class InspectionIn(In):
    enterprise_id: RefId | None = named(_("被检查企业"), None)
    task_id: RefId | None = named(_("计划检查任务"), None)
    kind: Literal["routine", "system"] = named(_("检查类型"), "routine")
    inspector_ids: list[RefId] | None = Field(default=None, max_length=20)
    planned_on: PlanDate | None = named(_("计划检查日期"), None)
    contract: bool = named(_("含委托生产检查"), False)


class InspectionResultIn(In):
    item_id: Text = named(_("检查项目"), min_length=1, max_length=120)
    result: Literal["pass", "fail", "na"] = named(_("检查结果"))
    note: Text = named(_("检查情况"), "", max_length=2000)
    evidence_id: RefId | None = named(_("照片"), None)
    client_id: Text | None = named(_("客户端编号"), None, max_length=64)


class InspectionFixIn(In):
    action: Literal["on_site", "rectify", "clue"] = named(_("处理方式"))
    note: Text = named(_("整改情况说明"), "", max_length=1000)


class InspectionConcludeIn(In):
    fixes: dict[Annotated[str, Field(max_length=120)], InspectionFixIn] = Field(
        default_factory=dict, max_length=500
    )
    due_on: PlanDate | None = named(_("整改期限"), None)


class InspectionSignIn(In):
    drawing: Text = named(_("手写签名"), "", max_length=200_000)
    image_png: Text = named(_("手写签名图片（PNG，base64）"), "", max_length=700_000)


class InspectionOwnersIn(In):
    owners: dict[Annotated[str, Field(min_length=1, max_length=120)], RefId | None] = Field(max_length=500)


class InspectionExamIn(In):
    person_id: RefId = named(_("抽查人员"))


class InspectionExamOut(Schema):
    spot_check_id: int
    person_id: int
    code: str


class InspectionRefusalIn(In):
    person_name: Text = named(_("拒签人"), min_length=1, max_length=100)
    note: Text = named(_("拒签情况说明"), min_length=1, max_length=1000)
    witness_name: Text = named(_("见证人"), min_length=1, max_length=100)


class InspectionItemOut(Schema):
    item_id: str
    owners: list[int]
    area: str
    title: str
    citation: str
    key: bool
    result: str
    notes: list[str]


class InspectionFollowUpOut(Schema):
    item_id: str
    key: bool
    kind: str
    note: str
    clue_id: int | None
    rectification_id: int | None


class InspectionOut(Schema):
    id: int
    number: str
    enterprise_id: int
    kind: str
    origin: str
    task_id: int | None
    state: str
    outcome: str
    planned_on: dt.date
    inspectors: list[int]
    publication_obligation_id: int | None
    publication_id: int | None


class InspectionDetailOut(InspectionOut):
    items: list[InspectionItemOut]
    followups: list[InspectionFollowUpOut]
    inspectors_signed: list[int]
    enterprise_signed: bool
    enterprise_refused: bool


class InspectionPublicOut(Schema):
    enterprise: str
    kind: str
    outcome: str
    concluded_on: dt.date | None
    published_on: dt.date | None
    failed_items: int
