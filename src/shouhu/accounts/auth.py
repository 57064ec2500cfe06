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


class EnterpriseKeyAuth(APIKeyHeader):
    """`X-API-Key: shk_…` — an enterprise system (接入). Unknown or revoked keys are logged and get 401."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKeyActor | None:
        if not key:
            return None
        api_key = ApiKey.objects.select_related("enterprise").filter(key_hash=hash_key(key)).first()
        if api_key is None or not api_key.is_active:
            security_log.warning(
                "api key rejected: %s prefix=%s path=%s ip=%s",
                "revoked" if api_key else "unknown",
                key[:8],
                request.path,
                request.META.get("REMOTE_ADDR"),
            )
            return None
        now = timezone.now()
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
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
