"""Corrections of an intake inspection (进货查验, 附件1 #23/#29) under 第七十条: a new version, never a rewrite.

A lot's test results, its inspector and its certificates are corrected through `core.services.update_record`
(who, when and why in the ledger, the before-image kept; no reason, no write). The lot's acceptance is judged
again exactly as at intake (`intake._judge_tests` against `rulebook.intake_requirements` in force on the day
of receipt, the certificates the rules ask for):

- an **accepted** lot whose corrected results no longer pass is rejected (`LOT_FLOW` "reject"): it can no
  longer be issued to a batch (第四十一条), a non-conforming record (附件1 #2) is opened for what is left in
  stock, and every batch that already used it is marked — a batch not yet released is put on hold with the
  lot named in its hold reason (the quality manager assesses and lifts the hold on the batch page); a batch
  **already released** is never silently un-released: a non-conforming record is opened on it and it is
  flagged in its history for a recall assessment (第六十三条), as a release test corrected to failing is.
- a **rejected** lot corrected to passing stays rejected: it was refused at the gate (拒收) and its
  non-conforming record is disposed of on its own page.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from shouhu.core.access import Actor
from shouhu.core.regulation import today
from shouhu.core.services import create_record, update_record

from .. import rulebook
from ..events import ProductionAction as A
from ..models import (
    BATCH_FLOW,
    LOT_FLOW,
    Batch,
    BatchStatus,
    LotStatus,
    MaterialLot,
    NonConforming,
)
from ..selectors import enterprise_profiles
from ._common import cite, own
from .corrections import _flag_released, _nonconforming, _reason_required, _unchanged
from .intake import _judge_tests

CERTIFICATES = ("entry_exit_certificate", "slaughter_certificate")
LOT_FIELDS = ("tests", "inspector", "status", *CERTIFICATES)
# the record's own text is Chinese whatever the page's language (`intake.PROBLEM` is for messages)
PROBLEM_ZH = {"missing": "缺少检验项目", "failed": "检验不合格", "certificate": "缺少证明"}


def _judged(lot: MaterialLot, tests: list[dict[str, Any]], certs: dict[str, str]) -> tuple[list, list]:
    """The corrected tests judged as at intake: (tests to keep, problems)."""
    reqs = rulebook.intake_requirements(
        tags=lot.material.tags,
        imported=lot.supplier.imported,
        profiles=enterprise_profiles(lot.enterprise_id),
        on=lot.received_on,
    )
    judged, problems = _judge_tests(reqs, tests)
    for req in reqs:
        if req.certificate in CERTIFICATES and not certs.get(req.certificate):
            problems.append(("certificate", req.certificate, req))
    other = [t for t in tests if str(t.get("item")) not in {j["item"] for j in judged}]
    return judged + other, problems


def _hold(actor: Actor, batch: Batch, what: str) -> None:
    if not BATCH_FLOW.can("hold", batch.status):
        return
    update_record(
        actor=actor,
        instance=batch,
        changes={"status": BATCH_FLOW.require("hold", batch.status), "hold_reason": what[:2000]},
        enterprise_id=batch.enterprise_id,
        reason=what[:2000],
        action=A.BATCH_HOLD,
    )


def _batches_using(actor: Actor, lot: MaterialLot, what: str) -> list[Batch]:
    """Every batch the lot went into: held (not yet released) or flagged (released); each one once."""
    batches = list(
        Batch.objects.select_related("product")
        .filter(consumptions__lot=lot)
        .distinct()
        .order_by("produced_on", "pk")
    )
    for batch in batches:
        note = f"{what}；本批次使用了该原料批次"
        if batch.status == BatchStatus.RELEASED:
            _nonconforming(actor, batch, note, today())
            _flag_released(actor, batch, note)
        elif batch.status != BatchStatus.REJECTED:
            _hold(actor, batch, note)
    return batches


def lot_intake_correct(
    *,
    actor: Actor,
    lot: MaterialLot,
    reason: str,
    tests: list[dict[str, Any]] | None = None,
    inspector: str | None = None,
    **certs: str,
) -> MaterialLot:
    """Correct a lot's intake inspection (第七十条): acceptance judged again; failing now, the lot is
    rejected and the batches that used it are held (or, released, flagged for a recall assessment)."""
    own(actor, lot, "lot")
    _reason_required(reason)
    lot = MaterialLot.objects.select_related("material", "supplier").get(pk=lot.pk)
    changes: dict[str, Any] = {k: str(v).strip() for k, v in certs.items() if k in CERTIFICATES}
    if inspector is not None:
        changes["inspector"] = inspector.strip()
    given = [dict(t) for t in (lot.tests if tests is None else tests)]
    kept_certs = {k: changes.get(k, getattr(lot, k)) for k in CERTIFICATES}
    changes["tests"], problems = _judged(lot, given, kept_certs)
    failing = lot.status == LotStatus.ACCEPTED and bool(problems)
    if failing:
        changes["status"] = LOT_FLOW.require("reject", lot.status)
    if all(getattr(lot, k) == v for k, v in changes.items()):
        raise _unchanged()
    with transaction.atomic():
        fixed = update_record(
            actor=actor,
            instance=lot,
            changes=changes,
            enterprise_id=lot.enterprise_id,
            reason=reason,
            action=A.LOT_CORRECT,
            allowed=set(LOT_FIELDS),
        )
        if failing:
            found = "；".join(f"{PROBLEM_ZH[k]} {i}（{r.cite}）" for k, i, r in problems)
            what = f"原料批次 {lot.code}（{lot.material.name}）进货查验更正为不合格：{found}"
            batches = _batches_using(actor, fixed, what)
            used = "、".join(b.number for b in batches)
            create_record(
                actor=actor,
                instance=NonConforming(
                    enterprise_id=lot.enterprise_id,
                    lot=fixed,
                    name=lot.material.name,
                    spec=lot.material.spec,
                    produced_on=lot.produced_on,
                    quantity=fixed.on_hand,
                    found_on=today(),
                    problem=f"{what}（{cite(41, lot.received_on)}）"
                    + (f"；已投料批次：{used}" if used else ""),
                    disposition="停止使用，待处置",
                ),
                enterprise_id=lot.enterprise_id,
                action=A.NONCONFORMING_CREATE,
            )
    return fixed
