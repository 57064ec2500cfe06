"""Sales and returns (销售记录 附件1 #3, 退货处置记录 #6) and the disposition of non-conforming goods.

Only released batches leave the factory (第五十一条); each shipment takes stock off the batch and
announces the batch → shipment flow (`production.flows`), which is what a forward trace and a recall
follow. A return never exceeds what was shipped (the shipment row is locked while it is counted).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor
from shouhu.core.errors import refuse
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Enterprise

from .. import flows
from ..error_codes import ProductionError as E
from ..events import ProductionAction as A
from ..models import BATCH_FLOW, Batch, Customer, Gate, MoveKind, NonConforming, Return, Shipment
from ._common import cite, enterprise_for, move, not_future, own, qty, same_enterprise
from .refusals import logged


def customer_create(*, actor: Actor, enterprise: Enterprise | int, **fields: Any) -> Customer:
    ent = enterprise_for(actor, enterprise)
    return create_record(
        actor=actor,
        instance=Customer(enterprise=ent, **fields),
        enterprise_id=ent.pk,
        action=A.CUSTOMER_CREATE,
    )


@logged(Gate.SHIPMENT)
def shipment_create(
    *,
    actor: Actor,
    batch: Batch,
    customer: Customer,
    quantity: Any,
    shipped_on: date,
    document_no: str = "",
) -> Shipment:
    """销售记录 (附件1 #3): only released batches leave the factory (第五十一条)."""
    own(actor, batch, "batch")
    same_enterprise(batch.enterprise_id, customer)
    q = qty(quantity)
    not_future(shipped_on, "shipped_on")
    batch = Batch.objects.get(pk=batch.pk)
    if not BATCH_FLOW.can("ship", batch.status):
        raise refuse(
            E.SHIPMENT_NOT_RELEASED,
            _("批次 %(batch)s 未经检验放行，不得出厂销售"),
            params={"batch": str(batch)},
            field="batch",
            rule="xize2017.art51",
            cite=cite(51),
        )
    if batch.released_on and shipped_on < batch.released_on:
        raise refuse(
            E.SHIPMENT_BEFORE_RELEASE,
            _("销售日期早于放行日期"),
            field="shipped_on",
            rule="xize2017.art51",
            cite=cite(51),
        )
    with transaction.atomic():
        ship = create_record(
            actor=actor,
            instance=Shipment(
                enterprise_id=batch.enterprise_id,
                batch=batch,
                customer=customer,
                quantity=q,
                shipped_on=shipped_on,
                document_no=document_no,
            ),
            enterprise_id=batch.enterprise_id,
            action=A.SHIPMENT_CREATE,
        )
        move(
            enterprise_id=batch.enterprise_id,
            kind=MoveKind.SHIP,
            quantity=-q,
            batch=batch,
            ref=str(ship.pk),
            actor=actor,
        )
        flows.announce(
            flows.Flow(
                batch.enterprise_id,
                (flows.Kind.BATCH, batch.pk),
                (flows.Kind.SHIPMENT, ship.pk),
                q,
                shipped_on,
            )
        )
    return ship


def return_create(
    *,
    actor: Actor,
    shipment: Shipment,
    quantity: Any,
    returned_on: date,
    reason: str,
    disposition: str = "",
    restock: bool = False,
) -> Return:
    """退货处置记录 (附件1 #6): never more than was shipped; restocked goods go back to the batch."""
    own(actor, shipment, "shipment")
    q = qty(quantity)
    not_future(returned_on, "returned_on")
    if returned_on < shipment.shipped_on:
        raise refuse(E.RETURN_BEFORE_SHIPMENT, _("退货日期早于销售日期"), field="returned_on")
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        already = locked.returns.aggregate(s=Sum("quantity"))["s"] or Decimal(0)
        if already + q > locked.quantity:
            raise refuse(
                E.RETURN_EXCEEDS_SHIPMENT,
                _("退货数量超过销售数量（已退 %(already)s，销售 %(shipped)s）"),
                params={"already": already, "shipped": locked.quantity},
                field="quantity",
                rule="xize2017.art70",
                cite=cite(70),
            )
        ret = create_record(
            actor=actor,
            instance=Return(
                enterprise_id=shipment.enterprise_id,
                shipment=locked,
                quantity=q,
                returned_on=returned_on,
                reason=reason,
                disposition=disposition,
                restock=restock,
            ),
            enterprise_id=shipment.enterprise_id,
            action=A.RETURN_CREATE,
        )
        if restock:
            move(
                enterprise_id=shipment.enterprise_id,
                kind=MoveKind.RETURN,
                quantity=q,
                batch=locked.batch,
                ref=f"return {ret.pk}",
                actor=actor,
            )
    return ret


def nonconforming_update(
    *, actor: Actor, record: NonConforming, disposition: str, reason: str
) -> NonConforming:
    own(actor, record, "nonconforming")
    return update_record(
        actor=actor,
        instance=record,
        changes={"disposition": disposition},
        enterprise_id=record.enterprise_id,
        reason=reason,
        action=A.NONCONFORMING_UPDATE,
    )
