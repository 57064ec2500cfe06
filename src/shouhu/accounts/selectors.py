"""Accounts reads: an enterprise's API keys (接入密钥), scoped like every read (core.access)."""

from __future__ import annotations

from django.db.models import QuerySet

from shouhu.core import access
from shouhu.core.access import Actor

from .models import ApiKey


def apikey_list(actor: Actor, *, enterprise_id: int | None = None) -> QuerySet[ApiKey]:
    """An enterprise's API keys for those who manage them; never more than metadata (no hash, no key)."""
    access.require(actor, "accounts.apikey.manage")
    qs = access.scope(ApiKey.objects.select_related("enterprise", "created_by"), actor)
    if enterprise_id:
        qs = qs.filter(enterprise_id=enterprise_id)
    return qs.order_by("-created_at", "-pk")
