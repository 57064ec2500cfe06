"""Clean-room endpoints, mounted at `/api/v1/cleanroom`: zones and their plans, readings (one or a sensor
batch of thousands, all or nothing), deviations, trends, reports and the regulator's compliance."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile

from shouhu.core import access, bulkjson
from shouhu.core.api import ERRORS, Filter, Id, actor
from shouhu.core.bulkjson import openapi_body, read_body
from shouhu.core.dates import PastDate
from shouhu.core.errors import NotFound, refuse
from shouhu.workflow.obligations.api import summary

from . import selectors, services
from .error_codes import CleanroomError as E
from .models import PlanItem, Zone
from .schemas import (
    CleanroomBatchOut,
    CleanroomBatchZoneIn,
    CleanroomChangeIn,
    CleanroomComplianceOut,
    CleanroomCreated,
    CleanroomDeviationOut,
    CleanroomLimitIn,
    CleanroomLineIn,
    CleanroomReadingsIn,
    CleanroomRoomIn,
    CleanroomSweepOut,
    CleanroomTrendOut,
    CleanroomZoneIn,
    CleanroomZoneOut,
)

router = Router()


def _item(i: PlanItem) -> dict[str, Any]:
    return {k: getattr(i, k) for k in ("id", "rule_id", "title", "state", "operator", "value", "value_max", "unit", "times", "per", "frequency_text")} | {"parameter": i.quantity}  # fmt: skip


def _zone(z: Zone, detail: bool = False) -> dict[str, Any]:
    out = {
        k: getattr(z, k)
        for k in ("id", "enterprise_id", "code", "name", "grade", "raw_cereal", "shifts_per_day")
    }
    out["open_deviations"] = getattr(z, "open_deviations", 0)
    if detail:
        out["flags"] = selectors.zone_flags(z)
        out["plan"] = [_item(i) for i in selectors.plan_of(z)]
    return out


@router.get("/zones", response={200: list[CleanroomZoneOut], **ERRORS}, summary=summary(_("作业区")))
def zone_list(request: HttpRequest) -> list[dict[str, Any]]:
    who = actor(request)
    access.require(who, "cleanroom.view")
    return [_zone(z) for z in selectors.zone_list(who)[:1000]]


@router.post("/zones", response={201: CleanroomZoneOut, **ERRORS}, summary=summary(_("登记作业区")))
def zone_create(request: HttpRequest, body: CleanroomZoneIn) -> tuple[int, dict[str, Any]]:
    who = actor(request)
    access.require(who, "cleanroom.manage")
    z = services.zone_create(actor=who, enterprise_id=services.enterprise_of(who), **body.dict())
    return 201, _zone(z, detail=True)


@router.get(
    "/zones/{zone_id}", response={200: CleanroomZoneOut, **ERRORS}, summary=summary(_("作业区及监测计划"))
)
def zone_detail(request: HttpRequest, zone_id: Id) -> dict[str, Any]:
    return _zone(selectors.zone_get(actor(request), zone_id), detail=True)


@router.post(
    "/zones/{zone_id}/rooms", response={201: CleanroomCreated, **ERRORS}, summary=summary(_("登记房间"))
)
def room_create(request: HttpRequest, zone_id: Id, body: CleanroomRoomIn) -> tuple[int, dict[str, int]]:
    return 201, {"id": services.room_create(actor=actor(request), zone=zone_id, **body.dict()).pk}


@router.post(
    "/zones/{zone_id}/lines", response={201: CleanroomCreated, **ERRORS}, summary=summary(_("登记生产线"))
)
def line_create(request: HttpRequest, zone_id: Id, body: CleanroomLineIn) -> tuple[int, dict[str, int]]:
    return 201, {"id": services.line_create(actor=actor(request), zone=zone_id, name=body.name).pk}


@router.post(
    "/plan-items/{item_id}/limit",
    response={200: CleanroomCreated, **ERRORS},
    summary=summary(_("设定内控限值")),
)
def limit_set(request: HttpRequest, item_id: Id, body: CleanroomLimitIn) -> dict[str, int]:
    return {"id": services.limit_set(actor=actor(request), item=item_id, **body.dict()).pk}


@router.post(
    "/readings",
    response={201: CleanroomBatchOut, **ERRORS},
    summary=summary(_("推送监测读数（含传感器批量）")),
    openapi_extra=openapi_body(CleanroomReadingsIn),
)
def readings_push(request: HttpRequest) -> tuple[int, Any]:
    """The body is read once and each item checked by plain code (`core.bulkjson`), not by a pydantic model
    per reading; the documented schema is `CleanroomReadingsIn`'s."""
    who = actor(request)
    body = read_body(request, items_max=services.MAX_ITEMS)
    try:
        sensor = bulkjson.text(body, "sensor", 64)
    except bulkjson.Bad as bad:
        raise refuse(E.FIELD_INVALID, bad.message, params=bad.params, field="sensor") from None
    source = "sensor" if sensor else "api"
    return 201, services.readings_record(actor=who, items=body["items"], source=source, sensor=sensor)


