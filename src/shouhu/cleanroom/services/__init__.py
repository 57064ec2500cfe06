"""Clean-room writes, one module per sub-area (premises, plan, readings, deviations, reports)."""

from ._common import enterprise_of, zone_for
from .deviations import missing_sweep, out_of_limit
from .plan import duties_generate, limit_set, plan_create
from .readings import MAX_ITEMS, ReadingItem, readings_record
from .reports import change_record, report_record
from .zones import batch_zone_record, line_create, room_create, zone_create, zones_from_application

__all__ = [
    "MAX_ITEMS",
    "ReadingItem",
    "batch_zone_record",
    "change_record",
    "duties_generate",
    "enterprise_of",
    "limit_set",
    "line_create",
    "missing_sweep",
    "out_of_limit",
    "plan_create",
    "readings_record",
    "report_record",
    "room_create",
    "zone_create",
    "zone_for",
    "zones_from_application",
]
