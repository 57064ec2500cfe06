"""Evidence API (`/api/v1/evidence`): upload a file (multipart) once per client id, read its record."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from shouhu.core.api import ERRORS, Id
from shouhu.core.api import actor as request_actor

from ..subjects import resolve
from . import content, selectors, services
from .schemas import EvidenceOut

router = Router()


@router.post("", response={201: EvidenceOut, **ERRORS}, summary="Upload an evidence file")
def evidence_upload(
    request: HttpRequest,
    file: File[UploadedFile],
    client_id: Annotated[str, Form(max_length=64)] = "",
    subject_type: Annotated[str, Form(max_length=100)] = "",
    subject_id: Annotated[str, Form(max_length=64)] = "",
    note: Annotated[str, Form(max_length=300)] = "",
):
    """Type decided by content (JPEG, PNG, PDF); a replay of `client_id` answers with the stored record."""
    actor = request_actor(request)
    subject = resolve(actor, subject_type, subject_id) if subject_type else None
    data = file.read(content.max_bytes() + 1)
    ev = services.evidence_create(
        actor=actor,
        content=data,
        name=file.name or "",
        client_id=client_id or None,
        subject=subject,
        note=note,
    )
    return Status(201, ev)


@router.get("/{evidence_id}", response={200: EvidenceOut, **ERRORS})
def evidence_detail(request: HttpRequest, evidence_id: Id):
    return selectors.evidence_get(request_actor(request), evidence_id)
