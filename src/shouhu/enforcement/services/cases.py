"""The case from clue to closing: registered from a kernel clue, filed or refused (15 working days, +15 with
approval), investigated with evidence, the 行政处罚告知书 served (the party's 5 working days to ask for a
hearing), the clock paused for hearings, testing and notices, decided within 90 days of filing (+30 with
approval) — refused after the limit without a recorded extension or pause — executed and closed; referred to
the police; a decision annulled (its publication withdrawn within 3 working days)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import regulation
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, NotFound, refuse
from shouhu.core.services import create_record, update_record
from shouhu.workflow import subjects
from shouhu.workflow.evidence import services as evidence
from shouhu.workflow.obligations import due
from shouhu.workflow.obligations import services as obligations
from shouhu.workflow.obligations.models import PauseKind
from shouhu.workflow.publication import services as publication
from shouhu.workflow.publication.models import Clue, ClueStatus

from ..error_codes import EnforcementError as E
from ..events import EnforcementAction as A
from ..models import (
    CASE_FLOW,
    LIMIT_RULES,
    SEVERE_PENALTIES,
    Case,
    CaseEvidence,
    CreditListEntry,
    Limit,
    Penalty,
    Procedure,
    Violation,
)
from ._base import APPROVE, HANDLE, finish, limit_create, locked_case, now, running, sync

# a clue's source → the violation it most likely is (the handler may choose another)
SOURCE_VIOLATION = {"disposal.key_item_failure": Violation.SUBSTANDARD}
PAUSES = {"hearing": PauseKind.HEARING, "testing": PauseKind.TESTING, "notice": PauseKind.OTHER}
PAUSE_LABELS = {"hearing": _("听证"), "testing": _("检测、检验、检疫、鉴定"), "notice": _("公告")}
SUMMARY_PENALTIES = frozenset({Penalty.WARNING, Penalty.FINE})


def _note(value: Any, field: str, message: Any, code: E = E.NOTE_REQUIRED) -> str:
    text = str(value or "").strip()
    if not text:
        raise refuse(code, message, field=field)
    return text


def _number(case_division: str) -> str:
    prefix = f"XZCF-{case_division}-{timezone.localdate():%Y}-"
    n = Case.objects.filter(number__startswith=prefix).count() + 1
    while Case.objects.filter(number=f"{prefix}{n:05d}").exists():
        n += 1
    return f"{prefix}{n:05d}"


def case_register(*, actor: Actor, clue: Clue | int, violation: str = "", found_at: Any = None) -> Case:
    """Take up a kernel clue as a case under 立案审查: the 15 working days run from when the clue was found
    (`found_at`, for a clue entered after it was found — on paper, by telephone; default: its raising)."""
    from shouhu.core import access

    access.require(actor, HANDLE)
    if found_at is not None and (
        not isinstance(found_at, dt.datetime) or found_at > now() or found_at.year < 2000
    ):
        raise refuse(E.CASE_STATE, _("发现线索时间须在2000年至今之间"), field="found_at")
    with transaction.atomic():
        pk = clue.pk if isinstance(clue, Clue) else clue
        tenancy = access.owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code")
        found = Clue.objects.filter(tenancy, pk=pk).select_for_update().first() if str(pk).isdigit() else None
        if found is None or found.enterprise_id is None:
            raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
        if found.status != ClueStatus.OPEN or Case.objects.filter(clue=found).exists():
            raise refuse(E.CLUE_TAKEN, _("该线索已处理"), field="clue", error=Conflict)
        violation = violation or SOURCE_VIOLATION.get(found.source, Violation.OTHER)
        if violation not in Violation.values:
            raise refuse(E.DECISION_INVALID, _("违法行为类型无效"), field="violation")
        case = create_record(
            actor=actor,
            instance=Case(
                number=_number(found.division_code),
                clue=found,
                enterprise_id=found.enterprise_id,
                division_code=found.division_code,
                source=found.source,
                summary=found.summary,
                violation=violation,
                found_at=found_at or found.raised_at,
            ),
            enterprise_id=found.enterprise_id,
            action=A.CASE_REGISTER,
            reason=found.summary,
        )
        publication.clue_decide(actor=actor, clue=found, action="take", note=f"登记立案审查 {case.number}")
        limit_create(actor, case, Limit.FILING, starts_at=case.found_at)
        sync(case)
    return case


def case_file(*, actor: Actor, case: Case | int, note: str) -> Case:
    """立案 (approved by the head of the office: the note carries the approval): the 90 days start."""
    with transaction.atomic():
        case = locked_case(actor, case)
        status = CASE_FLOW.require("file", case.status)
        note = _note(note, "note", _("请填写立案审批意见"))
        at = now()
        finish(actor, case, Limit.FILING, f"立案：{note}")
        limit_create(actor, case, Limit.DECISION, starts_at=at)
        case = update_record(
            actor=actor,
            instance=case,
            changes={"status": status, "filed_at": at, "filing_note": note, "handler": _user(actor)},
            enterprise_id=case.enterprise_id,
            reason=note,
            action=A.CASE_FILE,
        )
        sync(case)
        return case


def case_refuse(*, actor: Actor, case: Case | int, note: str) -> Case:
    with transaction.atomic():
        case = locked_case(actor, case)
        status = CASE_FLOW.require("refuse", case.status)
        note = _note(note, "note", _("请说明不予立案的理由"))
        finish(actor, case, Limit.FILING, f"不予立案：{note}")
        case = update_record(
            actor=actor,
            instance=case,
            changes={"status": status, "end_note": note},
            enterprise_id=case.enterprise_id,
            reason=note,
            action=A.CASE_REFUSE,
        )
        sync(case)
        return case


def case_evidence_add(
    *, actor: Actor, case: Case | int, content: bytes, name: str, note: str
) -> CaseEvidence:
    """A file collected in the investigation, stored by the kernel (checked, hashed) and linked to the case."""
    with transaction.atomic():
        case = locked_case(actor, case)
        CASE_FLOW.require("evidence", case.status)
        note = _note(note, "note", _("请说明该证据证明的事项"))
        stored = evidence.evidence_create(
            actor=actor, content=content, name=name, subject=subjects.subject_of(case), note=note
        )
        return create_record(
            actor=actor,
            instance=CaseEvidence(case=case, evidence=stored, note=note[:300]),
            enterprise_id=case.enterprise_id,
            action=A.CASE_EVIDENCE,
            reason=note,
        )


def case_notice(*, actor: Actor, case: Case | int, facts: str) -> Case:
    """Serve the 行政处罚告知书: the facts found; the party's hearing right runs 5 working days."""
    with transaction.atomic():
        case = locked_case(actor, case)
        status = CASE_FLOW.require("notice", case.status)
        facts = _note(facts, "facts", _("请填写拟认定的违法事实"))
        at = now()
        limit_create(actor, case, Limit.HEARING, starts_at=at)
        case = update_record(
            actor=actor,
            instance=case,
            changes={"status": status, "notice_at": at, "facts": facts},
            enterprise_id=case.enterprise_id,
            reason="送达行政处罚告知书",
            action=A.CASE_NOTICE,
        )
        sync(case)
        return case


