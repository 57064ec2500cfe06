"""The audit ledger (审计台账): append entries in the caller's transaction and verify the hash chains.

Each enterprise has its own chain so that one enterprise's records can be verified (and handed over) on
their own. An entry's hash covers its content and the previous hash; altering, removing or reordering a
stored entry breaks the chain at that point, which `verify()` reports.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import AuditEntry, LedgerChain

GENESIS = "0" * 64
PLATFORM_CHAIN = "platform"


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of a model instance as plain JSON (FKs by id, files by name)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"created_at", "updated_at"}:
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, models.FileField):
            value = value.name if value else None
        data[field.attname] = _jsonable(value)
    return data


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _entry_payload(entry: AuditEntry, chain_key: str) -> dict[str, Any]:
    return {
        "chain": chain_key,
        "seq": entry.seq,
        "at": entry.at.astimezone(UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": entry.before,
        "after": entry.after,
        "reason": entry.reason,
    }


def compute_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + _canonical(payload)).hexdigest()


def chain_key(enterprise_id: int | None) -> str:
    return f"enterprise:{enterprise_id}" if enterprise_id else PLATFORM_CHAIN


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    enterprise_id: int | None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry to the enterprise's chain. Must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ledger.record must be called inside the service's transaction")
    key = chain_key(enterprise_id)
    LedgerChain.objects.get_or_create(key=key, defaults={"enterprise_id": enterprise_id})
    chain = LedgerChain.objects.select_for_update().get(key=key)
    user = actor if getattr(actor, "_meta", None) is not None else None
    entry = AuditEntry(
        chain=chain,
        seq=chain.last_seq + 1,
        at=timezone.now(),
        actor=user,
        actor_label=getattr(actor, "actor_label", None) or str(actor),
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        reason=reason,
        prev_hash=chain.last_hash,
    )
    entry.hash = compute_hash(entry.prev_hash, _entry_payload(entry, key))
    entry.save(force_insert=True)
    chain.last_seq, chain.last_hash = entry.seq, entry.hash
    chain.save(update_fields=["last_seq", "last_hash"])
    return entry


def history(obj: models.Model) -> models.QuerySet[AuditEntry]:
    """Every ledger entry about one object, oldest first."""
    return (
        AuditEntry.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("at", "seq")
    )


@dataclass(frozen=True)
class Break:
    """The first broken link found in a chain."""

    chain: str
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq}: {self.problem}"


def verify(enterprise_id: int | None = None) -> tuple[int, list[Break]]:
    """Recompute chains (one enterprise's, or all); return (entries checked, first break per bad chain)."""
    chains = LedgerChain.objects.order_by("key")
    if enterprise_id is not None:
        chains = chains.filter(enterprise_id=enterprise_id)
    checked, breaks = 0, []
    for chain in chains:
        prev, expected_seq, problem = GENESIS, 1, None
        for entry in chain.entries.order_by("seq").iterator(chunk_size=2000):
            checked += 1
            if entry.seq != expected_seq:
                problem = Break(chain.key, expected_seq, f"entry missing (next stored is #{entry.seq})")
            elif entry.prev_hash != prev:
                problem = Break(chain.key, entry.seq, "prev_hash does not match the previous entry")
            elif compute_hash(prev, _entry_payload(entry, chain.key)) != entry.hash:
                problem = Break(chain.key, entry.seq, "content altered: hash does not match")
            if problem:
                break
            prev, expected_seq = entry.hash, expected_seq + 1
        if problem is None and (chain.last_seq != expected_seq - 1 or chain.last_hash != prev):
            problem = Break(
                chain.key, expected_seq, "chain head does not match the last entry (entries removed?)"
            )
        if problem:
            breaks.append(problem)
    return checked, breaks
