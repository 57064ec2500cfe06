"""Enforcement's refusal codes (`details.reason`, `details.fields[].code`)."""

from __future__ import annotations

from enum import StrEnum


class EnforcementError(StrEnum):
    CASE_STATE = "case.state"  # the step does not fit the case's state
    CLUE_TAKEN = "clue.taken"  # the clue was already dealt with
    NOTE_REQUIRED = "note.required"
    DEADLINE_PASSED = "deadline.passed"  # a decision after its time limit without extension or pause
    EXTENSION_LIMIT = "extension.limit"  # more than the rule allows, or a second extension
    APPROVAL_REQUIRED = "approval.required"  # an extension names its written approval
    PAUSE_KIND = "pause.kind"
    PAUSED = "pause.running"  # the clock is already stopped / not stopped
    DECISION_INVALID = "decision.invalid"  # penalty kinds, amount, procedure
    NOT_PUBLISHED = "publication.not_published"  # summary-procedure warnings are not published
    PUBLISHED = "publication.exists"
    REPAIR_WAIT = "repair.waiting_period"  # a repair before its waiting period
    REPAIR_CONDITION = "repair.condition"  # the penalty not fulfilled, a repeat, harm not removed
    LIST_WAIT = "list.waiting_period"  # early removal before the year is over
    LIST_STATE = "list.state"
    TYPICAL_STATE = "typical.state"  # only closed cases become typical cases
