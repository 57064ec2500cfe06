"""Critical control points (附件1 #19): a measurement outside the product's critical limits holds the batch.

A hold stops release until someone with the releasing role assesses the deviation and lifts it, with the
reason in the ledger. The limits come from the HACCP plan in force for the batch's product (asked through
`core.hooks.ccp_limits`; `haccp` answers, with the stricter of the rule's and the enterprise's limit); a
product without a plan falls back to its legacy `critical_limits`. A deviation is announced
(`core.hooks.ccp_deviation`) so the plan's deviation is opened, and the hold is lifted only once nothing
registered in `core.hooks.hold_blockers` remains (its corrective action and disposition recorded).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, hooks
from shouhu.core.access import Actor
from shouhu.core.errors import refuse
from shouhu.core.services import create_record, update_record

from ..error_codes import ProductionError as E
from ..events import ProductionAction as A
from ..models import BATCH_FLOW, Batch, CCPRecord
from ._common import RELEASE, not_future, own


def ccp_record(
    *, actor: Actor, batch: Batch, point: str, parameter: str, value: Any, at: datetime, operator: str
) -> CCPRecord:
    """A CCP measurement; outside the product's critical limits the batch goes on hold (附件1 #19)."""
    own(actor, batch, "batch")
    not_future(at, "at")
    limits = hooks.ccp_limits(batch.pk, point, parameter)
    limits = (
        limits
        or (batch.product.critical_limits or {}).get(f"{point}.{parameter}")
        or (batch.product.critical_limits or {}).get(parameter)
    )
    if limits is None:
        raise refuse(
            E.CCP_NO_LIMITS,
            _("产品未设定 %(point)s/%(parameter)s 的关键限值"),
            params={"point": point, "parameter": parameter},
            field="parameter",
        )
    v = Decimal(str(value))
    lo = None if limits.get("min") is None else Decimal(str(limits["min"]))
    hi = None if limits.get("max") is None else Decimal(str(limits["max"]))
    deviation = (lo is not None and v < lo) or (hi is not None and v > hi)
    with transaction.atomic():
        rec = create_record(
            actor=actor,
            instance=CCPRecord(
                enterprise_id=batch.enterprise_id,
                batch=batch,
                point=point,
                parameter=parameter,
                value=v,
                limit_min=lo,
                limit_max=hi,
                deviation=deviation,
                at=at,
                operator=operator,
            ),
            enterprise_id=batch.enterprise_id,
            action=A.CCP_RECORD,
        )
        if deviation:
            batch_hold(actor=actor, batch=batch, reason=f"{point} {parameter}={v} 超出关键限值 [{lo}, {hi}]")
            hooks.ccp_deviation.send(
                sender=CCPRecord, batch_id=batch.pk, record_id=rec.pk, point=point, parameter=parameter,
                value=v, actor=actor,
            )  # fmt: skip
    return rec


def batch_hold(*, actor: Actor, batch: Batch, reason: str) -> Batch:
    """Put a batch on hold for a CCP deviation (附件1 #19); a batch already held or rejected stays so."""
    fresh = Batch.objects.get(pk=batch.pk)
    if not BATCH_FLOW.can("hold", fresh.status):
        return fresh
    return update_record(
        actor=actor,
        instance=fresh,
        changes={"status": BATCH_FLOW.require("hold", fresh.status), "hold_reason": reason[:2000]},
        enterprise_id=fresh.enterprise_id,
        reason="关键控制点偏离，批次暂扣",
        action=A.BATCH_HOLD,
    )


def batch_hold_clear(*, actor: Actor, batch: Batch, reason: str) -> Batch:
    """Lift a hold after the deviation was assessed (the reason is kept in the ledger)."""
    access.require(actor, RELEASE)
    own(actor, batch, "batch")
    step = "clear_hold" if batch.quantity > 0 else "resume"  # finished goods await release again
    if not BATCH_FLOW.can(step, batch.status):
        raise refuse(E.BATCH_NOT_ON_HOLD, _("批次未暂扣"), field="status")
    blockers = hooks.hold_blockers(
        batch.pk
    )  # an open CCP deviation without its corrective action and disposition
    if blockers:
        raise refuse(
            E.HOLD_BLOCKED,
            _("须先记录偏离的纠偏措施和处置：%(what)s"),
            params={"what": "；".join(b["title"] for b in blockers)},
            field="status",
        )
    return update_record(
        actor=actor,
        instance=batch,
        changes={"status": BATCH_FLOW.require(step, batch.status), "hold_reason": ""},
        enterprise_id=batch.enterprise_id,
        reason=reason,
        action=A.BATCH_HOLD_CLEAR,
    )