@router.get(
    "/zones/{zone_id}/trend", response={200: CleanroomTrendOut, **ERRORS}, summary=summary(_("监测趋势"))
)
def trend(
    request: HttpRequest, zone_id: Id, parameter: Filter, days: Annotated[int, Query(ge=1, le=731)] = 365
) -> dict[str, Any]:
    z = selectors.zone_get(actor(request), zone_id)
    item = z.plan.filter(quantity=parameter).first()
    if item is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"field": "parameter"})
    last = timezone.localdate()
    t = selectors.trend_days(item, last - dt.timedelta(days=days - 1), last)
    return {"parameter": item.quantity, "unit": item.unit, "limits": t["limits"], "days": t["days"]}


@router.get(
    "/deviations", response={200: list[CleanroomDeviationOut], **ERRORS}, summary=summary(_("监测偏离"))
)
def deviation_list(request: HttpRequest, open: bool = False) -> list[dict[str, Any]]:
    who = actor(request)
    access.require(who, "cleanroom.view")
    return [
        {
            "id": d.pk,
            "zone_id": d.zone_id,
            "parameter": d.item.quantity,
            "kind": d.kind,
            "period_key": d.period_key,
            "started_at": d.started_at,
            "last_at": d.last_at,
            "readings": d.readings,
            "worst": d.worst,
            "finding_id": d.finding_id,
            "open": bool(d.finding_id and d.finding.state == "open"),
            "title": d.finding.title if d.finding_id else str(d),
        }
        for d in selectors.deviation_list(who, open_only=open)[:1000]
    ]


@router.post(
    "/zones/{zone_id}/sweep", response={200: CleanroomSweepOut, **ERRORS}, summary=summary(_("检查漏测"))
)
def sweep(request: HttpRequest, zone_id: Id) -> dict[str, int]:
    who = actor(request)
    z = services.zone_for(who, zone_id, "cleanroom.record")
    return {"opened": services.missing_sweep(zone=z)}


@router.post(
    "/zones/{zone_id}/changes", response={201: CleanroomCreated, **ERRORS}, summary=summary(_("记录重大改造"))
)
def change_record(request: HttpRequest, zone_id: Id, body: CleanroomChangeIn) -> tuple[int, dict[str, int]]:
    return 201, {"id": services.change_record(actor=actor(request), zone=zone_id, **body.dict()).pk}


@router.post(
    "/zones/{zone_id}/reports",
    response={201: CleanroomCreated, **ERRORS},
    summary=summary(_("记录第三方检测报告")),
)
def report_record(
    request: HttpRequest,
    zone_id: Id,
    file: File[UploadedFile],
    kind: Annotated[str, Form(pattern="^(annual|reverify)$", max_length=16)],
    lab: Annotated[str, Form(min_length=1, max_length=200)],
    number: Annotated[str, Form(min_length=1, max_length=64)],
    tested_on: Annotated[PastDate, Form()],
    passed: Annotated[bool, Form()] = True,
) -> tuple[int, dict[str, int]]:
    report = services.report_record(
        actor=actor(request),
        zone=zone_id,
        kind=kind,
        lab=lab,
        number=number,
        tested_on=tested_on,
        passed=passed,
        content=file.read(),
        filename=file.name or "",
    )
    return 201, {"id": report.pk}


@router.post(
    "/batch-zones", response={201: CleanroomCreated, **ERRORS}, summary=summary(_("记录批次生产区域"))
)
def batch_zone(request: HttpRequest, body: CleanroomBatchZoneIn) -> tuple[int, dict[str, int]]:
    bz = services.batch_zone_record(
        actor=actor(request), batch_number=body.batch, zone=body.zone_id, line=body.line
    )
    return 201, {"id": bz.pk}


@router.get(
    "/compliance", response={200: CleanroomComplianceOut, **ERRORS}, summary=summary(_("监测频次符合率"))
)
def compliance(
    request: HttpRequest, year: Annotated[int | None, Query(ge=2017, le=2100)] = None
) -> dict[str, Any]:
    who = actor(request)
    access.require(who, "cleanroom.supervise")
    today = timezone.localdate()
    first = dt.date(year, 1, 1) if year else (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    last = dt.date(year, 12, 31) if year else today
    data = selectors.compliance(who, first=first, last=last)
    return {
        "months": data["months"],
        "rows": [
            {
                "zone_id": r["zone"].pk,
                "zone": r["zone"].name,
                "enterprise": r["zone"].enterprise.name,
                "cells": r["cells"],
            }
            for r in data["rows"]
        ],
    }