def case_clock(*, actor: Actor, case: Case | int, action: str, kind: str = "", reason: str = "") -> Case:
    """Pause the decision's clock for a hearing, testing or a notice (not counted), or start it again."""
    with transaction.atomic():
        case = locked_case(actor, case)
        CASE_FLOW.require("clock", case.status)
        o = running(case, Limit.DECISION)
        if o is None:
            raise refuse(E.CASE_STATE, _("尚未立案，没有处理决定期限"), field="case", error=Conflict)
        if action == "pause":
            if kind not in PAUSES:
                raise refuse(E.PAUSE_KIND, _("中止计时须为听证、检测检验或公告"), field="kind")
            if o.paused_since is not None:
                raise refuse(E.PAUSED, _("已中止计时"), field="kind", error=Conflict)
            reason = _note(reason, "reason", _("请说明中止计时的原因"))
            obligations.obligation_pause(
                actor=actor, obligation=o, kind=PAUSES[kind], reason=f"{PAUSE_LABELS[kind]}：{reason}"[:300]
            )
            if kind == "hearing":  # the party used its right: its 5 working days are answered
                finish(actor, case, Limit.HEARING, f"当事人申请听证：{reason}")
        elif action == "resume":
            if o.paused_since is None:
                raise refuse(E.PAUSED, _("未中止计时"), field="action", error=Conflict)
            obligations.obligation_resume(actor=actor, obligation=o)
        else:
            raise refuse(E.PAUSE_KIND, _("不是允许的操作"), field="action")
        update_record(
            actor=actor,
            instance=case,
            changes={},
            enterprise_id=case.enterprise_id,
            reason=f"{action} {kind} {reason}".strip(),
            action=A.CASE_CLOCK,
        )
        sync(case)
        return case


