"""Error types with stable codes, shared by services, the API and the pages.

Every refusal the platform gives carries a code a client can rely on, a message in the active language and
details (for validation: one entry per field, naming the field in Chinese and English).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    VALIDATION = "validation_error"  # input fails a field or cross-object rule
    NOT_FOUND = "not_found"  # absent, or outside the caller's tenancy (never distinguished)
    PERMISSION_DENIED = "permission_denied"  # visible, but the role may not do this
    UNAUTHENTICATED = "unauthenticated"  # no session and no valid API key
    DELETION_REFUSED = "deletion_refused"  # regulated records are never deleted (细则第七十条)
    CONFLICT = "conflict"  # state does not allow the action (e.g. revoked key, duplicate)
    RATE_LIMITED = "rate_limited"
    PAYLOAD_TOO_LARGE = "payload_too_large"  # a request body over DATA_UPLOAD_MAX_MEMORY_SIZE
    CALENDAR_NOT_LOADED = (
        "calendar_not_loaded"  # a deadline falls in a year whose holidays are not loaded yet
    )


class ServiceError(Exception):
    """A refusal with a stable code; the API maps it to `{code, message, details}`."""

    code: ErrorCode = ErrorCode.CONFLICT
    status: int = 409

    def __init__(self, message: str, *, details: Any = None, code: ErrorCode | None = None):
        super().__init__(message)
        self.message = message
        self.details = details if details is not None else {}
        if code is not None:
            self.code = code

    def as_dict(self) -> dict[str, Any]:
        return {"code": str(self.code), "message": str(self.message), "details": self.details}


class ValidationFailed(ServiceError):
    code = ErrorCode.VALIDATION
    status = 422


class NotFound(ServiceError):
    code = ErrorCode.NOT_FOUND
    status = 404


class PermissionDenied(ServiceError):
    code = ErrorCode.PERMISSION_DENIED
    status = 403


class DeletionRefused(ServiceError):
    code = ErrorCode.DELETION_REFUSED
    status = 409
