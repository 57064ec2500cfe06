"""Inspection's refusal codes (`details.reason`, `details.fields[].code`)."""

from __future__ import annotations

from enum import StrEnum


class InspectionError(StrEnum):
    KIND_INVALID = "kind.invalid"  # not routine / system
    TEAM_TOO_SMALL = "team.too_small"  # fewer distinct inspectors than the rule data's minimum
    INSPECTOR_INVALID = "inspector.invalid"  # not an inspector of the enterprise's jurisdiction
    INSPECTOR_CONFLICT = "inspector.conflict"  # a recorded conflict of interest with the enterprise
    TASK_TAKEN = "task.taken"  # the planning task already has an inspection
    STATE = "state"  # the step does not fit the inspection's state
    ITEM_UNKNOWN = "item.unknown"  # a result for an item not in the checklist
    NOT_MEMBER = "not_member"  # the actor is not on the inspection's team
    PHOTO_NOT_IMAGE = "photo.not_image"
    FIX_INVALID = "fix.invalid"  # a follow-up for an item that did not fail, or an unknown kind
    FIX_NOTE_REQUIRED = "fix.note_required"  # an on-site fix needs a note of what was done
    ALREADY_SIGNED = "already_signed"
    SIGNATURES_MISSING = "signatures.missing"  # publication before every signature
    DATE_INVALID = "date.invalid"
    SIGNATURE_IMAGE_INVALID = "signature.image_invalid"  # a drawn signature that is not a PNG
    NOT_ITEM_OWNER = "not_item_owner"  # a result by a member who neither owns the item nor leads the team
    NOT_LEAD = "not_lead"  # only the team lead assigns item owners
    PERSON_INVALID = "person.invalid"  # a spot-check exam for someone not a manager of the enterprise
