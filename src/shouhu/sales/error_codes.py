"""Sales supervision's refusal codes (`details.reason`, `details.fields[].code`)."""

from __future__ import annotations

from enum import StrEnum


class SalesError(StrEnum):
    DIVISION_INVALID = "division.invalid"  # not a GB/T 2260 code, or outside the actor's jurisdiction
    SHOP_CLAIMED = "shop.claimed"  # the shop is already tied to another seller
    COLUMNS_UNKNOWN = "columns.unknown"  # no column names the shop; the expected ones are listed
    COLUMN_MAP_INVALID = "columns.map_invalid"  # a mapping names a column the file lacks or a field we lack
    SWEEP_NOT_DONE = "sweep.not_done"  # the label sweep has not finished
    SWEEP_LINKED = "sweep.linked"  # the sweep was already tied to shops
    LINK_FAILED = "link.failed"  # the background run could not read the export (memory or time cap)
    NO_FINDINGS = "request.no_findings"  # a takedown request without findings
    REQUEST_STATE = "request.state"  # answered twice, or escalated before an answer is due
    ANSWER_REQUIRED = "answer.required"
    NOT_REPEAT = "seller.not_repeat"  # escalation below the repeat threshold
    NO_SELLER = "shop.no_seller"  # an escalation needs the shop's seller
    NOTE_REQUIRED = "note.required"
    SIGNAL_STATE = "signal.state"
    LINK_STATE = "link.state"
    INSPECTION_STATE = "inspection.state"
    CLIENT_ID_TAKEN = "client_id.taken"  # a client id another jurisdiction already used
