"""Sampling endpoints, mounted at `/api/v1/sampling`: plans and coverage for regulators, the 抽样单, the lab's
receipt and results (pushed item by item), publication and statistics; `/public` needs no login."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Path, Query, Router

from shouhu.core.api import ERRORS, Id, actor
from shouhu.core.errors import NotFound, refuse
from shouhu.workflow.obligations.api import summary

from . import selectors, services
from .auth import LabKeyAuth
from .error_codes import SamplingError as E
from .schemas import (
    CoverageOut,
    LabPushIn,
    LabResultOut,
    LabResultsIn,
    LabSampleOut,
    NoProductionIn,
    PlanIn,
    PlanOut,
    ReceiveIn,
    SampleIn,
    SampleOut,
    TaskOut,
    sample_out,
)

router = Router()
Year = Annotated[int, Query(ge=2000, le=2100)]  # as a plan's year (PlanIn)
Quarter = Annotated[int, Query(ge=1, le=4)]
Code = Annotated[str, Path(max_length=40)]


def _result_out(r: Any) -> dict[str, Any]:
    return {k: getattr(r, k) for k in LabResultOut.model_fields if k != "id"} | {"id": r.pk}


@router.post("/plans", response={201: PlanOut, **ERRORS}, summary=summary(_("制定季度抽检计划")))
def plan_create(request: HttpRequest, body: PlanIn) -> tuple[int, dict[str, Any]]:
    plan = services.plan_create(actor=actor(request), **body.dict())
    return 201, {
        "id": plan.pk,
        "division_code": plan.division_code,
        "year": plan.year,
        "quarter": plan.quarter,
        "title": plan.title,
        "tasks": plan.tasks.count(),
    }


@router.get("/coverage", response={200: CoverageOut, **ERRORS}, summary=summary(_("抽检覆盖情况")))
def coverage(request: HttpRequest, year: Year) -> dict[str, Any]:
    m = selectors.coverage_matrix(actor(request), year=year)
    rows = [
        {"enterprise_id": r.enterprise_id, "name": r.name, "division_code": r.division_code, "cells": r.cells}
        for r in m["rows"]
    ]
    return {"year": m["year"], "rows": rows, "summary": {str(k): v for k, v in m["summary"].items()}}


@router.get("/tasks", response={200: list[TaskOut], **ERRORS}, summary=summary(_("抽样任务")))
def task_list(request: HttpRequest) -> list[dict[str, Any]]:
    qs = selectors.task_list(actor(request), open_only=True)[:500]
    return [
        {"id": x.pk, "enterprise_id": x.enterprise_id, "kind": x.kind, "status": x.status, "due_on": x.due_on}
        for x in qs
    ]


@router.post(
    "/tasks/{task_id}/no-production",
    response={200: TaskOut, **ERRORS},
    summary=summary(_("记录本季度未生产")),
)
def task_no_production(request: HttpRequest, task_id: Id, body: NoProductionIn) -> dict[str, Any]:
    x = services.task_no_production(actor=actor(request), task_id=task_id, **body.dict())
    return {
        "id": x.pk,
        "enterprise_id": x.enterprise_id,
        "kind": x.kind,
        "status": x.status,
        "due_on": x.due_on,
    }


@router.post("/samples", response={201: SampleOut, **ERRORS}, summary=summary(_("填写抽样单")))
def sample_create(request: HttpRequest, body: SampleIn) -> tuple[int, dict[str, Any]]:
    s = services.sample_create(actor=actor(request), **body.dict())
    return 201, sample_out(s)


@router.get("/samples/{sample_id}", response={200: SampleOut, **ERRORS}, summary=summary(_("抽样单")))
def sample_get(request: HttpRequest, sample_id: Id) -> dict[str, Any]:
    return sample_out(selectors.sample_get(actor(request), sample_id))


@router.post(
    "/samples/{sample_id}/receive", response={200: SampleOut, **ERRORS}, summary=summary(_("检验机构收样"))
)
def sample_receive(request: HttpRequest, sample_id: Id, body: ReceiveIn) -> dict[str, Any]:
    return sample_out(services.sample_receive(actor=actor(request), sample_id=sample_id, **body.dict()))


@router.post(
    "/samples/{sample_id}/results",
    response={201: list[LabResultOut], **ERRORS},
    summary=summary(_("推送检验结果")),
)
def results_push(request: HttpRequest, sample_id: Id, body: LabResultsIn) -> tuple[int, list[dict[str, Any]]]:
    rows = [services.ResultRow(**r.dict()) for r in body.results]
    out = services.results_record(
        actor=actor(request),
        sample_id=sample_id,
        rows=rows,
        report_no=body.report_no,
        found_on=body.found_on,
    )
    return 201, [_result_out(r) for r in out]


@router.post(
    "/samples/{sample_id}/publish", response={200: SampleOut, **ERRORS}, summary=summary(_("公布抽检结果"))
)
def sample_publish(request: HttpRequest, sample_id: Id) -> dict[str, Any]:
    return sample_out(services.sample_publish(actor=actor(request), sample_id=sample_id))


@router.get(
    "/statistics",
    response={200: dict[str, list[dict[str, Any]]], **ERRORS},
    summary=summary(_("抽检合格率统计")),
)
def statistics(request: HttpRequest, year: Year, quarter: Quarter | None = None) -> dict[str, Any]:
    return selectors.pass_rates(actor(request), year=year, quarter=quarter)


@router.get(
    "/public", response={200: list[dict[str, Any]], **ERRORS}, auth=None, summary=summary(_("抽检结果公布"))
)
def public(request: HttpRequest, year: Year | None = None) -> list[dict[str, Any]]:
    return selectors.published_results(year=year)


# ---- the lab's own API (承检机构, `X-Lab-Key`): the samples sent to it, receipt, results with the report --
def _lab_sample(request: HttpRequest, number: str) -> Any:
    from .models import Sample
    from .services.labs import samples_for

    sample = samples_for(actor(request), Sample.objects.all()).filter(number=number).first()
    if sample is None:
        raise NotFound(_("未找到该对象或无权查看"))
    return sample


def _lab_out(s: Any) -> dict[str, Any]:
    return {
        "number": s.number,
        "status": s.status,
        "product": s.batch.product.name,
        "batch": s.batch.number,
        "sampled_on": s.sampled_on,
        "lab_due_on": s.lab_due_on,
        "received_on": s.received_on,
    }


@router.get(
    "/lab/samples",
    response={200: list[LabSampleOut], **ERRORS},
    auth=LabKeyAuth(),
    summary=summary(_("检验机构：送检样品")),
)
def lab_samples(request: HttpRequest) -> list[dict[str, Any]]:
    from .models import Sample
    from .services.labs import samples_for

    qs = samples_for(actor(request), Sample.objects.select_related("batch__product")).order_by("-sampled_on")
    return [_lab_out(s) for s in qs[:500]]


@router.post(
    "/lab/samples/{number}/receive",
    response={200: LabSampleOut, **ERRORS},
    auth=LabKeyAuth(),
    summary=summary(_("检验机构：收样")),
)
def lab_receive(request: HttpRequest, number: Code, body: ReceiveIn) -> dict[str, Any]:
    s = _lab_sample(request, number)
    return _lab_out(services.sample_receive(actor=actor(request), sample_id=s.pk, **body.dict()))


@router.post(
    "/lab/samples/{number}/results",
    response={201: list[LabResultOut], **ERRORS},
    auth=LabKeyAuth(),
    summary=summary(_("检验机构：推送检验结果与报告")),
)
def lab_push(request: HttpRequest, number: Code, body: LabPushIn) -> tuple[int, list[dict[str, Any]]]:
    s = _lab_sample(request, number)
    pdf = b""
    if body.report_pdf:
        try:
            pdf = base64.b64decode(body.report_pdf, validate=True)
        except (binascii.Error, ValueError):
            raise refuse(E.VALUE_INVALID, _("检验报告不是有效的 Base64"), field="report_pdf") from None
    rows = [services.ResultRow(**r.dict()) for r in body.results]
    out = services.results_record(
        actor=actor(request),
        sample_id=s.pk,
        rows=rows,
        report_no=body.report_no,
        report_pdf=pdf or None,
        report_name=f"{s.number}.pdf",
        found_on=body.found_on,
    )
    return 201, [_result_out(r) for r in out]
