"""核查处置 endpoints, mounted at `/api/v1/disposal`: the cases and their duties; serving, the producer's
answers (duties, recall, 复检 / 异议), the final answers to requests, closing and extension."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Path, Router

from shouhu.core.api import ERRORS, Filter, Id, actor
from shouhu.workflow.obligations.api import summary

from . import selectors, services
from .schemas import (
    DisposalCaseOut,
    DisposalCloseIn,
    DisposalDecideIn,
    DisposalDutyIn,
    DisposalExtendIn,
    DisposalRecallIn,
    DisposalRequestIn,
    DisposalRequestOut,
)

router = Router()
DutyCode = Annotated[str, Path(max_length=16)]


def case_out(case: Any, *, detail: bool = True) -> dict[str, Any]:
    skip = {"id", "duties", "requests", "overdue", "enterprise_name", "product", "batch_number"}
    out = {k: getattr(case, k) for k in DisposalCaseOut.model_fields if k not in skip}
    out.update(
        id=case.pk,
        enterprise_name=case.enterprise.name,
        product=case.batch.product.name,
        batch_number=case.batch.number,
    )
    if detail:
        duties = selectors.case_duties(case)
        out["duties"] = [
            {
                "duty": code,
                "title": o.title,
                "state": o.state,
                "due_at": o.due_at,
                "paused": o.paused_since is not None,
                "rule_id": o.rule_id,
                "citation": o.citation,
            }
            for code, o in duties.items()
        ]
        out["overdue"] = sum(1 for o in duties.values() if o.is_overdue)
        out["requests"] = [_request_out(r) for r in case.requests.all()]
    return out


def _request_out(r: Any) -> dict[str, Any]:
    return {k: getattr(r, k) for k in DisposalRequestOut.model_fields if k != "id"} | {"id": r.pk}


def _fresh(request: HttpRequest, pk: int) -> dict[str, Any]:
    return case_out(selectors.case_get(actor(request), pk))


@router.get("/cases", response={200: list[DisposalCaseOut], **ERRORS}, summary=summary(_("核查处置案件")))
def case_list(request: HttpRequest, status: Filter = "", overdue: bool = False) -> list[dict[str, Any]]:
    cases = list(selectors.case_list(actor(request), status=status, overdue_only=overdue)[:500])
    counts = selectors.overdue_counts(cases)
    return [case_out(c, detail=False) | {"overdue": counts.get(c.pk, 0)} for c in cases]


@router.get("/cases/{case_id}", response={200: DisposalCaseOut, **ERRORS}, summary=summary(_("核查处置详情")))
def case_get(request: HttpRequest, case_id: Id) -> dict[str, Any]:
    return _fresh(request, case_id)


@router.post(
    "/cases/{case_id}/serve",
    response={200: DisposalCaseOut, **ERRORS},
    summary=summary(_("送达不合格检验结论")),
)
def serve(request: HttpRequest, case_id: Id) -> dict[str, Any]:
    services.case_serve(actor=actor(request), case=case_id)
    return _fresh(request, case_id)


@router.post(
    "/cases/{case_id}/duties/{duty}",
    response={200: DisposalCaseOut, **ERRORS},
    summary=summary(_("履行处置义务")),
)
def duty_complete(
    request: HttpRequest, case_id: Id, duty: DutyCode, payload: DisposalDutyIn
) -> dict[str, Any]:
    services.duty_complete(actor=actor(request), case=case_id, duty=duty, **payload.dict())
    return _fresh(request, case_id)


@router.post(
    "/cases/{case_id}/recall", response={200: DisposalCaseOut, **ERRORS}, summary=summary(_("启动召回"))
)
def recall(request: HttpRequest, case_id: Id, payload: DisposalRecallIn) -> dict[str, Any]:
    services.case_recall(actor=actor(request), case=case_id, **payload.dict())
    return _fresh(request, case_id)


@router.post(
    "/cases/{case_id}/requests",
    response={201: DisposalRequestOut, **ERRORS},
    summary=summary(_("申请复检或提出异议")),
)
def request_file(request: HttpRequest, case_id: Id, payload: DisposalRequestIn) -> tuple[int, dict[str, Any]]:
    req = services.request_file(actor=actor(request), case=case_id, **payload.dict())
    return 201, _request_out(req)


@router.post(
    "/cases/{case_id}/decision",
    response={200: DisposalRequestOut, **ERRORS},
    summary=summary(_("复检结论或异议处理决定")),
)
def request_decide(request: HttpRequest, case_id: Id, payload: DisposalDecideIn) -> dict[str, Any]:
    return _request_out(services.request_decide(actor=actor(request), case=case_id, **payload.dict()))


@router.post(
    "/cases/{case_id}/close", response={200: DisposalCaseOut, **ERRORS}, summary=summary(_("核查处置办结"))
)
def close(request: HttpRequest, case_id: Id, payload: DisposalCloseIn) -> dict[str, Any]:
    services.case_close(actor=actor(request), case=case_id, note=payload.note)
    return _fresh(request, case_id)


@router.post(
    "/cases/{case_id}/extend", response={200: DisposalCaseOut, **ERRORS}, summary=summary(_("延长办结期限"))
)
def extend(request: HttpRequest, case_id: Id, payload: DisposalExtendIn) -> dict[str, Any]:
    services.case_extend(actor=actor(request), case=case_id, days=payload.days, reason=payload.reason)
    return _fresh(request, case_id)
