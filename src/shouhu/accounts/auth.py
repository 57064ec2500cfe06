"""Who calls the API: an enterprise system with its key (`X-API-Key`) or a signed-in page user.

`config/api.py` lists these for the NinjaAPI. A write by a key announces the push through the core hook
`enterprise_pushed` (registry records it for 接入率); accounts does not know who listens, and core does
not know accounts.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyHeader, SessionAuth

from shouhu.core.hooks import enterprise_pushed

from .models import ApiKey, ApiKeyActor, hash_key

security_log = logging.getLogger("shouhu.security")

READS = frozenset({"GET", "HEAD", "OPTIONS"})


LAST_USED_EVERY = 60  # seconds: `last_used_at` is written at most once a minute per key


def _touch(api_key: ApiKey, now) -> None:
    """Record that the key was used, at most once a minute and never at the cost of the call.

    Every key check used to write `last_used_at`; on SQLite a read-only call then waited for (and under
    a bulk push failed on) the write lock. The cache says whether this minute's write is due (`add` is
    atomic on Redis and on the file cache's rename); the write itself is a one-row UPDATE in autocommit
    and a failure is logged, not raised."""
    from django.core.cache import cache
    from django.db import DatabaseError

    if api_key.last_used_at and (now - api_key.last_used_at).total_seconds() < LAST_USED_EVERY:
        return
    if not cache.add(f"apikey.used:{api_key.pk}", 1, timeout=LAST_USED_EVERY):
        return
    try:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    except DatabaseError:
        logging.getLogger(__name__).warning("last_used_at of key %s not written", api_key.pk)


REJECTED_EVERY = 60  # seconds: one table row per client and key prefix per minute; the log gets every one


def _rejected(request: HttpRequest, key: str, api_key: ApiKey | None) -> None:
    """An unknown or revoked key (a revoked key still in an ERP is worth a look) is a security event —
    in the table at most once a minute per client and key prefix, so a flood of bad keys cannot fill
    the table; every rejection still reaches the log."""
    from django.core.cache import cache

    from . import security

    reason = "revoked" if api_key else "unknown"
    prefix = key[:12]
    ip = security.client_ip(request) or "-"
    security_log.warning("api key rejected: %s prefix=%s path=%s ip=%s", reason, prefix[:8], request.path, ip)
    if not cache.add(f"apikey.rejected:{ip}:{hash_key(prefix)[:16]}", 1, timeout=REJECTED_EVERY):
        return
    detail = {"reason": reason, "key_prefix": prefix if api_key else prefix[:8]}
    if api_key is not None:
        detail["enterprise_id"] = api_key.enterprise_id
    security.record(security.SecurityKind.APIKEY_REJECTED, request=request, **detail)


class EnterpriseKeyAuth(APIKeyHeader):
    """`X-API-Key: shk_…` — an enterprise system (接入). Unknown or revoked keys are logged and get 401."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKeyActor | None:
        if not key:
            return None
        api_key = ApiKey.objects.select_related("enterprise").filter(key_hash=hash_key(key)).first()
        if api_key is None or not api_key.is_active:
            _rejected(request, key, api_key)
            return None
        now = timezone.now()
        _touch(api_key, now)
        if request.method not in READS:
            enterprise_pushed.send(sender=ApiKey, enterprise_id=api_key.enterprise_id, at=now)
        return ApiKeyActor(api_key)


class UserSessionAuth(SessionAuth):
    """A logged-in page user (CSRF-checked for writes, as ninja's SessionAuth does).

    Only a signed-in session is CSRF-checked: a caller that sent a key (even an unknown or revoked one) or
    no session at all is not a page user, so it gets the documented 401 on every method — not ninja's
    403 "CSRF check failed", which would tell a system with a bad key nothing useful.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if EnterpriseKeyAuth.param_name in request.headers or not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> object | None:
        if EnterpriseKeyAuth.param_name in request.headers:
            return None
        return super().authenticate(request, key)


def api_auth() -> list[APIKeyHeader | SessionAuth]:
    """The API's authentication, in order: a key first (systems), else the session (pages)."""
    return [EnterpriseKeyAuth(), UserSessionAuth()]
