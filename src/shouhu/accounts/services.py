"""Accounts writes: API keys (接入密钥) created and revoked, each audited in the enterprise's ledger chain;
and the platform administrator's security actions — lifting a lockout, resetting a lost second factor,
pruning security events past their retention — which are security events, not ledger entries.

Keys are not regulated records (they are credentials), but who gave an enterprise's systems access, and
who took it away and why, is part of that enterprise's record — so both are ledger entries, written in
the same transaction as the key. Only the key's hash is stored; the raw key is returned once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, ledger
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import validate

from . import security
from .error_codes import AccountsError
from .events import AccountsAction
from .models import ApiKey, hash_key
from .security import SecurityKind


def _enterprises() -> Any:
    """The enterprises keys belong to, reached through the model's own relation: accounts sits below
    registry (docs/architecture.md, Layers) and does not import it."""
    return ApiKey._meta.get_field("enterprise").related_model._default_manager.all()


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


def apikey_create(*, actor: Actor, enterprise: Any, name: str) -> tuple[ApiKey, str]:
    """Issue a key for one enterprise (an Enterprise or its id) to its systems; returns (key, raw key).

    The raw key is never stored."""
    pk = enterprise if isinstance(enterprise, int) else enterprise.pk
    ent = access.get_scoped(_enterprises(), actor, enterprise_field=None, pk=pk)
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
            action=AccountsAction.APIKEY_CREATE,
            obj=key,
            before=None,
            after=_snapshot(key),
            enterprise_id=ent.pk,
        )
    security.record(SecurityKind.APIKEY_CREATE, user=actor, enterprise_id=ent.pk, key_prefix=key.key_prefix)
    return key, raw


def apikey_revoke(*, actor: Actor, key: ApiKey | int, reason: str) -> ApiKey:
    """Revoke a key at once; later requests with it get 401. A reason is required and kept."""
    pk = key.pk if isinstance(key, ApiKey) else key
    found = access.get_scoped(ApiKey.objects.all(), actor, pk=pk)
    access.require(actor, "accounts.apikey.manage")
    if not (reason or "").strip():
        raise refuse(AccountsError.REQUIRED, _("撤销密钥须说明原因"), field="reason", label=_("撤销原因"))
    with transaction.atomic():
        locked = ApiKey.objects.select_for_update().get(pk=found.pk)
        if locked.revoked_at is not None:
            raise refuse(
                AccountsError.KEY_ALREADY_REVOKED,
                _("该密钥已撤销"),
                error=Conflict,
                id=locked.pk,
                revoked_at=locked.revoked_at.isoformat(),
            )
        before = _snapshot(locked)
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        ledger.record(
            actor=actor,
            action=AccountsAction.APIKEY_REVOKE,
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


# ---- the platform administrator's security actions (pages: security_views) ---------------------------


def lockout_unlock(*, actor: Actor, username: str = "", ip: str = "") -> int:
    """Lift the lock on an account (every address) or a client address (every account) before its
    cool-off ends; returns how many attempt records were cleared. Recorded as a security event."""
    from axes.utils import reset

    access.require(actor, "accounts.security.manage")
    username, ip = (username or "").strip(), (ip or "").strip()
    if not username and not ip:
        raise refuse(AccountsError.REQUIRED, _("请指定要解锁的账号或来源地址。"), field="username")
    count = reset(username=username or None, ip=ip or None)
    security.record(SecurityKind.UNLOCK, user=actor, target_username=username, target_ip=ip, attempts=count)
    return count


def twofactor_reset(*, actor: Actor, username: str) -> Any:
    """A user lost their phone and their recovery codes: remove their devices, so they enrol again at the
    next login (before anything else, where their role requires a second factor). Recorded."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import User

    access.require(actor, "accounts.security.manage")
    target = User.objects.filter(username=(username or "").strip()).first()
    if target is None:
        raise refuse(AccountsError.USER_UNKNOWN, _("没有该用户。"), field="username")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=target).delete()
        StaticDevice.objects.filter(user=target).delete()
    security.record(SecurityKind.OTP_DISABLE, user=actor, target_username=target.username)
    return target


SECURITY_EVENTS_MIN_DAYS = 180  # 网络安全法 第二十一条: network logs kept no less than six months
PRUNE_BATCH = 5000


def security_event_prune(*, now=None) -> int:
    """Delete security events older than SHOUHU_SECURITY_EVENTS_KEEP_DAYS (at least 180 days, whatever
    the setting says), in batches so no transaction holds the table long; the run is itself an event.
    Security events are the platform's authentication log, not regulated records (those live in the
    ledger and are never deleted). Returns how many were deleted."""
    from datetime import timedelta

    from django.conf import settings

    from .models import SecurityEvent

    days = max(int(settings.SHOUHU_SECURITY_EVENTS_KEEP_DAYS), SECURITY_EVENTS_MIN_DAYS)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted = 0
    while True:
        batch = list(SecurityEvent.objects.filter(at__lt=cutoff).values_list("pk", flat=True)[:PRUNE_BATCH])
        if not batch:
            break
        deleted += SecurityEvent.objects.filter(pk__in=batch).delete()[0]
    if deleted:
        security.record(
            SecurityKind.EVENTS_PRUNED, deleted=deleted, before=cutoff.isoformat(), keep_days=days
        )
    return deleted
