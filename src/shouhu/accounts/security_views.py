"""Pages for platform administrators: security events (with CSV export), lockouts and unlocking; and
every user's own password change.

The export is opened in Excel by the people who read it, so a cell that starts with `= + - @`, a tab or
a carriage return is prefixed with `'` by the platform's one rule (`core.exports`, OWASP "CSV injection"): a username like `=HYPERLINK(…)` typed
at the login form must arrive as text, not as a formula.
"""

from __future__ import annotations

import csv
from datetime import datetime, time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shouhu.core import exports
from shouhu.core.roles import Role

from . import security
from .login import MUST_CHANGE
from .models import SecurityEvent


def _require_platform_admin(request: HttpRequest) -> None:
    if getattr(request.user, "role", "") != Role.PLATFORM_ADMIN:
        raise PermissionDenied


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("事件"),
        required=False,
        choices=[("", gettext_lazy("全部")), *[(k.value, k.label) for k in security.SecurityKind]],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    username = forms.CharField(
        label=gettext_lazy("用户名"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    ip = forms.GenericIPAddressField(
        label=gettext_lazy("来源地址"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    since = forms.DateField(
        label=gettext_lazy("起始日期"),
        required=False,
        widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}),
    )
    until = forms.DateField(
        label=gettext_lazy("截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}),
    )

    def events(self):
        qs = SecurityEvent.objects.all()
        if not self.is_valid():
            return qs.none() if self.is_bound and self.errors else qs
        data = self.cleaned_data
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["username"]:
            qs = qs.filter(username=data["username"])
        if data["ip"]:
            qs = qs.filter(ip=data["ip"])
        tz = timezone.get_current_timezone()
        if data["since"]:
            qs = qs.filter(at__gte=datetime.combine(data["since"], time.min, tzinfo=tz))
        if data["until"]:
            qs = qs.filter(at__lte=datetime.combine(data["until"], time.max, tzinfo=tz))
        return qs


def _labels():
    return {k.value: k.label for k in security.SecurityKind}


@login_required
def security_events(request: HttpRequest) -> HttpResponse:
    _require_platform_admin(request)
    form = EventFilterForm(request.GET or None)
    events = form.events()
    if request.GET.get("format") == "csv":
        return _export(events)
    page = Paginator(events, settings.SHOUHU_PAGE_SIZE).get_page(request.GET.get("page"))
    labels = _labels()
    for event in page:
        event.label = labels.get(event.kind, event.kind)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "accounts/security_events.html", context)


class _Echo:
    def write(self, value):
        return value


def _export(events) -> StreamingHttpResponse:
    labels = _labels()
    writer = csv.writer(_Echo())
    header = [_("时间"), _("事件"), _("代码"), _("用户名"), _("来源地址"), _("路径"), _("浏览器"), _("详情")]

    def rows():
        yield "\ufeff"  # so Excel reads UTF-8
        yield writer.writerow(header)
        tz = timezone.get_current_timezone()
        limit = exports.max_rows()
        for n, e in enumerate(events[: limit + 1].iterator(chunk_size=2000)):
            if n == limit:  # said in the file, never cut silently
                yield writer.writerow(
                    [_("仅导出前 %(limit)s 条：请缩小时间范围后分批导出") % {"limit": limit}]
                )
                break
            detail = " ".join(f"{k}={v}" for k, v in (e.detail or {}).items())
            yield writer.writerow(
                exports.row(
                    (
                        e.at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S"),
                        labels.get(e.kind, e.kind),
                        e.kind,
                        e.username,
                        e.ip,
                        e.path,
                        e.user_agent,
                        detail,
                    )
                )
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="security-events.csv"'
    return response


@login_required
def lockouts(request: HttpRequest) -> HttpResponse:
    """Accounts and client addresses locked out now (or near it), with an unlock button each."""
    _require_platform_admin(request)
    from axes.helpers import get_failure_limit
    from axes.models import AccessAttempt

    limit = get_failure_limit(request, None)
    attempts = AccessAttempt.objects.order_by("-attempt_time")[:200]
    return render(request, "accounts/lockouts.html", {"attempts": attempts, "limit": limit})


@login_required
@require_POST
def lockout_unlock(request: HttpRequest) -> HttpResponse:
    _require_platform_admin(request)
    from axes.utils import reset

    username = request.POST.get("username", "").strip()
    ip = request.POST.get("ip", "").strip()
    if not username and not ip:
        return redirect("security-lockouts")
    count = reset(username=username or None, ip=ip or None)
    security.record(
        security.SecurityKind.UNLOCK, request=request, target_username=username, target_ip=ip, attempts=count
    )
    messages.success(request, _("已解除锁定。"))
    return redirect("security-lockouts")


@login_required
@require_POST
def twofactor_reset(request: HttpRequest) -> HttpResponse:
    """A user lost their phone and their recovery codes: remove their devices; they enrol again at the
    next login (where their role requires it, before anything else)."""
    _require_platform_admin(request)
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import User

    username = request.POST.get("username", "").strip()
    target = User.objects.filter(username=username).first()
    if target is None:
        messages.error(request, _("没有该用户。"))
        return redirect("security-lockouts")
    TOTPDevice.objects.filter(user=target).delete()
    StaticDevice.objects.filter(user=target).delete()
    security.record(security.SecurityKind.OTP_DISABLE, request=request, target_username=target.username)
    messages.success(request, _("已重置该用户的双因素认证，其下次登录时须重新绑定。"))
    return redirect("security-lockouts")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change with the policy's help text; clears a required change once done."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs.update({"class": "form-control"})
        form.fields["old_password"].label = _("当前密码")
        form.fields["new_password1"].label = _("新密码")
        form.fields["new_password2"].label = _("再次输入新密码")
        return form

    def form_valid(self, form):
        form.save()
        update_session_auth_hash(self.request, form.user)
        self.request.session.pop(MUST_CHANGE, None)
        messages.success(self.request, _("密码已修改。"))
        return redirect(self.get_success_url())


password_change = login_required(PasswordChangeView.as_view())
