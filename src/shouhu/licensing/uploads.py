"""Licensing's files are kernel evidence (issue 11.1): `workflow.evidence` checks them by content (never by
name), downscales large images, stores them through Django's storage and writes each file's SHA-256 in the
ledger (`evidence.file.create`), so `shouhu audit verify` finds a swapped file. What stays here is the
licensing face of it: the refusal names licensing's field (`file`, `photo`, `evidence`) in both languages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor
from shouhu.core.errors import ServiceError
from shouhu.core.i18n import both
from shouhu.workflow.evidence import content as kernel
from shouhu.workflow.evidence.models import EvidenceFile
from shouhu.workflow.evidence.services import evidence_create
from shouhu.workflow.subjects import subject_of

DOCUMENT_TYPES = kernel.ALL_TYPES
IMAGE_TYPES = kernel.IMAGE_TYPES
Checked = kernel.Checked
max_bytes = kernel.max_bytes


def _relabel(exc: ServiceError, field: str) -> ServiceError:
    label_zh, label_en = both(_("文件"))
    for entry in exc.details.get("fields", []):
        if entry.get("field") == "file":
            entry.update(field=field, label_zh=label_zh, label_en=label_en)
    return exc


def check(content: bytes, *, allowed: frozenset[str] = DOCUMENT_TYPES, field: str = "file") -> Checked:
    """The kernel's content check, before any lock or write: a bad file changes nothing."""
    try:
        return kernel.check(content, allowed=allowed)
    except ServiceError as exc:
        raise _relabel(exc, field) from None


def store(
    *,
    actor: Actor,
    content: bytes,
    owner: Model,
    note: str,
    allowed: frozenset[str] = DOCUMENT_TYPES,
    field: str = "file",
    name: str = "",
    client_id: Any = None,
) -> EvidenceFile:
    """Store one file as kernel evidence owned by `owner`'s enterprise (inside the caller's transaction)."""
    try:
        return evidence_create(
            actor=actor,
            content=content,
            name=name,
            client_id=client_id,
            subject=subject_of(owner),
            note=note[:300],
            allowed=allowed,
        )
    except ServiceError as exc:
        raise _relabel(exc, field) from None
