"""Sampling's refusal codes (`details.reason`, `details.fields[].code`)."""

from __future__ import annotations

from enum import StrEnum


class SamplingError(StrEnum):
    QUARTER_INVALID = "quarter.invalid"  # not 1–4, or a year out of range
    PLAN_EXISTS = "plan.exists"  # one plan per jurisdiction and quarter
    DIVISION_INVALID = "division.invalid"  # outside the caller's jurisdiction
    FOCUS_INVALID = "focus.invalid"  # a focus enterprise not in the plan's jurisdiction
    TASK_CLOSED = "task.closed"  # already sampled or marked
    EVIDENCE_REQUIRED = "evidence.required"  # "no production" needs evidence
    BATCH_UNKNOWN = "batch.unknown"  # no batch with that trace code
    BATCH_OTHER_ENTERPRISE = "batch.other_enterprise"  # the batch belongs to another enterprise
    QUANTITY_INVALID = "quantity.invalid"
    SIGNATURE_REQUIRED = "signature.required"
    SAMPLE_STATE = "sample.state"  # the step does not fit the sample's state
    ITEM_UNKNOWN = "item.unknown"  # an item the product does not have
    UNIT_MISMATCH = "unit.mismatch"  # the unit does not match the limit's
    VALUE_INVALID = "value.invalid"  # not a number / wrong number of units for the plan
    CONCLUSION_REQUIRED = "conclusion.required"  # no limit in rule data: the lab's conclusion is needed
    IMPORT_INVALID = "import.invalid"  # an unreadable file or a missing column
    IMPORT_TOO_LARGE = "import.too_large"
    LAB_INVALID = "lab.invalid"  # no name, a name already registered, or not this jurisdiction's lab
