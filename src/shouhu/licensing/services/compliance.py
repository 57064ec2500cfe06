"""Continuing compliance (持续合规): re-verifying a licensee against the same checklist, the
rectification tasks its findings become (submitted with evidence by the enterprise, accepted or sent
back by the regulator), and the production conditions an enterprise records, which the change
detection (`selectors.change_list`) compares with what was licensed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, PermissionDenied, refuse
from shouhu.core.regulation import today
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Licence
from shouhu.workflow.obligations.models import RUNNING, Obligation
from shouhu.workflow.obligations.services import obligation_complete

from .. import uploads
from ..error_codes import LicensingError as E
from ..events import LicensingAction as A
from ..models import RecordedConditions, Rectification, Verification
from ..selectors import licence_facts
from . import deadlines
from .verification import _inspectors_check, _verification_create


def reverification_start(
    *, actor: Actor, licence: Licence | int, inspectors: Iterable[Any], task_received_on: date | None = None
) -> Verification:
    """Re-verify a licensee against the same checklist (action plan item 2)."""
    lpk = licence.pk if isinstance(licence, Licence) else licence
    with transaction.atomic():
        lic = access.get_scoped(Licence.objects.select_related("enterprise"), actor, pk=lpk)
        access.require(actor, "licensing.assign")
        as_of = today()
        users = _inspectors_check(inspectors, lic.enterprise, as_of)
        profiles, facts = licence_facts(lic)
        verification = _verification_create(
            actor,
            enterprise=lic.enterprise,
            purpose=Verification.Purpose.REVERIFICATION,
            profiles=profiles,
            as_of=as_of,
            inspectors=users,
            task_received_on=task_received_on or as_of,
            facts=facts,
            licence=lic,
        )
        # a supervision inspection that found a licence condition failing asked for this (issue 25.4)
        for due in Obligation.objects.select_for_update().filter(
            kind="licensing.reverify", subject_id=str(lic.pk), status__in=RUNNING
        ):
            obligation_complete(actor=actor, obligation=due, note=f"已启动许可复核 {verification.pk}")
        return verification


def _rectification(actor: Actor, rectification: Rectification | int) -> Rectification:
    pk = rectification.pk if isinstance(rectification, Rectification) else rectification
    rec = access.get_scoped(Rectification.objects.all(), actor, pk=pk)
    return Rectification.objects.select_for_update().get(pk=rec.pk)


def rectification_submit(
    *, actor: Actor, rectification: Rectification | int, note: str, evidence: bytes | None = None
) -> Rectification:
    with transaction.atomic():
        rec = _rectification(actor, rectification)
        access.require(actor, "licensing.rectify")
        if not note.strip():
            raise refuse(E.REQUIRED, _("须说明整改情况"), field="evidence_note")
        checked = uploads.check(evidence, field="evidence") if evidence else None
        if rec.state == Rectification.State.CLOSED:
            raise refuse(E.RECTIFICATION_CLOSED, _("整改已闭环"), error=Conflict)
        changes: dict[str, Any] = {
            "state": Rectification.State.SUBMITTED,
            "evidence_note": note,
            "submitted_at": timezone.now(),
        }
        if checked:
            stored = uploads.store(
                actor=actor, content=evidence, owner=rec.enterprise, note=str(rec), field="evidence"
            )
            changes.update(evidence=stored.file.name, evidence_file=stored)
        return update_record(
            actor=actor,
            instance=rec,
            changes=changes,
            enterprise_id=rec.enterprise_id,
            reason=note,
            action=A.RECTIFICATION_SUBMIT,
        )


def rectification_close(
    *, actor: Actor, rectification: Rectification | int, accepted: bool, note: str
) -> Rectification:
    """The regulator accepts the evidence (closed, 闭环) or sends the task back (open again)."""
    with transaction.atomic():
        rec = _rectification(actor, rectification)
        if not (access.can(actor, "licensing.verify") or access.can(actor, "licensing.assign")):
            raise refuse(E.CLOSE_NOT_ALLOWED, _("当前角色无权验收整改"), error=PermissionDenied)
        if not note.strip():
            raise refuse(E.REQUIRED, _("须填写验收意见"), field="closure_note")
        if rec.state != Rectification.State.SUBMITTED:
            raise refuse(
                E.RECTIFICATION_NOT_SUBMITTED, _("企业尚未提交整改"), error=Conflict, state=rec.state
            )
        changes: dict[str, Any] = {"closure_note": note}
        if accepted:
            changes.update(state=Rectification.State.CLOSED, closed_at=timezone.now())
            deadlines.close_duty(actor, rec, deadlines.RECTIFICATION, note)
        else:
            changes.update(state=Rectification.State.OPEN)
        return update_record(
            actor=actor,
            instance=rec,
            changes=changes,
            enterprise_id=rec.enterprise_id,
            reason=note,
            action=A.RECTIFICATION_CLOSE if accepted else A.RECTIFICATION_REOPEN,
        )


def conditions_record(
    *,
    actor: Actor,
    licence: Licence | int,
    site_address: str,
    processes: list[str],
    equipment: list[dict[str, Any]],
) -> RecordedConditions:
    """The enterprise records its current production conditions (compared with the licence)."""
    lpk = licence.pk if isinstance(licence, Licence) else licence
    lic = access.get_scoped(Licence.objects.all(), actor, pk=lpk)
    access.require(actor, "licensing.conditions.record")
    return create_record(
        actor=actor,
        enterprise_id=lic.enterprise_id,
        action=A.CONDITIONS_RECORD,
        instance=RecordedConditions(
            enterprise_id=lic.enterprise_id,
            licence=lic,
            site_address=site_address,
            processes=list(processes),
            equipment=list(equipment),
        ),
    )
