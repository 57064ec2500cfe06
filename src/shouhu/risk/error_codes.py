"""Risk refusal codes (core.errors.refuse)."""

from __future__ import annotations

from enum import StrEnum


class RiskError(StrEnum):
    SCHEME_UNKNOWN = "scheme.unknown"
    DIVISION_INVALID = "division.invalid"
    BANDS_INVALID = "bands.invalid"
    REASON_REQUIRED = "reason.required"
    LEVEL_INVALID = "level.invalid"
    NOT_GRADED = "grade.missing"
    SEED_REUSED = "seed.reused"
    SEED_REQUIRED = "seed.required"
    YEAR_INVALID = "year.invalid"
    TOO_FEW_INSPECTORS = "team.too_few"
    CONFLICT = "team.conflict"
    INSPECTOR_INVALID = "team.inspector_invalid"
    PLAN_ISSUED = "plan.issued"
    CONFLICT_EXISTS = "conflict.exists"
    NO_MODEL = (
        "plan.no_model"  # model ordering asked for where no promoted targeting model ranks the division
    )
    ORDERING_INVALID = "plan.ordering_invalid"
