"""Enforcement API schemas: explicit fields, unknown keys refused."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import ConfigDict, Field

from shouhu.core.api import Amount, Text, named


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class EnforcementLimitOut(Schema):
    limit: str
    title: str
    state: str
    due_at: datetime
    paused: bool
    extended: bool
    rule_id: str
    citation: str


class EnforcementCaseOut(Schema):
    id: int
    number: str
    enterprise_id: int
    enterprise_name: str = ""
    division_code: str
    source: str
    summary: str
    violation: str
    status: str
    found_at: datetime
    filed_at: datetime | None
    decided_at: datetime | None
    procedure: str
    penalties: list[str]
    fine_yuan: Decimal
    decision_no: str
    referred_to: str
    deadline_at: datetime | None
    deadline_kind: str
    paused: bool
    overdue: bool = False
    limits: list[EnforcementLimitOut] = Field(default_factory=list)


class EnforcementCasePage(Schema):
    total: int
    page: int
    pages: int
    items: list[EnforcementCaseOut]


class EnforcementDecideIn(In):
    procedure: Text = named(_("程序"), max_length=16)
    penalties: list[Annotated[Text, Field(max_length=16)]] = named(_("处罚种类"), max_length=8)
    fine_yuan: Amount = named(_("罚没款金额（元）"), Decimal("0"))
    decision_no: Text = named(_("处罚决定书文号"), min_length=1, max_length=64)
    facts: Text = named(_("违法事实"), "", max_length=4000)


class EnforcementPenaltyOut(Schema):
    case_id: int
    decision_no: str
    violation: str
    penalties: list[str]
    fine_yuan: Decimal
    status: str
    decided_at: datetime | None
    shown_until: date | None


class EnforcementListEntryOut(Schema):
    id: int
    case_id: int
    status: str
    listed: bool
    listed_on: date
    early_from: date
    removal_on: date


class EnforcementCreditOut(Schema):
    enterprise_id: int
    enterprise_name: str
    penalties: list[EnforcementPenaltyOut]
    list_entries: list[EnforcementListEntryOut]
    repairs_approved: int
    inspections: int
    samples_failed: int
    complaints_upheld: int
