"""Enforcement writes: the case's lifecycle (`cases`), publication (`publish`), the credit file (`credit`)."""

from .cases import (
    case_annul,
    case_clock,
    case_close,
    case_decide,
    case_evidence_add,
    case_execute,
    case_extend,
    case_file,
    case_notice,
    case_refer,
    case_refuse,
    case_register,
    case_review,
)
from .credit import list_remove, redact, repair_apply, repair_decide, typical_publish
from .publish import case_publish, case_withdraw

__all__ = [
    "case_annul",
    "case_clock",
    "case_close",
    "case_decide",
    "case_evidence_add",
    "case_execute",
    "case_extend",
    "case_file",
    "case_notice",
    "case_publish",
    "case_refer",
    "case_refuse",
    "case_register",
    "case_review",
    "case_withdraw",
    "list_remove",
    "redact",
    "repair_apply",
    "repair_decide",
    "typical_publish",
]
