"""Accounts refusal codes (core.errors.refuse): stable strings for clients (`details.reason`,
`details.fields[].code`)."""

from __future__ import annotations

from enum import StrEnum


class AccountsError(StrEnum):
    REQUIRED = "required"  # the enterprise of a new key, the reason for revoking one
    KEY_ALREADY_REVOKED = "apikey.already_revoked"
    USER_UNKNOWN = "user.unknown"  # a second-factor reset names no existing account
