"""Self-control API (`/api/v1/selfcontrol`): read the list and its versions, push daily records, completion."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from shouhu.core.api import ERRORS, Id, Limit
from shouhu.core.api import actor as request_actor
from shouhu.core.dates import AnyDate

from . import selectors, services
from .schemas import (
    CompletionOut,
    DailyBulkIn,
    DailyOut,
    RiskListOut,
    SelfcontrolSelfInspectionOut,
    SelfcontrolSelfInspectionStatusOut,
)

router = Router()


@router.get("/lists/{enterprise_id}", response={200: RiskListOut, **ERRORS}, summary="The risk-control list")
def risklist_read(request: HttpRequest, enterprise_id: Id, history: bool = False):
    actor = request_actor(request)
    risk_list = selectors.risklist_get(actor, enterprise_id)
    versions = selectors.version_list(actor, enterprise_id)
    if not history:
        versions = versions.filter(number=risk_list.current)
    return {
        "enterprise_id": risk_list.enterprise_id,
        "adopted_on": risk_list.adopted_on,
        "current": risk_list.current,
        "versions": list(versions),
    }


@router.post(
    "/daily/bulk",
    response={201: list[DailyOut], **ERRORS},
    summary="Push daily check records (all or nothing; replay-safe by client_id)",
)
def daily_push(request: HttpRequest, body: DailyBulkIn):
    actor = request_actor(request)
    records = [
        {
            "client_id": r.client_id,
            "day": r.day,
            "problems": [p.dict() for p in r.problems],
            "checked_by_name": r.checked_by_name,
            "corrects": r.corrects,
            "reason": r.reason,
        }
        for r in body.records
    ]
    made = services.daily_record_many(actor=actor, records=records)
    return Status(201, [selectors.daily_get(actor, c.pk) for c in made])


@router.get("/daily", response={200: list[DailyOut], **ERRORS}, summary="Daily check records in your tenancy")
def daily_list(
    request: HttpRequest, first: AnyDate | None = None, last: AnyDate | None = None, limit: Limit = 100
):
    qs = selectors.daily_list(request_actor(request)).select_related("list_version").filter(current=True)
    if first:
        qs = qs.filter(day__gte=first)
    if last:
        qs = qs.filter(day__lte=last)
    return list(qs.order_by("-day")[:limit])


@router.get("/completion", response={200: list[CompletionOut], **ERRORS}, summary="Completion per enterprise")
def completion(request: HttpRequest, first: AnyDate | None = None, last: AnyDate | None = None):
    today = timezone.localdate()
    first = first or today.replace(month=1, day=1)
    last = last or today
    return selectors.completion(request_actor(request), first, min(last, first.replace(year=first.year + 1)))


@router.get(
    "/selfinspections",
    response={200: list[SelfcontrolSelfInspectionOut], **ERRORS},
    summary="Self-inspection reports in your tenancy (an enterprise's own; a bureau's submitted ones)",
)
def selfinspection_list(request: HttpRequest, limit: Limit = 100):
    actor = request_actor(request)
    qs = selectors.selfinspection_list(actor)
    if not getattr(actor, "enterprise_id", None):
        qs = qs.filter(state="submitted")
    return [_si(s) for s in qs.order_by("-starts_on")[:limit]]


@router.get(
    "/selfinspections/status",
    response={200: list[SelfcontrolSelfInspectionStatusOut], **ERRORS},
    summary="Per enterprise in your jurisdiction: the last ended period's report submitted, late or missing",
)
def selfinspection_status(request: HttpRequest):
    return [
        {
            "enterprise_id": r.enterprise_id,
            "name": r.name,
            "months": r.months,
            "chosen": r.chosen,
            "period_starts_on": r.period[0],
            "period_ends_on": r.period[1],
            "status": r.status,
            "report_id": r.report.pk if r.report else None,
        }
        for r in selectors.selfinspection_overview(request_actor(request))
    ]


@router.get(
    "/selfinspections/{si_id}",
    response={200: SelfcontrolSelfInspectionOut, **ERRORS},
    summary="One self-inspection report as structured data",
)
def selfinspection_read(request: HttpRequest, si_id: Id):
    return _si(selectors.selfinspection_get(request_actor(request), si_id))


def _si(si) -> dict:
    return {
        "id": si.pk,
        "enterprise_id": si.enterprise_id,
        "starts_on": si.starts_on,
        "ends_on": si.ends_on,
        "due_on": si.due_on,
        "months": si.months,
        "state": si.state,
        "late": si.late,
        "submitted_at": si.submitted_at,
        "conclusion": si.conclusion,
        "data": si.data if si.state == "submitted" else selectors.report_data(si),
    }
