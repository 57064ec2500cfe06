"""Contract oversight API schemas: explicit fields, unknown keys refused, every input bounded."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import ConfigDict, Field

from shouhu.core.api import RefId, Text, named

DocumentKind = Literal["licence", "business_licence", "quality_system"]


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class ContractScopeIn(In):
    category: str = named(_("食品类别"), min_length=1, max_length=8)
    variety: Text = named(_("食品品种"), min_length=1, max_length=100)


class ContractAgreementIn(In):
    contract_id: RefId = named(_("登记的委托生产合同"))
    scope: list[ContractScopeIn] = named(_("委托范围"), min_length=1, max_length=50)
    quality_terms: Text = named(_("质量安全责任约定"), min_length=1, max_length=5000)
    products: Text = named(_("委托产品"), "", max_length=2000)


class ContractQualificationIn(In):
    documents: dict[DocumentKind, RefId] = named(_("资质文件"), {}, max_length=3)
    auditors: Text = named(_("审核人员"), "", max_length=200)


class ContractQualificationDecideIn(In):
    passed: bool = named(_("审核结论（通过）"))
    note: Text = named(_("审核意见"), "", max_length=2000)


class ContractRunIn(In):
    batch_id: RefId = named(_("生产批次"))


class ContractRunDecideIn(In):
    release: bool = named(_("委托方放行"))
    note: Text = named(_("决定说明"), "", max_length=2000)


class ContractScopeOut(Schema):
    category: str
    variety: str


class ContractAgreementOut(Schema):
    id: int
    contract_id: int
    principal_id: int
    principal_name: str = Field(validation_alias="principal.name")
    manufacturer_id: int
    manufacturer_name: str = Field(validation_alias="manufacturer.name")
    scope: list[ContractScopeOut]
    products: str
    quality_terms: str
    starts_on: dt.date
    ends_on: dt.date
    state: str
    ended_on: dt.date | None
    run_count: int | None = None
    pending_count: int | None = None


class ContractQualificationOut(Schema):
    id: int
    agreement_id: int
    licence_id: int | None
    licence_ok: bool
    gaps: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    audit_id: int | None
    state: str
    note: str
    decided_at: dt.datetime | None


class ContractRunOut(Schema):
    id: int
    agreement_id: int
    batch_id: int
    batch_number: str = Field(validation_alias="batch.number")
    produced_on: dt.date = Field(validation_alias="batch.produced_on")
    manufacturer_release: str = Field(validation_alias="batch.status")  # the 受托方's release record
    decision: str  # the 委托方's release decision
    note: str
    decided_at: dt.datetime | None


class ContractDutyOut(Schema):
    id: int
    kind: str
    title: str
    citation: str
    status: str
    due_at: dt.datetime
    overdue: bool
    done_at: dt.datetime | None


class ContractAgreementDetailOut(Schema):
    agreement: ContractAgreementOut
    side: str
    qualifications: list[ContractQualificationOut]
    runs: list[ContractRunOut]
    duties: list[ContractDutyOut]


class ContractSupervisionOut(Schema):
    agreement: ContractAgreementOut
    due: int
    overdue: int
