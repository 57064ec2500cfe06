"""The 委托方's on-site audits of the 受托方 and their findings, on the kernel's rectification loop.

An audit is a kernel checklist run about the agreement (the `contract.audit` source: the 细则's graded
requirements for the contract's products). Closing it concludes the run and makes every item scored below
符合 a kernel finding with the item's citation. The 委托方 orders and accepts the rectification (its principal
or 食品安全总监); the 受托方 answers it — through `finding_answer`, which acts inside the 委托方's record for that
one call (`PartyActor`), since the finding is the 委托方's control record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor
from shouhu.core.errors import NotFound, refuse
from shouhu.core.services import create_record
from shouhu.workflow.checklists.models import ChecklistRun, RunState
from shouhu.workflow.checklists.schemes import FAIL, MINOR, NONCONFORM, RESULT_LABELS
from shouhu.workflow.checklists.services import run_conclude, run_open, template_from_source
from shouhu.workflow.findings import services as findings
from shouhu.workflow.findings.models import Finding, Rectification
from shouhu.workflow.obligations import services as obligations
from shouhu.workflow.obligations.models import RUNNING, Obligation
from shouhu.workflow.subjects import subject_of

from .. import selectors
from ..error_codes import ContractError as E
from ..events import ContractAction as A
from ..models import Agreement, AgreementState, Audit, AuditKind
from ..receivers import SOURCE
from ._common import ITEM9, DutyActor, PartyActor, agreement_for, cite

ROUTINE_RULE = "contract.audit-interval-months"
BELOW = {MINOR: "minor", NONCONFORM: "major", FAIL: "major"}


def _profiles(agreement: Agreement) -> list[dict[str, Any]]:
    return [{"category": s["category"], "variety": s["variety"]} for s in agreement.scope]


def audit_create(*, actor: Actor, agreement: Agreement, kind: str, held_on: dt.date, auditors: str) -> Audit:
    """The audit's checklist (from the 细则 for the scope, as in force on the day) and its open run."""
    if held_on > timezone.localdate() or held_on < agreement.starts_on - dt.timedelta(days=366):
        raise refuse(E.AUDIT_DATE, _("审核日期不能晚于今天"), field="held_on")
    subject = subject_of(agreement)
    title = f"委托方现场审核：{agreement.manufacturer.name}（{AuditKind(kind).label}）"
    template = template_from_source(
        actor=actor,
        source=SOURCE,
        params={"profiles": _profiles(agreement)},
        as_of=held_on,
        title=title[:200],
        subject=subject,
        min_scorers=1,
    )
    run = run_open(actor=actor, template=template, subject=subject, title=title[:200])
    return create_record(
        actor=actor,
        instance=Audit(
            agreement=agreement, kind=kind, held_on=held_on, run=run, auditors=(auditors or str(actor))[:200]
        ),
        enterprise_id=agreement.principal_id,
        action=A.AUDIT_OPEN,
    )


@transaction.atomic
def audit_open(
    *, actor: Actor, agreement: Agreement | int, held_on: dt.date | None = None, auditors: str = ""
) -> Audit:
    """A routine on-site audit during the contract (the 委托方's 过程管控)."""
    agreement = agreement_for(actor, agreement, "principal")
    if agreement.state != AgreementState.APPROVED:
        raise refuse(E.STATE, _("资质审核通过后方可进行日常审核"), cite=cite(ITEM9))
    return audit_create(
        actor=actor,
        agreement=agreement,
        kind=AuditKind.ROUTINE,
        held_on=held_on or timezone.localdate(),
        auditors=auditors,
    )