def case_review(*, actor: Actor, case: Case | int, action: str, note: str = "") -> Case:
    """法制审核 before the decision: sent (10 working days for the reviewers), then its opinion recorded."""
    with transaction.atomic():
        case = locked_case(actor, case)
        CASE_FLOW.require("review", case.status)
        o = running(case, Limit.REVIEW)
        if action == "send":
            if o is not None:
                raise refuse(E.CASE_STATE, _("已送法制审核"), field="action", error=Conflict)
            limit_create(actor, case, Limit.REVIEW, starts_at=now())
            reason = "送法制审核"
        elif action == "done":
            if o is None:
                raise refuse(E.CASE_STATE, _("未送法制审核"), field="action", error=Conflict)
            reason = f"法制审核意见：{_note(note, 'note', _('请填写法制审核意见'))}"
            finish(actor, case, Limit.REVIEW, reason)
        else:
            raise refuse(E.CASE_STATE, _("不是允许的操作"), field="action")
        update_record(
            actor=actor,
            instance=case,
            changes={},
            enterprise_id=case.enterprise_id,
            reason=reason,
            action=A.CASE_REVIEW,
        )
        sync(case)
        return case


def case_extend(*, actor: Actor, case: Case | int, limit: str, reason: str, approval: str) -> Case:
    """Extend the 立案 (+15 working days) or decision (+30 days) limit once, with the head's written approval."""
    with transaction.atomic():
        case = locked_case(actor, case, APPROVE)
        CASE_FLOW.require("extend", case.status)
        if limit not in (Limit.FILING, Limit.DECISION):
            raise refuse(E.EXTENSION_LIMIT, _("只能延长立案或作出处理决定的期限"), field="limit")
        o = running(case, limit)
        if o is None:
            raise refuse(E.CASE_STATE, _("该期限未在计时"), field="limit", error=Conflict)
        if o.extensions.exists():
            raise refuse(E.EXTENSION_LIMIT, _("该期限已延长过，不能再次延长"), field="limit", error=Conflict)
        reason = _note(reason, "reason", _("请说明延长期限的理由"))
        approval = _note(approval, "approval", _("请填写负责人批准文书（文号或批准人）"), E.APPROVAL_REQUIRED)
        amount = int(regulation.param(LIMIT_RULES[Limit(limit)][1]))
        obligations.obligation_extend(
            actor=actor, obligation=o, amount=amount, reason=f"{reason}（批准：{approval}）"[:300]
        )
        sync(case)
        return case


def _decimal(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else "0"))
    except (InvalidOperation, ValueError):
        raise refuse(E.DECISION_INVALID, _("罚没款金额须为数字"), field="fine_yuan") from None
    if not amount.is_finite() or amount < 0 or amount > Decimal("999999999999"):
        raise refuse(E.DECISION_INVALID, _("罚没款金额无效"), field="fine_yuan")
    return amount.quantize(Decimal("0.01"))


