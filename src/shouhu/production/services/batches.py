"""Batches (生产批次, 第五十条–第五十五条): numbering, batching from accepted lots, completion, clearance.

Batching (配料/投料) takes stock from a lot by conditional UPDATE, is weighed by one person and checked by
another (第五十四条), and announces the lot → batch flow (`production.flows`) in the same transaction so
the trace sees it. Which steps a batch allows in which state is `models.BATCH_FLOW`.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import hooks
from shouhu.core.access import Actor
from shouhu.core.errors import refuse
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Enterprise, Person

from .. import flows, rulebook
from ..error_codes import ProductionError as E
from ..events import ProductionAction as A
from ..models import (
    BATCH_FLOW,
    LOT_FLOW,
    Batch,
    BatchStatus,
    Clearance,
    Consumption,
    Material,
    MaterialLot,
    MoveKind,
    Product,
)
from ._common import (
    cite,
    enterprise_for,
    move,
    not_future,
    own,
    person,
    qty,
    refuse_banned,
    same_enterprise,
    use_day,
)


def batch_create(
    *,
    actor: Actor,
    enterprise: Enterprise | int,
    product: Product,
    number: str,
    produced_on: date,
    zone: str = "",
    line: str = "",
) -> Batch:
    """A new batch; `zone` (and `line`), if given, the clean zone it is made in, recorded by the app that
    keeps zones (`core.hooks.batch_zone_record`, in this transaction: an unknown zone writes nothing)."""
    ent = enterprise_for(actor, enterprise)
    same_enterprise(ent.pk, product)
    not_future(produced_on, "produced_on")
    if Batch.objects.filter(enterprise=ent, number=number).exists():
        raise refuse(
            E.BATCH_DUPLICATE,
            _("生产批号 %(number)s 已存在"),
            params={"number": number},
            field="number",
            rule="xize2017.art50",
            cite=cite(50, produced_on),
        )
    blockers = hooks.batch_blockers(product.pk)  # e.g. a change awaiting its HACCP plan review (第二十六条)
    if blockers:
        raise refuse(
            E.BATCH_BLOCKED,
            _("新批次开始前须先完成：%(what)s"),
            params={"what": "；".join(b["title"] for b in blockers)},
            field="product",
            rule="xize2017.art26",
            cite=cite(26, produced_on),
        )
    batch = Batch(
        enterprise=ent,
        product=product,
        number=number,
        trace_code=secrets.token_hex(8).upper(),
        produced_on=produced_on,
        expires_on=produced_on + timedelta(days=product.shelf_life_days),
    )
    zone, line = (zone or "").strip(), (line or "").strip()
    with transaction.atomic():
        made = create_record(actor=actor, instance=batch, enterprise_id=ent.pk, action=A.BATCH_CREATE)
        if zone and not hooks.batch_zone_record(made.pk, zone, line, actor):
            raise refuse(E.ZONE_UNSUPPORTED, _("未启用洁净区管理，不能记录生产区域"), field="zone")
        if line and not zone:
            raise refuse(E.ZONE_UNSUPPORTED, _("记录生产线须同时给出洁净区编号"), field="line")
    return made


def _refuse_closed(batch: Batch) -> None:
    raise refuse(E.BATCH_CLOSED, _("批次 %(batch)s 已结束生产"), params={"batch": str(batch)}, field="batch")


def batch_consume(
    *,
    actor: Actor,
    batch: Batch,
    lot: MaterialLot,
    quantity: Any,
    batcher: Person | int,
    checker: Person | int,
    at: datetime | None = None,
    feeder: str = "",
) -> Consumption:
    """配料/投料: `batch` uses `quantity` of `lot`; weighed by `batcher`, independently checked (第五十四条)."""
    own(actor, batch, "batch")
    same_enterprise(batch.enterprise_id, lot)
    q = qty(quantity)
    at = at or timezone.now()
    not_future(at, "at")
    b, c = person(batch.enterprise_id, batcher, "batcher"), person(batch.enterprise_id, checker, "checker")
    if b.pk == c.pk:
        raise refuse(
            E.BATCHING_SAME_PERSON,
            _("复核人不能与配料人为同一人（%(name)s）"),
            params={"name": b.name},
            field="checker",
            rule="xize2017.art54",
            cite=cite(54),
        )
    if not BATCH_FLOW.can("consume", batch.status):
        _refuse_closed(batch)
    if not LOT_FLOW.can("consume", lot.status):
        raise refuse(
            E.LOT_NOT_ACCEPTED,
            _("物料批次 %(lot)s 未经查验合格"),
            params={"lot": str(lot)},
            field="lot",
            rule="xize2017.art41",
            cite=cite(41),
        )
    at, on = use_day(at)
    if lot.expires_on and lot.expires_on < on:
        raise refuse(
            E.LOT_EXPIRED,
            _("物料批次 %(lot)s 已超过保质期（%(expires_on)s）"),
            params={"lot": str(lot), "expires_on": lot.expires_on},
            field="lot",
            rule="xize2017.art51",
            cite=cite(51),
        )
    refuse_banned(rulebook.banned(tags=lot.material.tags, profiles=[batch.product.profile], on=on), "lot")
    with transaction.atomic():
        move(
            enterprise_id=batch.enterprise_id,
            kind=MoveKind.ISSUE,
            quantity=-q,
            lot=lot,
            ref=batch.number,
            actor=actor,
        )
        cons = create_record(
            actor=actor,
            instance=Consumption(
                enterprise_id=batch.enterprise_id,
                batch=batch,
                lot=lot,
                quantity=q,
                batcher=b,
                checker=c,
                at=at,
                feeder=feeder,
            ),
            enterprise_id=batch.enterprise_id,
            action=A.BATCH_CONSUME,
        )
        flows.announce(
            flows.Flow(batch.enterprise_id, (flows.Kind.LOT, lot.pk), (flows.Kind.BATCH, batch.pk), q, on)
        )
    return cons


def issue_fefo(
    *,
    actor: Actor,
    batch: Batch,
    material: Material,
    quantity: Any,
    batcher: Person | int,
    checker: Person | int,
    at: datetime | None = None,
) -> list[Consumption]:
    """Issue `quantity` of a material to a batch from its lots, nearest expiry first, then first in (第五十一条)."""
    own(actor, batch, "batch")
    same_enterprise(batch.enterprise_id, material)
    need = qty(quantity)
    at, on = use_day(at or timezone.now())
    out = []
    with transaction.atomic():
        lots = (
            MaterialLot.objects.select_for_update()
            .filter(material=material, status__in=LOT_FLOW.transitions["consume"].sources, on_hand__gt=0)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))
            .order_by(F("expires_on").asc(nulls_last=True), "received_on", "pk")
        )
        for lot in lots:
            if need <= 0:
                break
            take = min(need, lot.on_hand)
            out.append(
                batch_consume(
                    actor=actor, batch=batch, lot=lot, quantity=take, batcher=batcher, checker=checker, at=at
                )
            )
            need -= take
        if need > 0:
            raise refuse(
                E.STOCK_INSUFFICIENT,
                _("%(material)s 可用库存不足，尚缺 %(short)s"),
                params={"material": material.name, "short": need},
                field="quantity",
                rule="xize2017.art51",
                cite=cite(51),
                short=str(need),
            )
    return out


def batch_complete(*, actor: Actor, batch: Batch, quantity: Any) -> Batch:
    """Production finished: `quantity` units into finished stock, awaiting release (待检, 第五十一条)."""
    own(actor, batch, "batch")
    q = qty(quantity)
    step = "complete_held" if batch.status == BatchStatus.ON_HOLD else "complete"
    if not BATCH_FLOW.can(step, batch.status):
        raise refuse(E.BATCH_CLOSED, _("批次 %(batch)s 已完成"), params={"batch": str(batch)}, field="batch")
    if not batch.consumptions.exists():
        raise refuse(
            E.BATCH_NO_MATERIALS,
            _("批次 %(batch)s 没有配料记录"),
            params={"batch": str(batch)},
            field="batch",
            rule="xize2017.art54",
            cite=cite(54),
        )
    with transaction.atomic():
        batch = update_record(
            actor=actor,
            instance=batch,
            changes={"quantity": q, "status": BATCH_FLOW.require(step, batch.status)},
            enterprise_id=batch.enterprise_id,
            reason="生产完成，成品入库待检",
            action=A.BATCH_COMPLETE,
        )
        move(
            enterprise_id=batch.enterprise_id,
            kind=MoveKind.PRODUCE,
            quantity=q,
            batch=batch,
            ref=batch.number,
            actor=actor,
        )
    return batch


def clearance_record(*, actor: Actor, batch: Batch, **fields: Any) -> Clearance:
    """清场记录 (附件1 #21): the reviewer is not the person responsible (第五十五条)."""
    own(actor, batch, "batch")
    not_future(fields.get("at"), "at")
    if fields.get("responsible") and fields.get("responsible") == fields.get("reviewer"):
        raise refuse(
            E.CLEARANCE_SAME_PERSON,
            _("清场复查人不能与清场负责人为同一人"),
            field="reviewer",
            rule="xize2017.art55",
            cite=cite(55),
        )
    return create_record(
        actor=actor,
        instance=Clearance(enterprise_id=batch.enterprise_id, batch=batch, **fields),
        enterprise_id=batch.enterprise_id,
        action=A.CLEARANCE_RECORD,
    )
