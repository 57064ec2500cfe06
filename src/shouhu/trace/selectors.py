"""Trace reads, scoped to the caller: resolve a node, walk the graph, load the facts of what was reached.

Also what a recall reads before it is written (`recall_scope`, `recall_deadlines`): the affected units
from the forward trace, the deadlines from the rule data.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, workdays
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, NotFound, refuse
from shouhu.core.system import SystemActor
from shouhu.production import rulebook
from shouhu.production.models import Batch, MaterialLot, Return, Shipment

from . import assemble, consumer, graph
from .error_codes import TraceError as E
from .models import Node, Recall, RecallItem

LOT, BATCH, SHIPMENT = int(Node.LOT), int(Node.BATCH), int(Node.SHIPMENT)


def node_get(actor: Actor, ref: str, *, kind: str | None = None) -> tuple[int, int]:
    """A node from what a person types: `lot:ID`, `batch:ID`, a batch number, trace code or lot code."""
    ref = ref.strip()
    if ":" in ref and ref.split(":", 1)[0] in {"lot", "batch", "shipment"}:
        kind, raw = ref.split(":", 1)
        model = {"lot": MaterialLot, "batch": Batch, "shipment": Shipment}[kind]
        if not raw.isdigit():
            raise NotFound(_("未找到该批次"), details={"lookup": {"ref": ref}})
        obj = access.get_scoped(model.objects.all(), actor, pk=int(raw))
        return ({"lot": LOT, "batch": BATCH, "shipment": SHIPMENT}[kind], obj.pk)
    if kind in (None, "batch"):
        found = batch_candidates(actor, ref)
        if len(found) > 1:  # a batch number several enterprises print: name each, pick none
            raise refuse(
                E.AMBIGUOUS_NODE,
                _("批号 %(ref)s 对应多个企业的批次，请选择"),
                params={"ref": ref},
                error=Conflict,
                lookup={"ref": ref},
                candidates=found,
            )
        if found:
            return (BATCH, found[0]["id"])
    if kind in (None, "lot"):
        lot = access.scope(MaterialLot.objects.filter(code=ref), actor).first()
        if lot is not None:
            return (LOT, lot.pk)
    exc = refuse(
        E.UNKNOWN_NODE,
        _("未找到批号或物料批次 %(ref)s"),
        params={"ref": ref},
        error=NotFound,
        lookup={"ref": ref},
    )
    exc.details["code"] = str(E.UNKNOWN_NODE)  # the key clients have read since the first release
    raise exc


def batch_candidates(actor: Actor, ref: str) -> list[dict[str, Any]]:
    """Every batch in the caller's tenancy whose trace code or batch number is `ref`, naming its enterprise."""
    ref = ref.strip()
    by_code = Batch.objects.filter(trace_code=ref.upper())
    qs = by_code if by_code.exists() else Batch.objects.filter(number=ref)
    return [
        {
            "id": b.pk,
            "ref": f"batch:{b.pk}",
            "number": b.number,
            "product": b.product.name,
            "enterprise": b.enterprise.name,
            "produced_on": b.produced_on,
        }
        for b in access.scope(qs.select_related("product", "enterprise"), actor).order_by(
            "enterprise__name", "pk"
        )[:100]
    ]


def node_facts(actor: Actor, ids: dict[int, set[int]]) -> dict[tuple[int, int], dict[str, Any]]:
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


def trace_get(actor: Actor, ref: str | tuple[int, int], direction: str = "both") -> assemble.Trace:
    """Backward, forward or both from any node, in one call (第五十条)."""
    start = node_get(actor, ref) if isinstance(ref, str) else ref
    if isinstance(ref, tuple):  # an explicit node must still be visible to the caller
        model = {LOT: MaterialLot, BATCH: Batch, SHIPMENT: Shipment}[start[0]]
        access.get_scoped(model.objects.all(), actor, pk=start[1])
    back, fwd = graph.walk(start, direction)
    found = node_facts(actor, assemble.node_ids(back, fwd, start))
    return assemble.build(start, direction, back, fwd, found)


