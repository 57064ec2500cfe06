"""API-key schemas (接入密钥). The list never carries the hash or the raw key; creation returns the raw
key exactly once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from ninja import Schema
from pydantic import ConfigDict

from shouhu.core.api import MAX_ID, Text, named


class ApiKeyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: Text = named(pgettext_lazy("api", "名称"), max_length=100)
    enterprise_id: int | None = named(pgettext_lazy("api", "企业"), None, ge=1, le=MAX_ID)


class ApiKeyRevokeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: Text = named(_("撤销原因"), max_length=1000)


class ApiKeyFilters(Schema):
    enterprise_id: int | None = named(_("企业"), None, ge=1, le=MAX_ID)


class ApiKeyOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str
    name: str
    key_prefix: str
    created_by: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    active: bool

    @staticmethod
    def resolve_enterprise_name(obj: Any) -> str:
        return obj.enterprise.name

    @staticmethod
    def resolve_created_by(obj: Any) -> str | None:
        return obj.created_by.actor_label if obj.created_by_id else None

    @staticmethod
    def resolve_active(obj: Any) -> bool:
        return obj.is_active


class ApiKeyCreatedOut(ApiKeyOut):
    """The new key's metadata and, this once, the raw key: store it in the enterprise system now."""

    raw_key: str
