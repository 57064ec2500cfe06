"""按时报告: the 委托方 files its reports to the regulator (the start and end of contract manufacturing),
each an obligation raised with its deadline from the rule data ([check]: the measures' numbers)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor
from shouhu.core.errors import NotFound, refuse
from shouhu.workflow.obligations import services as obligations
from shouhu.workflow.obligations.models import RUNNING, Obligation

from .. import selectors
from ..error_codes import ContractError as E
from ..models import Agreement
from ._common import DutyActor, agreement_for


@transaction.atomic
def report_file(*, actor: Actor, agreement: Agreement | int, obligation_id: int, note: str) -> Obligation:
    """Record that the report was made (how, to whom, its number): the duty is discharged."""
    agreement = agreement_for(actor, agreement, "principal")
    duty = (
        selectors.duties([agreement.pk])
        .filter(pk=obligation_id, kind__in=selectors.REPORT_KINDS, status__in=list(RUNNING))
        .first()
    )
    if duty is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"obligation": str(obligation_id)}})
    if not (note or "").strip():
        raise refuse(E.STATE, _("请写明报告情况（报告方式、接收部门、文号等）"), field="note")
    return obligations.obligation_complete(actor=DutyActor(actor), obligation=duty, note=note.strip()[:500])
