"""复检 and 异议: filed by the producer within their windows (counted in working days from the service of the
result), they stop the clocks of the cause report and of the closing; the re-test lab's result is final
(passes → the case ends; fails → it goes on), and an objection's decision likewise."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import regulation
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import create_record, update_record
from shouhu.workflow.obligations import services as obligations
from shouhu.workflow.obligations.models import Obligation, PauseKind

from ..error_codes import DisposalError as E
from ..events import DisposalAction as A
from ..models import CASE_FLOW, PAUSED_BY_REQUEST, Case, Duty, Request, RequestKind, RequestOutcome
from ..selectors import case_duties
from ._base import cite, duty_create, locked_case, now, running, window_end

FILE = "disposal.request.file"
MANAGE = "disposal.manage"
WINDOWS = {
    RequestKind.RETEST: "sampling.retest-request-working-days",
    RequestKind.OBJECTION: "disposal.objection-request-working-days",
}


def request_file(*, actor: Actor, case: Case | int, kind: str, reason: str, lab_name: str = "") -> Request:
    """Apply for 复检 (at another lab; not for a microbiological failure) or raise an 异议, in time."""
    with transaction.atomic():
        case = locked_case(actor, case, FILE)
        if kind not in RequestKind.values:
            raise refuse(E.CASE_STATE, _("申请类别无效"), field="kind")
        if case.requests.filter(outcome=RequestOutcome.PENDING).exists():
            raise refuse(E.REQUEST_PENDING, _("已有待结论的复检或异议申请"), field="kind", error=Conflict)
        CASE_FLOW.require("request", case.status)
        if (
            kind == RequestKind.RETEST
            and case.microbiological
            and regulation.param("sampling.no-retest-for-microbiology")
        ):
            raise refuse(
                E.MICRO_NO_RETEST,
                _("微生物项目不合格的，不予复检"),
                field="kind",
                rule="sampling.no-retest-for-microbiology",
                cite=cite("sampling.no-retest-for-microbiology"),
            )
        if kind == RequestKind.RETEST and case.requests.filter(kind=RequestKind.RETEST).exists():
            raise refuse(
                E.RETEST_FINAL,
                _("复检结论为最终检验结论，不得再次申请复检"),
                field="kind",
                error=Conflict,
                rule="sampling.retest-report-working-days",
                cite=cite("sampling.retest-report-working-days"),
            )
        rule_id = WINDOWS[RequestKind(kind)]
        ends = window_end(case, rule_id)
        at = now()
        if at > ends:
            raise refuse(
                E.WINDOW_CLOSED,
                _("已超过申请期限（送达后%(days)s个工作日，截至%(end)s）"),
                params={"days": regulation.param(rule_id), "end": f"{ends:%Y-%m-%d}"},
                field="kind",
                rule=rule_id,
                cite=cite(rule_id),
            )
        if not (reason or "").strip():
            raise refuse(E.NOTE_REQUIRED, _("请填写申请理由"), field="reason")
        lab = (lab_name or "").strip()
        if kind == RequestKind.RETEST:
            if not lab:
                raise refuse(E.LAB_REQUIRED, _("请填写复检机构"), field="lab_name")
            if lab == case.sample.lab_name.strip():
                raise refuse(E.SAME_LAB, _("复检须在原检验机构以外的复检机构进行"), field="lab_name")
        req = create_record(
            actor=actor,
            instance=Request(
                case=case,
                enterprise_id=case.enterprise_id,
                kind=kind,
                filed_at=at,
                window_ends_at=ends,
                lab_name=lab[:200],
                reason=reason.strip(),
            ),
            enterprise_id=case.enterprise_id,
            action=A.REQUEST_FILE,
        )
        if kind == RequestKind.RETEST:
            o = duty_create(actor, case, Duty.RETEST, starts_at=at, owner_party=lab[:200])
        else:
            o = duty_create(actor, case, Duty.OBJECTION, starts_at=at)
        req = update_record(
            actor=actor,
            instance=req,
            changes={"obligation_id": o.pk},
            enterprise_id=case.enterprise_id,
            reason=str(o.title),
            action=A.REQUEST_DUTY,
        )
        pause_kind = PauseKind.TESTING if kind == RequestKind.RETEST else PauseKind.OTHER
        for duty in PAUSED_BY_REQUEST:
            if (d := running(case, duty)) is not None and d.paused_since is None:
                obligations.obligation_pause(
                    actor=actor,
                    obligation=d,
                    kind=pause_kind,
                    reason=f"{req.get_kind_display()}期间不计入期限",
                )
        update_record(
            actor=actor,
            instance=case,
            changes={"status": CASE_FLOW.require("request", case.status)},
            enterprise_id=case.enterprise_id,
            reason=f"提出{req.get_kind_display()}",
            action=A.REQUEST_FILE,
        )
        return req


def request_decide(
    *, actor: Actor, case: Case | int, upheld: Any, note: str = "", report_no: str = ""
) -> Request:
    """The final answer: 复检 passed / an 异议 upheld → the case ends; otherwise the clocks run again."""
    with transaction.atomic():
        case = locked_case(actor, case, MANAGE)
        req = case.requests.filter(outcome=RequestOutcome.PENDING).order_by("-pk").first()
        if req is None:
            raise refuse(E.REQUEST_NONE, _("没有待结论的复检或异议申请"), field="case", error=Conflict)
        if not isinstance(upheld, bool):
            raise refuse(E.CASE_STATE, _("请选择结论"), field="upheld")
        if not (note or "").strip():
            raise refuse(E.NOTE_REQUIRED, _("请填写结论说明"), field="note")
        retest = req.kind == RequestKind.RETEST
        if retest and not (report_no or "").strip():
            raise refuse(E.NOTE_REQUIRED, _("请填写复检报告编号"), field="report_no")
        outcome = {
            (True, True): RequestOutcome.RETEST_PASS,
            (True, False): RequestOutcome.RETEST_FAIL,
            (False, True): RequestOutcome.UPHELD,
            (False, False): RequestOutcome.REJECTED,
        }[(retest, upheld)]
        req = update_record(
            actor=actor,
            instance=req,
            changes={
                "outcome": outcome,
                "decided_at": now(),
                "decision_note": note.strip(),
                "report_no": (report_no or "").strip()[:64],
            },
            enterprise_id=case.enterprise_id,
            reason=str(outcome.label),
            action=A.REQUEST_DECIDE,
        )
        own = Obligation.objects.filter(pk=req.obligation_id).first()
        if own is not None and own.is_running:
            obligations.obligation_complete(actor=actor, obligation=own, note=str(outcome.label))
        duties = case_duties(case)
        for o in duties.values():
            if o.is_running and o.paused_since is not None:
                obligations.obligation_resume(actor=actor, obligation=o)
        if upheld:  # the failure no longer stands: every clock stops, the case ends
            for o in case_duties(case).values():
                if o.is_running:
                    obligations.obligation_complete(
                        actor=actor, obligation=o, note=f"{outcome.label}，核查处置终止"
                    )
            update_record(
                actor=actor,
                instance=case,
                changes={"status": CASE_FLOW.require("end", case.status), "ended_reason": str(outcome.label)},
                enterprise_id=case.enterprise_id,
                reason=f"{outcome.label}：{note.strip()}"[:500],
                action=A.CASE_END,
            )
        else:
            update_record(
                actor=actor,
                instance=case,
                changes={"status": CASE_FLOW.require("continue", case.status)},
                enterprise_id=case.enterprise_id,
                reason=f"{outcome.label}，继续核查处置",
                action=A.REQUEST_DECIDE,
            )
        return req
