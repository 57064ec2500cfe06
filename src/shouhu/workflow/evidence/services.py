"""Evidence writes: store a checked file, record it (with its SHA-256) in the ledger, once per client id."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor, is_enterprise_staff, is_regulator
from shouhu.core.errors import refuse
from shouhu.core.services import create_record

from ..idempotent import client_uuid, replayed
from ..subjects import Subject, resolve, tenant_label
from . import content as checks
from .error_codes import EvidenceError as E
from .events import EvidenceAction as A
from .models import EvidenceFile


def _owner(actor: Actor, subject: Subject | None) -> tuple[int | None, str]:
    if subject is not None:
        return subject.enterprise_id, subject.division_code
    if is_enterprise_staff(actor) and actor.enterprise_id:
        tenant = resolve(actor, tenant_label(), actor.enterprise_id)
        return tenant.enterprise_id, tenant.division_code
    if is_regulator(actor) and actor.division_code:
        return None, actor.division_code
    raise refuse(E.OWNER_REQUIRED, _("请指明证据所属的对象"), field="subject_id")


def evidence_create(
    *,
    actor: Actor,
    content: bytes,
    name: str = "",
    client_id: Any = None,
    subject: Subject | None = None,
    note: str = "",
    allowed: frozenset[str] = checks.ALL_TYPES,
) -> EvidenceFile:
    """Check and store one file. A replay of `client_id` returns the stored record and writes nothing."""
    cid = client_uuid(client_id)
    existing = replayed(EvidenceFile, cid, actor, E.CLIENT_ID_TAKEN)
    if existing is not None:
        return existing
    checked = checks.check(content, allowed=allowed)
    enterprise_id, division = _owner(actor, subject)
    evidence = EvidenceFile(
        client_id=cid,
        enterprise_id=enterprise_id,
        division_code=division,
        original_name=(name or "")[-200:],
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
        original_sha256=checked.original_sha256,
        width=checked.width,
        height=checked.height,
        note=note[:300],
        uploaded_by=actor if getattr(actor, "_meta", None) is not None else None,
    )
    with transaction.atomic():
        # Storage first (the name is derived from the hash), then the row and its ledger entry; a failure of
        # the row rolls back the transaction and leaves at most an unreferenced file, never a row without one.
        evidence.file.save(checked.name, ContentFile(checked.content), save=False)
        return create_record(
            actor=actor, instance=evidence, enterprise_id=enterprise_id, action=A.FILE_CREATE
        )


def evidence_verify(evidence: EvidenceFile) -> bool:
    """True if the stored bytes still hash to the SHA-256 recorded (and written in the ledger)."""
    try:
        with evidence.file.open("rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
    except (FileNotFoundError, OSError):
        return False
    return digest == evidence.sha256
