"""Trace reads, scoped to the caller: resolve a node, walk the graph, load the facts of what was reached."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shouhu.core import access
from shouhu.core.errors import NotFound
from shouhu.production.models import Batch, MaterialLot, Shipment

from . import assemble, graph
from .models import Node, Recall

LOT, BATCH, SHIPMENT = int(Node.LOT), int(Node.BATCH), int(Node.SHIPMENT)


def resolve(actor: Any, ref: str, *, kind: str | None = None) -> tuple[int, int]:
    """A node from what a person types: `lot:ID`, `batch:ID`, a batch number, trace code or lot code."""
    ref = ref.strip()
    if ":" in ref and ref.split(":", 1)[0] in {"lot", "batch", "shipment"}:
        kind, raw = ref.split(":", 1)
        model = {"lot": MaterialLot, "batch": Batch, "shipment": Shipment}[kind]
        if not raw.isdigit():
            raise NotFound("未找到该批次 / Not found", details={"lookup": {"ref": ref}})
        obj = access.get_scoped(model.objects.all(), actor, pk=int(raw))
        return ({"lot": LOT, "batch": BATCH, "shipment": SHIPMENT}[kind], obj.pk)
    if kind in (None, "batch"):
        b = access.scope(Batch.objects.filter(Q(number=ref) | Q(trace_code=ref.upper())), actor).first()
        if b is not None:
            return (BATCH, b.pk)
    if kind in (None, "lot"):
        lot = access.scope(MaterialLot.objects.filter(code=ref), actor).first()
        if lot is not None:
            return (LOT, lot.pk)
    raise NotFound(
        f"未找到批号或物料批次 {ref} / Unknown lot or batch {ref}",
        details={"lookup": {"ref": ref}, "code": "trace.unknown_node"},
    )


def facts(actor: Any, ids: dict[int, set[int]]) -> dict[tuple[int, int], dict[str, Any]]:
    """What a trace shows of each node, in one query per node type, limited to the caller's tenancy."""
    out: dict[tuple[int, int], dict[str, Any]] = {}
    if ids.get(LOT):
        qs = access.scope(MaterialLot.objects.filter(pk__in=ids[LOT]), actor).values(
            "pk",
            "code",
            "supplier_lot",
            "material__name",
            "material__unit",
            "supplier__name",
            "quantity",
            "on_hand",
            "received_on",
            "expires_on",
            "location",
            "status",
            "enterprise_id",
        )
        for r in qs:
            out[(LOT, r["pk"])] = {
                "code": r["code"],
                "supplier_lot": r["supplier_lot"],
                "material": r["material__name"],
                "unit": r["material__unit"],
                "supplier": r["supplier__name"],
                "quantity": r["quantity"],
                "on_hand": r["on_hand"],
                "received_on": r["received_on"],
                "expires_on": r["expires_on"],
                "location": r["location"],
                "status": r["status"],
                "enterprise_id": r["enterprise_id"],
            }
    if ids.get(BATCH):
        qs = access.scope(Batch.objects.filter(pk__in=ids[BATCH]), actor).values(
            "pk",
            "number",
            "trace_code",
            "product__name",
            "product__spec",
            "product__unit",
            "produced_on",
            "expires_on",
            "quantity",
            "on_hand",
            "status",
            "certificate_no",
            "enterprise_id",
        )
        for r in qs:
            out[(BATCH, r["pk"])] = {
                "number": r["number"],
                "trace_code": r["trace_code"],
                "product": f"{r['product__name']} {r['product__spec']}",
                "unit": r["product__unit"],
                "produced_on": r["produced_on"],
                "expires_on": r["expires_on"],
                "quantity": r["quantity"],
                "on_hand": r["on_hand"],
                "status": r["status"],
                "certificate_no": r["certificate_no"],
                "location": "",
                "enterprise_id": r["enterprise_id"],
            }
    if ids.get(SHIPMENT):
        qs = access.scope(Shipment.objects.filter(pk__in=ids[SHIPMENT]), actor).values(
            "pk",
            "customer__name",
            "customer__kind",
            "customer__contact",
            "quantity",
            "shipped_on",
            "document_no",
            "batch_id",
            "enterprise_id",
        )
        for r in qs:
            out[(SHIPMENT, r["pk"])] = {
                "customer": r["customer__name"],
                "customer_kind": r["customer__kind"],
                "contact": r["customer__contact"],
                "quantity": r["quantity"],
                "shipped_on": r["shipped_on"],
                "document_no": r["document_no"],
                "batch_id": r["batch_id"],
                "enterprise_id": r["enterprise_id"],
            }
    return out


def trace(actor: Any, ref: str | tuple[int, int], direction: str = "both") -> assemble.Trace:
    """Backward, forward or both from any node, in one call (第五十条)."""
    start = resolve(actor, ref) if isinstance(ref, str) else ref
    if isinstance(ref, tuple):  # an explicit node must still be visible to the caller
        model = {LOT: MaterialLot, BATCH: Batch, SHIPMENT: Shipment}[start[0]]
        access.get_scoped(model.objects.all(), actor, pk=start[1])
    back, fwd = graph.walk(start, direction)
    found = facts(actor, assemble.node_ids(back, fwd, start))
    return assemble.build(start, direction, back, fwd, found)


def recalls(actor: Any) -> QuerySet[Recall]:
    return access.scope(Recall.objects.select_related("enterprise"), actor)


def recall_get(actor: Any, pk: int) -> Recall:
    return access.get_scoped(
        Recall.objects.select_related("enterprise", "origin_batch", "origin_lot").prefetch_related("items"),
        actor,
        pk=pk,
    )
