"""Production API (`/api/v1/production`): enterprise systems push their 附件1 records here.

Every kind of record has a single endpoint and a bulk one (`POST /bulk/{kind}` with a JSON list): the bulk
call validates and writes every item inside one transaction, answers the errors of every failing item
(`details.items[i]`), and writes nothing unless all succeed. The endpoints only parse, call and render:
the per-kind writers below resolve natural keys and call one service; the bulk transaction is
`services.push_many` (附件1 records: `services.records_push`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Path, Router
from pydantic import BaseModel

from shouhu.core.access import Actor
from shouhu.core.api import Filter, Id, Limit
from shouhu.core.api import actor as request_actor
from shouhu.core.errors import refuse
from shouhu.core.regulation import today

from . import schemas as s
from . import selectors, services
from .annex1 import homes
from .error_codes import ProductionError as E
from .models import Batch

router = Router()


def _enterprise_id(actor: Actor) -> int:
    """The caller's own enterprise, once it may push at all (403 before any input is looked at)."""
    return services.pusher_enterprise(actor)


def _batch(actor: Actor, number: str) -> Batch:
    return selectors.batch_get(actor, number=number, enterprise_id=_enterprise_id(actor))


# kind -> (input schema, writer(actor, enterprise_id, item) -> created object)
def _supplier(a: Actor, e: int, i: s.SupplierIn) -> Any:
    return services.supplier_create(actor=a, enterprise=e, **i.dict())


def _supplier_document(a: Actor, e: int, i: s.SupplierDocumentIn) -> Any:
    data = i.dict()
    return services.supplier_document_add(
        actor=a, supplier=selectors.supplier_get(a, enterprise_id=e, name=data.pop("supplier")), **data
    )


def _supplier_approve(a: Actor, e: int, i: s.SupplierApproveIn) -> Any:
    data = i.dict()
    return services.supplier_approve(
        actor=a, supplier=selectors.supplier_get(a, enterprise_id=e, name=data.pop("supplier")), **data
    )


def _material(a: Actor, e: int, i: s.MaterialIn) -> Any:
    return services.material_create(actor=a, enterprise=e, **i.dict())


def _product(a: Actor, e: int, i: s.ProductIn) -> Any:
    return services.product_create(actor=a, enterprise=e, **i.dict())


def _lot(a: Actor, e: int, i: s.LotIn) -> Any:
    data = i.dict()
    data["tests"] = [{k: v for k, v in t.items() if v not in (None, "")} for t in data["tests"]]
    material = selectors.material_get(a, enterprise_id=e, code=data.pop("material"))
    supplier = selectors.supplier_get(a, enterprise_id=e, name=data.pop("supplier"))
    return services.lot_receive(actor=a, enterprise=e, material=material, supplier=supplier, **data)


def _batch_create(a: Actor, e: int, i: s.BatchIn) -> Any:
    return services.batch_create(
        actor=a,
        enterprise=e,
        product=selectors.product_get(a, pk=i.product_id),
        number=i.number,
        produced_on=i.produced_on,
        zone=i.zone,
        line=i.line,
    )


def _consumption(a: Actor, e: int, i: s.ConsumptionIn) -> Any:
    batch = _batch(a, i.batch)
    common = {"batcher": i.batcher_id, "checker": i.checker_id, "at": i.at}
    if i.lot:
        lot = selectors.lot_get(a, code=i.lot, enterprise_id=e)
        return services.batch_consume(
            actor=a, batch=batch, lot=lot, quantity=i.quantity, feeder=i.feeder, **common
        )
    if not i.material:
        raise refuse(E.REQUIRED, _("须给出物料批号或物料编码"), field="lot")
    out = services.issue_fefo(
        actor=a,
        batch=batch,
        material=selectors.material_get(a, enterprise_id=e, code=i.material),
        quantity=i.quantity,
        **common,
    )
    return out[-1]


def _ccp(a: Actor, e: int, i: s.CCPIn) -> Any:
    data = i.dict()
    return services.ccp_record(actor=a, batch=_batch(a, data.pop("batch")), **data)