def _check_decision(procedure: str, penalties: list[str], fine: Decimal) -> None:
    if procedure not in Procedure.values:
        raise refuse(E.DECISION_INVALID, _("请选择普通程序或简易程序"), field="procedure")
    if not penalties or any(p not in Penalty.values for p in penalties):
        raise refuse(E.DECISION_INVALID, _("请选择处罚种类"), field="penalties")
    if (Penalty.FINE in penalties) != (fine > 0):
        raise refuse(E.DECISION_INVALID, _("罚款须填写金额，未处罚款不填金额"), field="fine_yuan")
    if procedure == Procedure.SUMMARY:
        cap = Decimal(str(regulation.param("enforcement.summary-fine-max-yuan")))
        if set(penalties) - SUMMARY_PENALTIES or fine > cap:
            raise refuse(
                E.DECISION_INVALID,
                _("简易程序只能作出警告或 %(cap)s 元以下罚款"),
                params={"cap": cap},
                field="procedure",
            )


def case_decide(
    *,
    actor: Actor,
    case: Case | int,
    procedure: str,
    penalties: list[str],
    decision_no: str,
    fine_yuan: Any = 0,
    facts: str = "",
) -> Case:
    """The decision, within its limit (90 days from filing, plus a recorded extension and the paused time).

    Refused after the limit: a late decision needs the extension (or the pause) recorded first.
    """
    with transaction.atomic():
        case = locked_case(actor, case)
        status = CASE_FLOW.require("decide", case.status)
        penalties = list(dict.fromkeys(str(p) for p in penalties or []))
        fine = _decimal(fine_yuan)
        _check_decision(procedure, penalties, fine)
        decision_no = _note(decision_no, "decision_no", _("请填写处罚决定书文号"))
        facts = str(facts or case.facts).strip() or case.summary
        o = running(case, Limit.DECISION)
        if o is None:
            raise refuse(E.CASE_STATE, _("尚未立案，不能作出处理决定"), field="case", error=Conflict)
        if running(case, Limit.REVIEW) is not None:
            raise refuse(E.CASE_STATE, _("法制审核尚未完成，不能作出处理决定"), field="case", error=Conflict)
        if o.paused_since is not None:  # the hearing or test is over when the decision is made
            o = obligations.obligation_resume(actor=actor, obligation=o)
        at = now()
        if o.due_at < at:
            raise refuse(
                E.DEADLINE_PASSED,
                _("已超过作出处理决定的期限（%(due)s）：须先记录经批准的延期或不计入期限的中止"),
                params={"due": timezone.localtime(o.due_at).strftime("%Y-%m-%d")},
                field="case",
                error=Conflict,
            )
        obligations.obligation_complete(actor=actor, obligation=o, note=f"作出处罚决定 {decision_no}")
        finish(actor, case, Limit.HEARING, "已作出处罚决定")
        limit_create(actor, case, Limit.PAYMENT, starts_at=at)
        if procedure == Procedure.GENERAL:
            limit_create(actor, case, Limit.PUBLISH, starts_at=at)
        severe = bool(set(penalties) & SEVERE_PENALTIES)
        case = update_record(
            actor=actor,
            instance=case,
            changes={
                "status": status,
                "procedure": procedure,
                "penalties": penalties,
                "fine_yuan": fine,
                "decision_no": decision_no[:64],
                "decided_at": at,
                "facts": facts,
                "severe": severe,
            },
            enterprise_id=case.enterprise_id,
            reason=f"行政处罚决定 {decision_no}",
            action=A.CASE_DECIDE,
        )
        if severe:
            _list_add(actor, case)
        sync(case)
        return case


