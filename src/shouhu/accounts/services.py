"""API-key writes (接入密钥): create and revoke, each audited in the enterprise's ledger chain.

Keys are not regulated records (they are credentials), but who gave an enterprise's systems access, and
who took it away and why, is part of that enterprise's record — so both are ledger entries, written in
the same transaction as the key. Only the key's hash is stored; the raw key is returned once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from shouhu.core import access, ledger
from shouhu.core.errors import ErrorCode, ServiceError, ValidationFailed
from shouhu.core.services import validate
from shouhu.registry.models import Enterprise

from . import security
from .models import ApiKey, hash_key
from .security import SecurityKind


def _snapshot(key: ApiKey) -> dict[str, Any]:
    # Never the hash: the ledger is readable by regulators and staff, the hash is nobody's business.
    return {
        "id": key.pk,
        "enterprise_id": key.enterprise_id,
        "name": key.name,
        "key_prefix": key.key_prefix,
        "created_by_id": key.created_by_id,
        "revoked_at": key.revoked_at,
    }


def apikey_create(*, actor: Any, enterprise: Enterprise | int, name: str) -> tuple[ApiKey, str]:
    """Issue a key for one enterprise's systems; returns (key, raw key). The raw key is never stored."""
    pk = enterprise.pk if isinstance(enterprise, Enterprise) else enterprise
    ent = access.get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=pk)
    access.require(actor, "accounts.apikey.manage")
    raw = ApiKey.generate()
    key = ApiKey(
        enterprise=ent,
        name=(name or "").strip(),
        key_prefix=raw[:12],
        key_hash=hash_key(raw),
        created_by=actor if getattr(actor, "_meta", None) is not None else None,
    )
    with transaction.atomic():
        validate(key, exclude=["created_by"])
        key.save(force_insert=True)
        ledger.record(
            actor=actor,
            action="apikey.create",
            obj=key,
            before=None,
            after=_snapshot(key),
            enterprise_id=ent.pk,
        )
    security.record(SecurityKind.APIKEY_CREATE, user=actor, enterprise_id=ent.pk, key_prefix=key.key_prefix)
    return key, raw


def apikey_revoke(*, actor: Any, key: ApiKey | int, reason: str) -> ApiKey:
    """Revoke a key at once; later requests with it get 401. A reason is required and kept."""
    pk = key.pk if isinstance(key, ApiKey) else key
    found = access.get_scoped(ApiKey.objects.all(), actor, pk=pk)
    access.require(actor, "accounts.apikey.manage")
    if not (reason or "").strip():
        raise ValidationFailed(
            "撤销密钥须说明原因 / Revoking a key needs a reason",
            details={
                "fields": [
                    {
                        "field": "reason",
                        "label_zh": "撤销原因",
                        "label_en": "Reason",
                        "code": "required",
                        "message": "必填",
                        "message_zh": "必填",
                        "message_en": "required",
                    }
                ]
            },
        )
    with transaction.atomic():
        locked = ApiKey.objects.select_for_update().get(pk=found.pk)
        if locked.revoked_at is not None:
            raise ServiceError(
                "该密钥已撤销 / This key is already revoked",
                code=ErrorCode.CONFLICT,
                details={"id": locked.pk, "revoked_at": locked.revoked_at.isoformat()},
            )
        before = _snapshot(locked)
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        ledger.record(
            actor=actor,
            action="apikey.revoke",
            obj=locked,
            before=before,
            after=_snapshot(locked),
            enterprise_id=locked.enterprise_id,
            reason=reason.strip(),
        )
    security.record(
        SecurityKind.APIKEY_REVOKE,
        user=actor,
        enterprise_id=locked.enterprise_id,
        key_prefix=locked.key_prefix,
    )
    return locked
