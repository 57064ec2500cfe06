"""Self-control writes, one module per sub-area: the list, the daily check, reports, stops."""

from .daily import daily_record, daily_record_many
from .reports import designate, report_file, report_prefill
from .risklist import risklist_generate, risklist_revise
from .selfinspection import inspection_open, inspection_score, inspection_submit, plan_set
from .stops import stop_record, stop_resume

__all__ = [
    "daily_record",
    "daily_record_many",
    "designate",
    "inspection_open",
    "inspection_score",
    "inspection_submit",
    "plan_set",
    "report_file",
    "report_prefill",
    "risklist_generate",
    "risklist_revise",
    "stop_record",
    "stop_resume",
]
