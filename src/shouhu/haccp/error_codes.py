"""HACCP's refusal codes (`details.reason`)."""

from __future__ import annotations

from enum import StrEnum


class HaccpError(StrEnum):
    PLAN_EXISTS = "plan.exists"  # a second plan for the same product
    NOT_DRAFT = "version.not_draft"  # editing a signed version (a change is a new version)
    NOT_LEADER = "version.not_leader"  # signing by someone who is not the plan's HACCP team leader
    INCOMPLETE = "version.incomplete"  # signing with undecided hazards or a CCP without limits/monitoring
    STEP_UNKNOWN = "step.unknown"  # a hazard or CCP at a step the flow does not have
    CCP_NOT_DECIDED = "ccp.not_decided"  # a CCP for a hazard the decision tree did not make a CCP
    LIMIT_LOOSER = "limit.looser"  # an own limit that admits what the rule does not
    LIMIT_INVALID = "limit.invalid"  # neither bound, or min above max
    DOCUMENT_REQUIRED = "limit.document_required"  # an internal standard without the document setting it
    CCP_UNKNOWN = "reading.ccp_unknown"  # a reading for a CCP the plan in force does not have
    UNIT_UNKNOWN = "reading.unit_unknown"  # a unit other than the CCP's
    LIMIT_EDITED = "reading.limit_edited"  # a reading carrying a limit other than the plan's
    BATCH_UNKNOWN = "reading.batch_unknown"  # a batch number the enterprise does not have
    FUTURE = "reading.future"  # a reading taken in the future
    TOO_MANY = "reading.too_many"  # over the bulk limit of one push
    FIELD_INVALID = "reading.field_invalid"  # an item's field of the wrong type or out of its bounds
    ITEMS_INVALID = "reading.items_invalid"  # some items of a bulk push are wrong: nothing written
    NO_PLAN = "plan.none_in_force"  # readings or a review for a product without a plan in force
    DEVIATION_CLOSED = "deviation.closed"  # closing a deviation twice
    DISPOSITION_REQUIRED = (
        "deviation.disposition_required"  # closing without corrective action or disposition
    )
    REVIEW_PENDING = "plan.review_pending"  # a batch started after a change before the plan was reviewed
    FAMILY_MISMATCH = "plan.family_mismatch"  # a product whose flow or rule hazards differ from the plan's
    NOT_TEAM = "verification.not_team"  # a verification signed by someone outside the plan's HACCP team
    VERIFICATION_INVALID = "verification.invalid"  # no duty open, no evidence, no summary, or no action
    OTHER = "enterprise.other"  # acting for another enterprise, or without one
