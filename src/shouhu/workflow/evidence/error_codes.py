"""Evidence's refusal codes (`details.reason`, `details.fields[].code`); the file codes are licensing's own."""

from __future__ import annotations

from enum import StrEnum


class EvidenceError(StrEnum):
    EMPTY = "file.empty"  # no bytes
    TOO_LARGE = "file.too_large"  # over SHOUHU_MAX_UPLOAD_BYTES
    TYPE = "file.type"  # the first bytes are not an accepted type (the name is never trusted)
    IMAGE_BROKEN = "file.image_broken"  # says it is an image, Pillow cannot decode it
    CLIENT_ID_TAKEN = "client_id.taken"  # a replay id stored by another tenant
    OWNER_REQUIRED = "owner.required"  # a regulator's file names the enterprise it is about
