"""Idempotent creates: a client-generated id (UUID) makes a replayed request create nothing twice.

An inspector's phone syncs its queue when it finds a signal, a user double-clicks, a proxy retries: each
create service takes the client's id, and a request whose id is already stored returns the stored record
without writing (no row, no ledger entry). An id stored by another tenant is refused without saying whose.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, ErrorCode, refuse

from .subjects import in_scope


def client_uuid(value: Any) -> uuid.UUID:
    """The client's id as a UUID (a fresh one when the client sent none)."""
    if value in (None, ""):
        return uuid.uuid4()
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise refuse(ErrorCode.VALIDATION, _("客户端编号须为 UUID"), field="client_id") from None


def replayed(model: type[Model], client_id: uuid.UUID, actor: Actor, code: StrEnum) -> Any | None:
    """The record already created under `client_id`, or None; refuses an id another tenant holds."""
    existing = model._default_manager.filter(client_id=client_id).first()
    if existing is None:
        return None
    if not in_scope(actor, existing.enterprise_id, existing.division_code):
        raise refuse(code, _("该客户端编号已被使用"), field="client_id", error=Conflict)
    return existing
