"""Contract oversight writes, one module per duty (agreement, qualification, audits, runs, labels, reports)."""

from .agreements import agreement_create, agreement_end
from .audits import audit_close, audit_open, finding_answer, finding_decide, finding_rectify
from .labels import label_review, parties
from .qualification import licence_gaps, qualification_decide, qualification_start
from .reports import report_file
from .runs import batches_to_declare, releases_sync, run_decide, run_record

__all__ = [
    "agreement_create",
    "agreement_end",
    "audit_close",
    "audit_open",
    "batches_to_declare",
    "finding_answer",
    "finding_decide",
    "finding_rectify",
    "label_review",
    "licence_gaps",
    "parties",
    "qualification_decide",
    "qualification_start",
    "releases_sync",
    "report_file",
    "run_decide",
    "run_record",
]
