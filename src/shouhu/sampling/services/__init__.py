"""Sampling writes: plans and tasks (`plans`), sample forms and custody (`samples`), lab results (`results`)."""

from .plans import plan_create, task_no_production
from .results import ResultRow, results_record, sample_publish
from .samples import sample_create, sample_receive

__all__ = [
    "ResultRow",
    "plan_create",
    "results_record",
    "sample_create",
    "sample_publish",
    "sample_receive",
    "task_no_production",
]
