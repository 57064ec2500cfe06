"""Anomaly's refusal codes (`details.reason`, `details.fields[].code`)."""

from __future__ import annotations

from enum import StrEnum


class AnomalyError(StrEnum):
    TRIAGED = "alert.triaged"  # the alert was already confirmed or dismissed
    REASON_REQUIRED = "alert.reason_required"  # a dismissal names its reason
    OUTCOME = "alert.outcome"  # confirm as clue or rectification only
    DUE_ON = "alert.due_on"  # a rectification needs its deadline
