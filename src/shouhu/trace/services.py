"""Recall writes (召回, 第六十三条; 《食品召回管理办法》): scope from the trace, deadlines from the rule data."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import refuse
from shouhu.core.services import create_record, update_record
from shouhu.production.models import Batch, MaterialLot
from shouhu.production.rulebook import article_cite

from .error_codes import TraceError as E
from .events import TraceAction as A
from .models import RECALL_FLOW, Node, Recall, RecallItem
from .selectors import recall_deadlines, recall_scope

MANAGE = "trace.recall.manage"
SUPERVISE = "trace.recall.supervise"


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


def recall_start(
    *,
    actor: Actor,
    level: int,
    reason: str,
    batch: Batch | None = None,
    lot: MaterialLot | None = None,
    started_at: datetime | None = None,
) -> Recall:
    """Start a recall from a batch or a material lot; the items are every shipment and stock it reached."""
    access.require(actor, MANAGE)
    if (batch is None) == (lot is None):
        raise refuse(E.RECALL_ORIGIN, _("须指定一个生产批次或一个物料批次"), field="batch")
    origin_obj = batch or lot
    model = Batch if batch is not None else MaterialLot
    access.get_scoped(model.objects.all(), actor, pk=origin_obj.pk)
    if int(level) not in (1, 2, 3):
        raise refuse(E.RECALL_LEVEL, _("召回级别须为一、二、三级"), field="level", rule="recall.level-1")
    started_at = started_at or timezone.now()
    if timezone.is_naive(started_at):  # read in the platform's time zone (Asia/Shanghai)
        started_at = timezone.make_aware(started_at)
    if started_at > timezone.now() + timedelta(minutes=5):
        raise refuse(E.DATE_FUTURE, _("启动时间不能晚于现在"), field="started_at")
    origin = (Node.BATCH, batch.pk) if batch is not None else (Node.LOT, lot.pk)
    scope = recall_scope(origin)
    if not scope["batches"]:
        raise refuse(
            E.RECALL_EMPTY,
            _("该物料批次未用于任何生产批次，无需召回"),
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
            action=A.RECALL_START,
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


def _manage(actor: Actor, recall: Recall, step: str) -> None:
    access.require(actor, MANAGE)
    access.get_scoped(Recall.objects.all(), actor, pk=recall.pk)
    if not RECALL_FLOW.can(step, recall.status):
        raise refuse(E.RECALL_COMPLETED, _("召回已完成"), field="status")


def recall_notify(*, actor: Actor, item: RecallItem, at: datetime | None = None) -> RecallItem:
    _manage(actor, item.recall, "notify")
    return update_record(
        actor=actor,
        instance=item,
        changes={"notified_at": at or timezone.now()},
        enterprise_id=item.recall.enterprise_id,
        reason="已通知购货者停止销售并召回",
        action=A.RECALL_NOTIFY,
    )


def recall_recover(*, actor: Actor, item: RecallItem, quantity: Any) -> RecallItem:
    """Record `quantity` more units recovered (never more than the item's quantity)."""
    _manage(actor, item.recall, "recover")
    q = Decimal(str(quantity))
    if q <= 0:
        raise refuse(E.QUANTITY_NOT_POSITIVE, _("数量必须大于零"), field="quantity")
    with transaction.atomic():
        locked = RecallItem.objects.select_for_update().get(pk=item.pk)
        if locked.recovered + q > locked.quantity:
            raise refuse(
                E.RECALL_OVER_RECOVERED,
                _("召回数量超过涉及数量（%(recovered)s+%(more)s>%(quantity)s）"),
                params={"recovered": locked.recovered, "more": q, "quantity": locked.quantity},
                field="quantity",
            )
        return update_record(
            actor=actor,
            instance=locked,
            changes={"recovered": locked.recovered + q},
            enterprise_id=item.recall.enterprise_id,
            reason=f"召回 {q}",
            action=A.RECALL_RECOVER,
        )


def recall_report(*, actor: Actor, recall: Recall, at: datetime | None = None) -> Recall:
    """The recall plan/report reaches the county regulator (第六十三条): visible on their side."""
    _manage(actor, recall, "report")
    return update_record(
        actor=actor,
        instance=recall,
        changes={"reported_at": at or timezone.now()},
        enterprise_id=recall.enterprise_id,
        reason="向所在地县级市场监管部门报告",
        action=A.RECALL_REPORT,
    )


def recall_supervise(*, actor: Actor, recall: Recall, note: str) -> Recall:
    """The regulator notes its supervision of the recall (主管行政部门监督处理情况)."""
    access.require(actor, SUPERVISE)
    access.get_scoped(Recall.objects.all(), actor, pk=recall.pk)
    RECALL_FLOW.require("supervise", recall.status)
    return update_record(
        actor=actor,
        instance=recall,
        changes={"regulator_note": note},
        enterprise_id=recall.enterprise_id,
        reason="监管部门监督意见",
        action=A.RECALL_SUPERVISE,
    )


def recall_complete(
    *, actor: Actor, recall: Recall, disposal: str, place: str, rectification: str, on: date | None = None
) -> Recall:
    _manage(actor, recall, "complete")
    return update_record(
        actor=actor,
        instance=recall,
        changes={
            "status": RECALL_FLOW.require("complete", recall.status),
            "disposal": disposal,
            "disposal_place": place,
            "rectification": rectification,
            "completed_on": on or timezone.localdate(),
        },
        enterprise_id=recall.enterprise_id,
        reason="召回完成",
        action=A.RECALL_COMPLETE,
    )


def _supervising(actor: Actor, recall: Recall, step: str) -> str | None:
    access.require(actor, SUPERVISE)
    access.get_scoped(Recall.objects.all(), actor, pk=recall.pk)
    if recall.closing_accepted_at is not None:
        raise refuse(E.RECALL_CLOSED, _("召回总结报告已验收，不再变更"), field="status")
    return RECALL_FLOW.require(step, recall.status)


def recall_require_correction(*, actor: Actor, recall: Recall, note: str) -> Recall:
    """The regulator requires correction (责令改正): the recall is in progress again until completed anew."""
    note = (note or "").strip()
    if not note:
        raise refuse(E.NOTE_REQUIRED, _("请填写改正要求"), field="note")
    target = _supervising(actor, recall, "require_correction")
    return update_record(
        actor=actor,
        instance=recall,
        changes={"status": target, "correction_note": note, "correction_required_at": timezone.now()},
        enterprise_id=recall.enterprise_id,
        reason="监管部门责令改正",
        action=A.RECALL_REQUIRE_CORRECTION,
    )


def recall_accept_closing(*, actor: Actor, recall: Recall) -> Recall:
    """The regulator accepts the closing report of a completed recall; nothing changes afterwards."""
    _supervising(actor, recall, "accept_closing")
    return update_record(
        actor=actor,
        instance=recall,
        changes={"closing_accepted_at": timezone.now()},
        enterprise_id=recall.enterprise_id,
        reason="监管部门验收召回总结报告",
        action=A.RECALL_ACCEPT_CLOSING,
    )
