"""核查处置's refusal codes (`details.reason`, `details.fields[].code`)."""

from __future__ import annotations

from enum import StrEnum


class DisposalError(StrEnum):
    CASE_STATE = "case.state"  # the step does not fit the case's state
    NOT_SERVED = "case.not_served"  # the result has not been served yet: no window runs
    WINDOW_CLOSED = "request.window_closed"  # 复检 / 异议 after its window
    MICRO_NO_RETEST = "retest.microbiological"  # no 复检 for a microbiological failure
    SAME_LAB = "retest.same_lab"  # 复检 must be at another lab
    RETEST_FINAL = "retest.final"  # the re-test lab's result is final: no second 复检
    REQUEST_PENDING = "request.pending"  # one 复检 or 异议 at a time
    REQUEST_NONE = "request.none"  # no pending request of that kind
    DUTY_UNKNOWN = "duty.unknown"
    DUTY_DONE = "duty.done"
    DUTY_OPEN = "duty.open"  # closing with an enterprise duty still open
    NOTE_REQUIRED = "note.required"
    RECALL_OTHER_ENTERPRISE = "recall.other_enterprise"  # a batch of another enterprise
    RECALL_EXISTS = "recall.exists"
    RECALL_NOT_NEEDED = "recall.not_needed"  # nothing reached the market
    LAB_REQUIRED = "lab.required"
