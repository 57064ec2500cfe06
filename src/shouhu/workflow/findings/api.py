"""Findings API (`/api/v1/findings`): findings, rectification orders, answers, re-checks and decisions."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router, Status

from shouhu.core.api import ERRORS, Filter, Id
from shouhu.core.api import actor as request_actor

from ..checklists.selectors import run_get
from ..subjects import resolve
from . import selectors, services
from .schemas import AnswerIn, DecisionIn, FindingIn, FindingOut, RecheckIn, RectificationIn, RectificationOut

router = Router()


@router.get("", response={200: list[FindingOut], **ERRORS}, summary="Findings in your tenancy")
def finding_list(request: HttpRequest, state: Filter = "", limit: Annotated[int, Query(ge=1, le=500)] = 100):
    qs = selectors.finding_list(request_actor(request))
    if state:
        qs = qs.filter(state=state)
    return list(qs[:limit])


@router.post("", response={201: FindingOut, **ERRORS}, summary="Record a finding (regulator or self)")
def finding_issue(request: HttpRequest, body: FindingIn):
    actor = request_actor(request)
    finding = services.finding_issue(
        actor=actor,
        subject=resolve(actor, body.subject_type, body.subject_id),
        severity=body.severity,
        title=body.title,
        description=body.description,
        citation=body.citation,
        rule_id=body.rule_id,
        evidence=body.evidence,
        client_id=body.client_id,
    )
    return Status(201, selectors.finding_get(actor, finding.pk))


@router.get("/{finding_id}", response={200: FindingOut, **ERRORS})
def finding_detail(request: HttpRequest, finding_id: Id):
    return selectors.finding_get(request_actor(request), finding_id)


@router.post("/{finding_id}/rectifications", response={201: RectificationOut, **ERRORS}, summary="Order 整改")
def rectification_open(request: HttpRequest, finding_id: Id, body: RectificationIn):
    return Status(
        201,
        services.rectification_open(
            actor=request_actor(request), finding=finding_id, due_on=body.due_on, client_id=body.client_id
        ),
    )


@router.post("/rectifications/{rect_id}/answer", response={200: RectificationOut, **ERRORS})
def rectification_answer(request: HttpRequest, rect_id: Id, body: AnswerIn):
    return services.rectification_answer(
        actor=request_actor(request), rectification=rect_id, answer=body.answer, evidence=body.evidence
    )


@router.post("/rectifications/{rect_id}/recheck", response={200: RectificationOut, **ERRORS})
def rectification_recheck(request: HttpRequest, rect_id: Id, body: RecheckIn):
    actor = request_actor(request)
    return services.rectification_recheck(actor=actor, rectification=rect_id, run=run_get(actor, body.run_id))


@router.post("/rectifications/{rect_id}/accept", response={200: RectificationOut, **ERRORS})
def rectification_accept(request: HttpRequest, rect_id: Id, body: DecisionIn):
    return services.rectification_accept(actor=request_actor(request), rectification=rect_id, note=body.note)


@router.post("/rectifications/{rect_id}/return", response={200: RectificationOut, **ERRORS})
def rectification_return(request: HttpRequest, rect_id: Id, body: DecisionIn):
    return services.rectification_return(actor=request_actor(request), rectification=rect_id, note=body.note)
