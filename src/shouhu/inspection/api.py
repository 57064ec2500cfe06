"""Inspection endpoints, mounted at `/api/v1/inspection`: arrange, record results (photos are evidence files
uploaded through `/api/v1/evidence`), conclude, sign or record a refusal, publish; `/public` needs no login."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router

from shouhu.core.api import ERRORS, Filter, Id, actor
from shouhu.workflow.obligations.api import summary

from . import selectors, services
from .models import Inspection
from .schemas import (
    InspectionConcludeIn,
    InspectionDetailOut,
    InspectionExamIn,
    InspectionExamOut,
    InspectionIn,
    InspectionOut,
    InspectionOwnersIn,
    InspectionPublicOut,
    InspectionRefusalIn,
    InspectionResultIn,
    InspectionSignIn,
)
from .services.team import owners_of

router = Router()


def _out(i: Inspection) -> dict[str, Any]:
    return {
        "id": i.pk,
        "number": i.number,
        "enterprise_id": i.enterprise_id,
        "kind": i.kind,
        "origin": i.origin,
        "task_id": i.task_id,
        "state": i.state,
        "outcome": i.outcome,
        "planned_on": i.planned_on,
        "inspectors": [m.user_id for m in i.members.all()],
        "publication_obligation_id": i.publication_obligation_id,
        "publication_id": i.publication_id,
    }


def _detail(i: Inspection) -> dict[str, Any]:
    sig = services.signature_state(i)
    members = list(i.members.select_related("user"))
    return {
        **_out(i),
        "items": [
            {
                "item_id": r.item.item_id,
                "owners": [m.user_id for m in owners_of(i, r.item, members)],
                "area": r.item.group,
                "title": r.item.title,
                "citation": r.item.citation,
                "key": r.item.key,
                "result": r.result,
                "notes": [x.note for x in r.results if x.note],
            }
            for r in selectors.item_rows(i)
        ],
        "followups": [
            {
                "item_id": f.item_id,
                "key": f.key,
                "kind": f.kind,
                "note": f.note,
                "clue_id": f.clue_id,
                "rectification_id": f.rectification_id,
            }
            for f in selectors.followups(i)
        ],
        "inspectors_signed": sorted(sig.inspectors_signed),
        "enterprise_signed": sig.enterprise is not None and not sig.enterprise.refused,
        "enterprise_refused": sig.enterprise is not None and sig.enterprise.refused,
    }


@router.get("/inspections", response={200: list[InspectionOut], **ERRORS}, summary=summary(_("监督检查记录")))
def inspection_list(request: HttpRequest, state: Filter = "") -> list[dict[str, Any]]:
    qs = selectors.inspection_list(actor(request), state=state).prefetch_related("members")[:500]
    return [_out(i) for i in qs]


@router.post("/inspections", response={201: InspectionOut, **ERRORS}, summary=summary(_("安排监督检查")))
def inspection_create(request: HttpRequest, body: InspectionIn) -> tuple[int, dict[str, Any]]:
    return 201, _out(services.inspection_create(actor=actor(request), **body.dict()))


@router.get(
    "/inspections/{inspection_id}",
    response={200: InspectionDetailOut, **ERRORS},
    summary=summary(_("监督检查")),
)
def inspection_get(request: HttpRequest, inspection_id: Id) -> dict[str, Any]:
    return _detail(selectors.inspection_get(actor(request), inspection_id))


@router.post(
    "/inspections/{inspection_id}/results",
    response={201: InspectionDetailOut, **ERRORS},
    summary=summary(_("记录检查结果")),
)
def result_record(
    request: HttpRequest, inspection_id: Id, body: InspectionResultIn
) -> tuple[int, dict[str, Any]]:
    who = actor(request)
    services.result_record(actor=who, inspection=inspection_id, **body.dict())
    return 201, _detail(selectors.inspection_get(who, inspection_id))


@router.post(
    "/inspections/{inspection_id}/conclude",
    response={200: InspectionDetailOut, **ERRORS},
    summary=summary(_("作出检查结论")),
)
def inspection_conclude(
    request: HttpRequest, inspection_id: Id, body: InspectionConcludeIn
) -> dict[str, Any]:
    who = actor(request)
    fixes = {k: v.dict() for k, v in body.fixes.items()}
    services.inspection_conclude(actor=who, inspection=inspection_id, fixes=fixes, due_on=body.due_on)
    return _detail(selectors.inspection_get(who, inspection_id))


@router.post(
    "/inspections/{inspection_id}/sign",
    response={200: InspectionDetailOut, **ERRORS},
    summary=summary(_("结果记录表签字")),
)
def inspection_sign(request: HttpRequest, inspection_id: Id, body: InspectionSignIn) -> dict[str, Any]:
    who = actor(request)
    services.inspection_sign(actor=who, inspection=inspection_id, drawing=body.drawing, image=body.image_png)
    return _detail(selectors.inspection_get(who, inspection_id))


@router.post(
    "/inspections/{inspection_id}/owners",
    response={200: InspectionDetailOut, **ERRORS},
    summary=summary(_("分配检查项目负责人")),
)
def owners_assign(request: HttpRequest, inspection_id: Id, body: InspectionOwnersIn) -> dict[str, Any]:
    who = actor(request)
    services.owners_assign(actor=who, inspection=inspection_id, owners=body.owners)
    return _detail(selectors.inspection_get(who, inspection_id))


@router.post(
    "/inspections/{inspection_id}/exams",
    response={201: InspectionExamOut, **ERRORS},
    summary=summary(_("现场发起管理人员抽查考核")),
)
def exam_start(request: HttpRequest, inspection_id: Id, body: InspectionExamIn) -> tuple[int, dict[str, Any]]:
    link, code = services.exam_start(actor=actor(request), inspection=inspection_id, person_id=body.person_id)
    return 201, {"spot_check_id": link.spot_check_id, "person_id": link.spot_check.person_id, "code": code}


@router.post(
    "/inspections/{inspection_id}/refusal",
    response={200: InspectionDetailOut, **ERRORS},
    summary=summary(_("记录企业拒签")),
)
def inspection_refusal(request: HttpRequest, inspection_id: Id, body: InspectionRefusalIn) -> dict[str, Any]:
    who = actor(request)
    services.inspection_refusal(actor=who, inspection=inspection_id, **body.dict())
    return _detail(selectors.inspection_get(who, inspection_id))


@router.post(
    "/inspections/{inspection_id}/publish",
    response={200: InspectionDetailOut, **ERRORS},
    summary=summary(_("公开检查结果")),
)
def inspection_publish(request: HttpRequest, inspection_id: Id) -> dict[str, Any]:
    who = actor(request)
    services.inspection_publish(actor=who, inspection=inspection_id)
    return _detail(selectors.inspection_get(who, inspection_id))


@router.get(
    "/public",
    response={200: list[InspectionPublicOut], **ERRORS},
    auth=None,
    summary=summary(_("监督检查结果公开")),
)
def public(request: HttpRequest) -> list[dict[str, Any]]:
    def day(value: Any) -> Any:
        return timezone.localtime(value).date() if value else None

    return [
        {
            "enterprise": i.enterprise.name,
            "kind": i.kind,
            "outcome": i.outcome,
            "concluded_on": day(i.concluded_at),
            "published_on": day(i.published_at),
            "failed_items": i.failed,
        }
        for i in selectors.published_results()
    ]
