"""Checklists API (`/api/v1/checklists`): templates, runs, results (one per scorer), verdicts, signatures.

Every create takes an optional client-generated `client_id`; a replay answers with the stored record.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from shouhu.core.api import ERRORS, Id
from shouhu.core.api import actor as request_actor

from ..subjects import resolve
from . import selectors, services
from .schemas import (
    RefusalIn,
    ResultIn,
    ResultOut,
    ResultsIn,
    RunIn,
    RunOut,
    SignatureOut,
    SignIn,
    TemplateFromListIn,
    TemplateFromSourceIn,
    TemplateOut,
)

router = Router()


def _subject(request: HttpRequest, body: object):
    subject = getattr(body, "subject", body)
    if subject is None:
        return None
    return resolve(request_actor(request), subject.subject_type, subject.subject_id)


@router.post(
    "/templates/from-source", response={201: TemplateOut, **ERRORS}, summary="A checklist from rule data"
)
def template_from_source(request: HttpRequest, body: TemplateFromSourceIn):
    return Status(
        201,
        services.template_from_source(
            actor=request_actor(request),
            source=body.source,
            params=body.params,
            as_of=body.as_of,
            title=body.title,
            subject=_subject(request, body),
            client_id=body.client_id,
            scorer_role=body.scorer_role,
            verdict_params=body.verdict_params,
        ),
    )


@router.post(
    "/templates/from-list", response={201: TemplateOut, **ERRORS}, summary="A checklist from your own list"
)
def template_from_list(request: HttpRequest, body: TemplateFromListIn):
    return Status(
        201,
        services.template_from_list(
            actor=request_actor(request),
            title=body.title,
            items=[i.dict() for i in body.items],
            subject=_subject(request, body),
            client_id=body.client_id,
            verdict_rule=body.verdict_rule,
            verdict_params=body.verdict_params,
            min_scorers=body.min_scorers,
            scorer_role=body.scorer_role,
        ),
    )


@router.get("/templates/{template_id}", response={200: TemplateOut, **ERRORS})
def template_detail(request: HttpRequest, template_id: Id):
    return selectors.template_get(request_actor(request), template_id)


@router.post("/runs", response={201: RunOut, **ERRORS}, summary="Open a run of a template on a subject")
def run_open(request: HttpRequest, body: RunIn):
    actor = request_actor(request)
    template = selectors.template_get(actor, body.template_id)
    return Status(
        201,
        services.run_open(
            actor=actor,
            template=template,
            subject=_subject(request, body),
            client_id=body.client_id,
            title=body.title,
        ),
    )


@router.get("/runs/{run_id}", response={200: RunOut, **ERRORS})
def run_detail(request: HttpRequest, run_id: Id):
    return selectors.run_get(request_actor(request), run_id)


@router.post("/runs/{run_id}/results", response={201: ResultOut, **ERRORS}, summary="Your result of one item")
def result_record(request: HttpRequest, run_id: Id, body: ResultIn):
    return Status(
        201,
        services.result_record(
            actor=request_actor(request),
            run=run_id,
            item_id=body.item_id,
            result=body.result,
            measured=body.measured,
            note=body.note,
            evidence=body.evidence_id,
            client_id=body.client_id,
        ),
    )


@router.post(
    "/runs/{run_id}/results/bulk",
    response={201: list[ResultOut], **ERRORS},
    summary="An offline queue of results: all or nothing, each idempotent by client_id",
)
def results_record_many(request: HttpRequest, run_id: Id, body: ResultsIn):
    entries = [
        {
            "item_id": r.item_id,
            "result": r.result,
            "measured": r.measured,
            "note": r.note,
            "evidence": r.evidence_id,
            "client_id": r.client_id,
        }
        for r in body.results
    ]
    return Status(
        201, services.results_record_many(actor=request_actor(request), run=run_id, results=entries)
    )


@router.post(
    "/runs/{run_id}/conclude", response={200: RunOut, **ERRORS}, summary="Conclude with the verdict rule"
)
def run_conclude(request: HttpRequest, run_id: Id):
    return services.run_conclude(actor=request_actor(request), run=run_id)


@router.post("/signatures", response={201: SignatureOut, **ERRORS}, summary="Sign in a role")
def signature_sign(request: HttpRequest, body: SignIn):
    return Status(
        201,
        services.signature_sign(
            actor=request_actor(request),
            subject=_subject(request, body),
            role=body.role,
            client_id=body.client_id,
            drawing=body.drawing,
        ),
    )


@router.post(
    "/signatures/refusals", response={201: SignatureOut, **ERRORS}, summary="Record a refusal to sign"
)
def signature_refuse(request: HttpRequest, body: RefusalIn):
    return Status(
        201,
        services.signature_refuse(
            actor=request_actor(request),
            subject=_subject(request, body),
            role=body.role,
            person_name=body.person_name,
            note=body.note,
            witness_name=body.witness_name,
            recorder_role=body.recorder_role,
            client_id=body.client_id,
        ),
    )
