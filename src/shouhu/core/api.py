"""API plumbing shared by every router: authentication (session or enterprise API key) and one error shape.

Errors are always `{code, message, details}` with a stable `code` (core.errors.ErrorCode); bad input is a
4xx, never a 500.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, SessionAuth

from .errors import ErrorCode, ServiceError

security_log = logging.getLogger("shouhu.security")


class EnterpriseKeyAuth(APIKeyHeader):
    """`X-API-Key: shk_…` — an enterprise system (接入). Unknown or revoked keys are logged and get 401."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        from shouhu.accounts.models import ApiKey, ApiKeyActor, hash_key

        if not key:
            return None
        api_key = ApiKey.objects.select_related("enterprise").filter(key_hash=hash_key(key)).first()
        if api_key is None or not api_key.is_active:
            security_log.warning(
                "api key rejected: %s prefix=%s path=%s ip=%s",
                "revoked" if api_key else "unknown",
                key[:8],
                request.path,
                request.META.get("REMOTE_ADDR"),
            )
            return None
        now = timezone.now()
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        if request.method not in {"GET", "HEAD", "OPTIONS"}:
            from shouhu.registry.services import enterprise_mark_push

            enterprise_mark_push(enterprise_id=api_key.enterprise_id, at=now)
        return ApiKeyActor(api_key)


class UserSessionAuth(SessionAuth):
    """A logged-in page user (CSRF-checked for writes, as ninja's SessionAuth does)."""


AUTH = [EnterpriseKeyAuth(), UserSessionAuth()]


def actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, details: Any = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "details": details or {}}, status=status
    )


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ServiceError)
    def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        return error_response(api, request, exc.status, str(exc.code), str(exc.message), exc.details)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields = [
            {
                "field": ".".join(str(p) for p in e.get("loc", [])[1:]) or "body",
                "code": e.get("type", "invalid"),
                "message": e.get("msg", ""),
            }
            for e in exc.errors
        ]
        return error_response(
            api, request, 422, ErrorCode.VALIDATION, "输入有误 / Invalid input", {"fields": fields}
        )

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(
            api,
            request,
            401,
            ErrorCode.UNAUTHENTICATED,
            "未登录或 API 密钥无效 / Not authenticated or invalid API key",
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, ErrorCode.NOT_FOUND, "未找到 / Not found")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {
            401: ErrorCode.UNAUTHENTICATED,
            403: ErrorCode.PERMISSION_DENIED,
            404: ErrorCode.NOT_FOUND,
            429: ErrorCode.RATE_LIMITED,
        }.get(exc.status_code, ErrorCode.VALIDATION)
        return error_response(api, request, exc.status_code, code, str(exc))
