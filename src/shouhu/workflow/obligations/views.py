"""Pages: my inbox (to-dos overdue first, recent notifications), one obligation with its actions, the
jurisdiction's overdue list, my notifications and my notification preferences.

Views parse input, call one selector or service, and render; a refusal re-renders the page with the
reason (422), the same message the API gives, in the chosen language.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from shouhu.core.access import can
from shouhu.core.errors import NotFound, ServiceError
from shouhu.core.htmx import htmx_partial, render_page

from . import notify, selectors, services
from .models import OBLIGATION_FLOW, Notification, NotificationKind, PauseKind

PAGE = 25


@never_cache
@require_GET
def todo_badge(request: HttpRequest) -> HttpResponse:
    """The top bar's to-do count, fetched by htmx after the page loads: one COUNT query, here only."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)  # nothing to swap in (an expired session: no login page in the badge)
    return render(request, "obligations/_count.html", {})


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """我的待办: everything I owe now, overdue first; the latest notifications beside it."""
    page = Paginator(selectors.inbox(request.user), PAGE).get_page(request.GET.get("page"))
    notes = []
    if not htmx_partial(request):  # a page of to-dos swapped in place needs no notifications
        notes = list(Notification.objects.filter(user=request.user, read_at__isnull=True)[:10])
    for n in notes:
        n.text = notify.html(n)
    context = {"page": page, "notes": notes, "can_see_overdue": can(request.user, "obligations.overdue.view")}
    return render_page(request, "obligations/inbox.html", context, partial_template="obligations/_todos.html")


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    """辖区逾期事项: a regulator's list of what is overdue in the jurisdiction (derived when read)."""
    try:
        qs = selectors.overdue_list(request.user)
    except ServiceError as exc:
        return render(request, "obligations/overdue.html", {"error": exc.message}, status=exc.status)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(request, "obligations/overdue.html", {"page": page})


ACTIONS = {
    "complete": (services.obligation_complete, lambda p: {"note": p.get("note", "")}),
    "pause": (
        services.obligation_pause,
        lambda p: {"kind": p.get("kind", ""), "reason": p.get("reason", "")},
    ),
    "resume": (services.obligation_resume, lambda p: {}),
    "extend": (
        services.obligation_extend,
        lambda p: {"amount": p.get("amount", ""), "reason": p.get("reason", "")},
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        obligation = selectors.obligation_get(request.user, pk)
    except NotFound as exc:
        return render(request, "obligations/detail.html", {"error": exc.message}, status=404)
    status, error = 200, ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ACTIONS:
            fn, args = ACTIONS[action]
            try:
                fn(actor=request.user, obligation=obligation, **args(request.POST))
            except ServiceError as exc:
                status, error = exc.status, exc.message
            else:
                messages.success(request, _("已保存"))
                return redirect("obligations:detail", pk=pk)
    context: dict[str, Any] = {
        "o": obligation,
        "allowed": OBLIGATION_FLOW.allowed(obligation.status),
        "can_pause": can(request.user, "obligations.pause"),
        "can_extend": can(request.user, "obligations.extend"),
        "pause_kinds": PauseKind.choices,
        "error": error,
        "form": request.POST if status != 200 else {},
    }
    return render(request, "obligations/detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        notify.mark_read(user=request.user)
        return redirect("obligations:notifications")
    page = Paginator(Notification.objects.filter(user=request.user), PAGE).get_page(request.GET.get("page"))
    for n in page:
        n.text = notify.html(n)
    return render(request, "obligations/notifications.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """通知偏好: which kinds the user wants, in the inbox and by e-mail."""
    if request.method == "POST":
        choices = {
            kind: (f"{kind}:in_app" in request.POST, f"{kind}:email" in request.POST)
            for kind in NotificationKind.values
        }
        notify.preferences_set(user=request.user, choices=choices)
        messages.success(request, _("已保存"))
        return redirect("obligations:preferences")
    prefs = notify.preferences(request.user)
    rows = [(kind, label, prefs[kind]) for kind, label in NotificationKind.choices]
    context = {"rows": rows, "email_on": notify.email_configured(), "has_email": bool(request.user.email)}
    return render(request, "obligations/preferences.html", context)
