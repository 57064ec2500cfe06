"""A manager spot-check exam started during the visit (issue 25 point 2): a team member picks the inspected
enterprise's principal, food-safety director or officer; training's `spotcheck_create` makes the paper and
its one-time code, and the inspection keeps the link (`ExamLink`) while the spot check's context names the
inspection — linked both ways. Inspection sits above training in the layer order, so it calls training."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import PermissionDenied, refuse
from shouhu.core.services import create_record
from shouhu.registry.models import Person
from shouhu.training import bank
from shouhu.training.services import spotcheck_create

from .. import roles
from ..error_codes import InspectionError as E
from ..events import InspectionAction as A
from ..models import ExamLink, Inspection, State
from .common import inspection_of

DURING_VISIT = (State.PLANNED, State.IN_PROGRESS, State.AWAITING_SIGNATURE)


@transaction.atomic
def exam_start(*, actor: Actor, inspection: Inspection | int, person_id: Any) -> tuple[ExamLink, str]:
    """A spot-check exam of one manager of the inspected enterprise; returns the link and the code."""
    inspection = inspection_of(actor, inspection, lock=True)
    access.require(actor, "inspection.record")
    from shouhu.workflow.subjects import subject_of

    if not roles.holds_inspector(actor, subject_of(inspection)):
        raise refuse(E.NOT_MEMBER, _("您不是本次检查的检查人员"), error=PermissionDenied)
    if inspection.state not in DURING_VISIT:
        raise refuse(E.STATE, _("检查结果已签字，不能再从本次检查发起抽查考核"), field="person_id")
    try:
        pid = int(person_id)
    except (TypeError, ValueError):
        pid = 0
    person = Person.objects.filter(
        pk=pid, enterprise_id=inspection.enterprise_id, role__in=bank.MANAGERS, active=True
    ).first()
    if person is None:
        raise refuse(
            E.PERSON_INVALID,
            _("只能对被检查企业的主要负责人、食品安全总监或食品安全员进行抽查考核"),
            field="person_id",
        )
    spot, code = spotcheck_create(
        actor=actor,
        person_id=person.pk,
        context=str(_("监督检查 %(number)s") % {"number": inspection.number}),
    )
    link = create_record(
        actor=actor,
        instance=ExamLink(inspection=inspection, enterprise_id=inspection.enterprise_id, spot_check=spot),
        enterprise_id=inspection.enterprise_id,
        action=A.EXAM_START,
    )
    return link, code
