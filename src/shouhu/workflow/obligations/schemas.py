"""Obligation API schemas: explicit fields in and out; unknown input fields are refused.

A subject is named generically (`subject_type` "app_label.model" + `subject_id`); a create accepts a
client-generated `client_id` (UUID), so a replayed request returns the first row and writes nothing.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import ConfigDict, Field

from shouhu.core.api import MAX_ID, RefId, Text, named
from shouhu.core.dates import AnyMoment, PlanDate

from . import notify
from .due import DueUnit
from .models import Notification, Obligation, OwnerKind, PauseKind, Schedule

UnitValue = Literal["hours", "working_days", "calendar_days", "months", "years"]
OwnerValue = Literal["user", "role", "office", "outside"]
PauseValue = Literal["hearing", "testing", "production_stop", "other"]
FrequencyValue = Literal["production_day", "shift", "weekly", "monthly", "quarterly"]
assert set(UnitValue.__args__) == set(DueUnit.values)  # type: ignore[attr-defined]
assert set(OwnerValue.__args__) == set(OwnerKind.values)  # type: ignore[attr-defined]
assert set(PauseValue.__args__) == set(PauseKind.values)  # type: ignore[attr-defined]
assert set(FrequencyValue.__args__) == set(Schedule.Frequency.values)  # type: ignore[attr-defined]


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class ObligationSubjectIn(In):
    subject_type: Text = named(_("对象类型"), min_length=3, max_length=100, description="app_label.model")
    subject_id: int = named(_("对象编号"), ge=1, le=MAX_ID)


class OwnerIn(Schema):
    owner_kind: OwnerValue = named(_("义务人类型"))
    owner_user_id: int | None = named(_("义务人"), None, ge=1, le=MAX_ID)
    owner_role: Text = named(_("岗位"), "", max_length=32)
    owner_division: Text = named(_("负责/跟踪部门辖区"), "", max_length=6)
    owner_party: Text = named(_("外部机构名称"), "", max_length=200)


class ObligationIn(ObligationSubjectIn, OwnerIn):
    client_id: uuid.UUID | None = named(_("客户端编号"), None)
    title: Text = named(_("事项"), min_length=1, max_length=200)
    kind: Text = named(_("类别"), min_length=1, max_length=64)
    rule_id: Text = named(_("规则编号"), min_length=1, max_length=120)
    citation: Text = named(_("依据"), "", max_length=300)
    unit: UnitValue | None = named(_("期限单位"), None, description="默认取规则参数的单位")
    amount: int | None = named(_("期限"), None, ge=1, le=100_000)
    starts_at: AnyMoment | None = named(_("起算时间"), None)


class ObligationCompleteIn(In):
    note: Text = named(_("完成说明"), "", max_length=2000)


class PauseIn(In):
    kind: PauseValue = named(_("中止原因类别"))
    reason: Text = named(_("原因"), max_length=300)


class ExtendIn(In):
    amount: int = named(_("延长"), ge=1, le=100_000)
    reason: Text = named(_("延期原因"), max_length=300)


class ScheduleIn(ObligationSubjectIn, OwnerIn):
    client_id: uuid.UUID | None = named(_("客户端编号"), None)
    title: Text = named(_("事项"), min_length=1, max_length=200)
    kind: Text = named(_("类别"), min_length=1, max_length=64)
    frequency: FrequencyValue = named(_("频次"))
    shifts_per_day: int = named(_("每日班次"), 1, ge=1, le=24)
    rule_id: Text = named(_("规则编号"), min_length=1, max_length=120)
    citation: Text = named(_("依据"), "", max_length=300)
    active_from: PlanDate = named(_("起始日期"))
    active_until: PlanDate | None = named(_("终止日期"), None)


class GenerateIn(In):
    first: PlanDate = named(_("起始日期"))
    last: PlanDate = named(_("结束日期"))


class ReadIn(In):
    ids: list[RefId] | None = Field(None, max_length=500, description="默认全部未读 / all unread by default")


class PreferenceIn(In):
    kind: Literal[tuple(notify.NotificationKind.values)]  # type: ignore[valid-type]
    in_app: bool = True
    email: bool = True


class ObligationOut(Schema):
    id: int
    client_id: uuid.UUID | None
    title: str
    kind: str
    subject_type: str
    subject_id: str
    enterprise_id: int | None
    division_code: str
    owner_kind: str
    owner_user_id: int | None
    owner_role: str
    owner_division: str
    owner_party: str
    rule_id: str
    citation: str
    unit: str
    amount: int
    starts_at: datetime
    due_at: datetime
    provisional: bool = Field(description="期限待定：所涉年度工作日历未载入，暂按自然日计算")
    status: str
    state: Literal["open", "overdue", "escalated", "done"] = Field(description="overdue 在读取时推算")
    paused: bool
    escalation_level: int
    done_at: datetime | None


class ScheduleOut(Schema):
    id: int
    client_id: uuid.UUID | None
    title: str
    frequency: str
    rule_id: str
    citation: str
    active_from: date
    active_until: date | None


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    url: str
    created_at: datetime
    read_at: datetime | None


class CountOut(Schema):
    count: int


def obligation_out(o: Obligation) -> dict[str, Any]:
    return {
        "id": o.pk,
        "client_id": o.client_id,
        "title": o.title,
        "kind": o.kind,
        "subject_type": o.subject_type.app_label + "." + o.subject_type.model,
        "subject_id": o.subject_id,
        "enterprise_id": o.enterprise_id,
        "division_code": o.division_code,
        "owner_kind": o.owner_kind,
        "owner_user_id": o.owner_user_id,
        "owner_role": o.owner_role,
        "owner_division": o.owner_division,
        "owner_party": o.owner_party,
        "rule_id": o.rule_id,
        "citation": o.citation,
        "unit": o.unit,
        "amount": o.amount,
        "starts_at": o.starts_at,
        "due_at": o.due_at,
        "provisional": o.provisional,
        "status": o.status,
        "state": o.state,
        "paused": o.paused_since is not None,
        "escalation_level": o.escalation_level,
        "done_at": o.done_at,
    }


def notification_out(n: Notification) -> dict[str, Any]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "text": notify.text(n),
        "url": n.url,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }
