"""Users (one role each, scoped to an enterprise or a jurisdiction) and enterprise API keys (接入密钥)."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.roles import ENTERPRISE_ROLES, REGULATOR_ROLES, ROLE_LABELS, Role

ROLE_CHOICES = [(r.value, ROLE_LABELS[r]) for r in Role if r != Role.INTEGRATION]


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=32, choices=ROLE_CHOICES)
    enterprise = models.ForeignKey(
        "registry.Enterprise", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    division_code = models.CharField(_("辖区代码"), max_length=6, blank=True)
    display_name = models.CharField(_("姓名"), max_length=64, blank=True)

    def clean(self) -> None:
        super().clean()
        if self.role in ENTERPRISE_ROLES and not self.enterprise_id:
            raise ValidationError({"enterprise": _("企业人员必须属于一个企业")})
        if self.role in REGULATOR_ROLES and not self.division_code:
            raise ValidationError({"division_code": _("监管人员必须有辖区")})

    @property
    def actor_label(self) -> str:
        return f"{self.display_name or self.username} ({self.username})"

    @property
    def role_label(self) -> str:
        try:
            return str(ROLE_LABELS[Role(self.role)])
        except ValueError:
            return self.role


def hash_key(raw: str) -> str:
    """API keys are 256-bit random secrets, so one SHA-256 is a sound at-rest hash (no brute force)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKey(models.Model):
    """A revocable key for one enterprise's systems (MES/ERP). Only its hash is stored."""

    PREFIX = "shk_"

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="api_keys")
    name = models.CharField(_("名称"), max_length=100)
    key_prefix = models.CharField(max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiKeyActor:
    """The acting identity of a request authenticated by an API key: one enterprise, integration role."""

    is_authenticated = True
    role = Role.INTEGRATION.value
    division_code = ""

    def __init__(self, key: ApiKey):
        self.api_key = key
        self.enterprise_id = key.enterprise_id
        self.pk = None

    @property
    def actor_label(self) -> str:
        return f"API key {self.api_key.name} ({self.api_key.key_prefix}…)"
