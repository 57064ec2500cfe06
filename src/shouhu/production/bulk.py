"""Bulk push of 附件1 typed records at MES rates: validate every item, then one insert and one ledger append.

`services.record_create` writes one record with its ledger entry (about ten queries). An enterprise system
pushing thousands of records (人员进出、温湿度、清洁消毒 …) needs the same guarantees in bulk: every item
validated against the fields the rule set requires, all written or none, and every record entered in the
enterprise's hash chain. Here the records are inserted raw (`core.bulkinsert`) and their entries appended
with `ledger.append_many` (the chain head locked once, the same hash as one by one); `ledger.verify()`
checks them like any other entry, and each record against its entry.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from pydantic import BaseModel, Field

from shouhu.core import ledger
from shouhu.core.bulkinsert import insert_rows, reserve_ids

from . import rulebook
from .events import ProductionAction
from .models import Record

# One push must finish well inside the web worker's timeout (deploy/gunicorn.conf.py: 30 s) and hold
# the SQLite write lock briefly enough that other tenants' writes wait for it (busy timeout 30 s)
# instead of failing: 16,000 records took 30.6 s on the demo machine (issue 12), so 5,000 (~10 s there,
# ~2 s on a developer laptop) is the documented limit. Larger uploads are split by the sender.
MAX_ITEMS = 5_000
RECORD_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "enterprise_id",
    "number",
    "rule_id",
    "occurred_on",
    "data",
    "external_id",
]


class RecordItem(BaseModel):
    """One 附件1 record in a bulk push (same fields as schemas.RecordIn; a plain model is cheaper)."""

    number: int = Field(ge=1, le=32)
    occurred_on: date  # bounded by services.records.record_refusals (its future check cites the rule)
    data: dict[str, Any] = Field(max_length=200)
    external_id: str = ""


def _fields(cache: dict, number: int, on: date) -> tuple[str, str, list[str], str]:
    key = (number, on)
    if key not in cache:
        cache[key] = rulebook.record_fields(number, on)
    return cache[key]


def records_create(*, actor: Any, enterprise_id: int, items: list[Any]) -> list[int]:
    """Insert already-validated records and their ledger entries in the caller's transaction.

    Rows are built as tuples (no model instances) and inserted raw; each record's snapshot goes to
    `ledger.append_many`, the ledger's one bulk writer, so the entries carry the same payload and hash
    as entries written one by one and `ledger.verify()` checks the rows against them.
    """
    cache: dict = {}
    ops = connection.ops
    json_field = Record._meta.get_field("data")
    at_db = ops.adapt_datetimefield_value(timezone.now())
    object_type = Record._meta.label
    with transaction.atomic():
        ids = reserve_ids(Record, len(items))
        records, entries = [], []
        for pk, item in zip(ids, items, strict=True):
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
            entries.append(
                ledger.NewEntry(
                    action=ProductionAction.RECORD_CREATE,
                    object_type=object_type,
                    object_id=str(pk),
                    object_repr=f"#{item.number} {day}",
                    after=after,
                    reason="bulk push",
                )
            )
        insert_rows(Record, RECORD_COLUMNS, records)
        ledger.append_many(actor=actor, enterprise_id=enterprise_id, entries=entries)
    return ids
