"""The sample form (抽样单) on site and its custody to the lab (at the lab within 5 working days)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation, workdays
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, NotFound, refuse
from shouhu.core.services import create_record, update_record
from shouhu.production.models import Batch
from shouhu.workflow.evidence.models import EvidenceFile
from shouhu.workflow.obligations import services as obligations

from ..error_codes import SamplingError as E
from ..events import SamplingAction as A
from ..models import Sample, SamplingTask
from ..quarters import quarter_of
from ..states import SAMPLE_FLOW, TaskStatus
from .labs import is_lab, samples_for
from .plans import _complete_obligation

DELIVERY_RULE = "sampling.delivery-working-days"


def _quantity(value: Any, field: str) -> Decimal:
    try:
        q = Decimal(str(value))
    except (InvalidOperation, ValueError):
        q = Decimal(-1)
    if not q.is_finite() or q <= 0:
        raise refuse(E.QUANTITY_INVALID, _("数量须为正数"), field=field)
    return q


def _number(on: dt.date) -> str:
    n = Sample.objects.filter(sampled_on__year=on.year).count() + 1
    return f"CJ{on:%Y%m%d}{n:05d}"


@transaction.atomic
def sample_create(
    *,
    actor: Actor,
    task_id: int,
    trace_code: str,
    quantity: Any,
    backup_quantity: Any,
    unit: str,
    sampler_name: str,
    sampler_signed: bool,
    enterprise_signer: str,
    enterprise_signed: bool,
    lab_name: str,
    photo_ids: list[int] | None = None,
    sampled_on: dt.date | None = None,
) -> Sample:
    """Record a 抽样单 for a task: the batch by its trace code (it must be the task's enterprise's)."""
    access.require(actor, "sampling.sample.record")
    task = (
        access.scope(SamplingTask.objects.select_related("enterprise", "plan"), actor)
        .select_for_update(of=("self",))  # the scope joins the enterprise; lock only the task
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"field": "task_id"})
    if task.status != TaskStatus.OPEN:
        raise refuse(E.TASK_CLOSED, _("该任务已完成"), field="task_id", error=Conflict)
    code = str(trace_code or "").strip()
    batch = Batch.objects.select_related("product").filter(trace_code=code).first() if code else None
    if batch is None:
        raise refuse(
            E.BATCH_UNKNOWN,
            _("没有追溯码为 %(code)s 的批次"),
            params={"code": code or "—"},
            field="trace_code",
        )
    if batch.enterprise_id != task.enterprise_id:
        # named without the other enterprise: its batch is not the sampler's to see
        raise refuse(
            E.BATCH_OTHER_ENTERPRISE,
            _("追溯码 %(code)s 不是被抽样企业「%(enterprise)s」的批次"),
            params={"code": code, "enterprise": task.enterprise.name},
            field="trace_code",
        )
    qty, backup = _quantity(quantity, "quantity"), _quantity(backup_quantity, "backup_quantity")
    if not (sampler_signed and str(sampler_name).strip()):
        raise refuse(E.SIGNATURE_REQUIRED, _("抽样人员须签字"), field="sampler_signed")
    if not (enterprise_signed and str(enterprise_signer).strip()):
        raise refuse(E.SIGNATURE_REQUIRED, _("被抽样单位须签字确认"), field="enterprise_signed")
    photos = [int(p) for p in (photo_ids or [])]
    if photos and EvidenceFile.objects.filter(pk__in=photos, enterprise_id=task.enterprise_id).count() != len(
        set(photos)
    ):
        raise refuse(E.SIGNATURE_REQUIRED, _("照片不属于被抽样企业"), field="photo_ids")
    on = sampled_on or timezone.localdate()
    days = int(regulation.param(DELIVERY_RULE, on))
    year, quarter = quarter_of(on)
    sample = create_record(
        actor=actor,
        instance=Sample(
            number=_number(on),
            task=task,
            enterprise=task.enterprise,
            batch=batch,
            sampled_on=on,
            quantity=qty,
            backup_quantity=backup,
            unit=str(unit or batch.product.unit)[:16],
            sampler_name=sampler_name,
            sampler_signed=True,
            enterprise_signer=enterprise_signer,
            enterprise_signed=True,
            photo_ids=photos,
            lab_name=lab_name,
            lab_due_on=workdays.add_working_days(on, days),
            year=year,
            quarter=quarter,
        ),
        enterprise_id=task.enterprise_id,
        action=A.SAMPLE_CREATE,
    )
    task = update_record(
        actor=actor,
        instance=task,
        changes={"status": TaskStatus.SAMPLED},
        enterprise_id=task.enterprise_id,
        reason=f"抽样单 {sample.number}",
        action=A.TASK_CREATE,
    )
    _complete_obligation(actor, task)
    ob = obligations.obligation_create(
        actor=actor,
        subject=sample,
        title=f"样品 {sample.number} 送达{lab_name}",
        kind="sampling.delivery",
        rule_id=DELIVERY_RULE,
        owner_kind="outside",
        owner_party=lab_name[:100],
        notify_owner=False,
    )
    return update_record(
        actor=actor,
        instance=sample,
        changes={"delivery_obligation_id": ob.pk},
        enterprise_id=sample.enterprise_id,
        reason=str(ob.title),
        action=A.SAMPLE_DUTY,
    )


def sample_get_for(actor: Actor, sample_id: int) -> Sample:
    sample = (
        access.scope(Sample.objects.select_related("batch__product", "enterprise"), actor)
        .filter(pk=sample_id)
        .first()
    )
    if sample is None:
        raise NotFound(_("未找到该对象或无权查看"))
    return sample


@transaction.atomic
def sample_receive(*, actor: Actor, sample_id: int, received_on: dt.date | None = None) -> Sample:
    """The lab has the sample; late delivery (after the 5 working days) is kept, and shown."""
    sample = (
        samples_for(actor, Sample.objects.select_related("batch__product", "enterprise"))
        .filter(pk=sample_id)
        .first()
    )
    if sample is None:
        raise NotFound(_("未找到该对象或无权查看"))
    on = received_on or timezone.localdate()
    if on < sample.sampled_on:
        raise refuse(E.SAMPLE_STATE, _("收样日期不能早于抽样日期"), field="received_on")
    sample = update_record(
        actor=actor,
        instance=sample,
        changes={"status": SAMPLE_FLOW.require("receive", sample.status), "received_on": on},
        enterprise_id=sample.enterprise_id,
        reason="检验机构收样",
        action=A.SAMPLE_RECEIVE,
    )
    from shouhu.workflow.obligations.models import Obligation, ObligationStatus

    ob = Obligation.objects.filter(pk=sample.delivery_obligation_id).first()
    if ob is not None and ob.status != ObligationStatus.DONE:
        if is_lab(
            actor
        ):  # the lab holds no kernel role: its receipt closes its own delivery duty, in the ledger
            from shouhu.workflow.obligations.models import OBLIGATION_FLOW

            update_record(
                actor=actor,
                instance=ob,
                changes={
                    "status": OBLIGATION_FLOW.require("complete", ob.status),
                    "done_at": timezone.now(),
                    "done_note": "检验机构已收样",
                },
                enterprise_id=ob.enterprise_id,
                reason="检验机构已收样",
                action=A.SAMPLE_RECEIVE,
            )
        else:
            obligations.obligation_complete(actor=actor, obligation=ob, note="检验机构已收样")
    return sample


def delivered_late(sample: Sample) -> bool:
    end = sample.received_on or timezone.localdate()
    return end > sample.lab_due_on


__all__ = ["delivered_late", "obligations", "sample_create", "sample_get_for", "sample_receive"]
