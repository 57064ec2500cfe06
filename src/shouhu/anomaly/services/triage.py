"""An inspector's triage: confirm an alert as a kernel case clue or a rectification, or dismiss it with a
reason. Audited (the alert's ledger entry says who, when and why); the outcome stays on the alert, so the
triaged alerts are the labelled data for the next model (`selectors.triage_outcomes`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import update_record
from shouhu.workflow.findings.services import finding_issue, rectification_open
from shouhu.workflow.publication.services import clue_raise
from shouhu.workflow.subjects import subject_of

from ..error_codes import AnomalyError as E
from ..events import AnomalyAction as A
from ..models import Alert, Outcome, State
from ..selectors import alert_get

CLUE_SOURCE = "anomaly.alert"  # the kernel clue's source (enforcement names it)


def _open(actor: Actor, alert: Alert | int) -> Alert:
    access.require(actor, "anomaly.triage")
    pk = alert.pk if isinstance(alert, Alert) else alert
    alert_get(actor, pk)  # tenancy
    locked = Alert.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=pk)
    if locked.state != State.OPEN:
        raise refuse(E.TRIAGED, _("该异常线索已研判"), error=Conflict)
    return locked


def _user(actor: Actor) -> object | None:
    return actor if getattr(actor, "_meta", None) is not None else None


def _evidence(alert: Alert) -> list[dict]:
    return [
        {"type": e.get("type", ""), "id": e.get("id"), "text": e.get("text", "")} for e in alert.evidence[:20]
    ]


@transaction.atomic
def alert_confirm(
    *, actor: Actor, alert: Alert | int, outcome: str, note: str = "", due_on: dt.date | None = None
) -> Alert:
    """Confirm: a kernel case clue for enforcement (`clue`) or a finding with a rectification by `due_on`."""
    alert = _open(actor, alert)
    citation = alert.citation or str(_("穿透式监管异常线索"))
    changes: dict = {}
    if outcome == Outcome.CLUE:
        clue = clue_raise(
            actor=actor,
            source=CLUE_SOURCE,
            subject=alert.enterprise,
            citation=citation,
            summary=f"{alert.enterprise.name}：{alert.explanation_zh}"[:300],
            evidence=_evidence(alert),
            rule_id=alert.rule_id,
        )
        changes["clue_id"] = clue.pk
    elif outcome == Outcome.RECTIFICATION:
        if due_on is None:
            raise refuse(E.DUE_ON, _("责令整改须写明整改期限"), field="due_on")
        finding = finding_issue(
            actor=actor,
            subject=subject_of(alert.enterprise),
            severity="major",
            title=str(alert.get_detector_display())[:200],
            description=f"{alert.explanation_zh}\n{note}".strip(),
            citation=citation,
            rule_id=alert.rule_id,
        )
        rect = rectification_open(actor=actor, finding=finding, due_on=due_on)
        changes.update(finding_id=finding.pk, rectification_id=rect.pk)
    else:
        raise refuse(E.OUTCOME, _("确认时须选择转为案件线索或责令整改"), field="outcome")
    changes.update(
        state=State.CONFIRMED,
        outcome=outcome,
        note=note.strip(),
        triaged_by=_user(actor),
        triaged_by_label=str(actor.actor_label)[:200],
        triaged_at=timezone.now(),
    )
    return update_record(
        actor=actor,
        instance=alert,
        changes=changes,
        enterprise_id=alert.enterprise_id,
        reason=str(Outcome(outcome).label) + (f"：{note.strip()}" if note.strip() else ""),
        action=A.ALERT_CONFIRM,
    )


@transaction.atomic
def alert_dismiss(*, actor: Actor, alert: Alert | int, reason: str) -> Alert:
    """Dismiss with a reason (a legitimate cause the inspector knows of): kept as a negative example."""
    if not (reason or "").strip():
        raise refuse(E.REASON_REQUIRED, _("排除须写明理由"), field="reason")
    alert = _open(actor, alert)
    return update_record(
        actor=actor,
        instance=alert,
        changes={
            "state": State.DISMISSED,
            "outcome": Outcome.DISMISSED,
            "note": reason.strip(),
            "triaged_by": _user(actor),
            "triaged_by_label": str(actor.actor_label)[:200],
            "triaged_at": timezone.now(),
        },
        enterprise_id=alert.enterprise_id,
        reason=reason.strip(),
        action=A.ALERT_DISMISS,
    )
