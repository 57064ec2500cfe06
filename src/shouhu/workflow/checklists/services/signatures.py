"""Signatures (签字): a person in a role at a moment, checked against the role registry.

A signer signs for themselves (drawn on screen, or confirmed): a drawing comes as an SVG path and/or as a PNG,
which is stored as an evidence file of the subject (`Signature.image`, its SHA-256 in the ledger) so a
printed record can show it: the role registry (`hooks.ROLES`) decides
whether the person holds the role for the subject, so an inspector of another county, or an officer where a
principal must sign, is refused. A refusal to sign (拒签) is recorded by someone who holds a role for the
subject, naming the person who refused, what happened and a witness — the record stands in for the
signature (审查通则: 申请人拒绝签字的，核查组注明情况).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor
from shouhu.core.errors import PermissionDenied, ServiceError, refuse
from shouhu.core.services import create_record

from ...evidence import content
from ...evidence.services import evidence_create
from ...idempotent import client_uuid, replayed
from ...subjects import Subject
from ..error_codes import ChecklistError as E
from ..events import ChecklistAction as A
from ..hooks import ROLES, holds
from ..models import Signature

MAX_DRAWING = 200_000  # characters of SVG path data; a signature drawn on a phone is ~5–20 k
MAX_IMAGE = 512 * 1024  # bytes of PNG; a 600×200 pad drawn on a phone is ~5–30 KB
PNG = frozenset({"image/png"})


def _require_role(actor: Actor, role: str, subject: Subject) -> None:
    if role not in ROLES:
        raise refuse(E.ROLE_UNKNOWN, _("未登记的角色 %(role)s"), params={"role": role}, field="role")
    if not holds(actor, role, subject):
        raise refuse(
            E.NOT_IN_ROLE,
            _("签字人不具有「%(role)s」身份，不能签字"),
            params={"role": ROLES[role].label},
            error=PermissionDenied,
            role=role,
        )


def _is_png(image: bytes) -> bool:
    try:
        return content.sniff(image, PNG)[0] == "image/png"
    except ServiceError:
        return False


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "_meta", None) is not None else None


def signature_sign(
    *,
    actor: Actor,
    subject: Subject,
    role: str,
    client_id: Any = None,
    drawing: str = "",
    image: bytes | None = None,
) -> Signature:
    """The actor signs `subject` in `role` (refused unless the role registry says they hold it); `image`
    is the drawn signature as PNG bytes (refused, writing nothing, unless it is a PNG image)."""
    cid = client_uuid(client_id)
    existing = replayed(Signature, cid, actor, E.CLIENT_ID_TAKEN)
    if existing is not None:
        return existing
    _require_role(actor, role, subject)
    if len(drawing) > MAX_DRAWING:
        raise refuse(E.NOTE_REQUIRED, _("手写签名数据过大"), field="drawing")
    if image and (len(image) > MAX_IMAGE or not _is_png(image)):
        raise refuse(E.IMAGE_INVALID, _("手写签名须为不超过512 KB的PNG图片"), field="image")
    user = _user(actor)
    stored = None
    if image:
        stored = evidence_create(
            actor=actor,
            content=image,
            name="signature.png",
            subject=subject,
            note=str(_("手写签名")),
            allowed=PNG,
        )
    return create_record(
        actor=actor,
        instance=Signature(
            client_id=cid,
            **subject.fields(),
            role=role,
            signer=user,
            signer_name=(
                getattr(actor, "display_name", "") or getattr(actor, "actor_label", "") or str(actor)
            )[:100],
            signed_at=timezone.now(),
            drawing=drawing,
            image=stored,
        ),
        enterprise_id=subject.enterprise_id,
        action=A.SIGNATURE_SIGN,
    )


def signature_refuse(
    *,
    actor: Actor,
    subject: Subject,
    role: str,
    person_name: str,
    note: str,
    witness_name: str,
    recorder_role: str,
    client_id: Any = None,
) -> Signature:
    """Record that `person_name`, who was to sign in `role`, refused — by a recorder in `recorder_role`."""
    cid = client_uuid(client_id)
    existing = replayed(Signature, cid, actor, E.CLIENT_ID_TAKEN)
    if existing is not None:
        return existing
    if role not in ROLES:
        raise refuse(E.ROLE_UNKNOWN, _("未登记的角色 %(role)s"), params={"role": role}, field="role")
    _require_role(actor, recorder_role, subject)
    if not witness_name.strip():
        raise refuse(E.WITNESS_REQUIRED, _("拒签须有见证人"), field="witness_name")
    if not note.strip() or not person_name.strip():
        raise refuse(E.NOTE_REQUIRED, _("拒签须写明拒签人和情况"), field="note")
    return create_record(
        actor=actor,
        instance=Signature(
            client_id=cid,
            **subject.fields(),
            role=role,
            signer=None,
            signer_name=person_name.strip()[:100],
            signed_at=timezone.now(),
            refused=True,
            refusal_note=note.strip(),
            witness_name=witness_name.strip()[:100],
            recorded_by=_user(actor),
        ),
        enterprise_id=subject.enterprise_id,
        action=A.SIGNATURE_REFUSE,
    )
