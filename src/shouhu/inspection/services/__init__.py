"""Inspection writes, one module per step: arranging (`arrange`), on site (`onsite`), signing and publishing
(`close`). Every write goes through `core.services` or the workflow kernel's services, in one transaction."""

from .arrange import inspection_create
from .close import inspection_publish, inspection_refusal, inspection_sign, signature_state
from .exam import exam_start
from .onsite import inspection_conclude, result_record
from .team import owners_assign

__all__ = [
    "exam_start",
    "inspection_conclude",
    "inspection_create",
    "inspection_publish",
    "inspection_refusal",
    "inspection_sign",
    "owners_assign",
    "result_record",
    "signature_state",
]
