"""Findings' refusal codes: stable strings a client branches on (`details.reason`, `details.fields[].code`)."""

from __future__ import annotations

from enum import StrEnum


class FindingError(StrEnum):
    CLIENT_ID_TAKEN = "client_id.taken"  # a replay id stored by another tenant
    DUE_PAST = "rectification.due_past"  # a deadline before today
    ANSWER_REQUIRED = "rectification.answer_required"  # an answer says what was done
    NOTE_REQUIRED = "rectification.note_required"  # a return says why
    NOT_DECIDER = "rectification.not_decider"  # a self-found problem is accepted by the enterprise, a regulator's by a regulator
    EVIDENCE_OTHER_OWNER = "evidence.other_owner"  # evidence of another enterprise
    RECHECK_RUN_OTHER = "rectification.recheck_run_other"  # a re-check run about another subject
    FINDING_CLOSED = "finding.closed"
