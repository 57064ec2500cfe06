"""Trace and recall refusal codes: stable strings a client branches on (`details.reason`, `details.fields[].code`)."""

from __future__ import annotations

from enum import StrEnum


class TraceError(StrEnum):
    DIRECTION_INVALID = "invalid"  # direction must be back, forward or both
    UNKNOWN_NODE = "trace.unknown_node"  # no lot or batch with this reference in the caller's tenancy
    AMBIGUOUS_NODE = "trace.ambiguous_node"  # a batch number of several enterprises: choose one (batch:ID)
    DATE_FUTURE = "date.future"
    QUANTITY_NOT_POSITIVE = "quantity.not_positive"
    RECALL_ORIGIN = "recall.origin"  # exactly one batch or lot starts a recall
    RECALL_LEVEL = "recall.level"  # levels 一、二、三 (《食品召回管理办法》)
    RECALL_EMPTY = "recall.empty"  # nothing was made from the lot (第六十三条)
    RECALL_COMPLETED = "recall.completed"
    RECALL_OVER_RECOVERED = "recall.over_recovered"
    LOOKUP_RATE_LIMITED = "lookup.rate_limited"  # the public look-up's per-minute limit (第七十二条)
    LOOKUP_UNKNOWN = "lookup.unknown"  # no released batch with this code
    LOOKUP_AMBIGUOUS = (
        "lookup.ambiguous"  # a bare batch number: the consumer must say whose (producer, SC, product)
    )
    RECALL_CLOSED = "recall.closed"  # the regulator accepted the closing report: closed for good
    NOTE_REQUIRED = "recall.note_required"
