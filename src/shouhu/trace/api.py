"""Trace and recall API (`/api/v1/trace`), plus the public consumer look-up (no login, rate-limited)."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Path, Query, Router, Schema
from pydantic import Field

from shouhu.core.api import Filter, Id, Quantity, Text
from shouhu.core.api import actor as request_actor
from shouhu.core.dates import PastMoment
from shouhu.core.errors import Conflict, NotFound, refuse
from shouhu.production import selectors as production
from shouhu.registry.models import Enterprise

from . import assemble, consumer, epcis, public, selectors, services, spreadsheet
from .error_codes import TraceError as E
from .models import Recall

router = Router()
# what a person types to start a trace: `lot:ID`, `batch:ID`, `shipment:ID`, or a batch number, trace code or
# lot code (columns of at most 64 characters); the direction is back, forward or both
Ref = Annotated[str, Query(max_length=80)]
Direction = Annotated[str, Query(max_length=16)]


@router.get("/trace", summary="Trace a lot or batch: back, forward or both (第五十条)")
def trace(request: HttpRequest, ref: Ref, direction: Direction = "both") -> dict[str, Any]:
    if direction not in {"back", "forward", "both"}:
        raise refuse(E.DIRECTION_INVALID, _("direction 须为 back、forward 或 both"), field="direction")
    return assemble.as_json(selectors.trace_get(request_actor(request), ref, direction))


def _owner(tr: assemble.Trace) -> str:
    return Enterprise.objects.values_list("uscc", flat=True).get(pk=tr.nodes[tr.start]["enterprise_id"])


@router.get("/trace/epcis", summary="The trace as a GS1 EPCIS 2.0 JSON-LD document")
def trace_epcis(request: HttpRequest, ref: Ref, direction: Direction = "both") -> HttpResponse:
    tr = selectors.trace_get(request_actor(request), ref, direction)
    doc = epcis.validate(assemble.epcis_document(tr, owner=_owner(tr), created=timezone.now()))
    return HttpResponse(json.dumps(doc, ensure_ascii=False), content_type="application/ld+json")


@router.get("/trace/xlsx", summary="The trace as a sortable spreadsheet (one row per event)")
def trace_xlsx(request: HttpRequest, ref: Ref, direction: Direction = "both") -> HttpResponse:
    tr = selectors.trace_get(request_actor(request), ref, direction)
    resp = HttpResponse(
        spreadsheet.workbook_bytes(tr),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    resp["Content-Disposition"] = 'attachment; filename="trace.xlsx"'
    return resp


class RecallIn(Schema):
    level: int = Field(ge=1, le=3)
    reason: Text = Field(max_length=10_000)
    batch: Text | None = Field(None, max_length=64, description="batch number")
    lot: Text | None = Field(None, max_length=64, description="material lot code")
    started_at: PastMoment | None = None


class RecallItemOut(Schema):
    id: int
    batch_id: int
    shipment_id: int | None
    customer_name: str
    quantity: Decimal
    notified_at: datetime | None
    recovered: Decimal


class RecallOut(Schema):
    id: int
    number: str
    enterprise_id: int
    level: int
    reason: str
    status: str
    started_at: datetime
    plan_due_at: datetime
    finish_due_on: Any
    deadline_source: str
    reported_at: datetime | None
    regulator_note: str
    scope: dict[str, Any]
    items: list[RecallItemOut]


def _recall_out(r: Recall) -> dict[str, Any]:
    return {
        "id": r.pk,
        "number": r.number,
        "enterprise_id": r.enterprise_id,
        "level": r.level,
        "reason": r.reason,
        "status": r.status,
        "started_at": r.started_at,
        "plan_due_at": r.plan_due_at,
        "finish_due_on": r.finish_due_on,
        "deadline_source": r.deadline_source,
        "reported_at": r.reported_at,
        "regulator_note": r.regulator_note,
        "scope": r.scope,
        "items": [
            {
                "id": i.pk,
                "batch_id": i.batch_id,
                "shipment_id": i.shipment_id,
                "customer_name": i.customer_name,
                "quantity": i.quantity,
                "notified_at": i.notified_at,
                "recovered": i.recovered,
            }
            for i in r.items.all()
        ],
    }


@router.post(
    "/recalls", response=RecallOut, summary="Start a recall from a batch or a material lot (第六十三条)"
)
def recall_start(request: HttpRequest, payload: RecallIn) -> dict[str, Any]:
    a = request_actor(request)
    ent = getattr(a, "enterprise_id", None)
    batch = production.batch_get(a, number=payload.batch, enterprise_id=ent) if payload.batch else None
    lot = production.lot_get(a, code=payload.lot, enterprise_id=ent) if payload.lot else None
    r = services.recall_start(
        actor=a,
        level=payload.level,
        reason=payload.reason,
        batch=batch,
        lot=lot,
        started_at=payload.started_at,
    )
    return _recall_out(r)


@router.get(
    "/recalls", response=list[RecallOut], summary="Recalls in your tenancy (regulators: jurisdiction)"
)
def recall_list(request: HttpRequest, status: Filter = "") -> list[dict[str, Any]]:
    qs = selectors.recall_list(request_actor(request)).prefetch_related("items")
    if status:
        qs = qs.filter(status=status)
    return [_recall_out(r) for r in qs[:200]]


@router.get("/recalls/{recall_id}", response=RecallOut)
def recall_detail(request: HttpRequest, recall_id: Id) -> dict[str, Any]:
    return _recall_out(selectors.recall_get(request_actor(request), recall_id))


@router.post("/recalls/{recall_id}/report", response=RecallOut, summary="Report the recall to the regulator")
def recall_report(request: HttpRequest, recall_id: Id) -> dict[str, Any]:
    a = request_actor(request)
    return _recall_out(services.recall_report(actor=a, recall=selectors.recall_get(a, recall_id)))


class NoteIn(Schema):
    note: Text = Field(max_length=10_000)


@router.post("/recalls/{recall_id}/supervise", response=RecallOut, summary="Regulator: note supervision")
def recall_supervise(request: HttpRequest, recall_id: Id, payload: NoteIn) -> dict[str, Any]:
    a = request_actor(request)
    return _recall_out(
        services.recall_supervise(actor=a, recall=selectors.recall_get(a, recall_id), note=payload.note)
    )


class RecallCompleteIn(Schema):
    disposal: Text = Field(max_length=10_000)
    place: Text = Field(max_length=200)
    rectification: Text = Field(max_length=10_000)


@router.post("/recalls/{recall_id}/complete", response=RecallOut)
def recall_complete(request: HttpRequest, recall_id: Id, payload: RecallCompleteIn) -> dict[str, Any]:
    a = request_actor(request)
    return _recall_out(
        services.recall_complete(actor=a, recall=selectors.recall_get(a, recall_id), **payload.dict())
    )


class RecoverIn(Schema):
    quantity: Quantity
    notified: bool = False


@router.post("/recall-items/{item_id}/recover", response=RecallItemOut, summary="Record recovered quantity")
def recall_recover(request: HttpRequest, item_id: Id, payload: RecoverIn) -> dict[str, Any]:
    a = request_actor(request)
    item = selectors.recall_item_get(a, item_id)
    if payload.notified and item.notified_at is None:
        item = services.recall_notify(actor=a, item=item)
    item = services.recall_recover(actor=a, item=item, quantity=payload.quantity)
    return {
        "id": item.pk,
        "batch_id": item.batch_id,
        "shipment_id": item.shipment_id,
        "customer_name": item.customer_name,
        "quantity": item.quantity,
        "notified_at": item.notified_at,
        "recovered": item.recovered,
    }


Qualifier = Annotated[str, Query(max_length=consumer.MAX_QUALIFIER)]  # a producer, licence or product name


@router.get(
    "/public/{code}",
    auth=None,
    summary="Consumer look-up by trace code, or batch number with producer / licence / product (第七十二条)",
)
def public_lookup(
    request: HttpRequest,
    code: Annotated[str, Path(max_length=consumer.MAX_CODE)],
    producer: Qualifier = "",
    licence: Qualifier = "",
    product: Qualifier = "",
) -> dict[str, Any]:
    public.check_rate(public.client_ip(request), code=code)
    found = consumer.resolve(code, producer=producer, licence=licence, product=product)
    if found.result is not None:
        return found.result
    if found.candidates:  # a batch number several enterprises print: ask, never pick
        raise refuse(
            E.LOOKUP_AMBIGUOUS,
            _("该生产批号对应多个产品，请同时输入包装上的生产企业、许可证编号或产品名称"),
            error=Conflict,
            lookup={"code": code},
            candidates=found.candidates,
        )
    raise NotFound(
        _("未找到已放行的该批次产品"),
        details={"lookup": {"code": code}, "reason": str(E.LOOKUP_UNKNOWN)},
    )
