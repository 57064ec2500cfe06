"""Corrections of release tests, CCP records and clearances under 第七十条: a new version in the ledger, never a rewrite.

"记录的任何更改都应当标注姓名和日期，并使原有信息仍清晰可查": a correction goes through
`core.services.update_record` (who, when and why in the ledger, the before-image kept; no reason, no
write), and re-runs what depended on the value it changes:

- a release test is judged again against the product standard's limit (`release.against_limit`) and the
  enterprise's internal one; corrected to failing, it opens a non-conforming record (附件1 #2) and rejects
  a batch not yet released. A batch **already released** is never silently un-released: the
  non-conforming record is opened and the batch is flagged in its history for the quality manager, who
  decides on a recall (第六十三条) from the batch page. Corrected from failing to passing, a rejected batch
  stays rejected: its non-conforming record is disposed of on its own page.
- a CCP record is judged again against the limits it was recorded with; corrected to outside them, the
  batch goes on hold and the HACCP deviation is opened as for a new reading (a released batch is flagged,
  not held). Corrected back inside them, a hold stays until the deviation is assessed and lifted.
- a clearance (清场记录, 附件1 #21) is judged again under 第五十五条: the corrected reviewer may not be the
  corrected person responsible. A clearance gates no release (no release item or gate reads it), so
  nothing else is re-run.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import hooks, ledger
from shouhu.core.access import Actor
from shouhu.core.errors import ValidationFailed, refuse
from shouhu.core.i18n import both
from shouhu.core.services import create_record, update_record

from ..error_codes import ProductionError as E
from ..events import ProductionAction as A
from ..models import (
    BATCH_FLOW,
    RELEASED_PENDING,
    Batch,
    BatchStatus,
    CCPRecord,
    Clearance,
    NonConforming,
    ReleaseTest,
)
from ._common import cite, not_future, own
from .ccp import batch_hold
from .release import _release_item_for, against_limit

TEST_FIELDS = ("result", "passed", "method", "tester", "tested_on", "report_no", "sample_quantity")
CCP_FIELDS = ("value", "at", "operator")
CLEARANCE_FIELDS = ("area", "at", "items", "responsible", "reviewer")


def _reason_required(reason: str) -> None:
    """The refusal `update_record` gives, asked first so that nothing is judged or written."""
    if not (reason or "").strip():
        label_zh, label_en = both(_("修改原因"))
        raise ValidationFailed(
            _("修改受监管记录须说明原因"),
            details={
                "fields": [
                    {"field": "reason", "code": "required", "label_zh": label_zh, "label_en": label_en}
                ]
            },
        )


def _unchanged() -> Exception:
    return refuse(
        E.CORRECTION_UNCHANGED,
        _("更正内容与原记录相同，未作更改"),
        field="reason",
        rule="xize2017.art70",
        cite=cite(70),
    )


def _flag_released(actor: Actor, batch: Batch, what: str) -> None:
    """A released batch whose record is corrected to failing: kept released, flagged in its history."""
    snap = ledger.snapshot(batch)
    ledger.record(
        actor=actor,
        action=A.RELEASED_BATCH_FLAG,
        obj=batch,
        before=snap,
        after=snap,
        enterprise_id=batch.enterprise_id,
        reason=f"{what}；批次已放行，未撤销放行，须由质量负责人评估是否召回（第六十三条）",
    )


def _nonconforming(actor: Actor, batch: Batch, problem: str, found_on: Any) -> None:
    create_record(
        actor=actor,
        instance=NonConforming(
            enterprise_id=batch.enterprise_id,
            batch=batch,
            name=batch.product.name,
            spec=batch.product.spec,
            produced_on=batch.produced_on,
            quantity=batch.quantity or 0,
            problem=problem,
            disposition=RELEASED_PENDING if batch.status == BatchStatus.RELEASED else "暂停放行，待处置",
            found_on=found_on,
        ),
        enterprise_id=batch.enterprise_id,
        action=A.NONCONFORMING_CREATE,
    )


def release_test_correct(*, actor: Actor, test: ReleaseTest, reason: str, **fields: Any) -> ReleaseTest:
    """Correct a release-test result (第七十条): judged again; failing now, the batch is rejected or flagged."""
    own(actor, test, "release_test")
    _reason_required(reason)
    changes = {k: v for k, v in fields.items() if k in TEST_FIELDS}
    not_future(changes.get("tested_on"), "tested_on")
    batch = Batch.objects.select_related("product").get(pk=test.batch_id)
    judged, check = against_limit(
        batch, {"item": test.item, "result": test.result, "passed": test.passed, **changes}
    )
    changes["passed"] = judged["passed"]
    if all(getattr(test, k) == v for k, v in changes.items()):
        raise _unchanged()
    was_passing = test.passed
    with transaction.atomic():
        fixed = update_record(
            actor=actor,
            instance=test,
            changes=changes,
            enterprise_id=test.enterprise_id,
            reason=reason,
            action=A.RELEASE_TEST_CORRECT,
            allowed=set(TEST_FIELDS),
        )
        if was_passing and not fixed.passed:
            item = _release_item_for(batch, fixed)
            source = item.cite if item else cite(61)
            if check is not None and not check.passed:
                source = f"{check.reason}；{check.cite}"
            what = f"出厂检验 {fixed.item} 更正为不合格：{fixed.result}（{source}）"
            _nonconforming(actor, batch, what, fixed.tested_on)
            if batch.status == BatchStatus.RELEASED:
                _flag_released(actor, batch, what)
            elif BATCH_FLOW.can("reject", batch.status):
                update_record(
                    actor=actor,
                    instance=batch,
                    changes={"status": BATCH_FLOW.require("reject", batch.status)},
                    enterprise_id=batch.enterprise_id,
                    reason=f"出厂检验 {fixed.item} 更正为不合格",
                    action=A.BATCH_REJECT,
                )
    return fixed


def ccp_record_correct(*, actor: Actor, record: CCPRecord, reason: str, **fields: Any) -> CCPRecord:
    """Correct a CCP measurement (第七十条): judged again against the limits it was recorded with."""
    own(actor, record, "ccp_record")
    _reason_required(reason)
    changes = {k: v for k, v in fields.items() if k in CCP_FIELDS}
    if "value" in changes:
        try:
            changes["value"] = Decimal(str(changes["value"])).quantize(Decimal("0.001"))
        except (InvalidOperation, ValueError):
            raise refuse(E.QUANTITY_INVALID, _("数量无效"), field="value") from None
    not_future(changes.get("at"), "at")
    value = changes.get("value", record.value)
    lo, hi = record.limit_min, record.limit_max
    changes["deviation"] = (lo is not None and value < lo) or (hi is not None and value > hi)
    if all(getattr(record, k) == v for k, v in changes.items()):
        raise _unchanged()
    was_deviation = record.deviation
    with transaction.atomic():
        fixed = update_record(
            actor=actor,
            instance=record,
            changes=changes,
            enterprise_id=record.enterprise_id,
            reason=reason,
            action=A.CCP_CORRECT,
            allowed={*CCP_FIELDS, "deviation"},
        )
        if fixed.deviation and not was_deviation:
            batch = Batch.objects.select_related("product").get(pk=record.batch_id)
            what = f"{fixed.point} {fixed.parameter}={fixed.value} 更正后超出关键限值 [{lo}, {hi}]"
            if batch.status == BatchStatus.RELEASED:
                _nonconforming(actor, batch, what, fixed.at.date())
                _flag_released(actor, batch, what)
            else:
                batch_hold(actor=actor, batch=batch, reason=what)
            hooks.ccp_deviation.send(
                sender=CCPRecord, batch_id=batch.pk, record_id=fixed.pk, point=fixed.point,
                parameter=fixed.parameter, value=fixed.value, actor=actor,
            )  # fmt: skip
    return fixed


def clearance_correct(*, actor: Actor, clearance: Clearance, reason: str, **fields: Any) -> Clearance:
    """Correct a clearance record (第七十条): the reviewer is still not the person responsible (第五十五条)."""
    own(actor, clearance, "clearance")
    _reason_required(reason)
    changes = {k: v for k, v in fields.items() if k in CLEARANCE_FIELDS}
    not_future(changes.get("at"), "at")
    responsible = changes.get("responsible", clearance.responsible)
    if responsible and responsible == changes.get("reviewer", clearance.reviewer):
        raise refuse(
            E.CLEARANCE_SAME_PERSON,
            _("清场复查人不能与清场负责人为同一人"),
            field="reviewer",
            rule="xize2017.art55",
            cite=cite(55),
        )
    if all(getattr(clearance, k) == v for k, v in changes.items()):
        raise _unchanged()
    with transaction.atomic():
        return update_record(
            actor=actor,
            instance=clearance,
            changes=changes,
            enterprise_id=clearance.enterprise_id,
            reason=reason,
            action=A.CLEARANCE_CORRECT,
            allowed=set(CLEARANCE_FIELDS),
        )
