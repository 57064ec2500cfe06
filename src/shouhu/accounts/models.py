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


class SecurityEvent(models.Model):
    """One security-relevant event (等保 2.0 安全审计): logins, lockouts, denials, credential changes.

    Deliberately not a ledger entry: the ledger's per-enterprise hash chains serialise appends on a chain
    head row, and a login flood must not queue there (nor can a failed login name an enterprise). Rows are
    append-only by convention and written by `accounts.security.record`, which also logs them.
    """

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("事件"), max_length=40, db_index=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    path = models.CharField(_("路径"), max_length=300, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["kind", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"


class PasswordHistory(models.Model):
    """Hashes of a user's previous passwords, so a new one cannot be one of the last few (ASVS V2.1)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)  # the hash, as in User.password
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-set_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.set_at:%Y-%m-%d}"
