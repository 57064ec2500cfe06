"""核查处置 writes: the case and the producer's duties (`cases`), 复检 and 异议 (`requests`)."""

from .cases import case_close, case_extend, case_open, case_recall, case_serve, duty_complete
from .opening import cases_open_many
from .requests import request_decide, request_file

__all__ = [
    "case_close",
    "case_extend",
    "case_open",
    "case_recall",
    "case_serve",
    "cases_open_many",
    "duty_complete",
    "request_decide",
    "request_file",
]
