"""Enterprise training (issue 23.4; 附件1 #8) and the periodic exam duty.

A session is the 附件1 #8 record (trainer, attendees, content, time, place, assessment); each attendee's
hours are written to `registry.Training` through the registry's service, so the one ledger of hours per
person stays the registry's and the ≥ 40 h a year check (`training.min-hours-per-year`) reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import refuse
from shouhu.core.services import create_record
from shouhu.registry import services as registry
from shouhu.registry.models import Person

from ..error_codes import TrainingError as E
from ..events import TrainingAction as A
from ..models import TrainingSession
from .exams import PERIODIC_KIND

PERIODIC_RULE = "training.periodic-exam-months"


@transaction.atomic
def session_record(
    *,
    actor: Actor,
    held_on: dt.date,
    trainer: str,
    content: str,
    place: str,
    hours: Any,
    attendee_ids: Sequence[int],
    assessment: str = "",
) -> TrainingSession:
    access.require(actor, "training.enterprise.manage")
    try:
        hours = Decimal(str(hours))
    except (InvalidOperation, ValueError):
        hours = Decimal(-1)
    if not (Decimal("0.5") <= hours <= Decimal(24)):
        raise refuse(E.SESSION_INVALID, _("学时应在0.5—24之间"), field="hours")
    ids = sorted({int(i) for i in attendee_ids or []})
    people = list(Person.objects.filter(pk__in=ids, enterprise_id=actor.enterprise_id))
    if not ids or len(people) != len(ids):
        raise refuse(E.SESSION_INVALID, _("参加人员应为本企业人员，且至少一人"), field="attendee_ids")
    session = create_record(
        actor=actor,
        instance=TrainingSession(
            enterprise_id=actor.enterprise_id,
            held_on=held_on,
            trainer=trainer.strip(),
            content=content.strip(),
            place=place.strip(),
            hours=hours,
            assessment=assessment.strip(),
        ),
        enterprise_id=actor.enterprise_id,
        action=A.SESSION_RECORD,
    )
    session.attendees.set(people)
    for p in people:
        registry.training_record(
            actor=actor, person=p, held_on=held_on, topic=content.strip()[:200], hours=hours, provider=trainer
        )
    return session


@transaction.atomic
def periodic_exam_schedule(*, actor: Actor, person_id: int) -> Any:
    """The enterprise's duty to re-examine a manager within the period (`training.periodic-exam-months`)."""
    access.require(actor, "training.enterprise.manage")
    from shouhu.workflow.obligations import services as obligations

    person = access.get_scoped(Person.objects.all(), actor, pk=person_id)
    return obligations.obligation_create(
        actor=actor,
        subject=person,
        title=f"定期考核：{person.name}（{person.get_role_display()}）",
        kind=PERIODIC_KIND,
        rule_id=PERIODIC_RULE,
        owner_kind="role",
        owner_role="principal",
        notify_owner=False,
    )
