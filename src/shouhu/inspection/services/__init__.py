"""Inspection writes, one module per step: arranging (`arrange`), on site (`onsite`), signing and publishing
(`close`). Every write goes through `core.services` or the workflow kernel's services, in one transaction."""

from .arrange import inspection_create
from .close import inspection_publish, inspection_refusal, inspection_sign, signature_state
from .onsite import inspection_conclude, result_record

__all__ = [
    "inspection_conclude",
    "inspection_create",
    "inspection_publish",
    "inspection_refusal",
    "inspection_sign",
    "result_record",
    "signature_state",
]
