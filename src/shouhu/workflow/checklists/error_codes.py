"""Checklists' refusal codes: stable strings a client branches on (`details.reason`, `details.fields[].code`)."""

from __future__ import annotations

from enum import StrEnum


class ChecklistError(StrEnum):
    SOURCE_UNKNOWN = "template.source_unknown"  # no template source registered under that name
    SOURCE_FAILED = "template.source_failed"  # the source refused its params (unknown category …)
    TEMPLATE_EMPTY = "template.empty"  # a checklist needs at least one item
    ITEM_INVALID = "template.item_invalid"  # an item's scheme, points or limits do not fit
    ITEM_DUPLICATE = "template.item_duplicate"  # two items with one id
    VERDICT_RULE_UNKNOWN = "template.verdict_rule_unknown"
    ROLE_UNKNOWN = "role.unknown"  # no role registered under that name
    ITEM_NOT_IN_RUN = "run.item_not_in_run"  # a result for an item the run's template does not have
    RESULT_INVALID = "run.result_invalid"  # not a result of the item's scheme
    MEASURED_REQUIRED = "run.measured_required"  # a measured item needs its value
    MEASURED_MISMATCH = "run.measured_mismatch"  # the typed result contradicts the value
    ALREADY_SCORED = "run.already_scored"  # this scorer has scored this item (a correction is a new run)
    NOT_IN_ROLE = "role.not_held"  # the person does not hold the role for this subject
    UNDER_SCORED = "run.under_scored"  # items with fewer scorers than the template needs
    VERDICT_FAILED = "run.verdict_failed"  # the verdict rule cannot decide (a parameter missing)
    EVIDENCE_OTHER_OWNER = "evidence.other_owner"  # evidence of another enterprise
    CLIENT_ID_TAKEN = "client_id.taken"
    WITNESS_REQUIRED = "signature.witness_required"  # a refusal to sign needs a witness
    NOTE_REQUIRED = "signature.note_required"
    IMAGE_INVALID = "signature.image_invalid"  # a drawn signature that is not a PNG image
