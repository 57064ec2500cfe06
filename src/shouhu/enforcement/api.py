"""Enforcement endpoints, mounted at `/api/v1/enforcement`: the jurisdiction's cases (paged, by state,
violation and overdue), one case with its time limits, the decision (refused after its limit), and an
enterprise's credit file."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from shouhu.core.api import ERRORS, Filter, Id, actor
from shouhu.workflow.obligations.api import summary

from . import selectors, services
from .schemas import EnforcementCaseOut, EnforcementCasePage, EnforcementCreditOut, EnforcementDecideIn

router = Router()
Page = Annotated[int, Query(ge=1, le=100_000)]
FIELDS = [f for f in EnforcementCaseOut.model_fields if f not in {"enterprise_name", "overdue", "limits"}]


def case_out(case: Any, *, detail: bool = False) -> dict[str, Any]:
    out = {k: getattr(case, k) for k in FIELDS if k != "id"} | {"id": case.pk}
    out["enterprise_name"] = case.enterprise.name
    out["overdue"] = bool(case.deadline_at and case.deadline_at < timezone.now() and not case.paused)
    if detail:
        out["limits"] = [
            {
                "limit": code,
                "title": o.title,
                "state": o.state,
                "due_at": o.due_at,
                "paused": o.paused_since is not None,
                "extended": bool(list(o.extensions.all())),
                "rule_id": o.rule_id,
                "citation": o.citation,
            }
            for code, o in selectors.case_limits(case).items()
        ]
    return out


@router.get("/cases", response={200: EnforcementCasePage, **ERRORS}, summary=summary(_("行政处罚案件")))
def case_list(
    request: HttpRequest,
    status: Filter = "open",
    violation: Filter = "",
    overdue: bool = False,
    page: Page = 1,
) -> dict[str, Any]:
    data = selectors.case_page(
        actor(request), page=page, status=status, violation=violation, overdue_only=overdue
    )
    return {
        "total": data["total"],
        "page": data["page"],
        "pages": data["pages"],
        "items": [case_out(c) for c in data["rows"]],
    }


@router.get(
    "/cases/{case_id}", response={200: EnforcementCaseOut, **ERRORS}, summary=summary(_("行政处罚案件详情"))
)
def case_get(request: HttpRequest, case_id: Id) -> dict[str, Any]:
    return case_out(selectors.case_get(actor(request), case_id), detail=True)


@router.post(
    "/cases/{case_id}/decision",
    response={200: EnforcementCaseOut, **ERRORS},
    summary=summary(_("作出行政处罚决定")),
)
def decide(request: HttpRequest, case_id: Id, payload: EnforcementDecideIn) -> dict[str, Any]:
    services.case_decide(actor=actor(request), case=case_id, **payload.dict())
    return case_out(selectors.case_get(actor(request), case_id), detail=True)


@router.get(
    "/credit/{enterprise_id}",
    response={200: EnforcementCreditOut, **ERRORS},
    summary=summary(_("企业信用档案")),
)
def credit(request: HttpRequest, enterprise_id: Id) -> dict[str, Any]:
    enterprise = selectors.enterprise_get(actor(request), enterprise_id)
    f = selectors.credit_file(enterprise)
    return {
        "enterprise_id": enterprise.pk,
        "enterprise_name": enterprise.name,
        "penalties": [
            {
                "case_id": c.pk,
                "decision_no": c.decision_no,
                "violation": c.violation,
                "penalties": c.penalties,
                "fine_yuan": c.fine_yuan,
                "status": c.status,
                "decided_at": c.decided_at,
                "shown_until": c.shown.shown_until if c.shown else None,
            }
            for c in f["penalties"]
        ],
        "list_entries": [
            {
                "id": e.pk,
                "case_id": e.case_id,
                "status": e.status,
                "listed": listed,
                "listed_on": e.listed_on,
                "early_from": e.early_from,
                "removal_on": e.removal_on,
            }
            for e, listed in f["list_entries"]
        ],
        "repairs_approved": sum(1 for r in f["repairs"] if r.status == "approved"),
        "inspections": len(f["inspections"]),
        "samples_failed": sum(1 for s in f["samples"] if s.verdict == "fail"),
        "complaints_upheld": len(f["complaints"]),
    }