@transaction.atomic
def audit_close(*, actor: Actor, audit: Audit | int) -> Audit:
    """Conclude the audit's run; every item scored 基本符合 or 不符合 becomes a finding with its citation.
    A routine audit discharges the routine-audit duty and raises the next one."""
    pk = audit.pk if isinstance(audit, Audit) else audit
    audit = Audit.objects.select_related("run__template").filter(pk=pk).first()
    if audit is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
    agreement = agreement_for(actor, audit.agreement_id, "principal")
    run = audit.run
    if run.state == RunState.OPEN:
        run = run_conclude(actor=actor, run=run)
    subject = subject_of(agreement)
    seen = set(Finding.objects.filter(run=run).values_list("item_id", flat=True))
    for result in run.results.select_related("item").order_by("item__position"):
        severity = BELOW.get(result.result)
        if severity is None or result.item.item_id in seen:
            continue
        seen.add(result.item.item_id)
        findings.finding_issue(
            actor=actor,
            subject=subject,
            severity=severity,
            title=f"{RESULT_LABELS[result.result]}：{result.item.title}"[:300],
            description=result.note,
            citation=result.item.citation,
            rule_id=result.item.item_id,
            run=run,
            item_id=result.item.item_id,
        )
    if audit.kind == AuditKind.ROUTINE:
        _discharge(actor, agreement, "contract.audit.routine", str(_("已完成现场审核")))
        routine_audit_duty(actor, agreement)
    return audit


def _discharge(actor: Actor, agreement: Agreement, kind: str, note: str, period_key: str = "") -> int:
    qs = selectors.duties([agreement.pk]).filter(kind=kind, status__in=list(RUNNING))
    if period_key:
        qs = qs.filter(period_key=period_key)
    done = 0
    for o in qs:
        obligations.obligation_complete(actor=DutyActor(actor), obligation=o, note=note)
        done += 1
    return done


def routine_audit_duty(actor: Actor, agreement: Agreement) -> Obligation:
    """The 委托方's next on-site audit, due within `contract.audit-interval-months`."""
    return obligations.obligation_create(
        actor=DutyActor(actor),
        subject=agreement,
        title=f"对受托方 {agreement.manufacturer.name} 进行现场审核"[:200],
        kind="contract.audit.routine",
        rule_id=ROUTINE_RULE,
        owner_kind="role",
        owner_role="principal",
        notify_owner=False,
    )


def _finding(actor: Actor, agreement: Agreement, finding_id: int) -> Finding:
    f = selectors.findings_of(agreement).filter(pk=finding_id).first()
    if f is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"finding": str(finding_id)}})
    return f


def finding_rectify(
    *, actor: Actor, agreement: Agreement | int, finding_id: int, due_on: dt.date
) -> Rectification:
    """The 委托方 orders an audit finding put right by the 受托方 by `due_on` (kernel rectification)."""
    agreement = agreement_for(actor, agreement, "principal")
    return findings.rectification_open(
        actor=actor, finding=_finding(actor, agreement, finding_id), due_on=due_on
    )


def _rectification(agreement: Agreement, rectification_id: int) -> Rectification:
    r = (
        Rectification.objects.select_related("finding")
        .filter(
            pk=rectification_id,
            finding__subject_type="contract.agreement",
            finding__subject_id=str(agreement.pk),
        )
        .first()
    )
    if r is None:
        raise NotFound(
            _("未找到该对象或无权查看"), details={"lookup": {"rectification": str(rectification_id)}}
        )
    return r


def finding_answer(
    *, actor: Actor, agreement: Agreement | int, rectification_id: int, answer: str
) -> Rectification:
    """The 受托方 answers the 委托方's rectification order: what was done (kernel `rectification_answer`)."""
    agreement = agreement_for(actor, agreement, "manufacturer")
    rect = _rectification(agreement, rectification_id)
    return findings.rectification_answer(
        actor=PartyActor(actor, agreement), rectification=rect, answer=answer
    )


def finding_decide(
    *, actor: Actor, agreement: Agreement | int, rectification_id: int, accept: bool, note: str = ""
) -> Rectification:
    """The 委托方 accepts the answer (the finding closes) or returns it with its reason."""
    agreement = agreement_for(actor, agreement, "principal")
    rect = _rectification(agreement, rectification_id)
    if accept:
        return findings.rectification_accept(actor=actor, rectification=rect, note=note)
    return findings.rectification_return(actor=actor, rectification=rect, note=note)


def open_runs(agreement: Agreement) -> list[ChecklistRun]:
    return [
        a.run
        for a in Audit.objects.filter(agreement=agreement, run__state=RunState.OPEN).select_related("run")
    ]
