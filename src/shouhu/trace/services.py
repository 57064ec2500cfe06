"""Recall writes (召回, 第六十三条; 《食品召回管理办法》): scope from the trace, deadlines from the rule data."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from shouhu.core import access, workdays
from shouhu.core.services import create_record, update_record
from shouhu.production import rulebook
from shouhu.production.models import Batch, MaterialLot, Return
from shouhu.production.services import article_cite, refuse

from . import assemble, graph
from .models import Node, Recall, RecallItem, RecallStatus
from .selectors import facts

MANAGE = "trace.recall.manage"
SUPERVISE = "trace.recall.supervise"


def recall_scope(origin: tuple[int, int]) -> dict[str, Any]:
    """Affected batches, customers and quantities (shipped net of returns, still in stock) of an origin.

    Unscoped by design: the caller has already shown it may act on the origin, and a recall must reach
    every unit that came from it.
    """
    fwd = graph.forward(origin)
    ids = assemble.node_ids([], fwd, origin)
    found = facts(_System(), ids)
    returned = defaultdict(Decimal)
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


class _System:
    """The platform itself reading the graph for a recall (tenancy was checked on the origin)."""

    is_authenticated = True
    role = "platform_admin"
    enterprise_id = None
    division_code = ""
    actor_label = "system"


def _json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def recall_deadlines(level: int, started_at: datetime) -> tuple[datetime, date, str]:
    """(plan due, finish due, citation) from rule parameter `recall.level-N` (DOMAIN §9)."""
    on = timezone.localtime(started_at).date()
    pid = f"recall.level-{int(level)}"
    value = rulebook.param_value(pid, on)
    plan_due = started_at + timedelta(hours=int(value["start_hours"]))
    finish_due = workdays.add_working_days(on, int(value["finish_working_days"]))
    return plan_due, finish_due, f"{rulebook.param_cite(pid, on)}（{pid}）"


def recall_start(
    *,
    actor: Any,
    level: int,
    reason: str,
    batch: Batch | None = None,
    lot: MaterialLot | None = None,
    started_at: datetime | None = None,
) -> Recall:
    """Start a recall from a batch or a material lot; the items are every shipment and stock it reached."""
    access.require(actor, MANAGE)
    if (batch is None) == (lot is None):
        raise refuse(
            "recall.origin",
            "须指定一个生产批次或一个物料批次",
            "give exactly one batch or lot",
            field="batch",
        )
    origin_obj = batch or lot
    model = Batch if batch is not None else MaterialLot
    access.get_scoped(model.objects.all(), actor, pk=origin_obj.pk)
    if int(level) not in (1, 2, 3):
        raise refuse(
            "recall.level",
            "召回级别须为一、二、三级",
            "level must be 1, 2 or 3",
            field="level",
            rule="recall.level-1",
        )
    started_at = started_at or timezone.now()
    if timezone.is_naive(started_at):  # read in the platform's time zone (Asia/Shanghai)
        started_at = timezone.make_aware(started_at)
    if started_at > timezone.now() + timedelta(minutes=5):
        raise refuse(
            "date.future", "启动时间不能晚于现在", "start cannot be in the future", field="started_at"
        )
    origin = (Node.BATCH, batch.pk) if batch is not None else (Node.LOT, lot.pk)
    scope = recall_scope(origin)
    if not scope["batches"]:
        raise refuse(
            "recall.empty",
            "该物料批次未用于任何生产批次，无需召回",
            "nothing was made from this lot",
            field="lot",
            rule="xize2017.art63",
            cite=article_cite(63),
        )
    plan_due, finish_due, cite = recall_deadlines(level, started_at)
    ent_id = origin_obj.enterprise_id
    with transaction.atomic():
        seq = Recall.objects.filter(enterprise_id=ent_id).count() + 1
        recall = create_record(
            actor=actor,
            instance=Recall(
                enterprise_id=ent_id,
                number=f"RC{ent_id}-{timezone.localtime(started_at):%Y%m%d}-{seq:03d}",
                level=level,
                reason=reason,
                origin_batch=batch,
                origin_lot=lot,
                started_at=started_at,
                plan_due_at=plan_due,
                finish_due_on=finish_due,
                deadline_source=cite,
                scope=_json(scope),
            ),
            enterprise_id=ent_id,
            action="recall.start",
        )
        for b in scope["batches"]:
            for s in b["shipments"]:
                if s["outstanding"] > 0:
                    RecallItem.objects.create(
                        recall=recall,
                        batch_id=b["batch_id"],
                        shipment_id=s["shipment_id"],
                        customer_name=s["customer"],
                        quantity=s["outstanding"],
                    )
            if b["on_hand"] > 0:
                RecallItem.objects.create(
                    recall=recall, batch_id=b["batch_id"], customer_name="本企业库存", quantity=b["on_hand"]
                )
    return recall


def _manage(actor: Any, recall: Recall) -> None:
    access.require(actor, MANAGE)
    access.get_scoped(Recall.objects.all(), actor, pk=recall.pk)
    if recall.status == RecallStatus.COMPLETED:
        raise refuse("recall.completed", "召回已完成", "the recall is completed", field="status")


def recall_notify(*, actor: Any, item: RecallItem, at: datetime | None = None) -> RecallItem:
    _manage(actor, item.recall)
    return update_record(
        actor=actor,
        instance=item,
        changes={"notified_at": at or timezone.now()},
        enterprise_id=item.recall.enterprise_id,
        reason="已通知购货者停止销售并召回",
        action="recall.notify",
    )


def recall_recover(*, actor: Any, item: RecallItem, quantity: Any) -> RecallItem:
    """Record `quantity` more units recovered (never more than the item's quantity)."""
    _manage(actor, item.recall)
    q = Decimal(str(quantity))
    if q <= 0:
        raise refuse("quantity.not_positive", "数量必须大于零", "quantity must be positive", field="quantity")
    with transaction.atomic():
        locked = RecallItem.objects.select_for_update().get(pk=item.pk)
        if locked.recovered + q > locked.quantity:
            raise refuse(
                "recall.over_recovered",
                f"召回数量超过涉及数量（{locked.recovered}+{q}>{locked.quantity}）",
                "recovered would exceed the quantity concerned",
                field="quantity",
            )
        return update_record(
            actor=actor,
            instance=locked,
            changes={"recovered": locked.recovered + q},
            enterprise_id=item.recall.enterprise_id,
            reason=f"召回 {q}",
            action="recall.recover",
        )


def recall_report(*, actor: Any, recall: Recall, at: datetime | None = None) -> Recall:
    """The recall plan/report reaches the county regulator (第六十三条): visible on their side."""
    _manage(actor, recall)
    return update_record(
        actor=actor,
        instance=recall,
        changes={"reported_at": at or timezone.now()},
        enterprise_id=recall.enterprise_id,
        reason="向所在地县级市场监管部门报告",
        action="recall.report",
    )


def recall_supervise(*, actor: Any, recall: Recall, note: str) -> Recall:
    """The regulator notes its supervision of the recall (主管行政部门监督处理情况)."""
    access.require(actor, SUPERVISE)
    access.get_scoped(Recall.objects.all(), actor, pk=recall.pk)
    return update_record(
        actor=actor,
        instance=recall,
        changes={"regulator_note": note},
        enterprise_id=recall.enterprise_id,
        reason="监管部门监督意见",
        action="recall.supervise",
    )


def recall_complete(
    *, actor: Any, recall: Recall, disposal: str, place: str, rectification: str, on: date | None = None
) -> Recall:
    _manage(actor, recall)
    return update_record(
        actor=actor,
        instance=recall,
        changes={
            "status": RecallStatus.COMPLETED,
            "disposal": disposal,
            "disposal_place": place,
            "rectification": rectification,
            "completed_on": on or timezone.localdate(),
        },
        enterprise_id=recall.enterprise_id,
        reason="召回完成",
        action="recall.complete",
    )
