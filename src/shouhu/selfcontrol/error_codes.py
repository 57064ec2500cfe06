"""Self-control's refusal codes: stable strings a client branches on (`details.reason`)."""

from __future__ import annotations

from enum import StrEnum


class SelfcontrolError(StrEnum):
    NO_PROFILES = "risklist.no_profiles"  # no licensed category or product to generate from
    LIST_EXISTS = "risklist.exists"  # the first list is generated once; later changes are revisions
    NO_LIST = "risklist.missing"  # a daily check needs the list in force
    POINT_UNKNOWN = "risklist.point_unknown"  # edit/retire/check of a point the list does not hold
    POINT_DUPLICATE = "risklist.point_duplicate"  # an added point with an id already used
    POINT_INVALID = "risklist.point_invalid"  # a point without title, measures, frequency or role
    NOTHING_CHANGED = "risklist.nothing_changed"  # a revision that changes nothing
    REASON_REQUIRED = "reason.required"
    DAY_FUTURE = "daily.day_future"  # a record for a day that has not come
    DAY_DUPLICATE = "daily.day_duplicate"  # a second record for the same day (a correction names the first)
    DAY_STOPPED = "daily.day_stopped"  # a day inside a recorded production stop
    DAY_BEFORE_LIST = "daily.day_before_list"  # a day before the list was adopted
    CORRECTS_OTHER = "daily.corrects_other"  # a correction of another day's record
    PROBLEM_INVALID = "daily.problem_invalid"  # a problem without what was seen or the measure taken
    SEVERITY_INVALID = "daily.severity_invalid"
    PERSON_BARRED = "daily.person_barred"  # the officer failed an assessment: barred until a re-test passes
    NAME_REQUIRED = "daily.name_required"  # a pushed record names the officer who checked
    PERIOD_OPEN = "report.period_open"  # a weekly report before the week ends, minutes before the month ends
    PERIOD_INVALID = "report.period_invalid"  # a week not starting on Monday, a month not on the 1st
    REPORT_DUPLICATE = "report.duplicate"
    KIND_INVALID = "report.kind_invalid"
    STOP_OVERLAP = "stop.overlap"  # a stop overlapping one already recorded
    STOP_DATES = "stop.dates"  # an end before the start, a start in the future
    STOP_RESUMED = "stop.resumed"  # resuming a stop already ended
    CLIENT_ID_TAKEN = "client_id.taken"
    BULK_TOO_LARGE = "daily.bulk_too_large"
    PLAN_MONTHS = "selfinspection.plan_months"  # a self-inspection frequency outside the choices
    SI_DUPLICATE = "selfinspection.duplicate"  # a second report for the same period
    SI_SUBMITTED = "selfinspection.submitted"  # scoring or submitting a report already submitted
    PDF_FAILED = "books.pdf_failed"  # the background PDF of the record books failed (too big, no renderer)
