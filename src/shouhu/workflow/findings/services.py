"""Findings and rectification writes: issue, order, answer, re-check, accept or return — each audited.

Every write is `core.services.create_record/update_record` (validated, saved and entered in the ledger in
one transaction) with a typed action. Tenancy is the kernel's: a finding carries its subject's enterprise
and division, so an enterprise answers only its own rectifications (another tenant's is *not found*), and a
regulator decides only inside its jurisdiction. Who decides depends on who found: a regulator's finding is
accepted by a regulator, an enterprise's own by its principal or director.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor, is_regulator, require
from shouhu.core.errors import Conflict, PermissionDenied, refuse
from shouhu.core.services import create_record, update_record
from shouhu.core.states import StateMachine, Transition

from ..evidence.selectors import evidence_many
from ..idempotent import client_uuid, replayed
from ..subjects import Subject, get_scoped
from .error_codes import FindingError as E
from .events import FindingAction as A
from .models import Finding, FindingState, Origin, Rectification, RectificationState, Severity

S = RectificationState
RECTIFICATION_FLOW = StateMachine(
    RectificationState,
    {
        "answer": Transition(_("提交整改"), {S.OPEN, S.RETURNED}, S.ANSWERED),
        "recheck": Transition(_("安排复查"), {S.ANSWERED}, S.RECHECK),
        "accept": Transition(_("验收通过"), {S.ANSWERED, S.RECHECK}, S.ACCEPTED),
        "return": Transition(_("退回整改"), {S.ANSWERED, S.RECHECK}, S.RETURNED),
    },
)


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "_meta", None) is not None else None


def _evidence(actor: Actor, ids: Iterable[int], enterprise_id: int | None) -> list[dict[str, Any]]:
    files = evidence_many(actor, [int(i) for i in ids])
    for f in files:
        if f.enterprise_id != enterprise_id:
            raise refuse(E.EVIDENCE_OTHER_OWNER, _("证据文件不属于该企业"), field="evidence")
    return [{"id": f.pk, "sha256": f.sha256} for f in files]


def finding_issue(
    *,
    actor: Actor,
    subject: Subject,
    severity: str,
    title: str,
    description: str = "",
    citation: str = "",
    rule_id: str = "",
    evidence: Iterable[int] = (),
    run: Any = None,
    item_id: str = "",
    client_id: Any = None,
) -> Finding:
    """A finding about `subject` (resolved in the actor's tenancy); origin follows from who issues it."""
    cid = client_uuid(client_id)
    existing = replayed(Finding, cid, actor, E.CLIENT_ID_TAKEN)
    if existing is not None:
        return existing
    require(actor, "findings.finding.issue")
    return create_record(
        actor=actor,
        instance=Finding(
            client_id=cid,
            **subject.fields(),
            origin=Origin.REGULATOR if is_regulator(actor) else Origin.SELF,
            severity=severity,
            title=title,
            description=description,
            citation=citation,
            rule_id=rule_id,
            evidence=_evidence(actor, evidence, subject.enterprise_id),
            run=run,
            item_id=item_id,
            issued_by=_user(actor),
            issued_by_label=str(getattr(actor, "actor_label", "") or actor)[:200],
        ),
        enterprise_id=subject.enterprise_id,
        action=A.FINDING_ISSUE,
    )


def _may_decide(actor: Actor, finding: Finding) -> None:
    require(actor, "findings.rectification.decide")
    if (finding.origin == Origin.REGULATOR) != is_regulator(actor):
        raise refuse(
            E.NOT_DECIDER,
            _("监管部门发现的问题由监管部门验收，企业自查发现的问题由企业负责人验收"),
            error=PermissionDenied,
        )


def rectification_open(
    *, actor: Actor, finding: Finding | int, due_on: date, client_id: Any = None
) -> Rectification:
    """Order the finding put right by `due_on` (by whoever may decide it)."""
    cid = client_uuid(client_id)
    existing = replayed(Rectification, cid, actor, E.CLIENT_ID_TAKEN)
    if existing is not None:
        return existing
    if not isinstance(finding, Finding):
        finding = get_scoped(Finding.objects.all(), actor, pk=finding)
    _may_decide(actor, finding)
    if finding.state == FindingState.CLOSED:
        raise refuse(E.FINDING_CLOSED, _("该问题已闭环"), error=Conflict)
    if due_on < timezone.localdate():
        raise refuse(E.DUE_PAST, _("整改期限不能早于今天"), field="due_on")
    return create_record(
        actor=actor,
        instance=Rectification(
            client_id=cid,
            finding=finding,
            enterprise_id=finding.enterprise_id,
            division_code=finding.division_code,
            due_on=due_on,
            ordered_by=_user(actor),
        ),
        enterprise_id=finding.enterprise_id,
        action=A.RECTIFICATION_OPEN,
    )


def _rectification(actor: Actor, rect: Rectification | int) -> Rectification:
    if isinstance(rect, Rectification):
        rect = rect.pk
    return get_scoped(Rectification.objects.select_related("finding"), actor, pk=rect)


def rectification_answer(
    *, actor: Actor, rectification: Rectification | int, answer: str, evidence: Iterable[int] = ()
) -> Rectification:
    """The enterprise's answer: what was done, with evidence. Another tenant's rectification is not found."""
    rect = _rectification(actor, rectification)
    require(actor, "findings.rectification.answer")
    target = RECTIFICATION_FLOW.require("answer", rect.state)
    if not answer.strip():
        raise refuse(E.ANSWER_REQUIRED, _("请说明整改情况"), field="answer")
    return update_record(
        actor=actor,
        instance=rect,
        changes={
            "state": target,
            "answer": answer.strip(),
            "answer_evidence": _evidence(actor, evidence, rect.enterprise_id),
            "answered_at": timezone.now(),
            "answered_by": _user(actor),
            "rounds": rect.rounds + 1,
        },
        enterprise_id=rect.enterprise_id,
        reason=str(_("提交整改")),
        action=A.RECTIFICATION_ANSWER,
    )


def rectification_recheck(*, actor: Actor, rectification: Rectification | int, run: Any) -> Rectification:
    """A re-check on site: a checklist run about the same subject is attached before the decision."""
    rect = _rectification(actor, rectification)
    _may_decide(actor, rect.finding)
    target = RECTIFICATION_FLOW.require("recheck", rect.state)
    f = rect.finding
    if (run.subject_type, run.subject_id) != (f.subject_type, f.subject_id):
        raise refuse(E.RECHECK_RUN_OTHER, _("复查记录须针对同一对象"), field="run")
    return update_record(
        actor=actor,
        instance=rect,
        changes={"state": target, "recheck_run": run},
        enterprise_id=rect.enterprise_id,
        reason=str(_("安排复查")),
        action=A.RECTIFICATION_RECHECK,
    )


@transaction.atomic
def rectification_accept(
    *, actor: Actor, rectification: Rectification | int, note: str = ""
) -> Rectification:
    """Accept the answer: the rectification is done and its finding closed."""
    rect = _rectification(actor, rectification)
    _may_decide(actor, rect.finding)
    target = RECTIFICATION_FLOW.require("accept", rect.state)
    rect = update_record(
        actor=actor,
        instance=rect,
        changes={
            "state": target,
            "decision_note": note,
            "decided_at": timezone.now(),
            "decided_by": _user(actor),
        },
        enterprise_id=rect.enterprise_id,
        reason=note or str(_("整改验收通过")),
        action=A.RECTIFICATION_ACCEPT,
    )
    update_record(
        actor=actor,
        instance=rect.finding,
        changes={"state": FindingState.CLOSED},
        enterprise_id=rect.enterprise_id,
        reason=str(_("整改验收通过")),
        action=A.FINDING_CLOSE,
    )
    return rect


def rectification_return(*, actor: Actor, rectification: Rectification | int, note: str) -> Rectification:
    """Return the answer with the reason; the enterprise answers again (same deadline)."""
    rect = _rectification(actor, rectification)
    _may_decide(actor, rect.finding)
    target = RECTIFICATION_FLOW.require("return", rect.state)
    if not note.strip():
        raise refuse(E.NOTE_REQUIRED, _("退回须说明理由"), field="note")
    return update_record(
        actor=actor,
        instance=rect,
        changes={
            "state": target,
            "decision_note": note.strip(),
            "decided_at": timezone.now(),
            "decided_by": _user(actor),
        },
        enterprise_id=rect.enterprise_id,
        reason=note.strip(),
        action=A.RECTIFICATION_RETURN,
    )


__all__ = [
    "RECTIFICATION_FLOW",
    "Severity",
    "finding_issue",
    "rectification_accept",
    "rectification_answer",
    "rectification_open",
    "rectification_recheck",
    "rectification_return",
]