def _list_add(actor: Actor, case: Case) -> CreditListEntry:
    today = timezone.localdate()
    early = due.add(case.decided_at, int(regulation.param("enforcement.list-early-removal-years")), "years")
    removal = due.add(case.decided_at, int(regulation.param("enforcement.list-removal-years")), "years")
    return create_record(
        actor=actor,
        instance=CreditListEntry(
            enterprise_id=case.enterprise_id,
            division_code=case.division_code,
            case=case,
            listed_on=today,
            early_from=timezone.localtime(early.at).date(),
            removal_on=timezone.localtime(removal.at).date(),
        ),
        enterprise_id=case.enterprise_id,
        action=A.LIST_ADD,
        reason=f"{case.decision_no}：{case.penalty_labels}",
    )


def case_execute(*, actor: Actor, case: Case | int, note: str) -> Case:
    with transaction.atomic():
        case = locked_case(actor, case)
        status = CASE_FLOW.require("execute", case.status)
        note = _note(note, "note", _("请说明执行情况（缴款凭证等）"))
        finish(actor, case, Limit.PAYMENT, note)
        case = update_record(
            actor=actor,
            instance=case,
            changes={"status": status, "executed_at": now()},
            enterprise_id=case.enterprise_id,
            reason=note,
            action=A.CASE_EXECUTE,
        )
        sync(case)
        return case


def case_close(*, actor: Actor, case: Case | int, note: str) -> Case:
    with transaction.atomic():
        case = locked_case(actor, case)
        status = CASE_FLOW.require("close", case.status)
        note = _note(note, "note", _("请填写结案意见"))
        case = update_record(
            actor=actor,
            instance=case,
            changes={"status": status, "closed_at": now(), "end_note": note},
            enterprise_id=case.enterprise_id,
            reason=note,
            action=A.CASE_CLOSE,
        )
        sync(case)
        return case


def case_refer(*, actor: Actor, case: Case | int, police: str, reason: str) -> Case:
    """移送公安机关 (a suspected crime): recorded with the receiving office; the case's limits end."""
    with transaction.atomic():
        case = locked_case(actor, case)
        status = CASE_FLOW.require("refer", case.status)
        police = _note(police, "police", _("请填写接收移送的公安机关"))
        reason = _note(reason, "reason", _("请说明涉嫌犯罪的事实和移送理由"))
        for limit in (Limit.FILING, Limit.DECISION, Limit.HEARING):
            finish(actor, case, limit, f"移送{police}")
        case = update_record(
            actor=actor,
            instance=case,
            changes={"status": status, "referred_at": now(), "referred_to": police[:200], "end_note": reason},
            enterprise_id=case.enterprise_id,
            reason=f"移送{police}：{reason}",
            action=A.CASE_REFER,
        )
        sync(case)
        return case


def case_annul(*, actor: Actor, case: Case | int, reason: str) -> Case:
    """The decision annulled (撤销、确认违法或无效): a published penalty must be withdrawn within 3 working days."""
    from .publish import published

    with transaction.atomic():
        case = locked_case(actor, case, APPROVE)
        status = CASE_FLOW.require("annul", case.status)
        reason = _note(reason, "reason", _("请说明撤销的依据（复议决定、判决书等）"))
        for limit in (Limit.PAYMENT, Limit.PUBLISH):
            finish(actor, case, limit, "处罚决定已撤销")
        if published(case) is not None:
            limit_create(actor, case, Limit.WITHDRAW, starts_at=now())
        entry = CreditListEntry.objects.filter(case=case, status="listed").first()
        if entry is not None:
            update_record(
                actor=actor,
                instance=entry,
                changes={
                    "status": "removed",
                    "removed_on": timezone.localdate(),
                    "removal_reason": "处罚决定已撤销",
                },
                enterprise_id=case.enterprise_id,
                reason="处罚决定已撤销",
                action=A.LIST_REMOVE,
            )
        case = update_record(
            actor=actor,
            instance=case,
            changes={"status": status, "annulled_at": now(), "end_note": reason},
            enterprise_id=case.enterprise_id,
            reason=reason,
            action=A.CASE_ANNUL,
        )
        sync(case)
        return case


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "_meta", None) is not None else None
