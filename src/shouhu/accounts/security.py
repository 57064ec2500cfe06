"""Security events (安全审计, 等保 2.0 L3 / ASVS V7): one writer, `record()`, to a table and to the log.

What is recorded: successful and failed logins, second-factor failures, logouts, session expiries,
lockouts and unlocks, permission denials (every 403 answer, page or API), API-key creation and
revocation, unknown or revoked keys presented (at most once a minute per client and key), password
changes, second-factor changes, and the nightly pruning past the retention. The table is
`SecurityEvent`, not the ledger: see its docstring. The log line goes to the `shouhu.security` logger, so a deployment can ship it to its
log collector as well.

Many events come from places that do not hold the request (Django's auth signals for a password
change, django-axes' lockout signal); `accounts.middleware.SecurityMiddleware` keeps the current request in a context
variable so that every event still names the client address and path.
"""

from __future__ import annotations

import contextvars
import logging
from enum import StrEnum
from typing import Any

from django.contrib.auth import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

log = logging.getLogger("shouhu.security")

current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "shouhu_security_request", default=None
)


class SecurityKind(StrEnum):
    """Event kinds; a label each (for the page and the export). Values are stable: filters rely on them."""

    label: Any

    def __new__(cls, value: str, label: Any = "") -> SecurityKind:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    LOGIN = "login.success", _("登录成功")
    LOGIN_FAILED = "login.failed", _("登录失败")
    OTP_FAILED = "login.otp_failed", _("动态口令错误")
    LOGOUT = "logout", _("退出登录")
    SESSION_EXPIRED = "session.expired", _("会话超时")
    LOCKOUT = "lockout", _("账号或来源被锁定")
    UNLOCK = "lockout.unlock", _("解除锁定")
    PERMISSION_DENIED = "permission.denied", _("越权访问被拒绝")
    APIKEY_CREATE = "apikey.create", _("创建接入密钥")
    APIKEY_REVOKE = "apikey.revoke", _("撤销接入密钥")
    APIKEY_REJECTED = "apikey.rejected", _("接入密钥被拒绝")  # unknown or revoked key (accounts.auth)
    PASSWORD_CHANGE = "password.change", _("修改密码")
    OTP_ENABLE = "otp.enable", _("启用双因素认证")
    OTP_DISABLE = "otp.disable", _("停用双因素认证")
    RECOVERY_CODES = "otp.recovery_codes", _("重新生成恢复码")
    RECOVERY_USED = "otp.recovery_used", _("使用恢复码登录")
    EVENTS_PRUNED = "events.pruned", _("清理过期安全事件")


def request_client_ip(request: HttpRequest) -> str | None:
    """The client address (AXES_CLIENT_IP_CALLABLE): the trusted-proxy rule of `core.ratelimit`."""
    from shouhu.core.ratelimit import proxied_address

    return proxied_address(request)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client address as django-axes sees it (so events and lockouts agree behind a proxy)."""
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or request_client_ip(request)


def record(
    kind: SecurityKind,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str = "",
    **detail: Any,
):
    """Write one event (table and log). Never raises into the caller: auditing must not break a login."""
    from .models import SecurityEvent, User

    request = request or current_request.get()
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if getattr(candidate, "is_authenticated", False) and isinstance(candidate, User):
            user = candidate
    if user is not None and not isinstance(user, User):
        user = None  # e.g. an API-key actor: name it in the detail instead
    username = username or (user.username if user is not None else "")
    event = SecurityEvent(
        kind=str(kind),
        user=user,
        username=username[:150],
        ip=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:300],
        path=(request.path if request else "")[:300],
        detail={k: (v if isinstance(v, int | float | bool | None) else str(v)) for k, v in detail.items()},
    )
    try:
        event.save(force_insert=True)
    except Exception:  # the log line below still carries the event
        log.exception("security event not stored: %s", kind)
    log.info(
        "security %s user=%s ip=%s path=%s %s",
        kind,
        username or "-",
        event.ip or "-",
        event.path or "-",
        " ".join(f"{k}={v}" for k, v in event.detail.items()),
    )
    return event


# ---- Django and django-axes signals ------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="shouhu.security.login")
def _logged_in(sender, request, user, **kwargs):
    # The login views say which second factor, if any, this login passed (totp, recovery code).
    record(
        SecurityKind.LOGIN, request=request, user=user, second_factor=getattr(request, "_shouhu_factor", "")
    )


@receiver(user_login_failed, dispatch_uid="shouhu.security.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    if request is not None and getattr(request, "axes_locked_out", False):
        return  # the lockout itself is one event; attempts during it are counted by axes
    if request is not None and getattr(request, "_shouhu_otp_failed", False):
        return  # the login view recorded it as a wrong second-factor code
    record(SecurityKind.LOGIN_FAILED, request=request, username=str(credentials.get("username", "")))


@receiver(user_logged_out, dispatch_uid="shouhu.security.logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None and not getattr(request, "_shouhu_expired", False):
        record(SecurityKind.LOGOUT, request=request, user=user)


def _locked_out(sender, request, username, ip_address, **kwargs):
    record(SecurityKind.LOCKOUT, request=request, username=username or "", ip_address=ip_address)


def connect_axes() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="shouhu.security.lockout")
