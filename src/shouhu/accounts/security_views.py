"""Pages for platform administrators: security events (with CSV export), lockouts and unlocking; and
every user's own password change.

The export is opened in Excel by the people who read it, so a cell that starts with `= + - @`, a tab or
a carriage return is prefixed with `'` by the platform's one rule (`core.exports`, OWASP "CSV injection"): a username like `=HYPERLINK(…)` typed
at the login form must arrive as text, not as a formula.
"""

from __future__ import annotations

import csv

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import signals as auth_signals
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

from shouhu.core import access, exports
from shouhu.core.errors import ServiceError

from . import security, selectors, services
from .login import MUST_CHANGE
from .models import SecurityEvent


def _require(request: HttpRequest, action: str) -> None:
    if not access.can(request.user, action):
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

    def events(self, actor):
        """The events these filters select (none when a filter is invalid: the page says which)."""
        if self.is_bound and not self.is_valid():
            return SecurityEvent.objects.none()
        data = self.cleaned_data if self.is_bound else {}
        return selectors.security_event_list(
            actor,
            kind=data.get("kind", ""),
            username=data.get("username", ""),
            ip=data.get("ip") or "",
            since=data.get("since"),
            until=data.get("until"),
        )


def _labels():
    return {k.value: k.label for k in security.SecurityKind}


@login_required
def security_events(request: HttpRequest) -> HttpResponse:
    _require(request, "accounts.security.view")
    form = EventFilterForm(request.GET or None)
    events = form.events(request.user)
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
    """Accounts and client addresses locked out now (or with failures counting), until when, with an
    unlock button each; and the second-factor reset."""
    _require(request, "accounts.security.view")
    locks = selectors.login_lock_list(request.user)
    tables = [
        (_("有失败登录的账号"), locks.accounts, "username", _("解锁账号"), "lockouts-accounts"),
        (_("有失败登录的来源地址"), locks.clients, "ip", _("解锁地址"), "lockouts-clients"),
    ]
    return render(request, "accounts/lockouts.html", {"locks": locks, "tables": tables})


@login_required
@require_POST
def lockout_unlock(request: HttpRequest) -> HttpResponse:
    _require(request, "accounts.security.manage")
    try:
        services.lockout_unlock(
            actor=request.user, username=request.POST.get("username", ""), ip=request.POST.get("ip", "")
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已解除锁定。"))
    return redirect("security-lockouts")


@login_required
@require_POST
def twofactor_reset(request: HttpRequest) -> HttpResponse:
    """A user lost their phone and their recovery codes: their devices go; they enrol again."""
    _require(request, "accounts.security.manage")
    try:
        services.twofactor_reset(actor=request.user, username=request.POST.get("username", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
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

    def form_invalid(self, form):
        """A wrong current password is a failed login for django-axes too: a stolen session must not
        become a free password-guessing oracle. At the limit the account locks and this session ends
        (AxesMiddleware answers with the lockout page)."""
        if "old_password" in form.errors:
            user = self.request.user
            auth_signals.user_login_failed.send(
                sender=__name__, credentials={"username": user.username}, request=self.request
            )
            if getattr(self.request, "axes_locked_out", False):
                logout(self.request)
        return super().form_invalid(form)

    def form_valid(self, form):
        form.save()
        update_session_auth_hash(self.request, form.user)
        self.request.session.pop(MUST_CHANGE, None)
        messages.success(self.request, _("密码已修改。"))
        return redirect(self.get_success_url())


password_change = login_required(PasswordChangeView.as_view())
