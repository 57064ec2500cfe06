"""Framework models: the regulated-record base and the append-only, hash-chained audit ledger (审计台账)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

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

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"], name="audit_object_idx")]
        ordering = ["chain_id", "seq"]

    def __str__(self) -> str:
        return f"{self.chain_id}#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise DeletionRefused("审计记录不得删除 / Audit entries cannot be deleted")

    @property
    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for each field whose value changed — what a history page shows."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
