"""The regulator's handling, step by step, each within its deadline (rule parameters, [check]).

* both kinds: accept or decline within 7 working days of receipt (令第20号 第十八条 defaults);
* a complaint: forwarded (with consent) to the enterprise, which answers (its 附件1 #5 record); mediation
  ends within 45 working days of acceptance (testing time paused); the outcome closes it;
* a report: verification, then the decision whether to open a case — a case raises a case clue in the
  kernel (publication) — and a named reporter is told within 5 working days of the decision.

A decision past its deadline is refused until an extension is recorded (with its reason). Every write is
the ledger's and one line of the public timeline; nothing is written on a refusal.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, NotFound, refuse
from shouhu.core.services import update_record
from shouhu.production.services.records import record_create
from shouhu.workflow.obligations.models import OwnerKind
from shouhu.workflow.obligations.services import (
    obligation_complete,
    obligation_create,
    obligation_extend,
    obligation_pause,
    obligation_resume,
)
from shouhu.workflow.publication.services import clue_raise
from shouhu.workflow.subjects import in_scope

from ..error_codes import ComplaintError as E
from ..events import ComplaintAction as A
from ..models import FLOW, Kind, Outcome, Submission
from .common import ACCEPTANCE, MEDIATION, NOTICE, on_time, running, step

ACTIONS = {
    "accept": A.SUBMISSION_ACCEPT,
    "decline": A.SUBMISSION_DECLINE,
    "forward": A.SUBMISSION_FORWARD,
    "mediate": A.SUBMISSION_MEDIATE,
    "verify": A.SUBMISSION_VERIFY,
    "decide": A.SUBMISSION_DECIDE,
    "tell": A.SUBMISSION_TELL,
    "close": A.SUBMISSION_CLOSE,
}
CLOCK = {"pause", "resume", "extend"}


def _scoped(actor: Actor, submission: Submission) -> Submission:
    if not in_scope(actor, submission.enterprise_id, submission.division_code):
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(submission.pk)}})
    return Submission.objects.select_for_update(of=("self",)).get(pk=submission.pk)


def _note(note: str, required: bool = True) -> str:
    note = (note or "").strip()[:3000]
    if required and not note:
        raise refuse(E.NOTE_REQUIRED, _("请填写说明"), field="note")
    return note


def _obligation(actor: Actor, s: Submission, kind: str, title: str, rule_id: str) -> None:
    obligation_create(
        actor=actor,
        subject=s,
        title=f"{title} {s.tracking_no}",
        kind=kind,
        rule_id=rule_id,
        owner_kind=OwnerKind.OFFICE,
        owner_division=s.division_code,
    )


def _time_barred(s: Submission) -> bool:
    if s.kind != Kind.COMPLAINT or s.occurred_on is None:
        return False
    years = int(regulation.param("complaints.acceptance-limit-years"))
    today = timezone.localdate()
    try:
        limit = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - years, day=28)
    return s.occurred_on < limit


def submission_act(
    *,
    actor: Actor,
    submission: Submission,
    action: str,
    note: str = "",
    outcome: str = "",
    case_opened: bool | None = None,
) -> Submission:
    """One handling step (`accept`, `decline`, `forward`, `mediate`, `verify`, `decide`, `tell`, `close`)."""
    access.require(actor, "complaints.handle")
    if action not in ACTIONS:
        raise refuse(E.ACTION_INVALID, _("不是允许的操作"), field="action")
    with transaction.atomic():
        s = _scoped(actor, submission)
        if action not in s.actions():
            FLOW.require(action, s.status)  # the state's refusal (409) names the state
            raise refuse(E.ACTION_INVALID, _("该类投诉举报没有此操作"), field="action", error=Conflict)
        changes: dict[str, Any] = {"status": FLOW.require(action, s.status)}
        now = timezone.now()
        public_note, public = "", True
        done: str | None = None  # the deadline this step discharges
        if action in {"accept", "decline"}:
            done = ACCEPTANCE
            public_note = _note(note, required=action == "decline")
            if action == "accept" and _time_barred(s):
                raise refuse(
                    E.TIME_BARRED,
                    _("投诉事项发生已超过 %(years)s 年，应不予受理"),
                    params={"years": regulation.param("complaints.acceptance-limit-years")},
                    field="action",
                    error=Conflict,
                )
            changes.update(decided_at=now, decision_note=public_note)
            if action == "decline":
                changes["closed_at"] = now
        elif action == "forward":
            if not s.enterprise_id or not s.consent_forward:
                raise refuse(
                    E.NOT_FORWARDABLE, _("企业未知或投诉人未同意转企业处理"), field="action", error=Conflict
                )
            public_note = _note(note, required=False)
            changes["forwarded_at"] = now
        elif action == "mediate":
            if outcome not in Outcome.values:
                raise refuse(E.OUTCOME_INVALID, _("请选择调解结果"), field="outcome")
            done, public_note = MEDIATION, _note(note)
            changes.update(outcome=outcome, result_note=public_note, closed_at=now)
        elif action == "verify":
            changes["verification_note"] = _note(note)
            public = False  # the investigation's findings are not the reporter's to read
        elif action == "decide":
            if case_opened is None:
                raise refuse(E.OUTCOME_INVALID, _("请选择是否立案"), field="case_opened")
            public_note = _note(note)
            changes.update(case_opened=case_opened, case_decided_at=now, result_note=public_note)
        elif action == "tell":
            if s.anonymous:
                raise refuse(
                    E.ANONYMOUS_NO_NOTICE, _("匿名举报无法告知，请直接办结"), field="action", error=Conflict
                )
            done, public_note = NOTICE, _note(note)
            changes.update(told_at=now, closed_at=now)
        elif action == "close":
            if not s.anonymous:
                raise refuse(
                    E.ACTION_INVALID, _("具名举报须告知举报人后办结"), field="action", error=Conflict
                )
            public_note = _note(note, required=False)
            changes["closed_at"] = now
        clock = running(s, done) if done else None
        on_time(clock)
        updated = update_record(
            actor=actor,
            instance=s,
            changes=changes,
            enterprise_id=s.enterprise_id,
            reason=public_note or str(FLOW.transitions[action].label),
            action=ACTIONS[action],
        )
        if clock is not None:
            obligation_complete(actor=actor, obligation=clock, note=str(FLOW.transitions[action].label))
        label = FLOW.transitions[action].label
        if action == "mediate":
            label = Outcome(outcome).label
        elif action == "decide":
            label = _("决定立案") if case_opened else _("决定不予立案")
        step(updated, action, label, public_note if public else "", actor=actor, public=public)
        _after(actor, updated, action, case_opened)
    return updated


def _after(actor: Actor, s: Submission, action: str, case_opened: bool | None) -> None:
    """The deadlines and clues a step starts."""
    if action == "accept" and s.kind == Kind.COMPLAINT:
        _obligation(actor, s, MEDIATION, "投诉调解", "complaints.mediation-working-days")
    if action == "decide":
        if case_opened:
            clue = clue_raise(
                actor=actor,
                source="complaints.report",
                subject=s,
                summary=f"举报 {s.tracking_no}：{s.target_label}"[:300],
                citation=regulation.cite("complaints.report-notice-working-days"),
                rule_id="complaints.report-notice-working-days",
                evidence=[{"submission": s.tracking_no}],
            )
            Submission.objects.filter(pk=s.pk).update(clue_id=clue.pk)
            s.clue_id = clue.pk
        if not s.anonymous:
            _obligation(actor, s, NOTICE, "告知举报人", "complaints.report-notice-working-days")


def submission_clock(
    *,
    actor: Actor,
    submission: Submission,
    action: str,
    reason: str = "",
    kind: str = "testing",
    amount: Any = None,
) -> Any:
    """Pause, resume or extend the running deadline (检验检测 time is not counted; an extension says why)."""
    access.require(actor, "complaints.handle")
    if action not in CLOCK:
        raise refuse(E.ACTION_INVALID, _("不是允许的操作"), field="action")
    s = _scoped_read(actor, submission)
    clock = running(s)
    if clock is None:
        raise refuse(E.NO_CLOCK, _("当前没有进行中的期限"), field="action", error=Conflict)
    with transaction.atomic():
        if action == "pause":
            out = obligation_pause(actor=actor, obligation=clock, kind=kind, reason=(reason or "").strip())
            step(s, "pause", _("中止计时"), (reason or "").strip(), actor=actor)
        elif action == "resume":
            out = obligation_resume(actor=actor, obligation=clock)
            step(s, "resume", _("恢复计时"), actor=actor)
        else:
            out = obligation_extend(actor=actor, obligation=clock, amount=amount, reason=reason)
            step(s, "extend", _("延长期限"), (reason or "").strip(), actor=actor, public=False)
    return out


def _scoped_read(actor: Actor, submission: Submission) -> Submission:
    if not in_scope(actor, submission.enterprise_id, submission.division_code):
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(submission.pk)}})
    return submission


def submission_answer(*, actor: Actor, submission: Submission, answer: str) -> Submission:
    """The enterprise answers a complaint forwarded to it; the answer is its 附件1 #5 customer-complaint record."""
    access.require(actor, "complaints.answer")
    answer = (answer or "").strip()[:3000]
    with transaction.atomic():
        s = Submission.objects.select_for_update(of=("self",)).get(
            pk=submission.pk
        )  # the stored row, not a stale copy
        if getattr(actor, "enterprise_id", None) != s.enterprise_id or s.forwarded_at is None:
            raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(s.pk)}})
        if not answer:
            raise refuse(E.NOTE_REQUIRED, _("请填写处理情况"), field="answer")
        FLOW.require("answer", s.status)
        batch = s.batch
        record_create(
            actor=actor,
            enterprise=s.enterprise_id,
            number=5,
            occurred_on=timezone.localdate(),
            external_id=s.tracking_no,
            data={
                "客户姓名": s.contact_name,
                "联系方式": s.contact_phone,
                "投诉产品名称": s.product_name or "未注明",
                "规格": batch.product.spec if batch is not None else "未注明",
                "生产日期": str(batch.produced_on) if batch is not None else "未注明",
                "批号": batch.number if batch is not None else (s.trace_code or "未注明"),
                "投诉事项": s.description[:1000],
                "处理情况": answer,
            },
        )
        updated = update_record(
            actor=actor,
            instance=s,
            changes={"enterprise_answer": answer, "answered_at": timezone.now()},
            enterprise_id=s.enterprise_id,
            reason=answer[:200],
            action=A.SUBMISSION_ANSWER,
        )
        step(updated, "answer", _("企业答复"), answer, actor=actor)
    return updated