def _clearance(a: Actor, e: int, i: s.ClearanceIn) -> Any:
    data = i.dict()
    return services.clearance_record(actor=a, batch=_batch(a, data.pop("batch")), **data)


def _release_test(a: Actor, e: int, i: s.ReleaseTestIn) -> Any:
    data = i.dict()
    return services.release_test_record(actor=a, batch=_batch(a, data.pop("batch")), **data)


def _retention(a: Actor, e: int, i: s.RetentionIn) -> Any:
    data = i.dict()
    return services.retention_sample_record(actor=a, batch=_batch(a, data.pop("batch")), **data)


def _customer(a: Actor, e: int, i: s.CustomerIn) -> Any:
    return services.customer_create(actor=a, enterprise=e, **i.dict())


def _shipment(a: Actor, e: int, i: s.ShipmentIn) -> Any:
    return services.shipment_create(
        actor=a,
        batch=_batch(a, i.batch),
        customer=selectors.customer_get(a, enterprise_id=e, name=i.customer),
        quantity=i.quantity,
        shipped_on=i.shipped_on,
        document_no=i.document_no,
    )


def _return(a: Actor, e: int, i: s.ReturnIn) -> Any:
    data = i.dict()
    return services.return_create(
        actor=a, shipment=selectors.shipment_get(a, pk=data.pop("shipment_id")), **data
    )


def _record(a: Actor, e: int, i: s.RecordIn) -> Any:
    return services.record_create(actor=a, enterprise=e, **i.dict())


KINDS: dict[str, tuple[type[BaseModel], Callable[..., Any]]] = {
    "suppliers": (s.SupplierIn, _supplier),
    "supplier-documents": (s.SupplierDocumentIn, _supplier_document),
    "supplier-approvals": (s.SupplierApproveIn, _supplier_approve),
    "materials": (s.MaterialIn, _material),
    "products": (s.ProductIn, _product),
    "lots": (s.LotIn, _lot),
    "batches": (s.BatchIn, _batch_create),
    "consumptions": (s.ConsumptionIn, _consumption),
    "ccp-records": (s.CCPIn, _ccp),
    "clearances": (s.ClearanceIn, _clearance),
    "release-tests": (s.ReleaseTestIn, _release_test),
    "retention-samples": (s.RetentionIn, _retention),
    "customers": (s.CustomerIn, _customer),
    "shipments": (s.ShipmentIn, _shipment),
    "returns": (s.ReturnIn, _return),
    "records": (s.RecordIn, _record),
}


def _one(request: HttpRequest, kind: str, item: BaseModel) -> dict[str, Any]:
    a = request_actor(request)
    obj = KINDS[kind][1](a, _enterprise_id(a), item)
    return {"id": obj.pk, "kind": kind}


def _register(kind: str, schema: type[BaseModel]) -> None:
    def endpoint(request: HttpRequest, payload: schema) -> dict[str, Any]:  # type: ignore[valid-type]
        return _one(request, kind, payload)

    endpoint.__annotations__ = {"request": HttpRequest, "payload": schema, "return": dict[str, Any]}
    endpoint.__name__ = f"push_{kind.replace('-', '_')}"
    router.post(f"/{kind}", response=s.Created, summary=f"Push one {kind} record")(endpoint)


for _kind, (_schema, _writer) in KINDS.items():
    _register(_kind, _schema)


@router.post("/bulk/{kind}", response=s.BulkResult, summary="Push a JSON list of records: all or nothing")
def bulk_push(
    request: HttpRequest, kind: Annotated[str, Path(max_length=32)], items: list[dict[str, Any]]
) -> dict[str, Any]:
    a = request_actor(request)
    ent = _enterprise_id(a)
    if kind not in KINDS:
        raise refuse(
            E.BULK_KIND_UNKNOWN,
            _("未知记录类型 %(kind)s"),
            params={"kind": kind},
            field="kind",
            kinds=sorted(KINDS),
        )
    if kind == "records":
        ids = services.records_push(actor=a, enterprise_id=ent, items=items)
    else:
        schema, writer = KINDS[kind]
        ids = services.push_many(actor=a, enterprise_id=ent, items=items, schema=schema, writer=writer)
    return {"created": [{"id": pk, "kind": kind} for pk in ids]}


