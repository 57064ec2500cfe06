"""Error types with stable codes, shared by services, the API and the pages.

Every refusal the platform gives carries a code a client can rely on, a message in the active language and
details (for validation: one entry per field, naming the field in Chinese and English).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from .i18n import both, is_english, render


class ErrorCode(StrEnum):
    VALIDATION = "validation_error"  # input fails a field or cross-object rule
    NOT_FOUND = "not_found"  # absent, or outside the caller's tenancy (never distinguished)
    PERMISSION_DENIED = "permission_denied"  # visible, but the role may not do this
    UNAUTHENTICATED = "unauthenticated"  # no session and no valid API key
    DELETION_REFUSED = "deletion_refused"  # regulated records are never deleted (细则第七十条)
    CONFLICT = "conflict"  # state does not allow the action (e.g. revoked key, duplicate)
    RATE_LIMITED = "rate_limited"
    PAYLOAD_TOO_LARGE = "payload_too_large"  # a request body over DATA_UPLOAD_MAX_MEMORY_SIZE
    EXPORT_TOO_LARGE = "export.too_large"  # a spreadsheet/report export over core.exports.max_rows()
    CALENDAR_NOT_LOADED = (
        "calendar_not_loaded"  # a deadline falls in a year whose holidays are not loaded yet
    )


class ServiceError(Exception):
    """A refusal with a stable code; the API maps it to `{code, message, message_zh, message_en, details}`.

    `message` is a Chinese msgid (lazy or rendered); it is shown in the language active when the answer is
    rendered, and kept in both languages for the API's `message_zh` / `message_en`.
    """

    code: StrEnum = ErrorCode.CONFLICT
    status: int = 409

    def __init__(
        self,
        message: str | Promise,
        *,
        details: Any = None,
        code: StrEnum | str | None = None,
        params: Mapping[str, Any] | None = None,
    ):
        self.message_zh, self.message_en = both(message, params)
        self._message, self._params = message, params
        super().__init__(self.message_zh)
        self.details = details if details is not None else {}
        if code is not None:
            self.code = code  # type: ignore[assignment]

    @property
    def message(self) -> str:
        """The message in the active language."""
        return render(self._message, self._params)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": str(self.code),
            "message": self.message,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "details": self.details,
        }


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


class Conflict(ServiceError):
    code = ErrorCode.CONFLICT
    status = 409


def refuse(
    code: StrEnum | str,
    message: str | Promise,
    *,
    params: Mapping[str, Any] | None = None,
    field: str = "",
    label: str | Promise = "",
    error: type[ServiceError] = ValidationFailed,
    rule: str = "",
    cite: str = "",
    **details: Any,
) -> ServiceError:
    """The one way to refuse: `raise refuse(ProductionError.STOCK_INSUFFICIENT, _("库存不足"), field="quantity")`.

        `code` is a member of the app's `error_codes.py` enum (stable, for clients: `details.reason`); `message` a Chinese msgid
        through gettext, with `%(name)s` params. With `field` the refusal names the field (one entry of
        `details.fields`, the shape of every validation error) and `label` (a msgid) names it in both languages
    for pages and clients; `rule`/`cite` name the rule it comes from. The
        error class decides the status: ValidationFailed 422 (default), Conflict 409, NotFound 404,
        PermissionDenied 403.
    """
    zh, en = both(message, params)
    if cite:
        zh, en = f"{zh}（{cite}）", f"{en} ({cite})"
    body: dict[str, Any] = {}
    if rule or cite:
        body.update(rule=rule, cite=cite)
    if field or error is ValidationFailed:
        entry = {"field": field or "__all__", "code": str(code), "message": render(message, params)}
        entry.update(message_zh=zh, message_en=en)
        if label:
            entry["label_zh"], entry["label_en"] = both(label)
        body["fields"] = [entry]
    body.update(details)
    exc = error(message, details=body, params=params)
    exc.message_zh, exc.message_en = zh, en
    # The top-level code stays the class's (validation_error, conflict …: what clients branch on); the
    # app's precise code is `details.reason` and, for a field, `details.fields[].code`.
    exc.details.setdefault("reason", str(code))
    return exc


INVALID_INPUT = _("输入有误：%(summary)s")


def _summary(fields: list[dict[str, Any]]) -> str:
    lang, colon, sep = ("en", ": ", "; ") if is_english() else ("zh", "：", "；")
    return sep.join(
        f"{f.get(f'label_{lang}') or f['field']}{colon}{f.get(f'message_{lang}')}" for f in fields
    )


# The one-line summary of field errors (`INVALID_INPUT`'s param), rendered when the message is: so the
# Chinese and the English message each name the fields in their own language.
field_summary = lazy(_summary, str)
