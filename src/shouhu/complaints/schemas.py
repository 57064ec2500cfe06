"""Complaint API schemas: explicit fields, each named by one msgid."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from django.utils.translation import gettext_lazy as _
from ninja import Schema

from shouhu.core.api import Text, named
from shouhu.core.dates import PastDate


class SubmitIn(Schema):
    kind: Literal["complaint", "report"] = named(_("类别"))
    description: Text = named(_("投诉举报内容"), min_length=1, max_length=5000)
    cause: Literal["quality", "foreign", "illness", "label", "expired", "unlicensed", "service", "other"] = (
        named(_("问题类别"), "other")
    )
    trace_code: Text = named(_("生产批号或追溯码"), "", max_length=64)
    enterprise_name: Text = named(_("被投诉举报企业"), "", max_length=200)
    licence: Text = named(_("许可证编号"), "", max_length=32)
    product_name: Text = named(_("产品名称"), "", max_length=200)
    division_code: Text = named(_("发生地县（区）"), "", max_length=6)
    place: Text = named(_("发生地点"), "", max_length=300)
    occurred_on: PastDate | None = named(_("发生日期"), None)
    anonymous: bool = named(_("匿名"), False)
    contact_name: Text = named(_("姓名"), "", max_length=64)
    contact_phone: Text = named(_("联系电话"), "", max_length=32)
    consent_forward: bool = named(_("同意转被投诉企业处理"), False)
    challenge_token: Text = named(_("验证题编号"), "", max_length=500)
    challenge_answer: Text = named(_("验证题答案"), "", max_length=20)


class ChallengeOut(Schema):
    level: int
    question: str | None
    token: str | None


class FiledOut(Schema):
    tracking_no: str
    token: str  # shown once: with the tracking number it opens the status page
    kind: str
    status: str
    merged: bool


class StatusIn(Schema):
    tracking_no: Text = named(_("受理查询编号"), min_length=1, max_length=20)
    token: Text = named(_("查询码"), min_length=1, max_length=64)


class StepOut(Schema):
    label: str
    note: str
    at: datetime


class StatusOut(Schema):
    tracking_no: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    submitted_at: datetime
    merged_into: str | None
    steps: list[StepOut]


class SubmissionOut(Schema):
    id: int
    tracking_no: str
    kind: str
    status: str
    enterprise_id: int | None
    target: str
    division_code: str
    description: str
    cause: str
    anonymous: bool
    contact_name: str
    contact_phone: str
    submitted_at: datetime
    due_at: datetime | None
    overdue: bool
    forwarded_at: datetime | None
    enterprise_answer: str
    case_opened: bool | None
    clue_id: int | None


class ActionIn(Schema):
    action: Literal[
        "accept",
        "decline",
        "forward",
        "mediate",
        "verify",
        "decide",
        "tell",
        "close",
        "pause",
        "resume",
        "extend",
    ]
    note: Text = named(_("说明"), "", max_length=3000)
    outcome: Text = named(_("调解结果"), "", max_length=16)
    case_opened: bool | None = named(_("是否立案"), None)
    pause_kind: Literal["hearing", "testing", "production_stop", "other"] = named(
        _("中止原因类别"), "testing"
    )
    amount: int | None = named(_("延长工作日数"), None, ge=1, le=60)


class ComplaintAnswerIn(Schema):
    answer: Text = named(_("处理情况"), min_length=1, max_length=3000)


class RewardIn(Schema):
    level: int = named(_("奖励等级"), ge=1, le=3)
    fines: Decimal = named(_("罚没款金额（元）"), gt=0, le=Decimal("1e12"), max_digits=14, decimal_places=2)
    penalty_ref: Text = named(_("行政处罚决定书文号"), min_length=1, max_length=100)


class RewardActIn(Schema):
    action: Literal["approve", "pay"]
    payment_ref: Text = named(_("发放凭证号"), "", max_length=100)


class RewardOut(Schema):
    id: int
    submission_id: int
    level: int
    fines: Decimal
    amount: Decimal
    basis: str
    penalty_ref: str
    status: str
    approved_at: datetime | None
    paid_at: datetime | None
    payment_ref: str


def submission_out(s: Any, due: Any = None, *, staff: bool = False) -> dict[str, Any]:
    """A submission for its handler; an enterprise (a forwarded complaint) sees no more than it needs."""
    return {
        "id": s.pk,
        "tracking_no": s.tracking_no,
        "kind": s.kind,
        "status": s.status,
        "enterprise_id": s.enterprise_id,
        "target": s.target_label,
        "division_code": s.division_code,
        "description": s.description,
        "cause": s.cause,
        "anonymous": s.anonymous,
        "contact_name": s.contact_name,
        "contact_phone": s.contact_phone,
        "submitted_at": s.submitted_at,
        "due_at": due.due_at if due is not None else None,
        "overdue": bool(due is not None and due.is_overdue),
        "forwarded_at": s.forwarded_at,
        "enterprise_answer": s.enterprise_answer,
        "case_opened": None if staff else s.case_opened,
        "clue_id": None if staff else s.clue_id,
    }


def status_out(s: Any, steps: list[Any]) -> dict[str, Any]:
    return {
        "tracking_no": s.tracking_no,
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "status": s.status,
        "status_label": s.get_status_display(),
        "submitted_at": s.submitted_at,
        "merged_into": s.merged_into.tracking_no if s.merged_into_id else None,
        "steps": [{"label": st.label, "note": st.note, "at": st.at} for st in steps],
    }
