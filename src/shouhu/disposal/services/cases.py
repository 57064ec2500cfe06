"""The case: opened on a failure, the result served, the producer's duties answered (recall through trace's
recall), the regulator's verification and closing within 90 days (an extension with a written approval)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import regulation
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, NotFound, refuse
from shouhu.core.services import create_record, update_record
from shouhu.production.models import Batch
from shouhu.sampling.judge import canonical_item
from shouhu.sampling.models import LabResult, Sample, Verdict
from shouhu.trace import selectors as trace_selectors
from shouhu.trace import services as trace
from shouhu.trace.models import Node, RecallStatus
from shouhu.workflow.obligations import services as obligations
from shouhu.workflow.publication import services as publication

from ..error_codes import DisposalError as E
from ..events import DisposalAction as A
from ..models import CASE_FLOW, ENTERPRISE_DUTIES, Case, Duty
from ..selectors import case_duties
from ._base import duty_create, locked_case, now, running

MANAGE = "disposal.manage"
ANSWER = "disposal.duty.answer"


def _microbiological(result: LabResult, on: Any) -> bool:
    """A failure judged by a microbiological sampling plan (n, c, m, M): no 复检 for it."""
    if result.limit_rule_id:
        try:
            return regulation.engine(on).rule(result.limit_rule_id).params.get("n") is not None
        except KeyError:
            pass
    return len(result.values or []) > 1


def _on_market(batch: Batch) -> bool:
    scope = trace_selectors.recall_scope((Node.BATCH, batch.pk))
    return any(s["outstanding"] > 0 for b in scope["batches"] for s in b["shipments"])


def _key_failures(sample: Sample, failed: list[LabResult]) -> list[str]:
    """Failed items that are key (rule data `disposal.key-items`, plus the plan's 重点项目): they raise a clue."""
    key = {canonical_item(i) for i in regulation.param("disposal.key-items")}
    if sample.task_id is not None:
        key |= {canonical_item(i) for i in sample.task.plan.focus_items}
    return [r.item for r in failed if canonical_item(r.item) in key]


def key_clue(sample: Sample, case: Case, failed: list[LabResult]) -> dict[str, Any] | None:
    """The case clue a failure of key items raises (`clue_raise`'s arguments), or None."""
    key = _key_failures(sample, failed)
    if not key:
        return None
    return {
        "source": "disposal.key_item_failure",
        "subject": case,
        "citation": regulation.cite("disposal.key-items"),
        "rule_id": "disposal.key-items",
        "summary": f"{sample.enterprise.name} 批号 {sample.batch.number} 关键项目不合格：{'、'.join(key)}"[
            :300
        ],
        "evidence": [{"sample": sample.number}, *({"item": i} for i in key)],
    }


def case_open(*, actor: Actor, sample: Sample) -> Case:
    """A failed sample opens its case (once): the office must serve the result and close within 90 days."""
    existing = Case.objects.filter(sample=sample).first()
    if existing is not None:
        return existing
    if sample.verdict != Verdict.FAIL:
        raise refuse(E.CASE_STATE, _("只有不合格的抽检结果启动核查处置"), field="sample", error=Conflict)
    failed = list(LabResult.objects.filter(sample=sample, verdict=Verdict.FAIL).order_by("pk"))
    at = now()
    with transaction.atomic():
        case = create_record(
            actor=actor,
            instance=Case(
                number=f"HZ-{sample.number}"[:40],
                sample=sample,
                enterprise_id=sample.enterprise_id,
                batch_id=sample.batch_id,
                division_code=sample.enterprise.division_code,
                failed_items=[f"{r.item} {r.measured} {r.unit}".strip() for r in failed],
                microbiological=any(_microbiological(r, sample.sampled_on) for r in failed),
                on_market=_on_market(sample.batch),
                reported_at=at,
            ),
            enterprise_id=sample.enterprise_id,
            action=A.CASE_OPEN,
            reason="抽检不合格",
        )
        duty_create(actor, case, Duty.SERVE, starts_at=at)
        duty_create(actor, case, Duty.CLOSE, starts_at=at)
        if clue := key_clue(sample, case, failed):
            publication.clue_raise(actor=actor, **clue)
    return case


def case_serve(*, actor: Actor, case: Case | int) -> Case:
    """Serve the failed result on the producer: its duties and its 复检 / 异议 windows start now."""
    with transaction.atomic():
        case = locked_case(actor, case, MANAGE)
        CASE_FLOW.require("serve", case.status)
        if case.served_at is not None:
            raise refuse(E.CASE_STATE, _("检验结论已送达"), field="case", error=Conflict)
        at = now()
        if (serve := running(case, Duty.SERVE)) is not None:
            obligations.obligation_complete(actor=actor, obligation=serve, note="已送达被抽样生产者")
        for duty in (Duty.SEAL, Duty.STOP, Duty.NOTIFY, Duty.CAUSE):
            duty_create(actor, case, duty, starts_at=at)
        if case.on_market:
            level = int(regulation.param("disposal.default-recall-level"))
            hours = int(regulation.param(f"recall.level-{level}")["start_hours"])
            duty_create(
                actor,
                case,
                Duty.RECALL,
                starts_at=at,
                rule_id=f"recall.level-{level}",
                unit="hours",
                amount=hours,
            )
        return update_record(
            actor=actor,
            instance=case,
            changes={"served_at": at, "served_by": actor if getattr(actor, "_meta", None) else None},
            enterprise_id=case.enterprise_id,
            reason="送达不合格检验结论",
            action=A.CASE_SERVE,
        )


def duty_complete(
    *, actor: Actor, case: Case | int, duty: str, note: str = "", cause: str = "", rectification: str = ""
) -> Case:
    """The producer reports one duty done; the cause and rectification report carries both texts."""
    with transaction.atomic():
        case = locked_case(actor, case, ANSWER)
        CASE_FLOW.require("answer", case.status)
        if duty not in ENTERPRISE_DUTIES:
            raise refuse(E.DUTY_UNKNOWN, _("没有该项处置义务"), field="duty")
        if duty == Duty.RECALL:
            raise refuse(E.DUTY_UNKNOWN, _("召回义务通过启动召回履行"), field="duty")
        o = case_duties(case).get(duty)
        if o is None:
            raise refuse(E.DUTY_UNKNOWN, _("该项处置义务尚未产生（检验结论送达后开始）"), field="duty")
        if not o.is_running:
            raise refuse(E.DUTY_DONE, _("该项处置义务已完成"), field="duty", error=Conflict)
        changes: dict[str, Any] = {}
        if duty == Duty.CAUSE:
            if not cause.strip():
                raise refuse(E.NOTE_REQUIRED, _("请填写不合格原因"), field="cause")
            if not rectification.strip():
                raise refuse(E.NOTE_REQUIRED, _("请填写整改措施"), field="rectification")
            changes = {"cause": cause.strip(), "rectification": rectification.strip()}
        elif not note.strip():
            raise refuse(E.NOTE_REQUIRED, _("请说明履行情况"), field="note")
        obligations.obligation_complete(actor=actor, obligation=o, note=(note or cause)[:2000])
        if changes:
            case = update_record(
                actor=actor,
                instance=case,
                changes=changes,
                enterprise_id=case.enterprise_id,
                reason="报告不合格原因和整改措施",
                action=A.CASE_CAUSE,
            )
        return case


def case_recall(*, actor: Actor, case: Case | int, level: Any = None, batch_id: Any = None) -> Case:
    """Start the recall of the failed batch and everything traced from it (trace's recall), once."""
    with transaction.atomic():
        case = locked_case(actor, case, ANSWER)
        CASE_FLOW.require("recall", case.status)
        if case.recall_id is not None:
            raise refuse(E.RECALL_EXISTS, _("已启动召回"), field="case", error=Conflict)
        if batch_id not in (None, "") and str(batch_id) != str(case.batch_id):
            other = Batch.objects.filter(pk=batch_id).values_list("enterprise_id", flat=True).first()
            if other != case.enterprise_id:
                raise refuse(
                    E.RECALL_OTHER_ENTERPRISE,
                    _("只能召回本企业被抽检批次及其追溯范围内的产品"),
                    field="batch_id",
                )
            raise refuse(E.RECALL_OTHER_ENTERPRISE, _("召回须从被抽检的不合格批次启动"), field="batch_id")
        if case.served_at is None:
            raise refuse(E.NOT_SERVED, _("检验结论尚未送达"), field="case", error=Conflict)
        level = int(level or regulation.param("disposal.default-recall-level"))
        if level not in (1, 2, 3):
            raise refuse(E.CASE_STATE, _("召回级别须为一、二、三级"), field="level")
        recall = trace.recall_start(
            actor=actor,
            level=level,
            reason=f"监督抽检不合格（{'；'.join(case.failed_items)}），核查处置 {case.number}"[:2000],
            batch=case.batch,
        )
        if (o := running(case, Duty.RECALL)) is not None:
            obligations.obligation_complete(actor=actor, obligation=o, note=f"已启动召回 {recall.number}")
        return update_record(
            actor=actor,
            instance=case,
            changes={"recall": recall},
            enterprise_id=case.enterprise_id,
            reason=f"启动召回 {recall.number}",
            action=A.CASE_RECALL,
        )


def case_close(*, actor: Actor, case: Case | int, note: str) -> Case:
    """The regulator verified the duties: close. Refused while a duty of the producer is open."""
    with transaction.atomic():
        case = locked_case(actor, case, MANAGE)
        CASE_FLOW.require("close", case.status)
        if case.served_at is None:
            raise refuse(E.NOT_SERVED, _("检验结论尚未送达，不能办结"), field="case", error=Conflict)
        if not (note or "").strip():
            raise refuse(E.NOTE_REQUIRED, _("请填写核查意见"), field="note")
        duties = case_duties(case)
        open_duties = [str(Duty(d).label) for d in ENTERPRISE_DUTIES if d in duties and duties[d].is_running]
        if case.recall_id is not None and case.recall.status != RecallStatus.COMPLETED:
            open_duties.append(str(_("召回尚未完成（%(number)s）") % {"number": case.recall.number}))
        if open_duties:
            raise refuse(
                E.DUTY_OPEN,
                _("尚有未履行的处置义务：%(duties)s"),
                params={"duties": "、".join(open_duties)},
                field="case",
                error=Conflict,
                duties=open_duties,
            )
        if (o := running(case, Duty.CLOSE)) is not None:
            obligations.obligation_complete(actor=actor, obligation=o, note=note.strip()[:2000])
        return update_record(
            actor=actor,
            instance=case,
            changes={
                "status": CASE_FLOW.require("close", case.status),
                "closed_at": now(),
                "closing_note": note,
            },
            enterprise_id=case.enterprise_id,
            reason="核查处置办结",
            action=A.CASE_CLOSE,
        )


def case_extend(*, actor: Actor, case: Case | int, days: Any, reason: str) -> Case:
    """Extend the 90-day closing (情况复杂的, with a written approval: the reason names it)."""
    with transaction.atomic():
        case = locked_case(actor, case, MANAGE)
        CASE_FLOW.require("extend", case.status)
        o = running(case, Duty.CLOSE)
        if o is None:
            raise NotFound(_("未找到该对象或无权查看"))
        obligations.obligation_extend(actor=actor, obligation=o, amount=days, reason=reason)
        return case
