"""Licensing writes (许可审查): `<entity>_<action>(*, actor, ...)`, validated, atomic, audited.

One module per stage of the procedure — `applications` (the applicant), `review` (书面审查),
`verification` and `scoring` (现场核查), `decisions` (许可决定), `compliance` (持续合规). Every
transition of an application locks its row, asks the transition table beside the status enum
(`models.APPLICATION_FLOW`) and writes the ledger in the same transaction, so a refused request changes
nothing. Numbers (deadlines, scores, the pass rate, validity) come from the rules engine; the reads the
services share with the pages live in `selectors`.

Callers use `from shouhu.licensing import services; services.application_submit(...)`.
"""

from .applications import (
    APPLICATION_FIELDS,
    application_create,
    application_submit,
    application_update,
    document_upload,
    equipment_add,
    product_add,
    staff_add,
    trial_report_add,
    zone_add,
)
from .compliance import (
    conditions_record,
    rectification_close,
    rectification_submit,
    reverification_start,
)
from .decisions import application_approve, application_reject, decision_extend
from .review import review_accept, review_mark, review_mark_all, review_return, review_start
from .scoring import item_not_applicable, item_score, items_score
from .verification import (
    verification_applicant_sign,
    verification_assign,
    verification_conclude,
    verification_sign,
)

__all__ = [
    "APPLICATION_FIELDS",
    "application_approve",
    "application_create",
    "application_reject",
    "application_submit",
    "application_update",
    "conditions_record",
    "decision_extend",
    "document_upload",
    "equipment_add",
    "item_not_applicable",
    "item_score",
    "items_score",
    "product_add",
    "rectification_close",
    "rectification_submit",
    "reverification_start",
    "review_accept",
    "review_mark",
    "review_mark_all",
    "review_return",
    "review_start",
    "staff_add",
    "trial_report_add",
    "verification_applicant_sign",
    "verification_assign",
    "verification_conclude",
    "verification_sign",
    "zone_add",
]
