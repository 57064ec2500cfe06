"""Contract oversight's refusal codes (`details.reason`)."""

from __future__ import annotations

from enum import StrEnum


class ContractError(StrEnum):
    NOT_CONFIRMED = "agreement.not_confirmed"  # the 受托方 has not confirmed the registry contract
    EXISTS = "agreement.exists"  # the contract already has its oversight record
    SCOPE_INVALID = "agreement.scope_invalid"  # empty scope, or a category/variety the 细则 does not know
    TERMS_REQUIRED = "agreement.terms_required"  # no quality responsibilities written down
    NOT_PRINCIPAL = "agreement.not_principal"  # only the 委托方 does this
    NOT_MANUFACTURER = "agreement.not_manufacturer"  # only the 受托方 does this
    STATE = "agreement.state"  # not allowed in the agreement's state
    QUALIFICATION_OPEN = "qualification.open"  # a review is already running
    LICENCE_GAPS = "qualification.licence_gaps"  # pass refused: the licence does not cover the scope
    DOCUMENTS_MISSING = "qualification.documents_missing"  # pass refused: a required document is missing
    AUDIT_NOT_PASSED = "qualification.audit_not_passed"  # pass refused: the on-site audit did not pass
    NOT_APPROVED = "run.not_approved"  # a batch before the qualification passed
    OUT_OF_TERM = "run.out_of_term"  # a batch produced outside the contract's term
    OUT_OF_SCOPE = "run.out_of_scope"  # a batch of a product outside the scope
    BATCH_OTHER = "run.batch_other"  # not a batch of the 受托方
    NOT_RELEASED = "run.not_released"  # the 委托方 releases only what the 受托方 released
    DECIDED = "run.decided"  # the decision is made
    NOTE_REQUIRED = "run.note_required"  # a rejection without its reason
    AUDIT_DATE = "audit.date"  # an audit in the future or outside the term
