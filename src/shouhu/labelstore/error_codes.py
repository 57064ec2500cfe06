"""Label-store refusal codes (core.errors.refuse). The checker's own input codes (`file.type`,
`input.empty` … from shouhu.labels.LabelInputError) pass through unchanged beside these."""

from __future__ import annotations

from enum import StrEnum


class LabelstoreError(StrEnum):
    ONE_INPUT = "required"  # exactly one of text, fields or image
    FILE_TYPE = "file.type"
    INPUT_EMPTY = "input.empty"
    FILE_TOO_LARGE = "file.too_large"
    NAME_TOO_LONG = "name.too_long"
    BEFORE_RULES = "as_of.before_rules"
    CHECK_NOT_FOUND = "label_check.not_found"
    SWEEP_NOT_FOUND = "label_sweep.not_found"
