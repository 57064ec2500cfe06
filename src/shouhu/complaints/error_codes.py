"""Complaints' refusal codes: stable strings a client branches on (`details.reason`, `details.fields[].code`)."""

from __future__ import annotations

from enum import StrEnum


class ComplaintError(StrEnum):
    KIND_INVALID = "complaints.kind_invalid"
    DESCRIPTION_REQUIRED = "complaints.description_required"
    CAUSE_INVALID = "complaints.cause_invalid"
    CONTACT_REQUIRED = "complaints.contact_required"  # a complaint, or a named report, says who and how
    PHONE_INVALID = "complaints.phone_invalid"
    ANONYMOUS_COMPLAINT = "complaints.anonymous_complaint"  # only a report may be anonymous
    PLACE_REQUIRED = "complaints.place_required"  # unknown enterprise: the county where it happened
    DIVISION_INVALID = "complaints.division_invalid"
    BATCH_AMBIGUOUS = "complaints.batch_ambiguous"  # a batch number several enterprises print
    TOO_MANY_PHOTOS = "complaints.too_many_photos"
    PHOTO_TOO_LARGE = "complaints.photo_too_large"
    RATE_LIMITED = "complaints.rate_limited"
    TOKEN_INVALID = "complaints.token_invalid"  # tracking number and token do not match (nothing revealed)
    ACTION_INVALID = "complaints.action_invalid"  # not an action of this kind of submission
    NOTE_REQUIRED = "complaints.note_required"
    OUTCOME_INVALID = "complaints.outcome_invalid"
    DEADLINE_PASSED = "complaints.deadline_passed"  # past its deadline without a recorded extension
    TIME_BARRED = "complaints.time_barred"  # a complaint about a matter older than the limit must be declined
    NOT_FORWARDABLE = "complaints.not_forwardable"  # no enterprise, or the complainant did not consent
    NOT_FORWARDED = "complaints.not_forwarded"
    NO_CLOCK = "complaints.no_clock"  # pause/resume/extend with no running deadline
    ANONYMOUS_NO_NOTICE = "complaints.anonymous_no_notice"  # an anonymous reporter cannot be told
    REWARD_NOT_ELIGIBLE = "complaints.reward_not_eligible"  # no case opened, or nobody to reward
    REWARD_EXISTS = "complaints.reward_exists"
    LEVEL_INVALID = "complaints.level_invalid"
    FINES_INVALID = "complaints.fines_invalid"
    PENALTY_REQUIRED = "complaints.penalty_required"
    PAYMENT_REF_REQUIRED = "complaints.payment_ref_required"
    ARTICLE_INVALID = "complaints.article_invalid"
    CHALLENGE_FAILED = "complaints.challenge_failed"  # the arithmetic question unanswered, wrong or reused
