"""Two factors (双因素认证): TOTP (RFC 6238, via django-otp) and one-time recovery codes.

Required for platform and jurisdiction administrators when `SHOUHU_2FA_ENFORCED` is on (production
settings; off in the embedded demo so its documented accounts log in with the password alone), optional
for everyone else. An administrator without a device is sent to enrol on first login — the only way in
that needs no help from anyone, and the moment the password alone is still all they have.

Recovery codes: ten, shown once. django-otp keeps static tokens as typed; we keep a SHA-256 digest of
each instead, so a database read does not hand out working codes.
"""

from __future__ import annotations

import hashlib
import secrets

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import security

RECOVERY_CODES = 10
RECOVERY_NAME = "recovery"


def required_for(user) -> bool:
    return (
        bool(settings.SHOUHU_2FA_ENFORCED) and getattr(user, "role", "") in settings.SHOUHU_2FA_REQUIRED_ROLES
    )


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def _digest(code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normalised.encode()).hexdigest()[:16]


def verify_code(user, code: str):
    """(device, "totp" | "recovery") for a code that one of the user's devices accepts, else (None, "")."""
    code = "".join((code or "").split())
    totp = confirmed_totp(user)
    if totp is not None and code.isdigit() and len(code) == 6:
        found = django_otp.verify_token(user, totp.persistent_id, code)
        return (found, "totp") if found is not None else (None, "")
    static = StaticDevice.objects.filter(user=user, name=RECOVERY_NAME, confirmed=True).first()
    if static is not None and code:
        found = django_otp.verify_token(user, static.persistent_id, _digest(code))
        if found is not None:
            return found, "recovery"
    return None, ""


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with ten fresh ones; returns them (the only time they exist)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=_digest(c)) for c in codes])
    return codes


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, dark="#123a73")


class ConfirmForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("验证器应用显示的 6 位动态口令"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


def _show_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@login_required
def twofactor_manage(request: HttpRequest) -> HttpResponse:
    """Enrol (scan, confirm with a code), re-verify a session, or see the state of one's factors."""
    user = request.user
    device = confirmed_totp(user)
    form = ConfirmForm(request.POST or None)
    if device is not None and user.is_verified():
        static = StaticDevice.objects.filter(user=user, name=RECOVERY_NAME).first()
        context = {
            "device": device,
            "recovery_left": static.token_set.count() if static else 0,
            "required": required_for(user),
        }
        return render(request, "accounts/twofactor.html", context)
    if device is not None:  # enrolled, but this session has not passed the second factor
        if request.method == "POST" and form.is_valid():
            found, _factor = verify_code(user, form.cleaned_data["code"])
            if found is not None:
                django_otp.login(request, found)
                return redirect("home")
            security.record(security.SecurityKind.OTP_FAILED, request=request, user=user)
            form.add_error("code", _("动态口令不正确。"))
        return render(request, "accounts/twofactor_verify.html", {"form": form})
    # Enrolment: an unconfirmed device holds the secret until a code from the app confirms it.
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if pending is None:
        pending = TOTPDevice.objects.create(user=user, name="totp", confirmed=False)
    if request.method == "POST" and form.is_valid():
        if pending.verify_token(form.cleaned_data["code"]):
            pending.confirmed = True
            pending.save(update_fields=["confirmed"])
            django_otp.login(request, pending)
            security.record(security.SecurityKind.OTP_ENABLE, request=request, user=user)
            messages.success(request, _("双因素认证已启用。请妥善保存以下恢复码。"))
            return _show_codes(request, new_recovery_codes(user))
        form.add_error("code", _("动态口令不正确，请确认手机时间准确后重试。"))
    context = {
        "form": form,
        "qr": mark_safe(_qr_svg(pending.config_url)),  # segno's own SVG, no user input in it
        "secret": pending.key and _base32(pending.bin_key),
        "required": required_for(user),
    }
    return render(request, "accounts/twofactor_setup.html", context)


def _base32(raw: bytes) -> str:
    import base64

    text = base64.b32encode(raw).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
@require_POST
def recovery_regenerate(request: HttpRequest) -> HttpResponse:
    if confirmed_totp(request.user) is None or not request.user.is_verified():
        return redirect("twofactor")
    security.record(security.SecurityKind.RECOVERY_CODES, request=request)
    return _show_codes(request, new_recovery_codes(request.user))


@login_required
@require_POST
def twofactor_disable(request: HttpRequest) -> HttpResponse:
    """Remove one's own factors (only where they are optional, and from a verified session)."""
    user = request.user
    if required_for(user):
        messages.error(request, _("您的角色必须使用双因素认证，不能停用。"))
        return redirect("twofactor")
    if not user.is_verified():
        return redirect("twofactor")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    security.record(security.SecurityKind.OTP_DISABLE, request=request)
    messages.success(request, _("双因素认证已停用。"))
    return redirect("twofactor")
