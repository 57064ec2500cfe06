"""Bulk push of 附件1 typed records at MES rates: validate every item, then one insert and one ledger append.

`services.record_create` writes one record with its ledger entry (about ten queries). An enterprise system
pushing thousands of records (人员进出、温湿度、清洁消毒 …) needs the same guarantees in bulk: every item
validated against the fields the rule set requires, all written or none, and every record entered in the
enterprise's hash chain. Here the chain head is locked once, the entries are hashed in order in Python with
the ledger's own `compute_hash`, and records and entries are each inserted with one `bulk_create`;
`ledger.verify()` checks them like any other entry.
"""

from __future__ import annotations

from datetime import UTC, date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from pydantic import BaseModel, Field

from shouhu.core import ledger
from shouhu.core.models import AuditEntry, LedgerChain
from shouhu.core.regulation import today

from . import rulebook
from .annex1 import DEDICATED
from .models import Record

MAX_ITEMS = 50_000


class RecordItem(BaseModel):
    """One 附件1 record in a bulk push (same fields as schemas.RecordIn; a plain model is cheaper)."""

    number: int = Field(ge=1, le=32)
    occurred_on: date
    data: dict[str, Any]
    external_id: str = ""


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
        if item.number in DEDICATED:
            errors.append(
                {
                    "index": index,
                    "code": "validation_error",
                    "message": f"附件1第{item.number}项有专门接口 / has its own endpoint: "
                    f"{DEDICATED[item.number][1]}",
                    "details": {"fields": [{"field": "number", "code": "record.has_own_model"}]},
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


def _insert(model: type, columns: list[str], rows: list[tuple]) -> None:
    """Insert rows in the caller's transaction: executemany on SQLite (in-process, fast), COPY on
    PostgreSQL (executemany would cost a round trip per row, a multi-row VALUES a huge query parse)."""
    qn = connection.ops.quote_name
    table, cols = qn(model._meta.db_table), ", ".join(qn(c) for c in columns)
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.connection.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cur:
        for i in range(0, len(rows), 5000):
            cur.executemany(sql, rows[i : i + 5000])


def _reserve_ids(model: type, n: int) -> list[int]:
    """n primary keys for explicit inserts, inside the caller's (write-locking) transaction."""
    table = model._meta.db_table
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n]
            )
            return [r[0] for r in cur.fetchall()]
        # SQLite: the transaction holds the write lock (IMMEDIATE), so max(id) cannot move under us
        cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        start = cur.fetchone()[0]
    return list(range(start + 1, start + n + 1))


def records_create(*, actor: Any, enterprise_id: int, items: list[Any]) -> list[int]:
    """Insert already-validated records and their ledger entries in the caller's transaction.

    Rows are built as tuples (no model instances) and each ledger entry is hashed with the ledger's own
    payload and `compute_hash`, so `ledger.verify()` checks them like entries written one by one.
    """
    cache: dict = {}
    now = timezone.now()
    ops = connection.ops
    json_field = Record._meta.get_field("data")
    at_db = ops.adapt_datetimefield_value(now)
    user = actor if getattr(actor, "_meta", None) is not None else None
    label = getattr(actor, "actor_label", None) or str(actor)
    object_type = Record._meta.label
    with transaction.atomic():
        ids = _reserve_ids(Record, len(items))
        key = ledger.chain_key(enterprise_id)
        LedgerChain.objects.get_or_create(key=key, defaults={"enterprise_id": enterprise_id})
        chain = LedgerChain.objects.select_for_update().get(key=key)
        seq, prev = chain.last_seq, chain.last_hash
        entry_ids = _reserve_ids(AuditEntry, len(items))
        at_iso = now.astimezone(UTC).isoformat()
        records, entries = [], []
        for pk, entry_pk, item in zip(ids, entry_ids, items, strict=True):
            rule_id = _fields(cache, item.number, item.occurred_on)[0]
            day = item.occurred_on.isoformat()
            records.append(
                (
                    pk,
                    at_db,
                    at_db,
                    enterprise_id,
                    item.number,
                    rule_id,
                    ops.adapt_datefield_value(item.occurred_on),
                    json_field.get_db_prep_save(item.data, connection),
                    item.external_id,
                )
            )
            after = {
                "id": pk,
                "enterprise_id": enterprise_id,
                "number": item.number,
                "rule_id": rule_id,
                "occurred_on": day,
                "data": item.data,
                "external_id": item.external_id,
            }
            seq += 1
            action = f"record{item.number:02d}.create"
            payload = {
                "chain": key,
                "seq": seq,
                "at": at_iso,
                "actor_id": user.pk if user else None,
                "actor_label": label,
                "action": action,
                "object_type": object_type,
                "object_id": str(pk),
                "before": None,
                "after": after,
                "reason": "bulk push",
            }
            digest = ledger.compute_hash(prev, payload)
            entries.append(
                (
                    entry_pk,
                    chain.pk,
                    seq,
                    at_db,
                    user.pk if user else None,
                    label,
                    action,
                    object_type,
                    str(pk),
                    f"#{item.number} {day}",
                    None,
                    json_field.get_db_prep_save(after, connection),
                    "bulk push",
                    prev,
                    digest,
                )
            )
            prev = digest
        _insert(
            Record,
            [
                "id",
                "created_at",
                "updated_at",
                "enterprise_id",
                "number",
                "rule_id",
                "occurred_on",
                "data",
                "external_id",
            ],
            records,
        )
        _insert(
            AuditEntry,
            [
                "id",
                "chain_id",
                "seq",
                "at",
                "actor_id",
                "actor_label",
                "action",
                "object_type",
                "object_id",
                "object_repr",
                "before",
                "after",
                "reason",
                "prev_hash",
                "hash",
            ],
            entries,
        )
        chain.last_seq, chain.last_hash = seq, prev
        chain.save(update_fields=["last_seq", "last_hash"])
    return ids
