"""Findings API schemas: explicit fields, named by one msgid each."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import Field

from shouhu.core.api import RefId, Text, named
from shouhu.core.dates import PlanDate


class FindingIn(Schema):
    client_id: UUID | None = None
    subject_type: Text = named(_("对象类型"), max_length=100, examples=["registry.enterprise"])
    subject_id: Text = named(_("对象编号"), max_length=64)
    severity: str = named(_("严重程度"), max_length=16, pattern="^(critical|major|minor)$")
    title: Text = named(_("问题"), min_length=1, max_length=300)
    description: Text = Field("", max_length=10_000)
    citation: Text = Field("", max_length=300)
    rule_id: Text = Field("", max_length=120)
    evidence: list[RefId] = Field(default_factory=list, max_length=50)


class RectificationIn(Schema):
    client_id: UUID | None = None
    due_on: PlanDate = named(_("整改期限"))


class AnswerIn(Schema):
    answer: Text = named(_("整改说明"), min_length=1, max_length=10_000)
    evidence: list[RefId] = Field(default_factory=list, max_length=50)


class DecisionIn(Schema):
    note: Text = named(_("验收意见"), "", max_length=5000)


class RecheckIn(Schema):
    run_id: RefId


class RectificationOut(Schema):
    id: int
    client_id: UUID
    finding_id: int
    due_on: date
    state: str
    answer: str
    answer_evidence: list[dict[str, Any]]
    answered_at: datetime | None
    rounds: int
    recheck_run_id: int | None
    decision_note: str
    decided_at: datetime | None


class FindingOut(Schema):
    id: int
    client_id: UUID
    subject_type: str
    subject_id: str
    enterprise_id: int | None
    origin: str
    severity: str
    title: str
    description: str
    citation: str
    rule_id: str
    evidence: list[dict[str, Any]]
    state: str
    issued_by_label: str
    created_at: datetime
    rectifications: list[RectificationOut]

    @staticmethod
    def resolve_rectifications(obj: Any) -> list[Any]:
        return list(obj.rectifications.all())
