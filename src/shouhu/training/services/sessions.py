"""Enterprise training (issue 23.4; 附件1 #8) and the periodic exam duty.

A session is the one training record (附件1 #8: trainer, attendees, content, time, place, assessment); a
person's hours in a year are those of the sessions they attended (`selectors.hours_ledger`, against the
≥ 40 h a year of `training.min-hours-per-year`). An outside course of one person is a session with one
attendee and its provider (`person_training_record`, the door `registry.Training` used to be).
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
from shouhu.core.regulation import today
from shouhu.core.services import create_record
from shouhu.registry.error_codes import RegistryError
from shouhu.registry.models import Person

from ..error_codes import TrainingError as E
from ..events import TrainingAction as A
from ..models import TrainingSession
from .exams import PERIODIC_KIND

PERIODIC_RULE = "training.periodic-exam-months"
MAX_SESSION = Decimal(24)  # hours of one session held by the enterprise
MAX_OUTSIDE = Decimal(200)  # hours of one outside course (a provider named)


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
    provider: str = "",
    enterprise_id: int | None = None,
) -> TrainingSession:
    """One training (附件1 #8) of the actor's enterprise (or, for the platform, `enterprise_id`'s)."""
    access.require(actor, "training.session.record")
    ent = getattr(actor, "enterprise_id", None) or enterprise_id
    if held_on > today():
        raise refuse(RegistryError.DATE_FUTURE, _("日期不能晚于今天"), field="held_on", label=_("培训日期"))
    try:
        hours = Decimal(str(hours))
    except (InvalidOperation, ValueError):
        hours = Decimal(-1)
    high = MAX_OUTSIDE if provider.strip() else MAX_SESSION  # an outside course may run several days
    if not (Decimal("0.5") <= hours <= high):
        raise refuse(
            E.SESSION_INVALID,
            _("学时应在%(low)s—%(high)s之间"),
            params={"low": "0.5", "high": high},
            field="hours",
        )
    if not content.strip():
        raise refuse(E.SESSION_INVALID, _("请填写培训内容"), field="content")
    ids = sorted({int(i) for i in attendee_ids or []})
    people = list(Person.objects.filter(pk__in=ids, enterprise_id=ent)) if ent else []
    if not ids or len(people) != len(ids):
        raise refuse(E.SESSION_INVALID, _("参加人员应为本企业人员，且至少一人"), field="attendee_ids")
    session = create_record(
        actor=actor,
        instance=TrainingSession(
            enterprise_id=ent,
            held_on=held_on,
            trainer=trainer.strip(),
            provider=provider.strip(),
            content=content.strip(),
            place=place.strip(),
            hours=hours,
            assessment=assessment.strip(),
        ),
        enterprise_id=ent,
        action=A.SESSION_RECORD,
    )
    session.attendees.set(people)
    return session


def person_training_record(
    *, actor: Actor, person_id: int, held_on: dt.date, topic: str, hours: Any, provider: str = ""
) -> TrainingSession:
    """One person's training (an outside course, or one the enterprise records for them alone): a session
    with one attendee. The person must be in the actor's tenancy (404 otherwise)."""
    person = access.get_scoped(Person.objects.all(), actor, pk=person_id)
    return session_record(
        actor=actor,
        held_on=held_on,
        trainer="",
        content=topic,
        place="",
        hours=hours,
        attendee_ids=[person.pk],
        provider=provider,
        enterprise_id=person.enterprise_id,
    )


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
