"""Framework models: the regulated-record base and the append-only, hash-chained audit ledger (审计台账)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import DeletionRefused


class RegulatedQuerySet(models.QuerySet):
    """Bulk deletion of regulated records is refused, like single deletion."""

    def delete(self) -> Any:
        raise DeletionRefused(
            "受监管记录不得删除（细则第七十条）/ Regulated records cannot be deleted",
            details={"model": self.model._meta.label},
        )


class RegulatedModel(models.Model):
    """Base for records the regulations require to keep: never deleted, every change in the ledger."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegulatedQuerySet.as_manager()
    # Fields whose changes reach the ledger through other entries (a stock balance moved with its
    # stock moves, an operational timestamp): `audit verify` does not compare them with the snapshot.
    ledger_untracked_fields: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise DeletionRefused(
            "受监管记录不得删除（细则第七十条）/ Regulated records cannot be deleted",
            details={"model": self._meta.label, "id": self.pk},
        )


class LedgerChain(models.Model):
    """The head of one hash chain (one per enterprise, plus `platform`); locked while appending."""

    key = models.CharField(max_length=64, unique=True)
    enterprise_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    # HMAC (key outside the database, see ledger_key) of key, last_seq and last_hash: a rewrite that
    # recomputes every later hash still cannot produce this.
    head_mac = models.CharField(max_length=64, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.key}@{self.last_seq}"


class AuditEntry(models.Model):
    """One write to a regulated object: who, when, what, before, after, why — chained by hash."""

    chain = models.ForeignKey(LedgerChain, on_delete=models.PROTECT, related_name="entries")
    seq = models.BigIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # 1: entries written before versioning (hash covers some fields, `at` at full precision);
    # 2: every stored field in a canonical text form that survives dumpdata and each database.
    hash_version = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"], name="audit_object_idx")]
        ordering = ["chain_id", "seq"]

    def __str__(self) -> str:
        return f"{self.chain_id}#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise DeletionRefused(_("审计记录不得删除"))

    @property
    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for each field whose value changed — what a history page shows."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class LedgerCheckpoint(models.Model):
    """A signed copy of every chain head at one moment, to be exported and held outside the platform.

    Kinds: `hash_v2` (written once, when version-2 hashing began: entries up to these heads are v1,
    every later one v2) and `periodic` (`shouhu audit checkpoint`, Celery beat in production). Each
    signature covers the previous one, so checkpoints form a chain of their own.
    """

    at = models.DateTimeField()
    kind = models.CharField(max_length=16)
    hash_version = models.PositiveSmallIntegerField()
    heads = models.JSONField()  # {chain key: [last_seq, last_hash]}
    key_id = models.CharField(max_length=16)
    prev_signature = models.CharField(max_length=64, blank=True)
    signature = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"checkpoint #{self.pk} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise DeletionRefused(_("审计记录不得删除"))
