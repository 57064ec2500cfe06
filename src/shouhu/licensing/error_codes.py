"""Licensing refusal codes (the Saleor `error_codes.py` pattern): one stable string per reason.

A client branches on `details.reason` (and, for a field, `details.fields[].code`), never on the message.
The field codes (`required`, `unknown` …) and the upload and verdict codes are the strings the API has
always given; the state and decision codes name what blocked the action. A state the transition table
(`models.APPLICATION_FLOW`) does not allow is the generic `conflict`.
"""

from __future__ import annotations

from enum import StrEnum


class LicensingError(StrEnum):
    # Field input
    REQUIRED = "required"  # a field the action needs is empty
    INVALID = "invalid"  # a value outside what the field accepts
    UNKNOWN = "unknown"  # names something that does not exist here (item, rule, field, product)
    DUPLICATE = "duplicate"  # the variety is already in the application
    PROFILE = "profile"  # the product profile does not fit 细则表1 or the vocabulary
    MISSING = "missing"  # a document-review item that was not submitted cannot be marked complete
    TOO_FEW = "too_few"  # fewer inspectors than the rules require
    DATE_FUTURE = "date.future"  # a report dated after today
    # Uploads (the type is decided by content)
    FILE_EMPTY = "file.empty"
    FILE_TOO_LARGE = "file.too_large"
    FILE_TYPE = "file.type"
    # Document review
    REVIEW_NOT_OPEN = "review.not_open"  # no open round of document review
    REVIEW_INCOMPLETE = "review.incomplete"  # items not marked complete: cannot accept
    # On-site verification
    VERIFICATION_CONCLUDED = "verification.concluded"  # the record is closed: nothing changes it
    NOT_ON_TEAM = "verification.not_on_team"  # an inspector not assigned to this verification
    ITEM_NOT_FOUND = "item.not_found"
    ITEM_NOT_APPLICABLE = "item.not_applicable"  # an item marked not applicable takes no score
    ITEM_SCORED = "item.scored"  # each inspector scores an item once; a scored item stays applicable
    INSPECTOR_SIGNED = "verification.signed"
    APPLICANT_RECORDED = "verification.applicant_recorded"  # signature or refusal already on record
    INSPECTORS_UNSIGNED = "verification.inspectors_unsigned"
    APPLICANT_UNSIGNED = "verification.applicant_unsigned"
    UNSCORED_ITEMS = "unscored_items"  # verdict.VerdictError: items lack the minimum number of scores
    UNKNOWN_RESULT = "unknown_result"  # verdict.VerdictError: a score outside 符合/基本符合/不符合
    # Decision
    VERIFICATION_FAILED = "decision.verification_failed"  # no licence after a failed verification
    NO_PASSING_VERIFICATION = "decision.no_passing_verification"
    TRIAL_INCOMPLETE = "decision.trial_incomplete"  # 第七十三条: the trial report must cover every item
    ALREADY_EXTENDED = "decision.already_extended"  # the decision deadline is extended at most once
    SC_SEQUENCE_EXHAUSTED = "sc_number.exhausted"  # a county has used every serial of its SC numbers
    # Continuing compliance
    RECTIFICATION_CLOSED = "rectification.closed"
    RECTIFICATION_NOT_SUBMITTED = "rectification.not_submitted"
    CLOSE_NOT_ALLOWED = "rectification.close_not_allowed"  # only inspectors and assigners accept evidence
    # 2026 plan item 2: a renewal or change waits for an open 核查处置 (core.hooks.licence_blockers)
    DISPOSAL_OPEN = "decision.disposal_open"
