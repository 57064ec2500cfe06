"""Signing in (登录): password, then — for whoever has enrolled one — a TOTP code or a recovery code.

Why a two-step view rather than a token field on the login form: the password step is where
django-axes counts failures per account and per client; the second step never reveals whether the
password was right to someone who cannot pass it, because the session only holds a *pending* login
(user id, backend, time) until the code is accepted. A wrong code counts as a failed login for axes too.

After a login the session is stamped (`AUTH_AT`, `SEEN`) for the idle and absolute time-outs that
`accounts.middleware` enforces, and, where the password no longer meets the policy (say the demo
password under production settings), the user must change it before anything else.
"""

from __future__ import annotations

import time

import django_otp
from django import forms
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.password_validation import get_default_password_validators, validate_password
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import security, twofactor
from .forms import LoginForm
from .models import User
from .passwords import PasswordHistoryValidator, password_expired

PENDING = "_shouhu_pending_login"
AUTH_AT = "_shouhu_auth_at"
SEEN = "_shouhu_seen"
MUST_CHANGE = "_shouhu_must_change_password"
PENDING_TTL = 300  # seconds to enter the code after the password
MAX_CODE_TRIES = 5


def complete_login(request: HttpRequest, user: User, backend: str, *, factor: str = "", device=None) -> None:
    """Log in and bind the verified device to the session."""
    request._shouhu_factor = factor  # type: ignore[attr-defined]  # read by the login event
    auth.login(request, user, backend=backend)
    if device is not None:
        django_otp.login(request, device)


@receiver(user_logged_in, dispatch_uid="shouhu.login.stamp")
def _stamp_session(sender, request, user, **kwargs):
    """Every login (this view, the admin's, a test client's) starts both session clocks."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[AUTH_AT] = now
        request.session[SEEN] = now


def password_meets_policy(password: str, user: User) -> bool:
    """Whether the password just typed still meets the policy (history aside: it *is* the current one)."""
    validators = [v for v in get_default_password_validators() if not isinstance(v, PasswordHistoryValidator)]
    try:
        validate_password(password, user, password_validators=validators)
    except ValidationError:
        return False
    return True


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        password = form.cleaned_data.get("password") or ""
        # True: below the policy; "expired": older than SHOUHU_PASSWORD_MAX_AGE_DAYS (the page says which)
        must_change = (not password_meets_policy(password, user)) or (
            "expired" if password_expired(user) else False
        )
        if twofactor.confirmed_totp(user) is not None:
            self.request.session[PENDING] = {
                "uid": user.pk,
                "backend": user.backend,
                "at": int(time.time()),
                "tries": 0,
                "must_change": must_change,
                "next": self.get_success_url(),
            }
            return redirect("login-verify")
        complete_login(self.request, user, user.backend)
        if must_change:
            self.request.session[MUST_CHANGE] = must_change
        return redirect(self.get_success_url())


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("动态口令或恢复码"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )


def _pending_user(request: HttpRequest) -> tuple[dict, User] | None:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_TTL:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=pending["uid"], is_active=True).first()
    return (pending, user) if user is not None else None


def login_verify(request: HttpRequest) -> HttpResponse:
    """The second step: a TOTP code from the user's app, or one of their recovery codes."""
    found = _pending_user(request)
    if found is None:
        messages.info(request, _("请重新输入用户名和密码。"))
        return redirect("login")
    pending, user = found
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, factor = twofactor.verify_code(user, form.cleaned_data["code"])
        if device is not None:
            request.session.pop(PENDING, None)
            complete_login(request, user, pending["backend"], factor=factor, device=device)
            if factor == "recovery":
                security.record(security.SecurityKind.RECOVERY_USED, request=request, user=user)
                messages.warning(request, _("您使用了一个恢复码登录；每个恢复码只能使用一次。"))
            if pending.get("must_change"):
                request.session[MUST_CHANGE] = pending["must_change"]
            target = pending.get("next") or settings.LOGIN_REDIRECT_URL
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = reverse(settings.LOGIN_REDIRECT_URL)
            return redirect(target)
        pending["tries"] += 1
        security.record(security.SecurityKind.OTP_FAILED, request=request, user=user, tries=pending["tries"])
        # A wrong code is a failed login for django-axes too (the password alone must not be a free pass).
        request._shouhu_otp_failed = True  # type: ignore[attr-defined]
        auth.signals.user_login_failed.send(
            sender=__name__, credentials={"username": user.username}, request=request
        )
        if pending["tries"] >= MAX_CODE_TRIES or getattr(request, "axes_locked_out", False):
            request.session.pop(PENDING, None)
            messages.error(request, _("动态口令错误次数过多，请重新登录。"))
            return redirect("login")
        request.session[PENDING] = pending
        form.add_error("code", _("动态口令或恢复码不正确。"))
    return render(request, "accounts/login_verify.html", {"form": form, "pending_user": user})


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): a page that says when to try again."""
    from axes.helpers import get_cool_off

    from .selectors import login_retry_at

    username = (credentials or {}).get("username") or request.POST.get("username", "")
    cool_off = get_cool_off(request)
    context = {
        "retry_at": login_retry_at(username=username, ip=security.client_ip(request)),
        "cool_off_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "accounts/lockout.html", context, status=429)
