"""Checklist writes, one module per sub-area: templates, runs (scoring, verdict), signatures."""

from .runs import result_record, results_record_many, run_conclude, run_open, scored_items
from .signatures import signature_refuse, signature_sign
from .templates import template_from_list, template_from_source

__all__ = [
    "result_record",
    "results_record_many",
    "run_conclude",
    "run_open",
    "scored_items",
    "signature_refuse",
    "signature_sign",
    "template_from_list",
    "template_from_source",
]
