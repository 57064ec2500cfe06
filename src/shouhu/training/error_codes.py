"""Training's refusal codes: stable strings a client branches on (`details.reason`)."""

from __future__ import annotations

from enum import StrEnum


class TrainingError(StrEnum):
    RULE_UNKNOWN = "question.rule_unknown"  # a question citing a rule the rule data does not hold
    QUESTION_INVALID = "question.invalid"  # too few options, an answer outside them, a true/false with 3
    QUESTION_RETIRED = "question.retired"  # editing or retiring a version already retired
    PERSON_OTHER = "exam.person_other"  # an exam for a person of another enterprise (or not found)
    ROLE_NOT_MANAGER = "exam.role_not_manager"  # only principal, director and officers are examined
    BANK_TOO_SMALL = "exam.bank_too_small"  # fewer questions for the role than the paper needs
    CODE_UNKNOWN = "exam.code_unknown"  # no open paper with this one-time code
    ALREADY_SUBMITTED = "exam.already_submitted"  # a second submission or an answer after it
    TIME_UP = "exam.time_up"  # an answer after the time limit
    QUESTION_NOT_IN_PAPER = "exam.question_not_in_paper"
    CHOICE_INVALID = "exam.choice_invalid"  # an option not shown, or several for a single choice
    NOT_FAILED = "spotcheck.not_failed"  # a re-test of a check that was not failed
    SESSION_INVALID = "session.invalid"  # no attendees, hours out of range
