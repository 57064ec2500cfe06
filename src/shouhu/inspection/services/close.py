"""The 结果记录表's signatures and the publication of the result.

Both (all) team members sign, and the enterprise — its principal, director or officer — signs, or a team
member records its refusal with a witness (Order 49: 拒签的，注明情况并由见证人签字). Signatures are the
kernel's (`signature_sign` / `signature_refuse` against the roles `roles.py` registers). Once every one is
there the inspection waits for publication; publishing before that is refused and writes nothing.
Publication publishes the kernel's draft (public page) and discharges the 20-working-day obligation.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, PermissionDenied, refuse
from shouhu.core.services import update_record
from shouhu.workflow.checklists.models import Signature
from shouhu.workflow.checklists.services import signature_refuse, signature_sign
from shouhu.workflow.idempotent import client_uuid, replayed
from shouhu.workflow.obligations.models import Obligation, ObligationStatus
from shouhu.workflow.obligations.services import obligation_complete
from shouhu.workflow.publication.models import Publication
from shouhu.workflow.publication.services import publication_publish
from shouhu.workflow.subjects import subject_of

from .. import roles
from ..error_codes import InspectionError as E
from ..events import InspectionAction as A
from ..models import FLOW, Inspection, State
from .common import inspection_of


@dataclass(frozen=True)
class SignatureState:
    inspectors_signed: frozenset[int]
    inspectors_missing: tuple[Any, ...]  # Member rows still to sign
    enterprise: Signature | None  # its signature or the recorded refusal
    inspectors: dict[int, Signature] = field(default_factory=dict)  # each inspector's signature by user id

    @property
    def complete(self) -> bool:
        return not self.inspectors_missing and self.enterprise is not None


def signature_state(inspection: Inspection) -> SignatureState:
    rows = list(
        Signature.objects.filter(
            subject_type=roles.SUBJECT_TYPE, subject_id=str(inspection.pk)
        ).select_related("image")
    )
    by_user = {s.signer_id: s for s in rows if s.role == roles.INSPECTOR and s.signer_id}
    signed = frozenset(by_user)
    missing = tuple(m for m in inspection.members.select_related("user") if m.user_id not in signed)
    enterprise = next((s for s in rows if s.role == roles.ENTERPRISE), None)
    return SignatureState(signed, missing, enterprise, by_user)


def _after_signature(actor: Actor, inspection: Inspection) -> Inspection:
    if not signature_state(inspection).complete:
        return inspection
    return update_record(
        actor=actor,
        instance=inspection,
        changes={"state": FLOW.require("signed", inspection.state)},
        enterprise_id=inspection.enterprise_id,
        reason=str(_("检查人员和企业已签字")),
        action=A.INSPECTION_SIGNED,
    )


def signature_png(value: bytes | str | None) -> bytes | None:
    """The drawn signature's PNG bytes from what a page or client sent: bytes, base64, or a data URL
    (`data:image/png;base64,…`, the canvas's `toDataURL`). Anything else is refused before a write."""
    if not value:
        return None
    if isinstance(value, bytes):
        return value
    text = value.strip()
    if text.startswith("data:"):
        head, _sep, text = text.partition(",")
        if head != "data:image/png;base64":
            text = "!"  # not a PNG data URL
    try:
        return base64.b64decode(text, validate=True) or None
    except (binascii.Error, ValueError):
        raise refuse(E.SIGNATURE_IMAGE_INVALID, _("手写签名须为PNG图片"), field="image") from None


@transaction.atomic
def inspection_sign(
    *,
    actor: Actor,
    inspection: Inspection | int,
    drawing: str = "",
    image: bytes | str | None = None,
    client_id: Any = None,
) -> Inspection:
    """The actor signs the 结果记录表: as a team member, or for the enterprise; `image` is the signature
    drawn on screen (PNG bytes or data URL), stored as the kernel signature's evidence file and printed on
    the 结果记录表. A replayed client id (a signature queued on a phone and sent twice) returns the
    inspection and signs nothing again."""
    inspection = inspection_of(actor, inspection, lock=True)
    access.require(actor, "inspection.sign")
    if client_id not in (None, "") and replayed(Signature, client_uuid(client_id), actor, E.ALREADY_SIGNED):
        return inspection
    FLOW.require("sign", inspection.state)
    subject = subject_of(inspection)
    state = signature_state(inspection)
    if roles.holds_inspector(actor, subject):
        role = roles.INSPECTOR
        if actor.pk in state.inspectors_signed:
            raise refuse(E.ALREADY_SIGNED, _("您已签字"), error=Conflict)
    elif roles.holds_enterprise(actor, subject):
        role = roles.ENTERPRISE
        if state.enterprise is not None:
            raise refuse(E.ALREADY_SIGNED, _("企业已签字或已记录拒签"), error=Conflict)
    else:
        raise refuse(
            E.NOT_MEMBER,
            _("只有本次检查的检查人员和被检查企业负责人可以签字"),
            error=PermissionDenied,
        )
    signature_sign(
        actor=actor,
        subject=subject,
        role=role,
        drawing=drawing,
        image=signature_png(image),
        client_id=client_id,
    )
    return _after_signature(actor, inspection)


@transaction.atomic
def inspection_refusal(
    *, actor: Actor, inspection: Inspection | int, person_name: str, note: str, witness_name: str
) -> Inspection:
    """A team member records that the enterprise's `person_name` refused to sign, with a witness."""
    inspection = inspection_of(actor, inspection, lock=True)
    access.require(actor, "inspection.record")
    FLOW.require("sign", inspection.state)
    if signature_state(inspection).enterprise is not None:
        raise refuse(E.ALREADY_SIGNED, _("企业已签字或已记录拒签"), error=Conflict)
    signature_refuse(
        actor=actor,
        subject=subject_of(inspection),
        role=roles.ENTERPRISE,
        person_name=person_name,
        note=note,
        witness_name=witness_name,
        recorder_role=roles.INSPECTOR,
    )
    return _after_signature(actor, inspection)


@transaction.atomic
def inspection_publish(*, actor: Actor, inspection: Inspection | int) -> Inspection:
    """Publish the result on the public page; only once every signature (or refusal) is there."""
    inspection = inspection_of(actor, inspection, lock=True)
    access.require(actor, "inspection.publish")
    if inspection.state in (State.PLANNED, State.IN_PROGRESS, State.AWAITING_SIGNATURE):
        raise refuse(
            E.SIGNATURES_MISSING,
            _("检查结果记录表须经检查人员和企业签字（或记录拒签）后方可公开"),
            error=Conflict,
        )
    target = FLOW.require("publish", inspection.state)
    publication = Publication.objects.get(pk=inspection.publication_id)
    publication_publish(actor=actor, publication=publication)
    duty = Obligation.objects.filter(pk=inspection.publication_obligation_id).first()
    if duty is not None and duty.status != ObligationStatus.DONE:
        obligation_complete(actor=actor, obligation=duty, note=inspection.number)
    return update_record(
        actor=actor,
        instance=inspection,
        changes={"state": target, "published_at": timezone.now()},
        enterprise_id=inspection.enterprise_id,
        reason=str(_("公开检查结果")),
        action=A.INSPECTION_PUBLISH,
    )
