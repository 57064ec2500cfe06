"""Obligation refusal codes: stable strings a client branches on (`details.reason`, `details.fields[].code`)."""

from __future__ import annotations

from enum import StrEnum


class ObligationError(StrEnum):
    SUBJECT_UNKNOWN = "obligations.subject_unknown"  # the subject belongs to no enterprise or jurisdiction
    OWNER_INVALID = "obligations.owner_invalid"  # the owner kind's fields are missing or contradictory
    AMOUNT_INVALID = "obligations.amount_invalid"  # a period must be a positive whole number of units
    RULE_REQUIRED = "obligations.rule_required"  # a due date comes from a cited rule
    REASON_REQUIRED = "obligations.reason_required"  # an extension (or a pause) says why
    ALREADY_PAUSED = "obligations.already_paused"
    NOT_PAUSED = "obligations.not_paused"
    CLIENT_ID_TAKEN = "obligations.client_id_taken"  # a replayed id that belongs to another tenant's row
    PERIOD_INVALID = "obligations.period_invalid"  # a schedule's period ends before it starts
    FREQUENCY_INVALID = "obligations.frequency_invalid"
