"""HACCP writes, one module per sub-area (plans, readings, deviations, changes and internal standards)."""

from ._common import enterprise_of, plan_for
from .changes import change_record, standard_set
from .deviations import deviation_close, deviation_for_record, missing_sweep, out_of_limit
from .family import family_add
from .plans import (
    ccp_set,
    content_of,
    flow_check,
    hazard_add,
    hazard_decide,
    plan_create,
    step_add,
    team_add,
    version_draft,
    version_sign,
)
from .readings import MAX_ITEMS, HaccpReadingIn, readings_record
from .verification import duties as verification_duties
from .verification import verification_list, verification_record

__all__ = [
    "MAX_ITEMS",
    "HaccpReadingIn",
    "ccp_set",
    "change_record",
    "content_of",
    "deviation_close",
    "deviation_for_record",
    "enterprise_of",
    "family_add",
    "flow_check",
    "hazard_add",
    "hazard_decide",
    "missing_sweep",
    "out_of_limit",
    "plan_create",
    "plan_for",
    "readings_record",
    "standard_set",
    "step_add",
    "team_add",
    "verification_duties",
    "verification_list",
    "verification_record",
    "version_draft",
    "version_sign",
]
