"""Bulk push of 附件1 typed records at MES rates: validate every item, then one insert and one ledger append.

`services.record_create` writes one record with its ledger entry (about ten queries). An enterprise system
pushing thousands of records (人员进出、温湿度、清洁消毒 …) needs the same guarantees in bulk: every item
validated against the fields the rule set requires, all written or none, and every record entered in the
enterprise's hash chain. Here the chain head is locked once, the entries are hashed in order in Python with
the ledger's own `compute_hash`, and records and entries are each inserted with one `bulk_create`;
`ledger.verify()` checks them like any other entry.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from shouhu.core import ledger
from shouhu.core.models import AuditEntry, LedgerChain
from shouhu.core.regulation import today

from . import rulebook
from .models import Record

MAX_ITEMS = 50_000


def _fields(cache: dict, number: int, on: date) -> tuple[str, str, list[str], str]:
    key = (number, on)
    if key not in cache:
        cache[key] = rulebook.record_fields(number, on)
    return cache[key]


def validate_records(items: list[Any]) -> list[dict[str, Any]]:
    """Per-item errors (index, code, message, details) for RecordIn items; empty when all are valid."""
    errors, cache, now = [], {}, today()
    for index, item in enumerate(items):
        if item.occurred_on > now:
            errors.append(
                {
                    "index": index,
                    "code": "validation_error",
                    "message": "日期不能晚于今天 / date in the future",
                    "details": {"fields": [{"field": "occurred_on", "code": "date.future"}]},
                }
            )
            continue
        rule_id, name, required, cite = _fields(cache, item.number, item.occurred_on)
        missing = [f for f in required if item.data.get(f) in (None, "", [])]
        if missing:
            errors.append(
                {
                    "index": index,
                    "code": "validation_error",
                    "message": f"{name}缺少：{'、'.join(missing)} / {name} lacks required fields",
                    "details": {
                        "rule": rule_id,
                        "cite": cite,
                        "missing": missing,
                        "fields": [{"field": "data", "code": "record.fields_missing"}],
                    },
                }
            )
        if len(item.external_id) > 64:
            errors.append(
                {
                    "index": index,
                    "code": "validation_error",
                    "message": "external_id 过长 / too long",
                    "details": {"fields": [{"field": "external_id", "code": "max_length"}]},
                }
            )
    return errors


def records_create(*, actor: Any, enterprise_id: int, items: list[Any]) -> list[Record]:
    """Insert already-validated records and their ledger entries in the caller's transaction."""
    cache: dict = {}
    objs = [
        Record(
            enterprise_id=enterprise_id,
            number=i.number,
            rule_id=_fields(cache, i.number, i.occurred_on)[0],
            occurred_on=i.occurred_on,
            data=i.data,
            external_id=i.external_id,
        )
        for i in items
    ]
    with transaction.atomic():
        Record.objects.bulk_create(objs, batch_size=2000)
        key = ledger.chain_key(enterprise_id)
        LedgerChain.objects.get_or_create(key=key, defaults={"enterprise_id": enterprise_id})
        chain = LedgerChain.objects.select_for_update().get(key=key)
        user = actor if getattr(actor, "_meta", None) is not None else None
        label = getattr(actor, "actor_label", None) or str(actor)
        at, seq, prev = timezone.now(), chain.last_seq, chain.last_hash
        entries = []
        for obj in objs:
            seq += 1
            entry = AuditEntry(
                chain=chain,
                seq=seq,
                at=at,
                actor=user,
                actor_label=label,
                action=f"record{obj.number:02d}.create",
                object_type=obj._meta.label,
                object_id=str(obj.pk),
                object_repr=str(obj)[:300],
                before=None,
                after=ledger._jsonable(ledger.snapshot(obj)),
                reason="bulk push",
                prev_hash=prev,
            )
            entry.hash = ledger.compute_hash(prev, ledger._entry_payload(entry, key))
            prev = entry.hash
            entries.append(entry)
        AuditEntry.objects.bulk_create(entries, batch_size=2000)
        chain.last_seq, chain.last_hash = seq, prev
        chain.save(update_fields=["last_seq", "last_hash"])
    return objs