def recall_list(actor: Actor, *, status: str = "", division: str = "") -> QuerySet[Recall]:
    """`division` (a 6-digit code inside the tenancy) narrows to its enterprises: the command view's links."""
    qs = access.scope(Recall.objects.select_related("enterprise"), actor)
    if status:
        qs = qs.filter(status=status)
    if division:
        qs = qs.filter(enterprise__division_code__startswith=access.division_prefix(division))
    return qs


def recall_get(actor: Actor, pk: int) -> Recall:
    return access.get_scoped(
        Recall.objects.select_related("enterprise", "origin_batch", "origin_lot").prefetch_related("items"),
        actor,
        pk=pk,
    )


def recall_item_get(actor: Actor, pk: int) -> RecallItem:
    """A recall item, if its recall is in the caller's tenancy (else not found)."""
    item = RecallItem.objects.select_related("recall").filter(pk=pk).first()
    if item is None or not access.scope(Recall.objects.filter(pk=item.recall_id), actor).exists():
        raise NotFound(_("未找到"), details={"lookup": {"item": pk}})
    return item


def recall_scope(origin: tuple[int, int]) -> dict[str, Any]:
    """Affected batches, customers and quantities (shipped net of returns, still in stock) of an origin.

    Unscoped by design: the caller has already shown it may act on the origin, and a recall must reach
    every unit that came from it.
    """
    fwd = graph.forward(origin)
    ids = assemble.node_ids([], fwd, origin)
    found = node_facts(SystemActor("召回范围"), ids)
    returned: dict[int, Decimal] = defaultdict(Decimal)
    if ids[Node.SHIPMENT]:
        for sid, q in (
            Return.objects.filter(shipment_id__in=ids[Node.SHIPMENT])
            .values_list("shipment_id")
            .annotate(q=Sum("quantity"))
        ):
            returned[sid] = q
    batches = []
    for bid in sorted(ids[Node.BATCH]):
        b = found.get((Node.BATCH, bid))
        if b is None:
            continue
        ships = [
            {
                "shipment_id": sid,
                **found[(Node.SHIPMENT, sid)],
                "returned": returned[sid],
                "outstanding": found[(Node.SHIPMENT, sid)]["quantity"] - returned[sid],
            }
            for (t, sid) in sorted(found)
            if t == Node.SHIPMENT and found[(t, sid)]["batch_id"] == bid
        ]
        batches.append(
            {
                "batch_id": bid,
                **b,
                "shipments": ships,
                "shipped": sum((s["quantity"] for s in ships), Decimal(0)),
                "outstanding": sum((s["outstanding"] for s in ships), Decimal(0)),
            }
        )
    return {
        "origin": f"{assemble.KIND[origin[0]]}:{origin[1]}",
        "batches": batches,
        "customers": sorted({s["customer"] for b in batches for s in b["shipments"]}),
        "shipped": sum((b["shipped"] for b in batches), Decimal(0)),
        "outstanding": sum((b["outstanding"] for b in batches), Decimal(0)),
        "in_stock": sum((b["on_hand"] for b in batches), Decimal(0)),
    }


def recall_deadlines(level: int, started_at: datetime) -> tuple[datetime, date, str]:
    """(plan due, finish due, citation) from rule parameter `recall.level-N` (DOMAIN §9)."""
    on = timezone.localtime(started_at).date()
    pid = f"recall.level-{int(level)}"
    value = rulebook.param_value(pid, on)
    plan_due = started_at + timedelta(hours=int(value["start_hours"]))
    finish_due = workdays.add_working_days(on, int(value["finish_working_days"]))
    return plan_due, finish_due, f"{rulebook.param_cite(pid, on)}（{pid}）"


def consumer_batch(
    code: str, *, producer: str = "", licence: str = "", product: str = ""
) -> tuple[Batch | None, list[dict[str, str]]]:
    """The released batch a member of the public means by what is printed on the package (no tenancy: only
    released batches, with the look-up's ambiguity rule): (batch or None, candidates when several match)."""
    return consumer.resolve_batch(code, producer=producer, licence=licence, product=product)
