"""Signed checkpoints of every chain head (签名检查点), written periodically and exported as JSON.

A checkpoint lists each chain's (last_seq, last_hash) at one moment, signed with the ledger key (kept
outside the database) and chained to the previous checkpoint's signature. Held outside the platform —
by the operator off-site and by the regulator — they let `audit verify --checkpoints FILE` show that a
chain was later rewritten, even by someone who recomputed every hash and restored an old chain head.

Written by `shouhu audit checkpoint` and, in production, by Celery beat (`shouhu.core.ledger_checkpoint`).
The first one (kind `hash_v2`) was written by migration 0003 when version-2 hashing began.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from . import ledger_key
from .ledger import HASH_VERSION, time_text, to_millis
from .models import AuditEntry, LedgerChain, LedgerCheckpoint

PERIODIC = "periodic"
HASH_V2 = "hash_v2"


class CheckpointRefused(Exception):
    """A chain head is not what the platform wrote: signing it would launder the change."""


def message(data: dict[str, Any]) -> bytes:
    """The signed text of a checkpoint (its exported form without the signature)."""
    fields = {k: data[k] for k in ("at", "kind", "hash_version", "heads", "key_id", "prev_signature")}
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def as_dict(cp: LedgerCheckpoint) -> dict[str, Any]:
    """The exported form (what a regulator keeps); `signature` covers everything else."""
    return {
        "at": time_text(cp.at),
        "kind": cp.kind,
        "hash_version": cp.hash_version,
        "heads": cp.heads,
        "key_id": cp.key_id,
        "prev_signature": cp.prev_signature,
        "signature": cp.signature,
    }


def signature_ok(data: dict[str, Any]) -> bool:
    return ledger_key.valid(data.get("signature", ""), message(data))


def current_heads() -> dict[str, list]:
    """Every chain head, after checking its MAC and that the head entry carries that hash."""
    heads: dict[str, list] = {}
    head_entry = AuditEntry.objects.filter(chain=OuterRef("pk"), seq=OuterRef("last_seq")).values("hash")
    for chain in LedgerChain.objects.annotate(entry_hash=Subquery(head_entry[:1])).order_by("key"):
        if chain.head_mac != ledger_key.head_mac(chain.key, chain.last_seq, chain.last_hash):
            raise CheckpointRefused(f"{chain.key}: chain head signature does not match")
        if chain.last_seq and chain.entry_hash != chain.last_hash:
            raise CheckpointRefused(f"{chain.key}: head entry #{chain.last_seq} does not carry the head hash")
        heads[chain.key] = [chain.last_seq, chain.last_hash]
    return heads


def write(kind: str = PERIODIC) -> LedgerCheckpoint:
    """Sign and store a checkpoint of every chain head (heads locked so none moves meanwhile)."""
    with transaction.atomic():
        list(LedgerChain.objects.select_for_update().values_list("pk", flat=True))
        previous = LedgerCheckpoint.objects.order_by("-id").first()
        at = to_millis(timezone.now())
        data = {
            "at": time_text(at),
            "kind": kind,
            "hash_version": HASH_VERSION,
            "heads": current_heads(),
            "key_id": ledger_key.key_id(),
            "prev_signature": previous.signature if previous else "",
        }
        signature = ledger_key.sign(message(data))
        return LedgerCheckpoint.objects.create(
            at=at,
            kind=kind,
            hash_version=HASH_VERSION,
            heads=data["heads"],
            key_id=data["key_id"],
            prev_signature=data["prev_signature"],
            signature=signature,
        )


def export() -> list[dict[str, Any]]:
    """Every checkpoint, oldest first, in the exported form."""
    return [as_dict(cp) for cp in LedgerCheckpoint.objects.order_by("id")]
