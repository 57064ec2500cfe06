"""Clue and publication API schemas: explicit fields; a create accepts a client-generated `client_id`."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import Field

from shouhu.core.api import Text, named
from shouhu.core.dates import PlanDate
from shouhu.workflow.obligations.schemas import In
from shouhu.workflow.obligations.schemas import ObligationSubjectIn as SubjectIn

from .models import Clue, Publication, PublicationKind

KindValue = Literal["inspection", "sampling", "penalty", "exam", "licensing"]
assert set(KindValue.__args__) == set(PublicationKind.values)  # type: ignore[attr-defined]


class ClueIn(SubjectIn):
    client_id: uuid.UUID | None = named(_("客户端编号"), None)
    source: Text = named(_("线索来源"), min_length=1, max_length=64)
    summary: Text = named(_("线索摘要"), "", max_length=300)
    evidence: list[Annotated[Text, Field(max_length=300)]] = Field(
        default_factory=list, max_length=100, description="证据引用 / evidence references"
    )
    rule_id: Text = named(_("规则编号"), "", max_length=120)
    citation: Text = named(_("依据"), min_length=1, max_length=300)


class ClueDecideIn(In):
    action: Literal["take", "dismiss"]
    note: Text = named(_("说明"), min_length=1, max_length=300)


class PublicationIn(SubjectIn):
    client_id: uuid.UUID | None = named(_("客户端编号"), None)
    kind: KindValue = named(_("公示类别"))
    title: Text = named(_("公示内容"), min_length=1, max_length=200)
    body: Text = named(_("正文"), "", max_length=20_000)
    channel: Text = named(_("公示渠道"), min_length=1, max_length=200)
    rule_id: Text = named(_("规则编号"), min_length=1, max_length=120)
    citation: Text = named(_("依据"), "", max_length=300)
    due_by: PlanDate = named(_("应公示期限"))
    shown_until: PlanDate | None = named(_("公示截止日期"), None)


class WithdrawIn(In):
    reason: Text = named(_("撤回原因"), max_length=300)


class ClueOut(Schema):
    id: int
    client_id: uuid.UUID | None
    source: str
    summary: str
    subject_type: str
    subject_id: str
    enterprise_id: int | None
    division_code: str
    evidence: list[Any]
    rule_id: str
    citation: str
    status: str
    raised_by_label: str
    raised_at: datetime


class PublicationOut(Schema):
    id: int
    client_id: uuid.UUID | None
    kind: str
    title: str
    body: str
    channel: str
    rule_id: str
    citation: str
    due_by: date
    shown_until: date | None
    status: str
    late: bool
    published_at: datetime | None
    withdrawn_at: datetime | None
    withdrawn_reason: str


class PublicOut(Schema):
    """What anyone may read: no internal ids of enterprises or people."""

    id: int
    kind: str
    title: str
    body: str
    channel: str
    citation: str
    published_at: datetime | None
    shown_until: date | None


def _subject(row: Any) -> str:
    return f"{row.subject_type.app_label}.{row.subject_type.model}"


def clue_out(c: Clue) -> dict[str, Any]:
    fields = ["id", "client_id", "source", "summary", "subject_id", "enterprise_id", "division_code"]
    fields += ["evidence", "rule_id", "citation", "status", "raised_by_label", "raised_at"]
    return {**{f: getattr(c, f) for f in fields}, "subject_type": _subject(c)}


def publication_out(p: Publication) -> dict[str, Any]:
    fields = ["id", "client_id", "kind", "title", "body", "channel", "rule_id", "citation", "due_by"]
    fields += ["shown_until", "status", "published_at", "withdrawn_at", "withdrawn_reason"]
    return {**{f: getattr(p, f) for f in fields}, "late": p.is_late}
