"""Clean-room monitoring's refusal codes (`details.reason`)."""

from __future__ import annotations

from enum import StrEnum


class CleanroomError(StrEnum):
    PARAMETER_UNKNOWN = "reading.parameter_unknown"  # not a 表9 parameter of the zone's plan
    UNIT_UNKNOWN = "reading.unit_unknown"  # a unit other than the one 表9 measures the parameter in
    INPUTS_REQUIRED = "reading.inputs_required"  # an air-change reading without S, V and A
    FUTURE = "reading.future"  # a reading taken in the future
    TOO_MANY = "reading.too_many"  # over the bulk limit of one push
    FIELD_INVALID = "reading.field_invalid"  # an item's field of the wrong type or out of its bounds
    ITEMS_INVALID = "reading.items_invalid"  # some items of a bulk push are wrong: nothing written
    ZONE_NO_PLAN = "zone.no_plan"  # readings for a zone with no 表9 plan (not a clean zone)
    ZONE_EXISTS = "zone.exists"  # a second zone with the same code
    LIMIT_LOOSER = "plan.limit_looser"  # an own limit that admits what 表9 does not
    REPORT_INVALID = "report.invalid"  # a report without its document, or ending before it starts
    BATCH_OTHER = "batch_zone.other"  # a batch or zone of another enterprise