@router.get("/annex1", summary="The 32 records of 细则附件1: required fields (rules), model and endpoint")
def annex1_homes(request: HttpRequest) -> list[dict[str, Any]]:
    return homes(today())


@router.get("/batches", response=list[s.BatchOut], summary="Batches in your tenancy")
def batch_list(request: HttpRequest, status: Filter = "", limit: Limit = 100) -> list[dict[str, Any]]:
    qs = selectors.batch_list(request_actor(request))
    if status:
        qs = qs.filter(status=status)
    return [_batch_out(b) for b in qs[: max(1, min(limit, 1000))]]


def _batch_out(b: Batch) -> dict[str, Any]:
    return {
        "id": b.pk,
        "number": b.number,
        "trace_code": b.trace_code,
        "product": str(b.product),
        "produced_on": b.produced_on,
        "expires_on": b.expires_on,
        "quantity": b.quantity,
        "on_hand": b.on_hand,
        "status": b.status,
        "certificate_no": b.certificate_no,
        "report_no": b.report_no,
        "released_on": b.released_on,
    }


@router.get("/batches/{batch_id}", response=s.BatchOut)
def batch_detail(request: HttpRequest, batch_id: Id) -> dict[str, Any]:
    return _batch_out(selectors.batch_get(request_actor(request), pk=batch_id))


@router.get("/batches/{batch_id}/release-check", summary="Required release items and their results")
def release_check(request: HttpRequest, batch_id: Id) -> dict[str, Any]:
    check = selectors.release_check(selectors.batch_get(request_actor(request), pk=batch_id))
    return {
        "items": check["items"],
        "retention_sample": check["retention"],
        "flags": check["flags"],
        "ready": not check["missing"] and not check["failed"] and check["retention"],
    }


@router.post("/batches/{batch_id}/complete", response=s.BatchOut)
def batch_complete(request: HttpRequest, batch_id: Id, payload: s.CompleteIn) -> dict[str, Any]:
    a = request_actor(request)
    return _batch_out(
        services.batch_complete(actor=a, batch=selectors.batch_get(a, pk=batch_id), quantity=payload.quantity)
    )


@router.post("/batches/{batch_id}/release", response=s.BatchOut, summary="放行 (第六十一条)")
def batch_release(request: HttpRequest, batch_id: Id, payload: s.ReleaseIn) -> dict[str, Any]:
    a = request_actor(request)
    return _batch_out(
        services.batch_release(
            actor=a,
            batch=selectors.batch_get(a, pk=batch_id),
            certificate_no=payload.certificate_no,
            report_no=payload.report_no,
            on=payload.on,
        )
    )


@router.get("/lots", response=list[s.LotOut])
def lot_list(request: HttpRequest, material: Filter = "", limit: Limit = 100) -> list[dict[str, Any]]:
    qs = selectors.lot_list(request_actor(request))
    if material:
        qs = qs.filter(material__code=material)
    return [
        {
            "id": lot.pk,
            "code": lot.code,
            "material": lot.material.name,
            "supplier": lot.supplier.name,
            "quantity": lot.quantity,
            "on_hand": lot.on_hand,
            "received_on": lot.received_on,
            "expires_on": lot.expires_on,
            "status": lot.status,
            "required": lot.required,
            "tests": lot.tests,
        }
        for lot in qs[: max(1, min(limit, 1000))]
    ]


@router.post(
    "/records/{record_id}/correct", response=s.Created, summary="Correct a 附件1 record (new version)"
)
def record_correct(request: HttpRequest, record_id: Id, payload: s.CorrectIn) -> dict[str, Any]:
    a = request_actor(request)
    rec = selectors.record_get(a, pk=record_id)
    services.record_correct(actor=a, record=rec, data=payload.data, reason=payload.reason)
    return {"id": rec.pk, "kind": "records"}
