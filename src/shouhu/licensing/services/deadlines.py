"""Licensing's deadlines are kernel obligations (issue 11.3): the decision limit of an accepted application
(`decision.deadline-working-days`, extended once by `decision.extension-working-days`), the on-site
verification limit (`verification.deadline-working-days`) and a rectification's deadline. Each is opened by
the service that sets the date, in its transaction, completed by the service that meets it, so the office's
inbox and the jurisdiction's overdue list show them with every other app's. The date columns
(`decision_due_on`, `due_on`) stay as the pages and API show them; the obligation computes the same day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor
from shouhu.workflow.obligations.models import RUNNING, Obligation
from shouhu.workflow.obligations.services import (
    obligation_complete,
    obligation_create,
    obligation_extend,
)
from shouhu.workflow.obligations.subjects import content_type

DECISION = "licensing.decision"
VERIFICATION = "licensing.verification"
RECTIFICATION = "licensing.rectification"


def start_of(day: dt.date) -> dt.datetime:
    """Periods count from the day after `day` (the start day not counted); the moment is its start."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))


def open_duty(
    actor: Actor,
    *,
    subject: Model,
    kind: str,
    title: str,
    rule_id: str,
    unit: str,
    amount: int,
    since: dt.date,
    citation: str = "",
    **owner: Any,
) -> Obligation:
    return obligation_create(
        actor=actor,
        subject=subject,
        title=title,
        kind=kind,
        rule_id=rule_id,
        unit=unit,
        amount=amount,
        starts_at=start_of(since),
        citation=citation,
        notify_owner=False,
        **owner,
    )


def running(subject: Model, kind: str) -> list[Obligation]:
    return list(
        Obligation.objects.select_for_update(of=("self",)).filter(
            kind=kind,
            subject_type=content_type(subject),
            subject_id=str(subject.pk),
            status__in=RUNNING,
        )
    )


def close_duty(actor: Actor, subject: Model, kind: str, note: str) -> None:
    for due in running(subject, kind):
        obligation_complete(actor=actor, obligation=due, note=note)


def extend_duty(actor: Actor, subject: Model, kind: str, amount: int, reason: str) -> None:
    for due in running(subject, kind):
        obligation_extend(actor=actor, obligation=due, amount=amount, reason=reason)


def decision_title(app: Any) -> str:
    return str(_("许可决定期限：%(ref)s") % {"ref": app.reference})


def verification_title(ver: Any) -> str:
    return str(_("现场核查期限：%(ref)s") % {"ref": ver})


def rectification_title(rec: Any) -> str:
    return str(_("整改期限：%(ref)s") % {"ref": rec})
