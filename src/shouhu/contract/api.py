"""Contract oversight endpoints, mounted at `/api/v1/contract` (issue 20): agreements as each side sees them,
the 委托方's qualification review and its verdict, the runs the 受托方 declares and the 委托方's release
decision on each, the duties due (reports to the regulator), and the regulator's table.

Tenancy is the selectors': a party sees only contracts it is a party to, a regulator those where either party
lies in its jurisdiction; any other id is a 404 and writes nothing. Creates are keyed by what they create
(one agreement per registry contract, one run per batch, one open review per agreement): a replay is a 409
naming the record that exists, and writes nothing.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from shouhu.core.api import ERRORS, Id, Limit, actor, field_labels
from shouhu.core.api import openapi_text as summary

from . import selectors, services
from .models import Qualification, Run
from .schemas import (
    ContractAgreementDetailOut,
    ContractAgreementIn,
    ContractAgreementOut,
    ContractDutyOut,
    ContractQualificationDecideIn,
    ContractQualificationIn,
    ContractQualificationOut,
    ContractRunDecideIn,
    ContractRunIn,
    ContractRunOut,
    ContractSupervisionOut,
)

router = Router()
Side = Literal["", "principal", "manufacturer"]


@router.get(
    "/agreements", response={200: list[ContractAgreementOut], **ERRORS}, summary=summary(_("委托生产合同"))
)
def agreement_list(request: HttpRequest, side: Query[Side] = "", limit: Limit = 200) -> list[Any]:
    """Agreements the caller's tenancy is a party to (`side`: as 委托方 or as 受托方 only)."""
    return list(selectors.agreement_list(actor(request), side=side)[:limit])


@router.post(
    "/agreements",
    response={201: ContractAgreementOut, **ERRORS},
    summary=summary(_("登记委托生产范围与质量责任")),
)
def agreement_create(request: HttpRequest, body: ContractAgreementIn) -> Status:
    """The 委托方 records scope, products and quality responsibilities of a confirmed registry contract."""
    with field_labels(ContractAgreementIn):
        agreement = services.agreement_create(
            actor=actor(request),
            contract_id=body.contract_id,
            scope=[s.dict() for s in body.scope],
            quality_terms=body.quality_terms,
            products=body.products,
        )
    return Status(201, agreement)


@router.get(
    "/agreements/{agreement_id}",
    response={200: ContractAgreementDetailOut, **ERRORS},
    summary=summary(_("委托生产详情")),
)
def agreement_detail(request: HttpRequest, agreement_id: Id) -> dict[str, Any]:
    who = actor(request)
    data = selectors.detail(who, agreement_id)
    return data | {"duties": selectors.duty_rows(who, agreement_id)}


@router.get(
    "/agreements/{agreement_id}/duties",
    response={200: list[ContractDutyOut], **ERRORS},
    summary=summary(_("委托生产待报告和待办事项")),
)
def duty_list(request: HttpRequest, agreement_id: Id, open_only: bool = True) -> list[dict[str, Any]]:
    """The agreement's duties (`open_only`: those still due), each saying whether it is overdue."""
    return selectors.duty_rows(actor(request), agreement_id, open_only=open_only)


@router.post(
    "/agreements/{agreement_id}/qualifications",
    response={201: ContractQualificationOut, **ERRORS},
    summary=summary(_("开始受托方资质审核")),
)
def qualification_create(request: HttpRequest, agreement_id: Id, body: ContractQualificationIn) -> Status:
    with field_labels(ContractQualificationIn):
        q = services.qualification_start(
            actor=actor(request),
            agreement=agreement_id,
            documents=dict(body.documents),
            auditors=body.auditors,
        )
    return Status(201, q)


@router.post(
    "/qualifications/{qualification_id}/decide",
    response={200: ContractQualificationOut, **ERRORS},
    summary=summary(_("受托方资质审核结论")),
)
def qualification_decide(
    request: HttpRequest, qualification_id: Id, body: ContractQualificationDecideIn
) -> Qualification:
    with field_labels(ContractQualificationDecideIn):
        return services.qualification_decide(
            actor=actor(request), qualification=qualification_id, passed=body.passed, note=body.note
        )


@router.post(
    "/agreements/{agreement_id}/runs",
    response={201: ContractRunOut, **ERRORS},
    summary=summary(_("登记委托生产批次")),
)
def run_create(request: HttpRequest, agreement_id: Id, body: ContractRunIn) -> Status:
    """The 受托方 (a person or its MES key) declares one of its batches as made under the contract."""
    with field_labels(ContractRunIn):
        run = services.run_record(actor=actor(request), agreement=agreement_id, batch_id=body.batch_id)
    return Status(201, Run.objects.select_related("batch").get(pk=run.pk))


@router.post(
    "/runs/{run_id}/decide", response={200: ContractRunOut, **ERRORS}, summary=summary(_("委托方放行决定"))
)
def run_decide(request: HttpRequest, run_id: Id, body: ContractRunDecideIn) -> Run:
    """The 委托方 releases a run the 受托方 released, or refuses it with its reason."""
    with field_labels(ContractRunDecideIn):
        return services.run_decide(actor=actor(request), run=run_id, release=body.release, note=body.note)


@router.get(
    "/supervision", response={200: list[ContractSupervisionOut], **ERRORS}, summary=summary(_("委托生产监管"))
)
def supervision(request: HttpRequest, limit: Limit = 500) -> list[dict[str, Any]]:
    """The regulator's table: agreements where either party lies in its jurisdiction, duties due and overdue."""
    return selectors.supervision(actor(request))[:limit]
