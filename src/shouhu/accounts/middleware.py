"""Session policy (会话管理, ASVS V3.3): idle and absolute time-outs, required second factor, required
password change — and the request context that security events read.

Why here and not in Django's session settings: `SESSION_COOKIE_AGE` alone is either an idle time-out
(with `SESSION_SAVE_EVERY_REQUEST`, a session write on every request) or an absolute one, never both.
This middleware keeps two stamps in the session — when the user logged in, when they were last seen
(rewritten at most once a minute) — and ends the session when either limit passes.

Every 403 answer (page or API, CSRF failures included) is recorded as a permission denial here, so no
service or view needs to remember to.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from . import security, twofactor
from .login import AUTH_AT, MUST_CHANGE, SEEN

SEEN_RESOLUTION = 60  # seconds: how stale the last-seen stamp may get before it is rewritten


class SecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = security.current_request.set(request)
        try:
            response = self._policy(request) or self.get_response(request)
            if response.status_code == 403:
                self._record_denial(request, response)
            return response
        finally:
            security.current_request.reset(token)

    # ---- session and account policy --------------------------------------------------------------

    def _policy(self, request: HttpRequest) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        session, now = request.session, int(time.time())
        auth_at = session.setdefault(AUTH_AT, now)
        seen = session.get(SEEN, now)
        idle = now - seen > settings.SHOUHU_SESSION_IDLE_SECONDS
        if idle or now - auth_at > settings.SHOUHU_SESSION_ABSOLUTE_SECONDS:
            return self._expire(request, "idle" if idle else "absolute")
        if now - seen >= SEEN_RESOLUTION or SEEN not in session:
            session[SEEN] = now
        if _exempt(request.path):
            return None
        if session.get(MUST_CHANGE) == "expired":
            return _send(request, "password-change", _("请先修改密码：密码已到更换期限。"))
        if session.get(MUST_CHANGE):
            return _send(request, "password-change", _("请先修改密码：当前密码不符合密码策略。"))
        if twofactor.required_for(user) and not user.is_verified():
            return _send(request, "twofactor", _("您的角色必须使用双因素认证，请先完成设置。"))
        return None

    def _expire(self, request: HttpRequest, why: str) -> HttpResponse:
        security.record(security.SecurityKind.SESSION_EXPIRED, request=request, reason=why)
        request._shouhu_expired = True  # type: ignore[attr-defined]  # not also a "logout" event
        auth.logout(request)
        message = _("会话已超时，请重新登录。")
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"code": "unauthenticated", "message": message, "details": {"reason": why}}, status=401
            )
        messages.info(request, message)
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = f"{reverse('login')}?next={request.htmx.current_url_abs_path or '/'}"
            return response
        return redirect_to_login(_back_to(request))

    # ---- permission denials -----------------------------------------------------------------------

    def _record_denial(self, request: HttpRequest, response: HttpResponse) -> None:
        detail = {"method": request.method}
        if response.get("Content-Type", "").startswith("application/json"):
            try:
                body = json.loads(response.content)
                detail["code"] = body.get("code", "")
                detail["action"] = (body.get("details") or {}).get("action", "")
            except (ValueError, AttributeError):
                pass
        security.record(security.SecurityKind.PERMISSION_DENIED, request=request, **detail)


def _back_to(request: HttpRequest) -> str:
    """Where to return after logging in again: this page, or for a refused POST the page the form was on
    (its draft is in the browser, accounts/static/accounts/drafts.js), never another site."""
    if request.method == "GET":
        return request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"


EXEMPT = ("/login/", "/logout/", "/account/", "/i18n/", "/static/", "/favicon")


def _exempt(path: str) -> bool:
    return path.startswith(EXEMPT)


def _send(request: HttpRequest, url_name: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "permission_denied", "message": message, "details": {}}, status=403)
    messages.warning(request, message)
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse(url_name)
        return response
    return redirect(url_name)
